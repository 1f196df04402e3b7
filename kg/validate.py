"""`kg validate`: SHACL validation of an export against ontology/shapes.ttl, as a report people can read.

The shapes are run as ontology/README.md says — over the union of the dataset, with omkg.ttl's subclass axioms, no
inference, warnings reported without failing the check — by shacl-rust (a SHACL engine in Rust), and in parts, so
that a build of any size is checked on every core in the memory of a part (and 8 bytes a node for the run's end).
Each part is a set of focus nodes — a few posts with their mentions and assertions, or a group of the shared nodes
(people, organisations, places, events, positions, channels) — with all that the shapes look at for them: their
statements in every graph, the statements pointing at them along the shapes' inverse paths, and the descriptions of
the nodes they point to (a mention's post and its text, an assertion's evidence, the types that sh:class checks). A
part's posts, their graphs and the nodes of those graphs that the default graph does not describe (mentions,
assertions) are taken from those graphs and the default graph alone, as kg build writes all about them there: the
run's end checks, by the nodes' keys, that no other part has statements about them or pointing at them along the
shapes' inverse paths, and checks again thoroughly any part for which that fails. A result counts only in the part
that owns its focus node, so the report is the one a single run over the whole graph gives (tested against pySHACL
on whole builds). The posts' graphs, most of a build, are read from its graph.trig in order; the rest from its
store. A file with blank nodes is checked in one piece: a blank node cannot be named in a query, so no part could
gather its statements.
"""

from __future__ import annotations

import json
import multiprocessing
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from hashlib import blake2b
from pathlib import Path
from typing import Callable, Container, Iterable, Iterator

import numpy as np
import pyoxigraph as ox
import shacl_rust
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH
from rdflib.util import from_n3
from tqdm import tqdm

from kg.build_dir import SUMMARY
from kg.errors import KgError
from kg.export import format_of, rdf_file, read_quads, reading
from kg.rdf import DEFAULT_BASE, PREFIXES, ontology_file
from kg.store import STORE, bulk_load, open_store
from kg.workers import in_order

SHOWN_PER_GROUP = 5
POSTS_PER_PART = 100
SHARED_PER_PART = 2000
DESCRIPTIONS_KEPT = 50_000  # nodes whose descriptions a worker keeps (≈ 1 KB each)
PARTS_IN_FLIGHT = 2  # parts a worker may have queued: enough to keep it busy, few enough to bound memory
POSTING = ox.NamedNode("https://schema.org/SocialMediaPosting")
TYPE = ox.NamedNode(str(RDF.type))
DERIVED_FROM = ox.NamedNode(str(PROV.wasDerivedFrom))
SUBCLASS_OF = ox.NamedNode(str(RDFS.subClassOf))
SPARQL_COMPONENT = f"<{SH.SPARQLConstraintComponent}>"
TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target}
KEY = np.dtype("<u8")  # a node's key: 8 bytes of its hash (a collision costs a needless check again, nothing more)


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
    """Focus nodes to check together: `posts` with the named `graphs` derived from them, other named `graphs` whose
    nodes the default graph does not describe, or `shared` nodes (those it describes); IRIs as <…>. `contents`: the
    statements of the graphs as Turtle, when read from the export (else the worker reads them from the store).
    `everything`: the whole graph, in one piece. `thorough`: the nodes of its graphs gathered from every graph too,
    except those whose keys are `disowned` (another part checks them)."""

    posts: tuple[str, ...] = ()
    graphs: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()
    contents: bytes | None = None
    everything: bool = False
    thorough: bool = False
    disowned: frozenset[bytes] = frozenset()

    @property
    def size(self) -> int:
        """Posts, graphs not derived from one, and shared nodes (or the whole graph as one): what the progress bar
        counts."""
        return 1 if self.everything else len(self.posts) + len(self.shared) + (0 if self.posts else len(self.graphs))


