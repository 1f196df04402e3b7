"""Stable, readable identifiers: the same input gives the same ids in every run and every sink."""

import hashlib
import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """ASCII slug of a name; names with no Latin letters get a short content hash so they stay stable."""
    if text.isascii():  # as most names are: decomposing changes nothing
        ascii_text = text.lower()
    else:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) >= 2:
        return slug[:80]
    return "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def post_id(channel: str | None, message_id: str | None, ordinal: int, source_name: str) -> str:
    """`<channel>/<message id>`, or `<channel>/n<ordinal>` where the source has no ids."""
    return post_id_in(post_id_prefix(channel, source_name), message_id, ordinal)


def post_id_prefix(channel: str | None, source_name: str) -> str:
    """What a post id starts with: the channel's slug, else the source file's (kg.sources asks once per channel)."""
    return slugify(channel) if channel else slugify(source_name)


def post_id_in(prefix: str, message_id: str | None, ordinal: int) -> str:
    """The id of a post under `prefix` (from `post_id_prefix`)."""
    return f"{prefix}/{message_id}" if message_id is not None else f"{prefix}/n{ordinal}"
