"""The query store a build keeps (DIR/store): it holds the statements of graph.trig; `kg sparql --data DIR` answers
from it as from the export; `kg serve DIR` serves it over the SPARQL 1.1 Protocol — asked here with an HTTP SPARQL
client (rdflib's SPARQLStore), not our code."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time

import pyoxigraph as ox
from click.testing import CliRunner
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from ports import free_port
from kg.cli import main
from kg.queries import shipped

KG = [sys.executable, "-c", "from kg.cli import main; main(prog_name='kg')"]
PARAMETERS = {"organisation": "org/sco", "place": "place/minsk", "from": "2024-01-01", "to": "2024-12-31",
              "person": "person/sergey-lavrov", "entity": "org/csto", "other": "person/maxim-ryzhenkov",
              "event": "event/embassy-digest-omkg-sample/15/1"}


def sparql_json(*args: str) -> list[dict]:
    result = CliRunner().invoke(main, ["sparql", *args, "--output", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_build_keeps_a_store_of_the_statements_of_graph_trig(sample_build):
    in_store = {str(quad) for quad in ox.Store.read_only(str(sample_build / "store"))}
    parsed = ox.Store()  # a store writes typed literals in their canonical form ("1.0" as "1"): compare store to store
    parsed.bulk_load(path=str(sample_build / "graph.trig"), format=ox.RdfFormat.TRIG)
    in_file = {str(quad) for quad in parsed}
    assert in_store == in_file and len(in_file) > 9000


def test_sparql_on_the_build_directory_answers_from_the_store_as_from_the_export(sample_build, tmp_path):
    only_store = tmp_path / "only-store"  # no graph.trig, no mentions.jsonl: the answers can only come from the store
    only_store.mkdir()
    shutil.copytree(sample_build / "store", only_store / "store")
    for name, path in shipped("sparql").items():
        text = path.read_text(encoding="utf-8")
        params = [f"--param={p}={v}" for p, v in PARAMETERS.items() if f"?param_{p}" in text]
        from_export = sparql_json(name, "--data", str(sample_build / "graph.trig"), *params)
        assert sparql_json(name, "--data", str(sample_build), *params) == from_export, name
        assert sparql_json(name, "--data", str(only_store), *params) == from_export, name
    assert sparql_json("officials-by-events", "--data", str(sample_build)), "no rows: the comparison proves nothing"


def test_serve_answers_the_sparql_protocol_as_kg_sparql_does(sample_build):
    port = free_port()
    server = subprocess.Popen([*KG, "serve", str(sample_build), "--port", str(port)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.communicate()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        client = Graph(store=SPARQLStore(f"http://127.0.0.1:{port}/query", returnFormat="json"))
        query = shipped("sparql")["officials-by-events"].read_text(encoding="utf-8")
        served = [[str(value) for value in row] for row in client.query(query)]
        expected = [[str(value) for value in row.values()] for row in sparql_json("officials-by-events", "--data",
                                                                                   str(sample_build))]
        assert served == expected and served
        total = client.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert int(next(iter(total))[0]) > 9000  # the union of the graphs is the default graph, as with kg sparql
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_without_a_store_is_one_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["serve", str(tmp_path)])
    assert result.exit_code == 1
    assert "no query store (store/) to serve" in result.output


def test_a_build_without_the_store_is_queried_from_its_export(tmp_path, sample_build):
    """Built with --no-store into the directory of a build with one: the old store goes, it is not queried."""
    shutil.copytree(sample_build, tmp_path / "b")
    result = CliRunner().invoke(main, ["build", "--no-store", "--extractors", "gazetteer", "--out",
                                       str(tmp_path / "b")])  # another graph: fewer statements
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "b" / "store").exists() and str(tmp_path / "b" / "store") not in result.output
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    statements = sparql_json(count, "--data", str(tmp_path / "b"))
    assert statements == sparql_json(count, "--data", str(tmp_path / "b" / "graph.trig"))
    assert statements != sparql_json(count, "--data", str(sample_build))
