"""omkg: Telegram channel posts → an organisation-mention knowledge graph."""

__version__ = "0.1.0"
