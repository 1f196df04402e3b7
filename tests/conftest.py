"""Shared fixtures: the real Neo4j server (tests/neo4j_fixtures.py) for every test that asks for it, and one build
of the bundled sample for the tests that only read a build (or copy it before changing it)."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

pytest_plugins = ["neo4j_fixtures"]


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """`kg build` of the bundled sample: read it, never write into it."""
    directory = tmp_path_factory.mktemp("sample") / "build"
    result = CliRunner().invoke(main, ["build", "--out", str(directory)])
    assert result.exit_code == 0, result.output
    return directory
