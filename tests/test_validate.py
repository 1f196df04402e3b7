"""`kg validate`: exports conform to ontology/shapes.ttl; a broken export fails with a readable, grouped report."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pytest
import rdflib.term
from click.testing import CliRunner
from pyshacl import validate as shacl_validate
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH

import kg.validate
from kg.build import build
from kg.cli import main
from kg.rdf import DEFAULT_BASE, ontology_file
from kg.errors import KgError
from kg.store import STORE, write_store
from kg.validate import Part, Result, Shortener, validate_export
from corpus import SEED, need

GOLDEN = Path(__file__).parent / "data" / "golden-build"
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")


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


@pytest.fixture()
def rdflib_conversions_restored():
    """rdflib's literal conversions as they were before the test: owlrl changes them for the whole process, and
    pySHACL, which the tests take as the reference, would then reject "--06-20" in every test after."""
    conversions = dict(rdflib.term._toPythonMapping)
    yield
    rdflib.term._toPythonMapping.clear()
    rdflib.term._toPythonMapping.update(conversions)


def test_dates_without_a_year_conform_even_after_rdfs_inference_ran(tmp_path, rdflib_conversions_restored):
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
    for target, message in ((tmp_path / "nothing", "no such file or build directory"),
                            (tmp_path, "not a build directory")):
        result = CliRunner().invoke(main, ["validate", str(target)])
        assert result.exit_code == 1
        assert result.output.startswith("kg: error: ") and message in result.output


OMKG = Namespace("https://w3id.org/omkg/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")


@lru_cache
def whole_graph_findings(path: Path) -> list[Result]:
    """One pySHACL run over the union of the whole dataset, as ontology/README.md says: the reference. (pySHACL puts
    a literal into a message as its bare text, shacl-rust in quotes: messages are compared without quote marks.)"""
    dataset = Dataset()
    dataset.parse(path, format="trig")
    data = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        data.add((s, p, o))
    _, report, _ = shacl_validate(data, shacl_graph=Graph().parse(ontology_file("shapes.ttl")),
                                  ont_graph=Graph().parse(ontology_file("omkg.ttl")), inference="none",
                                  allow_warnings=True)
    return sorted(_unquoted(result) for result in _pyshacl_results(report, Shortener(DEFAULT_BASE)))


def _pyshacl_results(report: Graph, short: Shortener) -> list[Result]:
    def path(node) -> str:
        if isinstance(node, BNode) and report.value(node, SH.inversePath) is not None:
            return "^" + short(report.value(node, SH.inversePath))
        return short(node) if node is not None else ""

    return [Result(severity=str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
                   focus=short(report.value(r, SH.focusNode)), path=path(report.value(r, SH.resultPath)),
                   message=str(report.value(r, SH.resultMessage)), value=short(report.value(r, SH.value)))
            for r in report.subjects(SH.resultSeverity, None)]


def _unquoted(result: Result) -> Result:
    return replace(result, message=result.message.replace('"', ""))


def findings(report) -> list[Result]:
    return sorted(map(_unquoted, report.results))


@pytest.fixture(scope="module")
def broken_in_many_places(tmp_path_factory) -> Path:
    """The golden export with faults whose checks reach across posts, graphs and parts: a date of the wrong type, an
    organisation as an actor, a mention whose surface is not its post's text, an assertion whose evidence is another
    post's mention, an event given a second place by another post, a post that stops reporting its event, an entity
    listed as mentioned without a Mention, a mention another post lists too, a post said in another post's graph to
    mention what it has no Mention of, a mention given a second surface in another post's graph."""
    dataset = Dataset()
    dataset.parse(GOLDEN / "graph.trig", format="trig")
    default = dataset.default_graph
    event, _, _, graph = next(dataset.quads((None, SEM.hasActor, None, None)))
    date = default.value(event, SCHEMA.startDate)
    default.remove((event, SCHEMA.startDate, date))
    default.add((event, SCHEMA.startDate, Literal(str(date))))
    dataset.graph(graph).add((event, SEM.hasActor, next(dataset.subjects(RDF.type, ORG.Organization))))
    mention, _, surface, mention_graph = next(dataset.quads((None, OMKG.surface, None, None)))
    dataset.graph(mention_graph).set((mention, OMKG.surface, Literal(str(surface) + "!")))
    graphs = sorted({g for _, _, _, g in dataset.quads((None, RDF.type, OMKG.Assertion, None))})
    assertion = next(dataset.graph(graphs[0]).subjects(RDF.type, OMKG.Assertion))
    elsewhere = next(dataset.graph(graphs[-1]).subjects(RDF.type, OMKG.Mention))
    dataset.graph(graphs[0]).add((assertion, OMKG.evidence, elsewhere))
    placed, _, place, _ = next(dataset.quads((None, SCHEMA.location, None, None)))
    other_place = next(p for p in dataset.subjects(RDF.type, SCHEMA.City) if p != place)
    dataset.graph(graphs[-1]).add((placed, SCHEMA.location, other_place))
    post, _, reported, report_graph = next(dataset.quads((None, OMKG.reports, None, None)))
    dataset.graph(report_graph).remove((post, OMKG.reports, reported))
    dataset.graph(graphs[1]).add((next(dataset.graph(graphs[1]).subjects(OMKG.hasMention, None)), SCHEMA.mentions,
                                  next(dataset.subjects(RDF.type, ORG.Organization))))
    # a post said, in another post's graph, to mention what no Mention of its refers to
    dataset.graph(graphs[-3]).add((next(dataset.graph(graphs[2]).subjects(OMKG.hasMention, None)), SCHEMA.mentions,
                                   next(dataset.subjects(RDF.type, FOAF.Person))))
    claimed = next(dataset.graph(graphs[0]).subjects(RDF.type, OMKG.Mention))  # listed by another post too
    dataset.graph(graphs[-2]).add((next(dataset.graph(graphs[-2]).subjects(OMKG.hasMention, None)), OMKG.hasMention,
                                   claimed))
    split = next(dataset.graph(graphs[1]).subjects(RDF.type, OMKG.Mention))
    dataset.graph(graphs[-4]).add((split, OMKG.surface, Literal("said twice")))
    path = tmp_path_factory.mktemp("broken") / "broken.trig"
    dataset.serialize(path, format="trig")
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_parts_find_what_one_run_over_the_whole_graph_finds(broken_in_many_places, monkeypatch, jobs):
    monkeypatch.setattr(kg.validate, "POSTS_PER_PART", 3)  # many small parts: faults and what they involve apart
    monkeypatch.setattr(kg.validate, "SHARED_PER_PART", 7)
    report = validate_export(broken_in_many_places, jobs=jobs)
    assert findings(report) == whole_graph_findings(broken_in_many_places)
    messages = {r.message for r in report.results if r.severity == "Violation"}
    assert len(messages) >= 7, messages  # each fault found
    assert "A mention's post must list it with omkg:hasMention, and no other post may" in messages
    assert any('surface "🇷🇺!"' in message for message in messages)  # a literal in a message, quoted
    assert any('surface "said twice"' in message for message in messages)  # a node split between parts