def validate_export(path: Path, base: str = DEFAULT_BASE, jobs: int = 1, progress: bool | None = False) -> Report:
    """Validate a build directory (its query store, else its graph.trig, else its mentions.jsonl exported on the
    fly) or an RDF file, in parts on `jobs` processes."""
    with _statements(Path(path), base) as (store_path, store, triples, export, blank_nodes), \
            _checking(store_path, base, 1 if blank_nodes else jobs) as check:
        # blank nodes cannot be named in a query, so a part could not gather what it needs about them: such a file
        # is checked in one piece
        layout = None if blank_nodes else _Layout(store)
        parts = layout.parts(export) if layout else [Part(everything=True)]
        checked: list[tuple[Part, _Checked]] = []
        with tqdm(total=layout.size if layout else 1, desc="validating", unit=" nodes", unit_scale=True,
                  leave=False, disable=None if progress is None else not progress) as bar:
            for part, found in check(parts):
                checked.append((replace(part, contents=None), found))
                bar.update(part.size)
            if again := _to_check_again(checked):
                bar.total += sum(part.size for part in again.values())
                for index, (part, found) in zip(again, check(again.values())):
                    checked[index] = part, found
                    bar.update(part.size)
    results = sorted((r for _, found in checked for r in found.results),
                     key=lambda r: (r.severity != "Violation", r.message, r.path, r.focus, r.value))
    return Report(triples, results)


def _to_check_again(checked: list[tuple[Part, _Checked]]) -> dict[int, Part]:
    """The parts (by index) to check again thoroughly: those that took nodes from their own graphs alone which
    another part took so too (their statements split between the parts' graphs) or touched — none in kg build's
    output. A node several parts took is checked by the first of them only."""
    keys = [np.frombuffer(found.alone, dtype=KEY) for _, found in checked]
    every = np.concatenate(keys or [np.empty(0, KEY)])
    owner = np.repeat(np.arange(len(keys)), [len(k) for k in keys])
    values, first, counts = np.unique(every, return_index=True, return_counts=True)
    split = counts > 1
    first_owner = {key.tobytes(): int(index) for key, index in zip(values[split], owner[first[split]])}
    touched = np.concatenate([np.frombuffer(found.touched, dtype=KEY) for _, found in checked] or [np.empty(0, KEY)])
    again = {}
    for index in map(int, np.unique(owner[np.isin(every, np.union1d(values[split], touched))])):
        disowned = frozenset(key for key in map(np.generic.tobytes, keys[index])
                             if first_owner.get(key, index) != index)
        again[index] = replace(checked[index][0], thorough=True, disowned=disowned)
    return again


@contextmanager
def _statements(path: Path, base: str) -> Iterator[tuple[str, ox.Store, int, Path | None, bool]]:
    """An on-disk store of the statements to check (its path, the store opened read-only), their number (distinct
    triples of the union), the build's export, read in order for the posts' graphs, and whether they have blank
    nodes: the build's own store and graph.trig (kg build names every node), else a temporary store loaded from the
    export (and no export to read in order)."""
    store = open_store(path) if path.is_dir() and (path / SUMMARY).is_file() else None
    if store is not None:
        triples = json.loads((path / SUMMARY).read_text(encoding="utf-8"))["triples"]
        yield str(path / STORE), store, triples, rdf_file(path), False
        return
    blank_nodes = False

    def noting_blank_nodes(quads: Iterable) -> Iterator[ox.Quad]:
        nonlocal blank_nodes
        for quad in quads:
            blank_nodes = blank_nodes or any(isinstance(term, ox.BlankNode) for term in quad)
            yield ox.Quad(*quad)

    with tempfile.TemporaryDirectory(prefix="kg-validate-") as directory:
        loading = ox.Store(directory)
        bulk_load(loading, noting_blank_nodes(read_quads(path, base)))
        del loading
        store = ox.Store.read_only(directory)
        triples = int(next(iter(store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
            use_default_graph_as_union=True)))[0].value)
        yield directory, store, triples, None, blank_nodes


