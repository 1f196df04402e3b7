"""The ontology, its SHACL shapes, the JSON-LD context and the README examples agree with each other.

Data: tests/data/ontology/valid.trig (the README's worked example plus a second post) must conform;
tests/data/ontology/invalid.ttl and small mutations of the valid graph must not, with readable messages.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, SH, SKOS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from kg.extract.resources import rows

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "omkg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
CONTEXT = ROOT / "ontology" / "context.jsonld"
README = ROOT / "ontology" / "README.md"
DATA = ROOT / "tests" / "data" / "ontology"

OMKG = Namespace("https://w3id.org/omkg/ontology#")
OMKGEV = Namespace("https://w3id.org/omkg/event-type/")
ONTOLOGY_IRI = URIRef("https://w3id.org/omkg/ontology")
VERSION_IRI = URIRef("https://w3id.org/omkg/ontology/0.1.0")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
# every type the event extractor can give: those its triggers name, and "other"
EVENT_TYPES = tuple(sorted({row["type"] for row in rows("event_types.tsv")} | {"other"}))

PREFIXES = """\
@prefix omkg:   <https://w3id.org/omkg/ontology#> .
@prefix omkgev: <https://w3id.org/omkg/event-type/> .
@prefix schema: <https://schema.org/> .
@prefix foaf:   <http://xmlns.com/foaf/0.1/> .
@prefix org:    <http://www.w3.org/ns/org#> .
@prefix sem:    <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix geo:    <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix owl:    <http://www.w3.org/2002/07/owl#> .
@prefix rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix wd:     <http://www.wikidata.org/entity/> .
@base           <https://w3id.org/omkg/id/> .
"""
SPARQL_PREFIXES = re.sub(r"@prefix (\S+)\s+(<[^>]+>) \.", r"PREFIX \1 \2", PREFIXES).replace("@base", "BASE")
SPARQL_PREFIXES = re.sub(r"BASE\s+(<[^>]+>) \.", r"BASE \1", SPARQL_PREFIXES)


# ---- helpers ----------------------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@lru_cache(maxsize=None)
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def flatten(dataset: Dataset) -> Graph:
    """The union of all graphs of a dataset: what the shapes validate."""
    flat = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        flat.add((s, p, o))
    return flat


def load_trig(path_or_text, *, text: bool = False) -> Dataset:
    dataset = Dataset()
    if text:
        dataset.parse(data=path_or_text, format="trig")
    else:
        dataset.parse(path_or_text, format="trig")
    return dataset


@lru_cache(maxsize=None)
def valid_dataset() -> Dataset:
    return load_trig(DATA / "valid.trig")


def valid_graph() -> Graph:
    graph = Graph()
    for triple in flatten(valid_dataset()):
        graph.add(triple)
    return graph


def check(graph: Graph, inference: str = "none", allow_warnings: bool = False):
    conforms, report, text = validate(graph, shacl_graph=shapes(), ont_graph=ontology(), inference=inference,
                                      allow_warnings=allow_warnings)
    messages = sorted({str(m) for m in report.objects(None, SH.resultMessage)})
    return conforms, messages, text


def readme_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


# ---- the ontology -----------------------------------------------------------------------------------------------


def test_ontology_and_shapes_parse():
    assert len(ontology()) > 100
    assert len(shapes()) > 100


def test_ontology_header():
    g = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert (ONTOLOGY_IRI, OWL.versionIRI, VERSION_IRI) in g
    assert (ONTOLOGY_IRI, OWL.versionInfo, Literal("0.1.0")) in g
    dcterms = Namespace("http://purl.org/dc/terms/")
    for prop in (dcterms.title, dcterms.description, dcterms.license, RDFS.label, RDFS.comment):
        assert g.value(ONTOLOGY_IRI, prop) is not None, f"the ontology header lacks {prop}"
    assert not list(g.objects(ONTOLOGY_IRI, OWL.imports)), "omkg.ttl is meant to be self-contained"


def _own_terms(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and _is_own(s)}


def _is_own(term) -> bool:
    return str(term).startswith((str(OMKG), str(OMKGEV)))


def test_every_own_term_has_english_label_and_comment():
    g = ontology()
    terms = _own_terms(g)
    assert OMKG.Mention in terms and OMKGEV.meeting in terms
    for term in terms:
        labels = [l for l in g.objects(term, RDFS.label) if isinstance(l, Literal) and l.language == "en"]
        comments = [c for c in g.objects(term, RDFS.comment) if isinstance(c, Literal) and c.language == "en"]
        assert labels, f"{term} has no English rdfs:label"
        assert comments, f"{term} has no English rdfs:comment"


def test_own_properties_have_domain_and_range():
    g = ontology()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in g.subjects(RDF.type, kind):
            assert g.value(prop, RDFS.domain) is not None, f"{prop} has no rdfs:domain"
            if prop != OMKG.refersTo:  # deliberately open: see its comment
                assert g.value(prop, RDFS.range) is not None, f"{prop} has no rdfs:range"


def test_no_axioms_about_terms_we_do_not_own():
    g = ontology()
    for s in g.subjects():
        if isinstance(s, URIRef) and s != ONTOLOGY_IRI:
            assert _is_own(s), f"omkg.ttl states something about {s}"


def test_every_omkg_term_used_anywhere_is_defined():
    defined = _own_terms(ontology())
    used: set[str] = set()
    for graph in (shapes(), valid_graph(), Graph().parse(DATA / "invalid.ttl")):
        for triple in graph:
            used.update(str(t) for t in triple if isinstance(t, URIRef))
    context = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    for value in context.values():
        iri = value["@id"] if isinstance(value, dict) else value
        if iri.startswith("omkg:"):
            used.add(str(OMKG) + iri[len("omkg:"):])
    used = {u for u in used if _is_own(u)}
    assert used - {str(t) for t in defined} == set()


def test_event_types_are_a_skos_scheme_with_english_and_russian_labels():
    g = ontology()
    scheme = OMKG.EventTypeScheme
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    concepts = set(g.subjects(SKOS.inScheme, scheme))
    assert concepts == {OMKGEV[name] for name in EVENT_TYPES}
    for name in EVENT_TYPES:
        concept = OMKGEV[name]
        assert (concept, RDF.type, SKOS.Concept) in g
        assert (scheme, SKOS.hasTopConcept, concept) in g
        languages = sorted(l.language for l in g.objects(concept, SKOS.prefLabel))
        assert languages == ["en", "ru"], f"{name}: prefLabels in {languages}"
        assert g.value(concept, SKOS.definition) is not None, f"{name} has no skos:definition"
        assert str(g.value(concept, SKOS.notation)) == name


def test_shapes_allow_exactly_the_event_types_of_the_scheme():
    g = shapes()
    lists = [Collection(g, o) for s, o in g.subject_objects(SH["in"])]
    event_type_lists = [list(c) for c in lists if any(str(x).startswith(str(OMKGEV)) for x in c)]
    assert len(event_type_lists) == 1
    assert set(event_type_lists[0]) == set(ontology().subjects(SKOS.inScheme, OMKG.EventTypeScheme))


def test_shapes_are_valid_shacl():
    conforms, _, text = validate(shapes(), meta_shacl=True, shacl_graph=shapes())
    assert conforms, text


def test_every_shape_has_a_message_for_people():
    g = shapes()
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
    targeted = {s for t in targets for s in g.subjects(t, None)}
    assert len(targeted) >= 12
    for node_shape in targeted:
        constraints = set(g.objects(node_shape, SH.property)) | set(g.objects(node_shape, SH.sparql))
        for constraint in constraints:
            assert g.value(constraint, SH.message) is not None, f"a constraint of {node_shape} has no sh:message"
        node_level = {SH["class"], SH["or"], SH["and"], SH["not"], SH["in"]} & set(g.predicates(node_shape, None))
        if node_level:
            assert g.value(node_shape, SH.message) is not None, f"{node_shape} has no sh:message"


# ---- validation --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_valid_example_conforms(inference):
    conforms, messages, text = check(valid_graph(), inference=inference)
    assert conforms, text


def test_valid_example_follows_the_named_graph_pattern():
    dataset = valid_dataset()
    default = dataset.default_context
    named = [g for g in dataset.graphs() if g.identifier != default.identifier]
    assert named
    for graph in named:
        post = default.value(graph.identifier, PROV.wasDerivedFrom)
        assert post is not None and str(graph.identifier) == f"{post}/assertions"
        assert (post, RDF.type, SCHEMA.SocialMediaPosting) in default
        for assertion in graph.subjects(RDF.type, OMKG.Assertion):
            assert graph.value(assertion, PROV.wasDerivedFrom) == post
        # the post's named graph describes no entity: labels and aliases live in the default graph
        assert not list(graph.triples((None, SKOS.prefLabel, None)))
        assert not list(graph.triples((None, SKOS.altLabel, None)))


def test_invalid_example_reports_each_problem():
    graph = Graph().parse(DATA / "invalid.ttl", format="turtle")
    conforms, messages, text = check(graph)
    assert not conforms
    joined = "\n".join(messages)
    assert "startDate must be a single xsd:date" in joined
    assert "participant (sem:hasActor) must be a Person" in joined
    assert "omkg:start offset" in joined and "omkg:end offset" in joined
    # the report names the offending nodes and paths too
    assert "Focus Node: <https://w3id.org/omkg/id/event/rusembusa/9000/0>" in text
    assert "Focus Node: <https://w3id.org/omkg/id/mention/rusembusa/9000/0>" in text
    assert "Result Path: schema:startDate" in text and "Result Path: sem:hasActor" in text
    assert "Result Path: omkg:start" in text and "Result Path: omkg:end" in text
    assert len(messages) == 4, messages


E = "<event/rusembusa/7401/0>"
M = "<mention/rusembusa/7401/2>"


def _replace(node: str, prop: str, value: str) -> str:
    return f"DELETE {{ {node} {prop} ?old }} INSERT {{ {node} {prop} {value} }} WHERE {{ {node} {prop} ?old }}"


MUTATIONS = {
    "start date as a plain string": (_replace(E, "schema:startDate", '"June 20, 2023"'), "startDate must be"),
    "malformed xsd:date": (_replace(E, "schema:startDate", '"June 20"^^xsd:date'), "startDate must be"),
    "malformed gMonthDay": (_replace("<event/rusembusa/7402/0>", "schema:startDate", '"06-21"^^xsd:gMonthDay'),
                            "startDate must be"),
    "organisation as participant": (f"INSERT DATA {{ {E} sem:hasActor <org/csto> }}",
                                    "participant (sem:hasActor) must be a Person"),
    "person as place": (_replace(E, "schema:location", "<person/sergey-lavrov>"), "place (schema:location)"),
    "unknown event type": (_replace(E, "omkg:eventType", "omkgev:party"), "omkg:eventType"),
    "event without schema:Event": (f"DELETE DATA {{ {E} a schema:Event }}", "both sem:Event and schema:Event"),
    "event not reported back": (f"DELETE DATA {{ <post/rusembusa/7401> omkg:reports {E} }}", "omkg:reportedIn"),
    "mention without offsets": (f"DELETE WHERE {{ {M} omkg:start ?s ; omkg:end ?e }}", "omkg:start offset"),
    "start after end": (_replace(M, "omkg:start", "50"), "less than its omkg:end"),
    "surface not at offsets": (_replace(M, "omkg:surface", '"Sergey Lavrov"'), "reads Sergey #Lavrov"),
    "confidence as double": (_replace(M, "omkg:confidence", '"0.9"^^xsd:double'), "xsd:decimal from 0 to 1"),
    "confidence above 1": (_replace(M, "omkg:confidence", "1.5"), "xsd:decimal from 0 to 1"),
    "mention not listed by its post": (f"DELETE DATA {{ <post/rusembusa/7401> omkg:hasMention {M} }}",
                                       "must list it with omkg:hasMention"),
    "mentioned without a span": ("INSERT DATA { <post/rusembusa/7401> schema:mentions <place/belarus> }",
                                 "none of its Mentions refers to it"),
    "span not listed as mentioned": ("DELETE DATA { <post/rusembusa/7401> schema:mentions <place/minsk> }",
                                     "does not list it with schema:mentions"),
    "post without channel": ("DELETE WHERE { <post/rusembusa/7401> schema:isPartOf ?c }", "exactly one omkg:Channel"),
    "date published as a date": (_replace("<post/rusembusa/7401>", "schema:datePublished", '"2023-06-20"^^xsd:date'),
                                 "xsd:dateTime"),
    "alias without language": ("INSERT DATA { <person/sergey-lavrov> skos:altLabel 'S. Lavrov' }", "language tag"),
    "two preferred labels": ("INSERT DATA { <person/sergey-lavrov> skos:prefLabel 'S. Lavrov'@en }",
                             "exactly one skos:prefLabel"),
    "label differs from prefLabel": (_replace("<org/csto>", "rdfs:label", '"C.S.T.O."@en'),
                                     "equal to its skos:prefLabel"),
    "sameAs not a Wikidata entity": ("INSERT DATA { <place/minsk> owl:sameAs <https://www.wikidata.org/wiki/Q2280> }",
                                     "Wikidata entity IRI"),
    "latitude out of range": (_replace("<place/minsk>", "geo:lat", "153.9"), "latitude from -90 to 90"),
    "latitude without longitude": ("DELETE WHERE { <place/minsk> geo:long ?x }", "both geo:lat and geo:long"),
    "bad ISO code": (_replace("<place/russia>", "omkg:isoCode", '"RUS"'), "alpha-2"),
    "city in a region": (_replace("<place/minsk>", "schema:containedInPlace", "<place/central-asia>"),
                         "must be a schema:Country"),
    "international but not formal": ("DELETE DATA { <org/csto> a org:FormalOrganization }",
                                      "must also be typed org:FormalOrganization"),
    "person as member": ("INSERT DATA { <person/sergey-lavrov> org:memberOf <org/csto> }",
                         "Only a country or an organisation can be a member"),
    "member of a place": ("INSERT DATA { <place/russia> org:memberOf <place/belarus> }",
                          "must be an org:Organization"),
    "position without title": ("DELETE WHERE { <position/minister-of-foreign-affairs-of-russia> "
                               "omkg:positionTitle ?t }",
                               "omkg:positionTitle"),
    "holds a non-position": ("INSERT DATA { <person/sergey-lavrov> org:holds <org/csto> }", "must be a position"),
    "asserted triple missing": ("DELETE DATA { <person/sergey-lavrov> org:holds "
                                "<position/minister-of-foreign-affairs-of-russia> }", "is not itself in the data"),
    "evidence from another post": ("INSERT DATA { <assertion/rusembusa/7401/0> omkg:evidence "
                                   "<mention/rusembusa/7402/0> }", "another post"),
    "assertion without provenance": ("DELETE WHERE { <assertion/rusembusa/7401/0> prov:wasDerivedFrom ?p }",
                                     "derived from exactly one post"),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_mutation_is_reported(name):
    update, expected = MUTATIONS[name]
    graph = valid_graph()
    before = set(graph)
    graph.update(SPARQL_PREFIXES + update)
    assert set(graph) != before, f"the mutation {name!r} changed nothing"
    conforms, messages, text = check(graph)
    assert not conforms
    assert any(expected in m for m in messages), f"{expected!r} not in {messages}"


@pytest.mark.parametrize("update, expected", [
    pytest.param("DELETE WHERE { <place/minsk> schema:containedInPlace ?c }", "which country it lies in",
                 id="city without country"),
    pytest.param("DELETE WHERE { <position/minister-of-foreign-affairs-of-russia> omkg:positionOf ?c }",
                 "whose office it is", id="position of nothing"),
    pytest.param("INSERT DATA { <org/un-security-council> a org:Organization ; "
                 "skos:prefLabel 'UN Security Council'@en ; rdfs:label 'UN Security Council'@en ; "
                 "omkg:organisationKind 'organ' }", "linked to its parent",
                 id="organ without parent"),
])
def test_incomplete_data_only_warns(update, expected):
    graph = valid_graph()
    graph.update(SPARQL_PREFIXES + update)
    conforms, messages, _ = check(graph)
    assert not conforms and any(expected in m for m in messages), messages
    conforms, _, text = check(graph, allow_warnings=True)
    assert conforms, text


# ---- JSON-LD context ---------------------------------------------------------------------------------------------


def test_context_has_the_short_names():
    context = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    for name in ("Post", "Person", "Organisation", "Location", "Event", "Mention", "mentions", "surface", "start",
                 "end", "extractor", "confidence", "startDate", "location", "participants", "label", "prefLabel",
                 "altLabel", "sameAs", "lat", "long"):
        assert name in context, name
    assert context["participants"] == {"@id": "sem:hasActor", "@type": "@id", "@container": "@set"}
    assert context["startDate"]["@type"] == "xsd:date"
    assert context["location"]["@type"] == "@id"


def test_jsonld_round_trip_with_the_context():
    context = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    graph = valid_graph()
    text = graph.serialize(format="json-ld", context=context)
    document = json.loads(text)
    nodes = {node["id"]: node for node in document["@graph"]}
    event = nodes["https://w3id.org/omkg/id/event/rusembusa/7401/0"]
    assert event["participants"] == ["https://w3id.org/omkg/id/person/sergey-lavrov"]
    assert event["startDate"] == "2023-06-20" and event["location"].endswith("place/minsk")
    assert nodes["https://w3id.org/omkg/id/mention/rusembusa/7401/2"]["start"] == 30
    assert isomorphic(graph, Graph().parse(data=text, format="json-ld"))
    # and the dataset, named graphs included
    dataset = valid_dataset()
    again = Dataset()
    again.parse(data=dataset.serialize(format="json-ld", context=context), format="json-ld")
    assert isomorphic(flatten(dataset), flatten(again))
    assert {str(g.identifier) for g in again.graphs()} == {str(g.identifier) for g in dataset.graphs()}


# ---- README -------------------------------------------------------------------------------------------------------


def test_readme_worked_example_is_part_of_the_test_data_and_conforms():
    (block,) = readme_blocks("trig")
    example = load_trig(block, text=True)
    assert len(example) > 50
    full = valid_dataset()
    for s, p, o, g in example.quads((None, None, None, None)):
        assert (s, p, o, g) in full or (s, p, o) in full.graph(g), (s, p, o, g)
    conforms, _, text = check(flatten(example))
    assert conforms, text


def test_readme_turtle_snippets_parse():
    snippets = readme_blocks("turtle")
    # the one-line examples of the term tables
    snippets += re.findall(r"\| `((?:<|omkgev:)[^`|]+ \.)` \|", README.read_text(encoding="utf-8"))
    assert len(snippets) > 40
    for snippet in snippets:
        Graph().parse(data=PREFIXES + snippet, format="turtle")


def test_readme_lists_every_class_and_property_the_examples_use():
    readme = README.read_text(encoding="utf-8")
    graph = valid_graph()
    namespaces = {prefix: str(ns) for prefix, ns in re.findall(r"@prefix (\w+):\s+<([^>]+)>", PREFIXES)}

    def curie(iri: URIRef) -> str:
        for prefix, ns in namespaces.items():
            if str(iri).startswith(ns):
                return f"{prefix}:{str(iri)[len(ns):]}"
        return str(iri)

    used = {curie(p) for p in graph.predicates()} | {curie(o) for o in graph.objects(None, RDF.type)}
    missing = sorted(term for term in used if f"`{term}`" not in readme and term != "rdf:type")
    assert missing == [], f"README term tables miss {missing}"


def test_a_term_the_vocabulary_does_not_define_is_an_error():
    from kg.rdf import EVENT_TYPE, OMKG, SCHEMA

    assert OMKG.Mention.value == "https://w3id.org/omkg/ontology#Mention" and SCHEMA.mentions.value.endswith("mentions")
    for vocabulary, misspelt in ((OMKG, "Mentoin"), (SCHEMA, "mentionz"), (EVENT_TYPE, "picnic")):
        with pytest.raises(AttributeError, match="is not a term of"):
            vocabulary[misspelt]
