"""`kg validate`: SHACL validation of an RDF export against ontology/shapes.ttl, as a report people can read.

The shapes are run as ontology/README.md says: over the union of the dataset (a post's named graph refers to
entities described in the default graph), with omkg.ttl as the ontology graph, no inference, and warnings
reported without failing the check.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
import rdflib.term
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql.processor import SPARQLProcessor, prepareQuery

from kg.export import read_quads
from kg.rdf import DEFAULT_BASE, PREFIXES, ontology_file, to_rdflib

SHOWN_PER_GROUP = 5


@dataclass(frozen=True)
class Result:
    severity: str  # "Violation" | "Warning" | "Info"
    focus: str
    path: str
    message: str
    value: str = ""  # the offending value, when the result names one


@dataclass
class Report:
    triples: int
    results: list[Result] = field(default_factory=list)

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations


def validate_export(path: Path, base: str = DEFAULT_BASE) -> Report:
    """Validate an RDF file or a build directory (its graph.trig, else its mentions.jsonl exported on the fly)."""
    with rdflibs_own_literal_conversions():
        data = Graph()
        for s, p, o, _ in read_quads(path, base):
            data.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
        return validate_graph(data, base)


def validate_graph(data: Graph, base: str = DEFAULT_BASE) -> Report:
    with parsing_each_query_once():
        _, results, _ = shacl_validate(data, shacl_graph=Graph().parse(ontology_file("shapes.ttl")),
                                       ont_graph=Graph().parse(ontology_file("omkg.ttl")),
                                       inference="none", allow_warnings=True)
    short = Shortener(base)
    report = Report(triples=len(data))
    for result in results.subjects(SH.resultSeverity, None):
        severity = results.value(result, SH.resultSeverity)
        report.results.append(Result(
            severity=str(severity).rsplit("#", 1)[-1],
            focus=short(results.value(result, SH.focusNode)),
            path=short(results.value(result, SH.resultPath)) if results.value(result, SH.resultPath) else "",
            message=str(results.value(result, SH.resultMessage) or results.value(result, SH.sourceConstraintComponent)),
            value=short(results.value(result, SH.value)),
        ))
    report.results.sort(key=lambda r: (r.severity != "Violation", r.message, r.path, r.focus))
    return report


@contextmanager
def rdflibs_own_literal_conversions():
    """Literals read and checked with rdflib's own conversions. pyshacl's RDFS inference (owlrl) installs its own
    process-wide, and owlrl's xsd:gMonthDay check rejects every valid "--06-20" (it parses "2008---06-20");
    we validate without inference, so whatever ran before in the process must not decide what is well-typed."""
    before = dict(rdflib.term._toPythonMapping)
    rdflib.term._reset_bindings()
    try:
        yield
    finally:
        rdflib.term._toPythonMapping.clear()
        rdflib.term._toPythonMapping.update(before)


@contextmanager
def parsing_each_query_once():
    """pyshacl runs each SPARQL constraint once per focus node with the same text, and rdflib parses that text
    every time (most of the time of validating the bundled sample); reuse each prepared query while validating."""
    original = SPARQLProcessor.query
    prepared = {}

    def query(self, query, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803 — rdflib's names
        if isinstance(query, str):
            key = (query, base, tuple(sorted((initNs or {}).items())))
            if key not in prepared:
                prepared[key] = prepareQuery(query, initNs=initNs, base=base)
            query = prepared[key]
        return original(self, query, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query
    try:
        yield
    finally:
        SPARQLProcessor.query = original


def format_report(report: Report) -> str:
    """Results grouped by what is wrong, counted, with the first few focus nodes of each group."""
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for r in report.results:
        shown_value = r.value and r.value != r.focus
        groups[(r.severity, r.path, r.message)].append(f"{r.focus} (value {r.value})" if shown_value else r.focus)
    lines = []
    for (severity, path, message), focus in groups.items():
        where = f" [{path}]" if path else ""
        lines.append(f"{severity.lower()} × {len(focus)}{where}: {message}")
        shown = ", ".join(focus[:SHOWN_PER_GROUP]) + (f", … {len(focus) - SHOWN_PER_GROUP} more"
                                                       if len(focus) > SHOWN_PER_GROUP else "")
        lines.append(f"    focus: {shown}")
    verdict = "conforms" if report.conforms else "does not conform"
    lines.append(f"{verdict}: {report.triples} triples checked against shapes.ttl; "
                 f"{len(report.violations)} violations, {len(report.warnings)} warnings")
    return "\n".join(lines)


class Shortener:
    """Terms as people read them: data IRIs as our ids, vocabulary IRIs as CURIEs, literals quoted."""

    def __init__(self, base: str):
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self.namespaces = sorted(((p, Namespace(n)) for p, n in PREFIXES.items()), key=lambda pn: -len(pn[1]))

    def __call__(self, term) -> str:
        if not isinstance(term, URIRef):
            return repr(str(term)) if term is not None else ""
        iri = str(term)
        if iri.startswith(self.base):
            return iri[len(self.base):]
        for prefix, namespace in self.namespaces:
            if iri.startswith(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return f"<{iri}>"