class _Layout:
    """Every focus node in exactly one part: posts (with the named graphs derived from them) in groups, and every
    other node the default graph describes, in groups. (The named graphs derived from no post are a part.)"""

    def __init__(self, store: ox.Store):
        named = set(store.named_graphs())
        self.posts = [str(q.subject) for q in store.quads_for_pattern(None, TYPE, POSTING, ox.DefaultGraph())]
        self.derived: dict[str, list[str]] = defaultdict(list)  # post → the named graphs derived from it
        graph_names = set()
        posts = set(self.posts)
        for q in store.quads_for_pattern(None, DERIVED_FROM, None, ox.DefaultGraph()):
            if q.subject in named and str(q.object) in posts:
                self.derived[str(q.object)].append(str(q.subject))
                graph_names.add(q.subject)
        self.shared = sorted(_described(store) - posts - {str(graph) for graph in graph_names})
        self.others = sorted(str(graph) for graph in named - graph_names)
        self.size = len(self.posts) + len(self.shared) + len(self.others)

    def parts(self, export: Path | None) -> Iterator[Part]:
        """The shared nodes' parts first — one can take many times a post part's time (an event reported by
        thousands of posts), and would hold up the end of the run —, then the posts'."""
        for start in range(0, len(self.shared), SHARED_PER_PART):
            yield Part(shared=tuple(self.shared[start:start + SHARED_PER_PART]))
        if self.others:
            yield Part(graphs=tuple(self.others))
        streamed = export is not None and format_of(export).syntax == ox.RdfFormat.TRIG
        yield from self._streamed(export) if streamed else self._from_store(self.posts)

    def _from_store(self, posts: list[str]) -> Iterator[Part]:
        """The posts' parts, their graphs to be read from the store by the worker."""
        for start in range(0, len(posts), POSTS_PER_PART):
            group = posts[start:start + POSTS_PER_PART]
            yield Part(posts=tuple(group), graphs=tuple(g for post in group for g in self.derived.get(post, ())))

    def _streamed(self, export: Path) -> Iterator[Part]:
        """The posts' parts with their graphs' statements read from the export (TriG) as it goes (reading a
        statement from the on-disk store costs ≈ 12 µs, parsing it ≈ 1 µs, in the worker): a post's part is made
        once all its graphs have been read, so only the graphs of posts not yet checked are held. kg build writes
        each named graph in one block; an export that splits one is refused rather than checked in pieces."""
        post_of: dict[str, list[str]] = defaultdict(list)
        for post, graphs in self.derived.items():
            for graph in graphs:
                post_of[graph].append(post)
        unread = {post: len(graphs) for post, graphs in self.derived.items()}
        ready = [post for post in self.posts if post not in unread]
        read: dict[str, bytes] = {}
        uses = {graph: len(posts) for graph, posts in post_of.items()}  # parts still to take each graph read

        blocks = _GraphBlocks(export, post_of)

        def part(posts: list[str]) -> Part:
            graphs = [g for post in posts for g in self.derived.get(post, ())]
            contents = blocks.prefixes + b"".join(read[g] for g in graphs)
            for graph in graphs:
                uses[graph] -= 1
                if not uses[graph]:
                    del read[graph]
            return Part(posts=tuple(posts), graphs=tuple(graphs), contents=contents)

        seen = set()
        for graph, statements in blocks:
            if graph in seen:
                raise KgError(f"{export}: the named graph {graph} is written in more than one block; check the "
                              f"file itself (`kg validate {export}`)")
            seen.add(graph)
            read[graph] = statements
            for post in post_of[graph]:
                unread[post] -= 1
                if not unread[post]:
                    ready.append(post)
            while len(ready) >= POSTS_PER_PART:
                yield part(ready[:POSTS_PER_PART])
                del ready[:POSTS_PER_PART]
        for start in range(0, len(ready), POSTS_PER_PART):
            yield part(ready[start:start + POSTS_PER_PART])
        # posts whose graphs the export does not have (it is not the store's): checked from the store
        yield from self._from_store([post for post, count in unread.items() if count])


