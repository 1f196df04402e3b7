"""Shared fixtures: the real Neo4j server (tests/neo4j_fixtures.py) for every test that asks for it, and one build
of the bundled sample for the tests that only read a build (or copy it before changing it), and a copy of the golden
build's records to write into."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

pytest_plugins = ["neo4j_fixtures"]
GOLDEN = Path(__file__).parent / "data" / "golden-build"


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """`kg build` of the bundled sample: read it, never write into it."""
    directory = tmp_path_factory.mktemp("sample") / "build"
    result = CliRunner().invoke(main, ["build", "--out", str(directory)])
    assert result.exit_code == 0, result.output
    return directory


@pytest.fixture()
def build_dir(tmp_path) -> Path:
    """A build directory of its own holding the golden build's records (tests/data/golden-build), to write into."""
    target = tmp_path / "build"
    target.mkdir()
    shutil.copyfile(GOLDEN / "mentions.jsonl", target / "mentions.jsonl")
    return target
