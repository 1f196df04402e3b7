"""The graph as RDF, in the terms of ontology/omkg.ttl (see ontology/README.md for the shape).

`quads()` is the one definition of the RDF shape: a generator of (subject, predicate, object, graph) tuples of
pyoxigraph terms that every sink consumes — the exporters stream it to files, `kg sparql` loads it into a pyoxigraph
Store, and `to_dataset()` turns it into an rdflib Dataset for the ontology tooling (pyshacl, JSON-LD, tests); a
streamed build asks for the same quads in two parts: a post at a time (`post_quads()`), then the descriptions of
what the posts name (`description_quads()`). Descriptions of entities and events (types, labels, aliases, Wikidata
links, coordinates, dates) go in the default graph — an event is described once, however many posts report it;
what each post asserts — its mentions, the events it reports, their places and participants, positions,
memberships — goes in that post's named graph, with a reified omkg:Assertion carrying the extractor and confidence
of every relation and its omkg:evidence: the Mentions of the words that state it. Every node of the graph also
carries its id as `dcterms:identifier`, so queries answer with our ids whatever the base IRI.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import quote

import networkx as nx
import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib import namespace as rdflib_namespace
from rdflib.compare import isomorphic

from kg.errors import KgError
from kg.model import NAMED_TYPES

DEFAULT_BASE = "https://w3id.org/omkg/id/"
# omkg.ttl, shapes.ttl, context.jsonld: in an installed wheel beside the modules (setup.py puts them there), in a
# source checkout at the top of the repository
ONTOLOGY_DIRS = (Path(__file__).resolve().parent / "ontology", Path(__file__).resolve().parents[1] / "ontology")
PREFIXES = {
    "omkg": "https://w3id.org/omkg/ontology#",
    "omkgev": "https://w3id.org/omkg/event-type/",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "wd": "http://www.wikidata.org/entity/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def ontology_file(name: str) -> Path:
    """A file of the ontology: kg/ontology/ in a wheel, ontology/ in a source checkout."""
    for directory in ONTOLOGY_DIRS:
        if (directory / name).is_file():
            return directory / name
    raise KgError(f"ontology file {name} not found in {' or '.join(map(str, ONTOLOGY_DIRS))}: reinstall omkg")


class Vocabulary:
    """`OMKG.Mention` → the pyoxigraph NamedNode of that term, made once. A term the vocabulary does not define is an
    error (as in rdflib's DefinedNamespace with `_fail=True`), so a misspelt term never makes wrong RDF silently."""

    def __init__(self, namespace: str, terms: frozenset[str] | None, defined_in: str):
        self.namespace, self.terms, self.defined_in = namespace, terms, defined_in

    def __getattr__(self, local: str) -> ox.NamedNode:
        if local.startswith("__") or (self.terms is not None and local not in self.terms):
            raise AttributeError(f"{self.namespace}{local} is not a term of {self.defined_in}")
        term = ox.NamedNode(self.namespace + local)
        setattr(self, local, term)
        return term

    def __getitem__(self, local: str) -> ox.NamedNode:
        return getattr(self, local)


def _vocabulary(prefix: str) -> Vocabulary:
    """Our namespaces hold the terms ontology/omkg.ttl declares; the others those rdflib's DefinedNamespace for them
    lists. SEM and WGS84 have no such list in rdflib, and wd: names every Wikidata item: those stay open."""
    namespace = PREFIXES[prefix]
    if prefix in ("omkg", "omkgev"):
        terms = frozenset(iri[len(namespace):] for iri in _ONTOLOGY_IRIS if iri.startswith(namespace))
        return Vocabulary(namespace, terms, "ontology/omkg.ttl")
    defined = {"schema": rdflib_namespace.SDO, "org": rdflib_namespace.ORG, "foaf": rdflib_namespace.FOAF,
               "prov": rdflib_namespace.PROV, "skos": rdflib_namespace.SKOS, "owl": rdflib_namespace.OWL,
               "dcterms": rdflib_namespace.DCTERMS, "rdf": rdflib_namespace.RDF, "rdfs": rdflib_namespace.RDFS,
               "xsd": rdflib_namespace.XSD}.get(prefix)
    if defined is None:
        return Vocabulary(namespace, None, prefix + ":")
    listed = {name for klass in defined.__mro__ for name in getattr(klass, "__annotations__", {})}
    return Vocabulary(namespace, frozenset(listed | set(getattr(defined, "_extras", ()))), f"rdflib's {prefix}:")


_ONTOLOGY_IRIS = frozenset(term.value for triple in ox.parse(path=str(ontology_file("omkg.ttl")),
                                                              format=ox.RdfFormat.TURTLE)
                           for term in (triple.subject, triple.object) if isinstance(term, ox.NamedNode))  # read once
OMKG, EVENT_TYPE, SCHEMA, ORG, SEM, GEO, WD, FOAF, PROV, SKOS, OWL, DCTERMS, RDF, RDFS, XSD = (
    _vocabulary(prefix) for prefix in
    ("omkg", "omkgev", "schema", "org", "sem", "geo", "wd", "foaf", "prov", "skos", "owl", "dcterms", "rdf", "rdfs",
     "xsd"))
DEFAULT_GRAPH = ox.DefaultGraph()
Term = ox.NamedNode | ox.Literal
QuadTerms = tuple[ox.NamedNode, ox.NamedNode, Term, ox.NamedNode | ox.DefaultGraph]  # plain tuples: cheap to make,
# hash and unpack (reading the attributes of an ox.Quad copies its terms)

LOCATION_CLASSES = {"country": SCHEMA.Country, "city": SCHEMA.City, "region": OMKG.Region}
EDGE_PREDICATES = {
    "REPORTS": OMKG.reports,
    "HAPPENED_IN": SCHEMA.location,
    "HOLDS_POSITION": ORG.holds,
    "POSITION_OF": OMKG.positionOf,  # org:postIn when the position belongs to an organisation
    "MEMBER_OF": ORG.memberOf,
    "LOCATED_IN": SCHEMA.containedInPlace,
    "SUB_ORGANIZATION_OF": ORG.subOrganizationOf,
    # PARTICIPATED_IN is written as sem:hasActor on the event, the direction SEM defines
}
# the relations several posts may state (not omkg:reports, nor its inverse: a post reports an event once)
REPEATABLE_PREDICATES = frozenset({*EDGE_PREDICATES.values(), SEM.hasActor, ORG.postIn}) - {OMKG.reports}
DEFAULT_GRAPH_EDGES = {"PUBLISHED_IN": SCHEMA.isPartOf, "FORWARDED_FROM": OMKG.forwardedFrom}
MEASURE_PLACES = 6  # decimals of a centrality in RDF


class Namer:
    """IRIs from our ids under one base: stable across runs and sinks, never from database-internal ids."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self._made: dict[str, ox.NamedNode] = {}

    def __call__(self, path: str) -> ox.NamedNode:
        term = self._made.get(path)
        if term is None:
            term = self._made[path] = ox.NamedNode(self.base + quote(path, safe="/-_.~"))
        return term

    def node(self, graph: nx.MultiDiGraph, node_id: str) -> ox.NamedNode:
        return self.post(node_id) if graph.nodes[node_id]["type"] == "Post" else self(node_id)

    def post(self, post_id: str) -> ox.NamedNode:
        return self(f"post/{post_id}")

    def post_graph(self, post_id: str) -> ox.NamedNode:
        return self(f"post/{post_id}/assertions")


def quads(graph: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Iterator[QuadTerms]:
    """The whole graph as quads: the default graph first, then each post's named graph in turn."""
    name = Namer(base)
    edges_by_post: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
    for source, target, data in graph.edges(data=True):
        if data["type"] not in DEFAULT_GRAPH_EDGES:
            edges_by_post[data["post"]].append((source, target, data))
    for node_id, data in graph.nodes(data=True):
        yield from _describe(name, node_id, data, DEFAULT_GRAPH)
        if data["type"] == "Post":
            yield from _post_links(graph, name, node_id, node_id in edges_by_post)
    for post_id, edges in edges_by_post.items():
        yield from _post_graph(graph, name, post_id, edges)


def post_quads(graph: nx.MultiDiGraph, post_id: str, base: str = DEFAULT_BASE) -> Iterator[QuadTerms]:
    """One post's quads — its description and links in the default graph, then its named graph — from a graph of
    that post and what it names (a streamed build makes one per post, kg/build.py)."""
    name = Namer(base)
    edges = [(source, target, data) for source, target, data in graph.edges(data=True)
             if data["post"] == post_id and data["type"] not in DEFAULT_GRAPH_EDGES]
    yield from _describe(name, post_id, graph.nodes[post_id], DEFAULT_GRAPH)
    yield from _post_links(graph, name, post_id, bool(edges))
    if edges:
        yield from _post_graph(graph, name, post_id, edges)


def description_quads(graph: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Iterator[QuadTerms]:
    """The descriptions of every node but the posts: the default graph's part that no one post holds."""
    name = Namer(base)
    for node_id, data in graph.nodes(data=True):
        if data["type"] != "Post":
            yield from _describe(name, node_id, data, DEFAULT_GRAPH)


def _post_links(graph: nx.MultiDiGraph, name: Namer, post_id: str, asserts: bool) -> Iterator[QuadTerms]:
    """The post's channels, and its named graph's provenance (a post that asserts nothing has no named graph)."""
    for _, channel, edge_type in graph.out_edges(post_id, data="type"):
        if edge_type in DEFAULT_GRAPH_EDGES:
            yield (name.post(post_id), DEFAULT_GRAPH_EDGES[edge_type], name(channel), DEFAULT_GRAPH)
    if asserts:
        yield (name.post_graph(post_id), PROV.wasDerivedFrom, name.post(post_id), DEFAULT_GRAPH)


def _post_graph(graph: nx.MultiDiGraph, name: Namer, post_id: str, edges: list) -> Iterator[QuadTerms]:
    """What one post asserts; mentions and assertions are numbered in a content order, so IRIs are stable."""
    g = name.post_graph(post_id)
    post = name.post(post_id)
    mentions = sorted((e for e in edges if e[2]["type"] == "MENTIONS"),
                      key=lambda e: (e[2]["start"], e[2]["end"], e[1]))
    spans = [(name(f"mention/{post_id}/{number}"), target, data) for number, (_, target, data) in enumerate(mentions)]
    by_span = {(data["start"], data["end"], target): mention for mention, target, data in spans}
    # schema:mentions for the people, organisations and places named; a span naming an event or a position is
    # evidence for it, not a mention of an entity
    for entity_id in dict.fromkeys(target for _, target, _ in spans):
        if graph.nodes[entity_id]["type"] in NAMED_TYPES:  # what schema:mentions may point to
            yield (post, SCHEMA.mentions, name(entity_id), g)
    for mention, _, _ in spans:
        yield (post, OMKG.hasMention, mention, g)
    for mention, target, data in spans:
        yield from _mention(g, post, mention, name(target), data)
    relations = sorted((e for e in edges if e[2]["type"] != "MENTIONS"), key=lambda e: (e[0], e[2]["type"], e[1]))
    for number, (source, target, data) in enumerate(relations):
        subject, predicate, obj = _relation(graph, name, source, target, data["type"])
        yield (subject, predicate, obj, g)
        if data["type"] == "REPORTS":
            yield (obj, OMKG.reportedIn, subject, g)
        evidence = [by_span[span] for span in _evidence_spans(data, source, target) if span in by_span]
        yield from _assertion(g, name(f"assertion/{post_id}/{number}"), (subject, predicate, obj), post, data,
                              evidence)


def _describe(name: Namer, node_id: str, data: dict, g) -> Iterator[QuadTerms]:
    node_type = data["type"]
    iri = name.post(node_id) if node_type == "Post" else name(node_id)
    for rdf_class in _classes(data):
        yield (iri, RDF.type, rdf_class, g)
    for predicate, obj in _properties(node_id, data):
        yield (iri, predicate, obj, g)


def _classes(data: dict) -> list[ox.NamedNode]:
    node_type, kind = data["type"], data.get("kind")
    if node_type == "Location":
        return [SCHEMA.Place] + ([LOCATION_CLASSES[kind]] if kind in LOCATION_CLASSES else [])
    if node_type == "Organisation":
        return [ORG.Organization] + ([ORG.FormalOrganization] if kind == "international" else [])
    return {"Post": [SCHEMA.SocialMediaPosting], "Channel": [OMKG.Channel], "Event": [SEM.Event, SCHEMA.Event],
            "Position": [ORG.Post], "Person": [FOAF.Person]}[node_type]


def _properties(node_id: str, data: dict) -> Iterator[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]]:
    node_type = data["type"]
    yield DCTERMS.identifier, ox.Literal(node_id)
    if node_type == "Post":
        yield SCHEMA.text, ox.Literal(data.get("text") or "")
        yield OMKG.ordinal, integer_literal(data["ordinal"])
        if data.get("message_id") is not None:
            yield SCHEMA.identifier, ox.Literal(str(data["message_id"]))
        if data.get("date"):
            yield SCHEMA.datePublished, ox.Literal(data["date"], datatype=XSD.dateTime)
        if data.get("url"):
            yield SCHEMA.url, ox.NamedNode(data["url"])
        return
    if node_type == "Channel":
        yield SCHEMA.name, ox.Literal(data["label"])
        return
    if node_type == "Event":
        yield OMKG.eventType, EVENT_TYPE[data["event_type"]]
        yield RDFS.label, ox.Literal(data["label"], language="en")
        for key, predicate in (("date", SCHEMA.startDate), ("end_date", SCHEMA.endDate)):
            if data.get(key):
                yield predicate, date_literal(data[key])
        return
    label = ox.Literal(data["label"], language="en")
    yield SKOS.prefLabel, label
    yield RDFS.label, label
    if node_type == "Position":
        yield OMKG.positionTitle, ox.Literal(data["title"])
        return
    if node_type == "Person":
        yield FOAF.name, ox.Literal(data["label"])
    if node_type == "Organisation" and data.get("kind"):
        yield OMKG.organisationKind, ox.Literal(data["kind"])
    for alias in data.get("aliases") or ():
        yield SKOS.altLabel, ox.Literal(alias, language=language_of(alias))
    if data.get("wikidata"):
        yield OWL.sameAs, WD[data["wikidata"]]
    for key, predicate in (("lat", GEO.lat), ("long", GEO.long)):
        if data.get(key) not in (None, ""):
            yield predicate, decimal_literal(data[key])
    if data.get("iso2"):
        yield OMKG.isoCode, ox.Literal(data["iso2"])
    if "community" in data:  # co-mentioned: its measures in the co-mention network (kg/measures.py)
        yield OMKG.degreeCentrality, decimal_literal(round(data["degree_centrality"], MEASURE_PLACES))
        yield OMKG.betweennessCentrality, decimal_literal(round(data["betweenness_centrality"], MEASURE_PLACES))
        yield OMKG.coMentionCommunity, integer_literal(data["community"])


def _mention(g, post, mention, entity, data: dict) -> Iterator[QuadTerms]:
    yield (mention, RDF.type, OMKG.Mention, g)
    yield (mention, OMKG.inPost, post, g)
    yield (mention, OMKG.refersTo, entity, g)
    yield (mention, OMKG.surface, ox.Literal(data["surface"]), g)
    yield (mention, OMKG.start, integer_literal(data["start"]), g)
    yield (mention, OMKG.end, integer_literal(data["end"]), g)
    yield (mention, OMKG.extractor, ox.Literal(data["extractor"]), g)
    yield (mention, OMKG.confidence, confidence_literal(data["confidence"]), g)


def _relation(graph: nx.MultiDiGraph, name: Namer, source: str, target: str, edge_type: str):
    if edge_type == "PARTICIPATED_IN":
        return name(target), SEM.hasActor, name(source)
    if edge_type == "POSITION_OF" and graph.nodes[target]["type"] == "Organisation":
        return name(source), ORG.postIn, name(target)  # org:postIn wants an organisation; a country gets positionOf
    return name.node(graph, source), EDGE_PREDICATES[edge_type], name(target)


def _evidence_spans(data: dict, source: str, target: str) -> Iterator[tuple[int, int, str]]:
    """The mentions an edge's evidence offsets point to: spans of the same post naming its source or its target."""
    for start, end in zip(data.get("evidence_start") or (), data.get("evidence_end") or ()):
        yield (start, end, source)
        yield (start, end, target)


def _assertion(g, node, triple, post, data: dict, evidence: list[ox.NamedNode]) -> Iterator[QuadTerms]:
    subject, predicate, obj = triple
    yield (node, RDF.type, OMKG.Assertion, g)
    yield (node, RDF.subject, subject, g)
    yield (node, RDF.predicate, predicate, g)
    yield (node, RDF.object, obj, g)
    yield (node, PROV.wasDerivedFrom, post, g)
    yield (node, OMKG.extractor, ox.Literal(data["extractor"]), g)
    yield (node, OMKG.confidence, confidence_literal(data["confidence"]), g)
    for mention in evidence:
        yield (node, OMKG.evidence, mention, g)


def date_literal(value: str) -> ox.Literal:
    """ISO dates are xsd:date; a date without a year (--06-20) is xsd:gMonthDay."""
    return ox.Literal(value, datatype=XSD.gMonthDay if value.startswith("--") else XSD.date)


def integer_literal(value: int) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=XSD.integer)


