"""`kg load` and `kg build --neo4j` through the command line, against the real test server — and its clear errors."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from ports import free_port
from kg.build import build, bundled_sample
from kg.cli import main
from kg.graph import build_graph
from kg.neo4j import Neo4jSettings, read_graph
from kg.records import read_records
from neo4j_fixtures import wipe_database
from test_neo4j_loader import without_none

# Options win over NEO4J_* variables; tests unset these so that only what a test passes counts.
NO_NEO4J_ENVIRONMENT = {name: None for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")}


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample-build")
    build([], out, progress=False)
    return out


@pytest.fixture
def connection(neo4j_server, neo4j_driver):
    """Command-line options naming the emptied test database."""
    return ["--uri", neo4j_server.uri, "--user", neo4j_server.user, "--password", neo4j_server.password,
            "--database", neo4j_server.database]


def run(*args):
    return CliRunner(env=NO_NEO4J_ENVIRONMENT).invoke(main, [str(a) for a in args])


def count_nodes(driver, database):
    return driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=database).records[0]["n"]


def summary_numbers(output: str) -> tuple[int, ...]:
    match = re.search(r"nodes (\d+) created, (\d+) already there; relationships (\d+) created, (\d+) already there",
                      output)
    assert match, output
    return tuple(int(n) for n in match.groups())


def test_kg_load_loads_a_build_and_a_second_load_finds_everything_already_there(
        sample_build, connection, neo4j_driver, neo4j_server):
    first = run("load", sample_build, *connection)
    assert first.exit_code == 0, first.output
    nodes, existing_nodes, relationships, existing_relationships = summary_numbers(first.output)
    assert nodes > 200 and relationships > 700 and existing_nodes == existing_relationships == 0
    assert count_nodes(neo4j_driver, neo4j_server.database) == nodes

    # the posts are not sent again (the nodes they name are: an update may add aliases); --all sends everything
    second = run("load", sample_build, *connection)
    assert second.exit_code == 0, second.output
    posts = count_posts(neo4j_driver, neo4j_server.database)
    assert summary_numbers(second.output) == (0, nodes - posts, 0, 0)
    assert f"{posts} posts not sent" in second.output
    everything = run("load", sample_build, "--all", *connection)
    assert summary_numbers(everything.output) == (0, nodes, 0, relationships)


def count_posts(driver, database):
    return driver.execute_query("MATCH (p:Post) RETURN count(p) AS n", database_=database).records[0]["n"]


def test_after_an_update_kg_load_sends_the_new_posts_and_reaches_the_full_graph(tmp_path, connection, neo4j_driver,
                                                                                   neo4j_server):
    export = json.loads(bundled_sample().read_text(encoding="utf-8"))
    first_half = {**export, "messages": export["messages"][:len(export["messages"]) // 2]}  # new posts come last
    source = tmp_path / "result.json"
    source.write_text(json.dumps(first_half, ensure_ascii=False), encoding="utf-8")
    directory = tmp_path / "build"
    assert run("build", source, "--out", directory, "--no-progress").exit_code == 0
    assert run("load", directory, *connection).exit_code == 0
    half_posts = count_posts(neo4j_driver, neo4j_server.database)

    source.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    assert run("build", source, "--out", directory, "--no-progress", "--update").exit_code == 0
    second = run("load", directory, *connection)
    assert second.exit_code == 0, second.output
    assert f"{half_posts} posts not sent" in second.output
    records = list(read_records(directory / "mentions.jsonl"))
    settings = Neo4jSettings(neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database)
    assert without_none(read_graph(neo4j_driver, settings)) == without_none(build_graph(records))

    wipe_database(neo4j_driver, neo4j_server.database)  # emptied since: the ledger is not believed
    third = run("load", directory, *connection)
    assert "posts not sent" not in third.output
    assert without_none(read_graph(neo4j_driver, settings)) == without_none(build_graph(records))


def test_kg_load_reads_the_connection_from_neo4j_variables(sample_build, neo4j_server, neo4j_driver):
    environment = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user,
                   "NEO4J_PASSWORD": neo4j_server.password, "NEO4J_DATABASE": neo4j_server.database}
    result = CliRunner(env=environment).invoke(main, ["load", str(sample_build)])
    assert result.exit_code == 0, result.output
    assert count_nodes(neo4j_driver, neo4j_server.database) == summary_numbers(result.output)[0]


def test_kg_build_with_neo4j_builds_then_loads(tmp_path, connection, neo4j_driver, neo4j_server):
    result = run("build", "--out", tmp_path / "build", "--neo4j", *connection)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "build" / "mentions.jsonl").exists()
    nodes = summary_numbers(result.output)[0]
    assert nodes > 200 and count_nodes(neo4j_driver, neo4j_server.database) == nodes


def test_kg_build_with_neo4j_and_a_wrong_password_fails_before_building(tmp_path, neo4j_server):
    result = run("build", "--out", tmp_path / "build", "--neo4j", "--uri", neo4j_server.uri,
                 "--password", neo4j_server.password + "-wrong")
    assert result.exit_code == 1
    assert "wrong user name or password" in result.output
    assert not (tmp_path / "build").exists()


def assert_one_clear_line(result, *phrases):
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), result.output
    for phrase in phrases:
        assert phrase in lines[0], lines[0]
    assert "Traceback" not in result.output


def test_wrong_password_says_so_and_how_to_fix_it(sample_build, neo4j_server, neo4j_driver):
    result = run("load", sample_build, "--uri", neo4j_server.uri, "--password", "not-the-password")
    assert_one_clear_line(result, neo4j_server.uri, "wrong user name or password", "NEO4J_PASSWORD")
    assert count_nodes(neo4j_driver, neo4j_server.database) == 0


def test_a_closed_port_says_the_server_cannot_be_reached(sample_build):
    uri = f"bolt://127.0.0.1:{free_port()}"
    result = run("load", sample_build, "--uri", uri, "--password", "whatever")
    assert_one_clear_line(result, f"cannot reach Neo4j at {uri}", "start the server", "NEO4J_URI")


def test_an_unknown_database_is_named_with_the_fix(sample_build, neo4j_server, neo4j_driver):
    result = run("load", sample_build, "--uri", neo4j_server.uri, "--password", neo4j_server.password,
                 "--database", "nosuchdatabase")
    assert_one_clear_line(result, "no database 'nosuchdatabase'", "NEO4J_DATABASE")
    assert count_nodes(neo4j_driver, neo4j_server.database) == 0


def test_a_missing_password_and_a_uri_that_is_not_bolt_are_named(sample_build, neo4j_server):
    assert_one_clear_line(run("load", sample_build, "--uri", neo4j_server.uri),
                          "no Neo4j password given", "NEO4J_PASSWORD")
    assert_one_clear_line(run("load", sample_build, "--uri", "http://127.0.0.1:7474", "--password", "x"),
                          "not a Neo4j Bolt URI", "bolt://")


def test_cypher_errors_are_one_clear_line_too(neo4j_server):
    result = run("cypher", "RETURN 1 AS one", "--uri", neo4j_server.uri, "--password", "not-the-password")
    assert_one_clear_line(result, "wrong user name or password")


def test_a_directory_without_a_build_is_named(tmp_path, connection):
    assert_one_clear_line(run("load", tmp_path, *connection), "mentions.jsonl", "kg build")
