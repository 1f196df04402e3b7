"""`kg export --from-neo4j`: the graph read back from a real Neo4j exports to the same dataset as the build."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Dataset

from kg.cli import main
from kg.graph import graph_of_build
from kg.neo4j import Neo4jSettings, load_graph
from kg.rdf import isomorphic_datasets

GOLDEN = Path(__file__).parent / "data" / "golden-build"


def test_export_from_neo4j_is_isomorphic_to_the_build(neo4j_server, neo4j_driver, tmp_path):
    settings = Neo4jSettings(neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database)
    load_graph(neo4j_driver, settings, graph_of_build(GOLDEN))
    result = CliRunner().invoke(main, [
        "export", "--from-neo4j", "-f", "nquads", "--out", str(tmp_path),
        "--uri", neo4j_server.uri, "--user", neo4j_server.user, "--password", neo4j_server.password,
        "--database", neo4j_server.database])
    assert result.exit_code == 0, result.output
    from_neo4j, golden = Dataset(), Dataset()
    from_neo4j.parse(tmp_path / "graph.nq", format="nquads")
    golden.parse(GOLDEN / "graph.trig", format="trig")
    assert isomorphic_datasets(from_neo4j, golden)


def test_export_needs_a_directory_or_neo4j():
    result = CliRunner().invoke(main, ["export"])
    assert result.exit_code == 1
    assert result.output.strip() == "kg: error: give the build directory DIR to export, or --from-neo4j"
