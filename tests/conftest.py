"""Shared fixtures: the real Neo4j server (tests/neo4j_fixtures.py) for every test that asks for it."""

pytest_plugins = ["neo4j_fixtures"]