def decimal_literal(value) -> ox.Literal:
    """xsd:decimal in fixed-point notation ("0.95", never "9.5E-1"): floats would be xsd:double and fail the shapes."""
    return ox.Literal(format(Decimal(str(value)), "f"), datatype=XSD.decimal)


def confidence_literal(value: float) -> ox.Literal:
    return decimal_literal(round(float(value), 4))


def language_of(text: str) -> str:
    return "ru" if any("\u0400" <= ch <= "\u04ff" for ch in text) else "en"


def flatten(quads_: Iterable[QuadTerms]) -> Iterator[tuple[ox.NamedNode, ox.NamedNode, Term]]:
    """The dataset as one graph, for Turtle and N-Triples: a fact several posts state is written once.

    Only a relation between entities or events can be stated by several posts — a node is described once;
    mentions, assertions and a post's reports of events belong to one post — so only those are checked for repeats
    (checking every triple would double the time of a large export, and hold every triple in memory)."""
    seen: set[tuple] = set()
    for s, p, o, _ in quads_:
        if p in REPEATABLE_PREDICATES:
            if (s, p, o) in seen:
                continue
            seen.add((s, p, o))
        yield s, p, o


# ---- the same quads as rdflib terms, for the ontology tooling and small graphs ----------------------------------

def to_dataset(graph: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Dataset:
    return dataset_from_quads(quads(graph, base))


def dataset_from_quads(quads_: Iterable[QuadTerms]) -> Dataset:
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    graphs: dict[object, Graph] = {DEFAULT_GRAPH: dataset.default_graph}
    for s, p, o, g in quads_:
        target = graphs.get(g)
        if target is None:
            target = graphs[g] = dataset.graph(URIRef(g.value))
        target.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return dataset


XSD_STRING = XSD.string.value


def to_rdflib(term):
    """A pyoxigraph term as the rdflib term that parsing its serialisation would give."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))


def isomorphic_datasets(a: Dataset, b: Dataset) -> bool:
    """The same graph names, and each graph isomorphic: the check for round trips (files, Neo4j → RDF)."""
    names_a = {g.identifier for g in a.graphs() if len(g)}
    names_b = {g.identifier for g in b.graphs() if len(g)}
    return names_a == names_b and all(isomorphic(a.graph(name), b.graph(name)) for name in names_a)