def _one_statement_in_another_post_s_graph(kind: str) -> tuple[tuple, URIRef]:
    """A statement about one post's node, written in another post's graph: the post said to mention a person, a
    mention listed by the other post too, a mention given a second surface."""
    dataset = Dataset()
    dataset.parse(GOLDEN / "graph.trig", format="trig")
    graphs = sorted({g for _, _, _, g in dataset.quads((None, OMKG.hasMention, None, None))})
    home, other = dataset.graph(graphs[0]), graphs[-1]
    post, mention = next(home.subject_objects(OMKG.hasMention))
    return {"post": (post, SCHEMA.mentions, next(dataset.subjects(RDF.type, FOAF.Person))),
            "pointer": (next(dataset.graph(other).subjects(OMKG.hasMention, None)), OMKG.hasMention, mention),
            "split": (mention, OMKG.surface, Literal("said twice"))}[kind], other


@pytest.mark.parametrize("kind", ["post", "pointer", "split"])
def test_a_node_s_statement_in_another_part_s_graph_is_found(kind, tmp_path, monkeypatch):
    """Each post its own part: the part that wrote the statement reports the node, and the node's part is checked
    again with it, as one run over the whole graph sees it."""
    monkeypatch.setattr(kg.validate, "POSTS_PER_PART", 1)
    statement, graph = _one_statement_in_another_post_s_graph(kind)
    dataset = Dataset()
    dataset.parse(GOLDEN / "graph.trig", format="trig")
    dataset.graph(graph).add(statement)
    path = tmp_path / f"{kind}.trig"
    dataset.serialize(path, format="trig")
    report = validate_export(path)
    assert report.violations
    assert findings(report) == whole_graph_findings(path)


