"""`kg validate`: exports conform to ontology/shapes.ttl; a broken export fails with a readable, grouped report."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pyshacl import validate as shacl_validate
from rdflib import RDF, XSD, Dataset, Graph, Literal, Namespace, URIRef

from kg.build import build
from kg.cli import main
from kg.rdf import DEFAULT_BASE
from kg.validate import validate_export
from corpus import SEED, need

GOLDEN = Path(__file__).parent / "data" / "golden-build"
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")


def test_the_golden_build_conforms():
    result = CliRunner().invoke(main, ["validate", str(GOLDEN)])
    assert result.exit_code == 0, result.output
    assert "conforms:" in result.output and " 0 violations" in result.output


def test_the_seed_export_conforms(tmp_path):
    build([need(SEED)], tmp_path, progress=False)
    report = validate_export(tmp_path)
    assert report.conforms, [r for r in report.violations]
    assert report.triples > 1000


def test_records_without_rdf_are_exported_and_checked(tmp_path):
    (tmp_path / "mentions.jsonl").write_bytes((GOLDEN / "mentions.jsonl").read_bytes())
    assert validate_export(tmp_path).conforms


def test_dates_without_a_year_conform_even_after_rdfs_inference_ran(tmp_path):
    """owlrl, which pyshacl runs for RDFS inference, swaps in a gMonthDay check that rejects "--06-20"."""
    shacl_validate(Graph(), shacl_graph=Graph(), inference="rdfs")
    dataset = Dataset()
    dataset.parse(GOLDEN / "graph.trig", format="trig")
    event, _, date, graph = next(dataset.quads((None, SCHEMA.startDate, None, None)))
    dataset.graph(graph).remove((event, SCHEMA.startDate, date))
    dataset.graph(graph).add((event, SCHEMA.startDate, Literal("--06-20", datatype=XSD.gMonthDay)))
    path = tmp_path / "yearless.trig"
    dataset.serialize(path, format="trig")
    assert validate_export(path).conforms


@pytest.fixture()
def broken_export(tmp_path) -> tuple[Path, URIRef]:
    """The golden export with one event broken: its date an untyped string, an organisation among its actors."""
    dataset = Dataset()
    dataset.parse(GOLDEN / "graph.trig", format="trig")
    # an event's date is in the default graph (it is described once); who took part is a post's claim
    event, _, _, graph = next(dataset.quads((None, SEM.hasActor, None, None)))
    default = dataset.default_graph
    date = default.value(event, SCHEMA.startDate)
    default.remove((event, SCHEMA.startDate, date))
    default.add((event, SCHEMA.startDate, Literal(str(date))))
    organisation = next(dataset.subjects(RDF.type, URIRef("http://www.w3.org/ns/org#Organization")))
    dataset.graph(graph).add((event, SEM.hasActor, organisation))
    path = tmp_path / "broken.trig"
    dataset.serialize(path, format="trig")
    return path, event


def test_a_broken_event_fails_with_a_readable_report(broken_export):
    path, event = broken_export
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    event_id = str(event)[len(DEFAULT_BASE):]
    lines = result.output.splitlines()
    date_problem = next(i for i, line in enumerate(lines) if line.startswith("violation × 1 [schema:startDate]"))
    assert "xsd:date" in lines[date_problem] and event_id in lines[date_problem + 1]
    actor_problem = next(i for i, line in enumerate(lines) if line.startswith("violation × 1 [sem:hasActor]"))
    assert "must be a Person" in lines[actor_problem] and event_id in lines[actor_problem + 1]
    assert "(value org/" in lines[actor_problem + 1]
    assert lines[-1].startswith("does not conform:") and "2 violations" in lines[-1]
    assert "Traceback" not in result.output


def test_many_results_of_one_kind_are_grouped_and_counted(tmp_path):
    dataset = Dataset()
    dataset.parse(GOLDEN / "graph.trig", format="trig")
    mention_class = URIRef("https://w3id.org/omkg/ontology#Mention")
    mentions = {s for s, _, _, _ in dataset.quads((None, RDF.type, mention_class, None))}
    extractor = URIRef("https://w3id.org/omkg/ontology#extractor")
    for graph in list(dataset.graphs()):
        for mention in mentions:
            graph.remove((mention, extractor, None))
    path = tmp_path / "no-extractors.nq"
    dataset.serialize(path, format="nquads")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"violation × {len(mentions)} [omkg:extractor]: Needs exactly one omkg:extractor" in result.output
    assert "… " in result.output and "more" in result.output  # the focus list is cut short


@pytest.mark.parametrize("name, content, message", [
    ("bad.ttl", "<a> <b> .\n", "bad.ttl: not valid turtle"),
    ("bad.trig", "@prefix x: <http://x/> . x:a x:b {", "bad.trig: not valid trig"),
    ("graph.xyz", "", "cannot tell the RDF format from the extension"),
])
def test_unreadable_rdf_is_one_clear_line(tmp_path, name, content, message):
    (tmp_path / name).write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / name)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: ") and message in lines[0]


def test_missing_path_and_non_build_directory(tmp_path):
    for target, message in ((tmp_path / "nothing", "no such file or directory"),
                            (tmp_path, "not a build directory")):
        result = CliRunner().invoke(main, ["validate", str(target)])
        assert result.exit_code == 1
        assert result.output.startswith("kg: error: ") and message in result.output