class _GraphBlocks:
    """The statements of the wanted named graphs of a TriG file that kg build wrote, a block (the statements of one
    graph, written together) at a time, as Turtle, found as lines: a graph's block opens with its name and `{` on a
    line and closes with `}` on a line (Oxigraph writes TriG so, a literal's line breaks escaped); the statements
    between are parsed by Oxigraph in the worker, under the file's prefixes. Finding the blocks so costs ≈ 0.3 µs a
    line, where parsing every statement here cost ≈ 3 µs. Nothing else is taken for granted: the text between the
    blocks, where it has a `{` at all, is parsed to hold statements of the default graph only, and a block's text
    that is not Turtle (such as a block within it) fails in the worker."""

    def __init__(self, export: Path, wanted: Container[str]):
        self.export, self.wanted = export, wanted
        self.prefixes = b""  # the file's prefix declarations so far, for the blocks to be parsed on their own

    def __iter__(self) -> Iterator[tuple[str, bytes]]:
        graph, lines, between = None, [], []
        with reading(self.export, format_of(self.export)), open(self.export, "rb") as file:
            for line in file:
                if graph is not None:
                    if line.rstrip() == b"}":
                        if graph in self.wanted:
                            yield graph, b"".join(lines)
                        graph, lines = None, []
                    elif graph in self.wanted:
                        lines.append(line)
                elif line.endswith(b" {\n"):
                    self._default_graph_only(between)
                    graph, between = line[:-3].decode(), []
                    if not (graph.startswith("<") and graph.endswith(">") and " " not in graph):
                        raise KgError(f"{self.export}: the named graph {graph} is not written as kg build writes one "
                                      f"(`<IRI> {{` on a line); check the file itself (`kg validate {self.export}`)")
                elif line.startswith((b"@prefix", b"@base", b"PREFIX", b"BASE")):
                    self.prefixes += line
                else:
                    between.append(line)
            self._default_graph_only(between)
        if graph is not None:
            raise KgError(f"{self.export}: the named graph {graph} is not closed; the file is cut short")

    def _default_graph_only(self, lines: list[bytes]) -> None:
        text = b"".join(lines)
        if b"{" in text:
            for quad in ox.parse(self.prefixes + text, format=ox.RdfFormat.TRIG):
                if not isinstance(quad.graph_name, ox.DefaultGraph):
                    raise KgError(f"{self.export}: the named graph {quad.graph_name} is written outside a block of "
                                  f"its own as kg build writes one; check the file itself (`kg validate "
                                  f"{self.export}`)")


@contextmanager
def _checking(store_path: str, base: str, jobs: int) -> Iterator[Callable[[Iterable[Part]], Iterator[tuple]]]:
    """A checker of parts: each part with its results, in order; on `jobs` processes, a few parts ahead of the
    results taken. The processes start at once, and make ready while the caller lays the parts out."""
    if jobs <= 1:
        _start_worker(store_path, base)
        try:
            yield lambda parts: ((part, _check(part)) for part in parts)
        finally:
            _WORKER.clear()  # the store closed with the validation
        return
    # spawned, not forked: a fork copies the engine's thread pool without its threads (and hangs on it) once this
    # process has validated
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker,
                             initargs=(store_path, base)) as pool:
        for _ in range(jobs):
            pool.submit(int)  # a task no process is free for starts one
        yield lambda parts: ((part, future.result())
                             for part, future in in_order(partial(pool.submit, _check), parts, jobs * PARTS_IN_FLIGHT))


_WORKER: dict = {}  # a process's store, shapes, ontology, inverse paths, the nodes the default graph describes and
# the descriptions it keeps


def _start_worker(store_path: str, base: str) -> None:
    shapes_text = ontology_file("shapes.ttl").read_text(encoding="utf-8")
    store = ox.Store.read_only(store_path)
    classes = Graph().parse(ontology_file("omkg.ttl"), format="turtle")  # and the subclasses the data states
    classes += ((_rdflib(q.subject), RDFS.subClassOf, _rdflib(q.object))
                for q in store.quads_for_pattern(None, SUBCLASS_OF, None))
    _WORKER.update(store=store, shapes=shapes_text, short=Shortener(base), described=_described(store),
                   ontology=ontology_file("omkg.ttl").read_bytes(),
                   inverse=_inverse_paths(Graph().parse(data=shapes_text, format="turtle"), classes),
                   descriptions={})