def test_offsets_that_are_not_numbers_are_reported_as_such_and_not_as_a_wrong_surface(tmp_path):
    """The surface check has no isNumeric() guard: text offsets fail its arithmetic and select nothing."""
    dataset = Dataset()
    dataset.parse(GOLDEN / "graph.trig", format="trig")
    mention, _, _, graph = next(dataset.quads((None, OMKG.start, None, None)))
    dataset.graph(graph).set((mention, OMKG.start, Literal("0")))
    dataset.graph(graph).set((mention, OMKG.end, Literal("5")))  # after "0" as text too
    path = tmp_path / "text-offsets.trig"
    dataset.serialize(path, format="trig")
    report = validate_export(path)
    assert {r.path for r in report.violations} == {"omkg:start", "omkg:end"}
    # pySHACL reports such an offset twice, by sh:datatype and by sh:minInclusive (a text cannot be compared with 0),
    # under the one message; shacl-rust by sh:datatype alone
    assert set(findings(report)) == set(whole_graph_findings(path))


def test_parts_whose_nodes_other_parts_touch_are_checked_again_each_node_by_one_part():
    split, touched, only_a, elsewhere = (bytes([n]) * 8 for n in range(4))
    checked = [(Part(posts=("<a>",)), kg.validate._Checked([], alone=split + only_a, touched=touched)),
               (Part(posts=("<b>",)), kg.validate._Checked([], alone=touched, touched=elsewhere)),
               (Part(posts=("<c>",)), kg.validate._Checked([], alone=split)),
               (Part(shared=("<d>",)), kg.validate._Checked([]))]
    assert kg.validate._to_check_again(checked) == {
        0: Part(posts=("<a>",), thorough=True),
        1: Part(posts=("<b>",), thorough=True),
        2: Part(posts=("<c>",), thorough=True, disowned=frozenset({split}))}
    assert kg.validate._to_check_again(checked[1:2] + checked[3:]) == {}  # what b touches is no part's


def _as_build(sample_build: Path, trig: Path, directory: Path) -> Path:
    """A build directory (the sample's summary) whose graph.trig and store hold the statements of `trig`."""
    directory.mkdir()
    (directory / "build.json").write_bytes((sample_build / "build.json").read_bytes())
    (directory / "graph.trig").write_bytes(trig.read_bytes())
    write_store(trig, directory / STORE)
    return directory


def _graphs_read_from_store(monkeypatch) -> list[str]:
    """The named graphs a check in this process reads from the store (rather than from the export)."""
    read, original = [], kg.validate._graph
    monkeypatch.setattr(kg.validate, "_graph", lambda store, graph: read.append(graph) or original(store, graph))
    return read


