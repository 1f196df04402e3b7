"""`kg validate`: SHACL validation of an export against ontology/shapes.ttl, as a report people can read.

The shapes are run as ontology/README.md says — over the union of the dataset, with omkg.ttl's subclass axioms, no
inference, warnings reported without failing the check — by pyshacl-turbo (Rust, pySHACL's API and results), and
in parts, so that a build of any size is checked in bounded memory and on every core. Each part is a set of focus
nodes — a few posts with their mentions and assertions, or a group of the shared nodes (people, organisations,
places, events, positions, channels) — with all that the shapes look at for them: their statements in every graph,
the statements pointing at them along the shapes' inverse paths, and the descriptions of the nodes they point to
(a mention's post and its text, an assertion's evidence, the types that sh:class checks). A result counts only in
the part that owns its focus node, so the report is the one a single run over the whole graph gives (tested against
pySHACL on whole builds).
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
import pyshacl_turbo
from rdflib import BNode, Namespace, URIRef
from rdflib.namespace import PROV, RDF, SH
from tqdm import tqdm

from kg.build_dir import SUMMARY
from kg.export import read_quads
from kg.rdf import DEFAULT_BASE, PREFIXES, ontology_file
from kg.store import STORE, bulk_load, open_store

SHOWN_PER_GROUP = 5
POSTS_PER_PART = 100
SHARED_PER_PART = 2000
POSTING = ox.NamedNode("https://schema.org/SocialMediaPosting")
TYPE = ox.NamedNode(str(RDF.type))
DERIVED_FROM = ox.NamedNode(str(PROV.wasDerivedFrom))


@dataclass(frozen=True, order=True)
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


@dataclass(frozen=True)
class Part:
    """Focus nodes to check together: `posts` with the named graphs derived from them, the nodes of other named
    `graphs` that the default graph does not describe, or `shared` nodes (those it describes); IRIs as <…>."""

    posts: tuple[str, ...] = ()
    graphs: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()


def validate_export(path: Path, base: str = DEFAULT_BASE, jobs: int = 1, progress: bool | None = False) -> Report:
    """Validate a build directory (its query store, else its graph.trig, else its mentions.jsonl exported on the
    fly) or an RDF file, in parts on `jobs` processes."""
    with _statements(Path(path), base) as (store_path, store, triples):
        parts = list(_parts(store))
        results: list[Result] = []
        with tqdm(total=len(parts), desc="validating", unit=" parts", leave=False,
                  disable=None if progress is None else not progress) as bar:
            for found in _checked(parts, store_path, base, jobs):
                results.extend(found)
                bar.update()
    results.sort(key=lambda r: (r.severity != "Violation", r.message, r.path, r.focus, r.value))
    return Report(triples, results)


@contextmanager
def _statements(path: Path, base: str) -> Iterator[tuple[str, ox.Store, int]]:
    """An on-disk store of the statements to check (its path, the store opened read-only) and their number (distinct
    triples of the union): the build's own store, else a temporary one loaded from the export."""
    store = open_store(path) if path.is_dir() and (path / SUMMARY).is_file() else None
    if store is not None:
        yield str(path / STORE), store, json.loads((path / SUMMARY).read_text(encoding="utf-8"))["triples"]
        return
    with tempfile.TemporaryDirectory(prefix="kg-validate-") as directory:
        loading = ox.Store(directory)
        bulk_load(loading, (ox.Quad(*quad) for quad in read_quads(path, base)))
        del loading
        store = ox.Store.read_only(directory)
        triples = int(next(iter(store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
            use_default_graph_as_union=True)))[0].value)
        yield directory, store, triples


def _parts(store: ox.Store) -> Iterator[Part]:
    """Every focus node in exactly one part: posts (with the named graphs derived from them) in groups, and every
    other node the default graph describes, in groups. (A named graph derived from no post is its own part.)"""
    named = set(store.named_graphs())
    posts = [q.subject for q in store.quads_for_pattern(None, TYPE, POSTING, ox.DefaultGraph())]
    graph_names = {q.subject for q in store.quads_for_pattern(None, DERIVED_FROM, None, ox.DefaultGraph())
                   if q.subject in named}
    described = {q.subject for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    shared = sorted(str(s) for s in described - set(posts) - graph_names)
    for start in range(0, len(posts), POSTS_PER_PART):
        yield Part(posts=tuple(str(p) for p in posts[start:start + POSTS_PER_PART]))
    for start in range(0, len(shared), SHARED_PER_PART):
        yield Part(shared=tuple(shared[start:start + SHARED_PER_PART]))
    if others := sorted(str(graph) for graph in named - graph_names):
        yield Part(graphs=tuple(others))


def _checked(parts: list[Part], store_path: str, base: str, jobs: int) -> Iterator[list[Result]]:
    if jobs <= 1 or len(parts) <= 1:
        _start_worker(store_path, base)
        yield from map(_check, parts)
        return
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(store_path, base)) as pool:
        yield from pool.map(_check, parts, chunksize=1)