def _described(store: ox.Store) -> set[str]:
    """The nodes the default graph describes (by a query: the store decodes each node once, not each statement)."""
    return {str(row[0]) for row in store.query("SELECT DISTINCT ?node WHERE { ?node ?p ?o }")}


def _rdflib(term):
    return BNode(term.value) if isinstance(term, ox.BlankNode) else URIRef(term.value)


def _inverse_paths(shapes: Graph, classes: Graph) -> dict[str, frozenset[str] | None]:
    """The predicates the shapes follow backwards (sh:inversePath), each with the classes (<IRI>) whose instances'
    parts need the statements that have them as their object — None: every node's. A path held by node shapes that
    target classes only, and that no other shape refers to, is looked at only for those classes' instances
    (subclasses by `classes`' rdfs:subClassOf); any other use of it, for every node."""
    needs: dict[str, frozenset[str] | None] = {}
    for path, predicate in shapes.subject_objects(SH.inversePath):
        targets: set | None = set()
        for property_shape in list(shapes.subjects(SH.path, path)) or [None]:
            holders = set(shapes.subjects(SH.property, property_shape))
            if (not holders or set(shapes.subjects(None, property_shape)) != holders
                    or set(shapes.predicates(property_shape)) & TARGETS
                    or any(set(shapes.subjects(None, holder)) or set(shapes.predicates(holder)) & TARGETS - {
                        SH.targetClass} or (holder, RDF.type, RDFS.Class) in shapes for holder in holders)):
                targets = None
                break
            targets |= {target for holder in holders for target in shapes.objects(holder, SH.targetClass)}
        key = f"<{predicate}>"
        if targets is None or needs.get(key, frozenset()) is None:
            needs[key] = None
        else:
            below = {c for target in targets for c in classes.transitive_subjects(RDFS.subClassOf, target)}
            needs[key] = frozenset(f"<{c}>" for c in below) | (needs.get(key) or frozenset())
    return needs


@dataclass(frozen=True)
class _Checked:
    """A part's results, and what the run's end needs to tell whether they hold: the keys (8 bytes each) of the nodes
    it took from its own graphs and the default graph `alone`, and of the nodes not its own that its graphs'
    statements are about or that its statements point at along the shapes' inverse paths (`touched`)."""

    results: list[Result]
    alone: bytes = b""
    touched: bytes = b""


def _key(node: str) -> bytes:
    """A node's key, the same in every process (Python's own hash is not)."""
    return blake2b(node.encode(), digest_size=8).digest()


def _check(part: Part) -> _Checked:
    """Validate one part: the results about the nodes it owns."""
    store: ox.Store = _WORKER["store"]
    if part.everything:
        everything = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        return _Checked(_engine_results([everything.serialize(format=ox.RdfFormat.N_TRIPLES)], owned=None))
    data = _PartData()
    mine: set[str] = set()  # its posts and their graphs
    subjects: set[str] = set()  # what its graphs' statements are about
    if part.posts or part.graphs:
        if part.contents is not None:
            _load_turtle(data, part)
        else:
            for graph in part.graphs:
                data.add(_graph(store, graph))
        subjects = {str(row[0]) for row in data.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }")}
        mine = {*part.posts, *(part.graphs if part.posts else ())}
    # the part's nodes are its shared nodes, its posts and their graphs, and the nodes of its graphs that the default
    # graph does not describe (mentions, assertions); all but the shared ones are taken from its graphs and the
    # default graph alone, where kg build writes all about them and all that points at them, unless it is checked
    # thoroughly: the run's end checks that no other part has statements about them or pointing at them
    owned = set(part.shared) | mine | (subjects - _WORKER["described"])
    alone = set() if part.thorough else owned - set(part.shared)
    _add_all_about(data, store, owned - alone)
    if described := alone & mine:
        _add(data, _about(store, described))
    iris = {node for node in owned - alone if node.startswith("<")}
    for predicate, classes in _WORKER["inverse"].items():  # what points at them along the inverse paths
        if nodes := iris if classes is None else iris & _instances(data, classes):
            _add_pointing(data, store, predicate, nodes)
    touched = subjects - owned | {str(row[0]) for predicate in _WORKER["inverse"] for row in data.query(
        f"SELECT DISTINCT ?o WHERE {{ ?s {predicate} ?o FILTER isIRI(?o) }}")} - owned
    pointed_at = {row[0] for row in data.query("SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER isIRI(?o) }")} - {
        ox.NamedNode(n[1:-1]) for n in owned if n.startswith("<")}
    _add_descriptions(data, store, pointed_at)
    if part.disowned:
        owned = {node for node in owned if _key(node) not in part.disowned}
    return _Checked(_engine_results(data.texts, owned), b"".join(map(_key, alone)), b"".join(map(_key, touched)))