def test_a_build_s_posts_read_from_its_export_as_it_goes_find_the_same(broken_in_many_places, sample_build,
                                                                      tmp_path, monkeypatch):
    """A build's posts are checked with their graphs read from graph.trig in order (the store gives the rest, and
    the graphs of the parts checked again thoroughly: those whose nodes other parts' statements touch)."""
    monkeypatch.setattr(kg.validate, "POSTS_PER_PART", 3)
    monkeypatch.setattr(kg.validate, "SHARED_PER_PART", 7)
    read_from_store = _graphs_read_from_store(monkeypatch)
    validate_export(sample_build, jobs=1)
    assert not read_from_store
    directory = _as_build(sample_build, broken_in_many_places, tmp_path / "build")
    report = validate_export(directory, jobs=1)
    assert 0 < len(set(read_from_store)) < 20
    assert findings(report) == whole_graph_findings(broken_in_many_places)
    assert findings(validate_export(directory, jobs=2)) == findings(report)


def test_graphs_missing_from_a_build_s_export_are_read_from_its_store(broken_in_many_places, sample_build,
                                                                     tmp_path, monkeypatch):
    directory = _as_build(sample_build, broken_in_many_places, tmp_path / "build")
    dataset = Dataset()
    dataset.parse(directory / "graph.trig", format="trig")
    dropped = sorted(dataset.default_graph.subjects(PROV.wasDerivedFrom, None))[:2]  # two posts' graphs
    for graph in dropped:
        dataset.remove_graph(dataset.graph(graph))
    dataset.serialize(directory / "graph.trig", format="trig")
    monkeypatch.setattr(kg.validate, "POSTS_PER_PART", 3)
    read_from_store = _graphs_read_from_store(monkeypatch)
    assert findings(validate_export(directory, jobs=1)) == whole_graph_findings(broken_in_many_places)
    assert {f"<{graph}>" for graph in dropped} <= set(read_from_store)


def test_an_export_not_in_kg_build_s_graph_blocks_is_refused(sample_build, tmp_path):
    trig = sample_build / "graph.trig"
    dataset = Dataset()
    dataset.parse(trig, format="trig")
    graph = next(dataset.default_graph.subjects(PROV.wasDerivedFrom, None))  # a post's graph
    written_again = {"in more than one block": f"<{graph}> {{\n\t<{graph}> <urn:x:again> 1 .\n}}\n",  # as kg build would
                     "outside a block of its own": f"<{graph}> {{ <{graph}> <urn:x:again> 1 . }}\n"}  # on one line
    for number, (refused, again) in enumerate(written_again.items()):
        split = tmp_path / f"split-{number}.trig"
        split.write_text(trig.read_text(encoding="utf-8") + again, encoding="utf-8")
        directory = _as_build(sample_build, split, tmp_path / f"build-{number}")
        with pytest.raises(KgError, match=refused):
            validate_export(directory)
        assert validate_export(split).triples == validate_export(trig).triples + 1  # the file itself is checked
    # a block closed on the line of its last statement: the blocks found do not read as Turtle
    unclosed = tmp_path / "unclosed.trig"
    unclosed.write_text(trig.read_text(encoding="utf-8").replace(" .\n}\n", " . }\n", 1), encoding="utf-8")
    with pytest.raises(KgError, match="do not read as Turtle"):
        validate_export(_as_build(sample_build, unclosed, tmp_path / "build-unclosed"))
    # the export cut short inside its last graph's block (its store whole)
    cut_short = _as_build(sample_build, trig, tmp_path / "build-cut-short")
    text = trig.read_text(encoding="utf-8")
    (cut_short / "graph.trig").write_text(text[:text.rindex("\n}\n") + 1], encoding="utf-8")
    with pytest.raises(KgError, match="is not closed; the file is cut short"):
        validate_export(cut_short)


