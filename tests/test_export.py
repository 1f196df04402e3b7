"""RDF files: every format parses back to the graph in memory; `kg build` writes Turtle and TriG; `kg export`.

Round trips are checked by graph isomorphism (rdflib.compare) against the dataset made in memory from the golden
build's records: TriG, N-Quads and JSON-LD keep the named graphs, Turtle and N-Triples the flattened union.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.cli import main
from kg.export import FORMATS, export
from kg.graph import graph_of_build
from kg.rdf import DEFAULT_BASE, isomorphic_datasets, to_dataset

GOLDEN = Path(__file__).parent / "data" / "golden-build"
CONTEXT = Path(__file__).resolve().parents[1] / "ontology" / "context.jsonld"
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def graph():
    return graph_of_build(GOLDEN)


@pytest.fixture(scope="module")
def in_memory(graph) -> Dataset:
    return to_dataset(graph)


@pytest.fixture(scope="module")
def exported(graph, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("export")
    written = export(graph, FORMATS.values(), out)
    return {name: Path(path) for name, (path, _) in written.items()}


def flattened(dataset: Dataset) -> Graph:
    flat = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        flat.add((s, p, o))
    return flat


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_dataset_formats_parse_back_isomorphic(fmt, exported, in_memory):
    again = Dataset()
    again.parse(exported[fmt], format=RDFLIB_FORMATS[fmt])
    named = {g.identifier for g in again.graphs() if len(g)}
    assert URIRef(DEFAULT_BASE + "post/embassy-digest-omkg-sample/4/assertions") in named
    assert isomorphic_datasets(again, in_memory)


@pytest.mark.parametrize("fmt", ["turtle", "ntriples"])
def test_graph_formats_parse_back_as_the_flattened_dataset(fmt, exported, in_memory):
    again = Graph().parse(exported[fmt], format=RDFLIB_FORMATS[fmt])
    assert isomorphic(again, flattened(in_memory))


def test_json_ld_is_compacted_with_the_published_context(exported):
    document = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert document["@context"] == json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    text = exported["jsonld"].read_text(encoding="utf-8")
    assert '"mentions"' in text and '"prefLabel"' in text and '"https://schema.org/mentions"' not in text


def test_counts_are_statements_written(graph, exported, in_memory):
    assert sum(1 for _ in Graph().parse(exported["ntriples"], format="nt")) == len(flattened(in_memory))
    lines = [line for line in exported["nquads"].read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) == len(set(lines)) == sum(1 for _ in in_memory.quads((None, None, None, None)))


def test_build_writes_turtle_and_trig(tmp_path):
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path), "--no-progress"])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "build.json").read_text(encoding="utf-8"))
    assert str(tmp_path / "graph.trig") in summary["outputs"]
    trig = Dataset()
    trig.parse(tmp_path / "graph.trig", format="trig")
    assert isomorphic(Graph().parse(tmp_path / "graph.ttl"), flattened(trig))
    assert len(flattened(trig)) == summary["triples"]


# ---- kg export ----------------------------------------------------------------------------------------------------

def test_export_several_formats_into_the_build_directory(build_dir):
    result = CliRunner().invoke(main, ["export", str(build_dir), "--format", "nquads,jsonld", "-f", "nt"])
    assert result.exit_code == 0, result.output
    for name in ("graph.nq", "graph.jsonld", "graph.nt"):
        assert (build_dir / name).stat().st_size > 0
        assert f"wrote {build_dir / name}" in result.output


def test_export_one_format_to_a_file_with_another_base(build_dir, tmp_path):
    out = tmp_path / "elsewhere" / "kg.ttl"
    result = CliRunner().invoke(main, ["export", str(build_dir), "-f", "turtle", "--out", str(out),
                                       "--base", "http://example.org/data/"])
    assert result.exit_code == 0, result.output
    subjects = {str(s) for s in Graph().parse(out).subjects()}
    assert "http://example.org/data/org/csto" in subjects
    assert not any(s.startswith(DEFAULT_BASE) for s in subjects)


def test_export_format_follows_the_out_extension(build_dir, tmp_path):
    result = CliRunner().invoke(main, ["export", str(build_dir), "--out", str(tmp_path / "kg.nq")])
    assert result.exit_code == 0, result.output
    assert "quads" in result.output
    again = Dataset()
    again.parse(tmp_path / "kg.nq", format="nquads")
    assert len(list(again.graphs())) > 30


def test_export_to_standard_output(build_dir):
    result = CliRunner().invoke(main, ["export", str(build_dir), "-f", "nt", "--out", "-"])
    assert result.exit_code == 0, result.output
    assert len(Graph().parse(data=result.output, format="nt")) > 1000


@pytest.mark.parametrize("args, message", [
    (["export", "no/such/build"], "no/such/build: no such build directory"),
    (["export", "{dir}", "-f", "rdfxml"], "unknown format 'rdfxml'; choose from turtle"),
    (["export", "{dir}", "-f", "ttl,nt", "--out", "-"], "takes one file only, not 2"),
    (["export", "{dir}", "-f", "ttl,trig", "--out", "{dir}/kg.ttl"],
     "names a file; 2 files (graph.ttl, graph.trig) need a directory"),
    (["export", "{dir}", "--out", "{dir}/kg.rdf"], "cannot tell the RDF format from the extension"),
])
def test_export_errors_are_one_clear_line(build_dir, args, message):
    result = CliRunner().invoke(main, [a.replace("{dir}", str(build_dir)) for a in args])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: ") and message in lines[0]


def test_export_of_a_damaged_build_names_the_line(build_dir):
    records = build_dir / "mentions.jsonl"
    damaged_line = len(records.read_text(encoding="utf-8").splitlines()) + 1
    with open(records, "a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    result = CliRunner().invoke(main, ["export", str(build_dir)])
    assert result.exit_code == 1
    assert f"mentions.jsonl: line {damaged_line} is not a post record" in result.output
    assert "Traceback" not in result.output