def _engine_results(texts: list[bytes], owned: set[str] | None) -> list[Result]:
    """The engine's results over the statements, read as one Turtle document with the ontology (last, as it declares
    prefixes of its own): those about the nodes the part `owns` (None: all of them)."""
    # its interned index: ≈ 1.3x faster here, and the same findings (the tests compare them with pySHACL's)
    report = shacl_rust.validate(b"\n".join([*texts, _WORKER["ontology"]]).decode(), _WORKER["shapes"],
                                 data_format="turtle", experimental_index=True)
    short = _WORKER["short"]
    return [replace(result, focus=short(from_n3(result.focus))) for result in map(partial(_result, short=short),
                                                                                   report["results"])
            if owned is None or result.focus in owned]


class _PartData:
    """A part's statements: in an in-memory store, for the queries that gather them, and as the texts they came in,
    which the engine reads as one Turtle document (parsing them once more costs less than writing them out of the
    store; a statement given twice is one statement, as the tests' comparison with pySHACL checks)."""

    def __init__(self):
        self.store = ox.Store()
        self.texts: list[bytes] = []

    def add(self, text: bytes, syntax: ox.RdfFormat = ox.RdfFormat.N_TRIPLES, queried: bool = True) -> None:
        """The statements, for the engine and (unless no query will look for them) for the queries."""
        if queried:
            self.store.load(text, format=syntax)
        self.texts.append(text)

    def query(self, sparql: str, **options):
        return self.store.query(sparql, **options)

    def has(self, node) -> bool:
        return next(self.store.quads_for_pattern(node, None, None), None) is not None


def _instances(data: _PartData, classes: frozenset[str]) -> set[str]:
    """The IRIs typed with one of the classes in the part's data."""
    return {str(row[0]) for row in data.query(
        f"SELECT DISTINCT ?node WHERE {{ VALUES ?class {{ {_values(classes)} }} ?node a ?class }}")}


def _add_pointing(data: _PartData, store: ox.Store, predicate: str, nodes: Iterable[str]) -> None:
    """The statements in every graph that point at the nodes with the predicate: read only when the store holds more
    of them than the part has (most are in the posts' own graphs, read already)."""
    values = _values(nodes)
    held, in_store = (_count(graph, f"VALUES ?o {{ {values} }} ?s {predicate} ?o") for graph in (data, store))
    if in_store != held:
        _add(data, store.query(f"CONSTRUCT {{ ?s {predicate} ?o }} WHERE {{ VALUES ?o {{ {values} }} "
                               f"?s {predicate} ?o }}", use_default_graph_as_union=True))


def _load_turtle(data: _PartData, part: Part) -> None:
    try:
        data.add(part.contents, ox.RdfFormat.TURTLE)
    except SyntaxError as err:
        raise KgError(f"the named graphs {', '.join(part.graphs[:3])}{' …' if len(part.graphs) > 3 else ''} do not "
                      f"read as Turtle once cut from the export ({err}); check the file itself") from None


def _graph(store: ox.Store, graph: str) -> bytes:
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph[1:-1]))