def test_a_file_with_blank_nodes_is_checked_in_one_piece(tmp_path):
    """Blank nodes cannot be named in a query, so no part could gather what it needs about them: such a file is
    checked whole, with pySHACL's findings, blank nodes shown by their labels."""
    path = tmp_path / "blank.ttl"
    path.write_text("""@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix org: <http://www.w3.org/ns/org#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        _:someone a foaf:Person ; skos:prefLabel "Someone"@en ; rdfs:label "Someone"@en .
        <https://w3id.org/omkg/id/person/x> a foaf:Person ; skos:prefLabel "X"@en ; rdfs:label "X"@en ;
            foaf:name "X" ; org:holds [ a org:Post ; skos:prefLabel "minister"@en ] .
        """, encoding="utf-8")

    def anonymous(results: list[Result]) -> list[Result]:
        return sorted(replace(r, focus="_:" if r.focus.startswith("_:") else r.focus,
                              value="_:" if r.value.startswith("_:") else r.value) for r in results)

    report = validate_export(path, jobs=2)
    assert anonymous(findings(report)) == anonymous(whole_graph_findings(path))
    assert "_:someone" in {r.focus for r in report.violations}
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1 and "A person needs exactly one foaf:name" in result.output


def test_a_build_is_checked_from_its_store_as_from_its_export(sample_build):
    from_store = validate_export(sample_build)
    assert from_store == validate_export(sample_build / "graph.trig")
    assert findings(from_store) == whole_graph_findings(sample_build / "graph.trig")
    assert from_store.triples == validate_export(sample_build / "graph.ttl").triples


def test_kg_validate_shows_progress_and_takes_jobs(sample_build):
    result = CliRunner().invoke(main, ["validate", str(sample_build), "--jobs", "2", "--progress"])
    assert result.exit_code == 0, result.output
    assert "validating" in result.output and result.output.rstrip().splitlines()[-1].startswith("conforms:")


SHAPES_PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


@pytest.mark.parametrize("shapes, needed", [
    ("ex:S a sh:NodeShape ; sh:targetClass ex:Mention ; sh:property [ sh:path [ sh:inversePath ex:has ] ; "
     "sh:minCount 1 ] .", {"<http://example.org/Mention>", "<http://example.org/Quote>"}),
    # the same shape also reached from another shape: every node may need what points at it
    ("ex:S a sh:NodeShape ; sh:targetClass ex:Mention ; sh:property [ sh:path [ sh:inversePath ex:has ] ] . "
     "ex:T a sh:NodeShape ; sh:targetClass ex:Post ; sh:property [ sh:path ex:p ; sh:node ex:S ] .", None),
    ("ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:q ; sh:property [ sh:path [ sh:inversePath ex:has ] ] .", None),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:Mention ; "
     "sh:or ( [ sh:path [ sh:inversePath ex:has ] ; sh:minCount 1 ] [ sh:path ex:p ; sh:minCount 1 ] ) .", None),
    ("ex:S a sh:NodeShape, rdfs:Class ; sh:property [ sh:path [ sh:inversePath ex:has ] ] .", None),
])
def test_inverse_paths_are_looked_up_for_the_nodes_a_shape_may_check(shapes, needed):
    hierarchy = Graph().parse(data=SHAPES_PREFIXES + "ex:Quote rdfs:subClassOf ex:Mention .", format="turtle")
    found = kg.validate._inverse_paths(Graph().parse(data=SHAPES_PREFIXES + shapes, format="turtle"), hierarchy)
    assert found == {"<http://example.org/has>": None if needed is None else frozenset(needed)}


def test_the_shipped_shapes_inverse_paths_are_looked_up_for_mentions_and_events():
    found = kg.validate._inverse_paths(Graph().parse(ontology_file("shapes.ttl")),
                                       Graph().parse(ontology_file("omkg.ttl")))
    assert found == {f"<{OMKG.hasMention}>": frozenset({f"<{OMKG.Mention}>"}),
                     f"<{OMKG.reports}>": frozenset({f"<{SEM.Event}>", f"<{SCHEMA.Event}>"})}
