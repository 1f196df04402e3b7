"""`kg export --format neo4j-admin`: the CSV files imported with the test server's own neo4j-admin into a fresh
database, served by a second test server, read back — the same graph and the same counts as `kg load` gives."""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase

from ports import free_port
from kg.build import bundled_sample
from kg.cli import main
from kg.errors import KgError
from kg.graph import graph_of_build
from kg.neo4j import Neo4jSettings, read_graph
from kg.neo4j.admin_import import IMPORT_ARGS, SCHEMA, write_admin_import
from neo4j_fixtures import START_TIMEOUT_SECONDS, TEST_SERVER_SCRIPT
from test_neo4j_loader import counts_in_neo4j, without_none

# Texts that a CSV file and neo4j-admin's reader could disagree on.
AWKWARD_TEXTS = [
    'Sergey Lavrov said: "We met the ""delegation"" of the #CSTO", then left.',
    'A backslash before a quote \\" and one at the end \\',
    "Lines\nand more lines\r\nin Minsk, June 20, 2023; a semicolon, a comma , and\ta tab",
    "   leading and trailing spaces, Лавров в Москве   ",
    "",
]


@pytest.fixture(scope="module")
def awkward_build(tmp_path_factory) -> Path:
    """The bundled sample and a CSV of awkward texts, built together."""
    directory = tmp_path_factory.mktemp("awkward")
    posts = directory / "awkward.csv"
    with open(posts, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["message_id", "date", "text", "urls", "has_photo", "views"])
        for number, text in enumerate(AWKWARD_TEXTS, start=1):
            writer.writerow([number, "2024-06-20T08:04:57+00:00", text, "", "True", "10"])
    result = CliRunner().invoke(main, ["build", "--out", str(directory / "build"), "--no-store",
                                       str(bundled_sample()), str(posts)])
    assert result.exit_code == 0, result.output
    return directory / "build"


def second_server(state_dir: Path, port: int, *arguments: str) -> subprocess.CompletedProcess[str]:
    """scripts/neo4j-test-server for a server of its own in `state_dir` (small, beside the main test server)."""
    environment = {**os.environ, "NEO4J_TEST_STATE_DIR": str(state_dir), "NEO4J_TEST_PORT": str(port),
                   "NEO4J_TEST_HEAP": "512m", "NEO4J_TEST_PAGECACHE": "64m"}
    return subprocess.run([str(TEST_SERVER_SCRIPT), *arguments], env=environment, capture_output=True, text=True,
                          timeout=START_TIMEOUT_SECONDS, check=False)


def test_neo4j_admin_imports_the_graph_kg_load_loads(awkward_build, tmp_path, neo4j_server, neo4j_driver):
    csv_dir = tmp_path / "import"
    exported = CliRunner().invoke(main, ["export", str(awkward_build), "--format", "neo4j-admin",
                                         "--out", str(csv_dir)])
    assert exported.exit_code == 0, exported.output
    assert f"neo4j-admin database import full @{csv_dir.resolve() / IMPORT_ARGS} neo4j" in exported.output

    # kg load into the main test server, for its counts
    loaded = CliRunner().invoke(main, ["load", str(awkward_build), "--uri", neo4j_server.uri, "--user",
                                       neo4j_server.user, "--password", neo4j_server.password])
    assert loaded.exit_code == 0, loaded.output
    loaded_counts = counts_in_neo4j(neo4j_driver, neo4j_server.database)

    state_dir, port = tmp_path / "imported-server", free_port()
    imported = second_server(state_dir, port, "admin", "database", "import", "full", f"@{csv_dir / IMPORT_ARGS}",
                             f"--report-file={tmp_path / 'import.report'}", "neo4j")
    assert imported.returncode == 0, imported.stdout[-3000:] + imported.stderr[-3000:]
    try:
        started = second_server(state_dir, port, "start")
        assert started.returncode == 0, started.stderr
        settings = Neo4jSettings(started.stdout.split()[-1], "neo4j", neo4j_server.password, "neo4j")
        with GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as driver:
            assert counts_in_neo4j(driver, "neo4j") == loaded_counts
            assert without_none(read_graph(driver, settings)) == without_none(graph_of_build(awkward_build))
            # the constraints kg load makes hold on the imported data
            for statement in (csv_dir / SCHEMA).read_text(encoding="utf-8").split(";\n"):
                if statement.strip():
                    driver.execute_query(statement, database_="neo4j")
            texts = {record["text"] for record in driver.execute_query(
                "MATCH (p:Post) WHERE p.id STARTS WITH 'awkward' RETURN p.text AS text", database_="neo4j").records}
            assert texts == set(AWKWARD_TEXTS)
    finally:
        second_server(state_dir, port, "stop")


def export_admin(*arguments) -> object:
    return CliRunner().invoke(main, ["export", *map(str, arguments)])


def test_neo4j_admin_is_written_alone_into_a_directory(sample_build, tmp_path):
    for arguments, says in (((sample_build, "--format", "neo4j-admin,turtle", "--out", tmp_path / "x"), "alone"),
                            ((sample_build, "--format", "neo4j-admin"), "--out CSVDIR"),
                            ((sample_build, "--format", "neo4j-admin", "--out", "-"), "--out CSVDIR"),
                            (("--format", "neo4j-admin", "--out", tmp_path / "x"), "build directory"),
                            ((tmp_path / "nowhere", "--format", "neo4j-admin", "--out", tmp_path / "x"),
                             "no such build directory")):
        result = export_admin(*arguments)
        assert result.exit_code == 1 and says in result.output, (arguments, result.output)
        assert not (tmp_path / "x").exists()


def test_an_export_replaces_its_earlier_self_but_no_other_directory(sample_build, tmp_path):
    csv_dir = tmp_path / "import"
    assert export_admin(sample_build, "--format", "neo4j-admin", "--out", csv_dir).exit_code == 0
    first = {path.name: path.read_bytes() for path in csv_dir.iterdir()}
    (csv_dir / "stale.csv").write_text("from an older export")
    assert export_admin(sample_build, "--format", "neo4j-admin", "--out", csv_dir).exit_code == 0
    assert {path.name: path.read_bytes() for path in csv_dir.iterdir()} == first
    assert [path.name for path in tmp_path.iterdir()] == ["import"]  # no staging left beside it

    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep me")
    result = export_admin(sample_build, "--format", "neo4j-admin", "--out", other)
    assert result.exit_code == 1 and "not an earlier neo4j-admin export" in result.output
    assert [path.name for path in other.iterdir()] == ["mine.txt"]


def test_a_list_value_holding_the_list_separator_is_refused_not_split(sample_build, tmp_path):
    build_dir = tmp_path / "build"
    build_dir.mkdir()
    lines = (sample_build / "mentions.jsonl").read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace('"Russian Federation"', '"Russian\\u001fFederation"', 1)
    assert "\\u001f" in lines[0]
    (build_dir / "mentions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(KgError, match="U\\+001F"):
        write_admin_import(build_dir, tmp_path / "import")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["build"]