def _add_descriptions(data: _PartData, store: ox.Store, nodes: set[ox.NamedNode]) -> None:
    """The nodes' descriptions in the default graph — kept by the worker, as the same entities and events are
    pointed at by part after part —; a node the default graph does not describe, from the graph it is in."""
    kept: dict[ox.NamedNode, bytes] = _WORKER["descriptions"]
    if len(kept) > DESCRIPTIONS_KEPT:
        kept.clear()
    if missing := [node for node in nodes if node not in kept]:
        found: dict[ox.NamedNode, list[ox.Triple]] = defaultdict(list)
        for triple in _about(store, missing):
            found[triple.subject].append(triple)
        for node in missing:
            kept[node] = ox.serialize(found[node], format=ox.RdfFormat.N_TRIPLES) if node in found else b""
    # the last statements a part gathers: for the engine alone
    data.add(b"".join(kept[node] for node in nodes), queried=False)
    if undescribed := {node for node in nodes if not kept[node] and not data.has(node)}:
        _add(data, _about(store, undescribed, every_graph=True), queried=False)


def _add_all_about(data: _PartData, store: ox.Store, nodes: set[str]) -> None:
    """The nodes' statements in every graph. Those in the default graph are added; the others are read only when
    the store holds more of them than the part already has (counting them decodes nothing; reading them costs
    ≈ 14 µs each, and a post's own graph, already read, holds most of them)."""
    values = _values(nodes)
    if not values:
        return
    _add(data, _about(store, nodes))
    held, in_store = (_count(graph, f"VALUES ?node {{ {values} }} ?node ?p ?o") for graph in (data, store))
    if in_store != held:
        _add(data, _about(store, nodes, every_graph=True))


def _about(store: ox.Store, nodes: Iterable, every_graph: bool = False):
    """The nodes' statements in the default graph (or in every graph)."""
    return store.query(f"CONSTRUCT {{ ?node ?p ?o }} WHERE {{ VALUES ?node {{ {_values(nodes)} }} ?node ?p ?o }}",
                       use_default_graph_as_union=every_graph)


def _count(statements: _PartData | ox.Store, pattern: str) -> int:
    """The statements matching the pattern in every graph (counting decodes nothing)."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
    return int(next(iter(statements.query(query, use_default_graph_as_union=True)))[0].value)


def _add(data: _PartData, triples, queried: bool = True) -> None:
    data.add(triples.serialize(format=ox.RdfFormat.N_TRIPLES), queried=queried)


def _values(iris: Iterable) -> str:
    return " ".join(iri if iri.startswith("<") else f"<{iri}>" for iri in map(str, iris))


def _result(found: dict, short: Shortener) -> Result:
    """One of shacl-rust's results as ours: its focus node as <IRI> (compared with the part's nodes, then shortened),
    the shape's own message (the engine lists its default message first), and, as SHACL says for a node shape's
    SPARQL constraint that selects no ?value, the focus node as the value."""
    focus, path = found["focusNode"], found.get("resultPath", "")
    value = found.get("value") or (focus if found.get("sourceConstraintComponent") == SPARQL_COMPONENT else None)
    return Result(
        severity=found["severity"].strip("<>").rsplit("#", 1)[-1],
        focus=focus,
        path="^" + short(from_n3(path[1:])) if path.startswith("^") else short(from_n3(path)) if path else "",
        message=found["messages"][-1] if found.get("messages") else found.get("sourceConstraintComponent", ""),
        value=short(from_n3(value)) if value else "",
    )


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
    """Terms as people read them: data IRIs as our ids, vocabulary IRIs as CURIEs, literals quoted, blank nodes as
    _:label."""

    def __init__(self, base: str):
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self.namespaces = sorted(((p, Namespace(n)) for p, n in PREFIXES.items()), key=lambda pn: -len(pn[1]))

    def __call__(self, term) -> str:
        if isinstance(term, BNode):
            return term.n3()
        if not isinstance(term, URIRef):
            return repr(str(term)) if term is not None else ""
        iri = str(term)
        if iri.startswith(self.base):
            return iri[len(self.base):]
        for prefix, namespace in self.namespaces:
            if iri.startswith(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return f"<{iri}>"