_WORKER: dict = {}  # a process's store, compiled shapes, ontology and inverse paths


def _start_worker(store_path: str, base: str) -> None:
    shapes_file = ontology_file("shapes.ttl")
    shapes = pyshacl_turbo.compile_shapes(str(shapes_file))
    _WORKER.update(store=ox.Store.read_only(store_path), shapes=shapes, short=Shortener(base),
                   ontology=ontology_file("omkg.ttl").read_bytes(), inverse=_inverse_paths(shapes_file))


def _inverse_paths(shapes_file: Path) -> list[ox.NamedNode]:
    """The predicates the shapes follow backwards (sh:inversePath): the statements a focus node's part needs that
    have it as their object."""
    store = ox.Store()
    store.load(path=str(shapes_file), format=ox.RdfFormat.TURTLE)
    return sorted({q.object for q in store.quads_for_pattern(None, ox.NamedNode(str(SH.inversePath)), None)},
                  key=str)


def _check(part: Part) -> list[Result]:
    """Validate one part; the results about the nodes it owns."""
    store: ox.Store = _WORKER["store"]
    data = ox.Store()
    whole = set(part.shared)  # nodes whose statements are taken from every graph
    owned = set(whole)
    if part.posts or part.graphs:
        graphs = [ox.NamedNode(g[1:-1]) for g in part.graphs]
        for post in part.posts:
            derived = [q.subject for q in store.quads_for_pattern(None, DERIVED_FROM, ox.NamedNode(post[1:-1]),
                                                                 ox.DefaultGraph())]
            graphs += derived
            whole |= {post, *map(str, derived)}
        for graph in graphs:
            data.load(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph), format=ox.RdfFormat.N_TRIPLES)
        # the nodes of these graphs that the default graph does not describe (mentions, assertions) are theirs
        owned = whole | {str(s) for s in {q.subject for q in data} if next(_described(store, s), None) is None}
    _add(data, store.query(f"CONSTRUCT {{ ?node ?p ?o }} WHERE {{ VALUES ?node {{ {_values(whole)} }} ?node ?p ?o }}",
                           use_default_graph_as_union=True))
    data.extend(ox.Quad(q.subject, q.predicate, q.object) for node in owned for predicate in _WORKER["inverse"]
                for q in store.quads_for_pattern(None, predicate, ox.NamedNode(node[1:-1]), None))
    pointed_at = {q.object for q in data if isinstance(q.object, ox.NamedNode)} - {ox.NamedNode(n[1:-1])
                                                                                  for n in owned}
    if pointed_at:  # their descriptions; a node the default graph does not describe, from the graph it is in
        _add(data, store.query(f"CONSTRUCT {{ ?node ?p ?o }} WHERE {{ VALUES ?node {{ {_values(pointed_at)} }} "
                               f"?node ?p ?o }}"))
        if undescribed := pointed_at - {q.subject for q in data}:
            _add(data, store.query(f"CONSTRUCT {{ ?node ?p ?o }} WHERE {{ VALUES ?node {{ {_values(undescribed)} }} "
                                   f"?node ?p ?o }}", use_default_graph_as_union=True))
    data.load(_WORKER["ontology"], format=ox.RdfFormat.TURTLE)
    _, results, _ = _WORKER["shapes"].validate(data, allow_warnings=True)
    short = _WORKER["short"]
    return [replace(result, focus=short(URIRef(result.focus[1:-1])))
            for result in _results(results, short) if result.focus in owned]


def _described(store: ox.Store, node) -> Iterator[ox.Quad]:
    return store.quads_for_pattern(node, None, None, ox.DefaultGraph())


def _add(data: ox.Store, triples) -> None:
    data.load(triples.serialize(format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES)


def _values(iris: Iterable) -> str:
    return " ".join(iri if iri.startswith("<") else f"<{iri}>" for iri in map(str, iris))


def _results(report, short: Shortener) -> Iterator[Result]:
    """The report graph's results, each focus node as <IRI> (compared with the part's nodes, then shortened)."""
    for result in report.subjects(SH.resultSeverity, None):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        yield Result(
            severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            focus=f"<{focus}>" if isinstance(focus, URIRef) else str(focus),
            path=_path(report, path, short),
            message=str(report.value(result, SH.resultMessage) or report.value(result, SH.sourceConstraintComponent)),
            value=short(report.value(result, SH.value)),
        )


def _path(report, path, short: Shortener) -> str:
    if path is None:
        return ""
    if isinstance(path, BNode) and report.value(path, SH.inversePath) is not None:
        return "^" + short(report.value(path, SH.inversePath))
    return short(path)


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
