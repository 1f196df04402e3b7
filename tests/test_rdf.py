"""kg/rdf.py: the graph → RDF mapping uses the standard vocabularies, keeps provenance per post, and is stable.

A two-post graph made by hand shows each mapping rule; the golden build (tests/data/golden-build, made from the
bundled sample by scripts/make_golden_build.py) pins the whole export down by graph isomorphism.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Dataset, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV

from kg.build import build
from kg.graph import graph_of_build
from kg.graph import build_graph
from kg.model import Assertion, Entity, EntityMention, Event, Post, PostRecord
from kg.rdf import DEFAULT_BASE, flatten, isomorphic_datasets, quads, to_dataset

GOLDEN = Path(__file__).parent / "data" / "golden-build"
SAMPLE = Path(__file__).resolve().parents[1] / "kg" / "sample" / "result.json"
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
OMKG = Namespace("https://w3id.org/omkg/ontology#")
ID = Namespace(DEFAULT_BASE)
TEXT = "Foreign Minister Sergey Lavrov takes part in the #CSTO council in Minsk, June 20, 2023. ОДКБ"


def span(text: str, surface: str, extractor: str = "gazetteer", confidence: float = 0.95) -> EntityMention:
    start = text.index(surface)
    return EntityMention(start, start + len(surface), surface, extractor, confidence)


def spans(*words: EntityMention) -> tuple[tuple[int, int], ...]:
    return tuple((w.start, w.end) for w in words)


RU_TEXT = "Лавров принял участие в заседании Совета ОДКБ в Минске 20 июня."


def records() -> list[PostRecord]:
    """Three posts: the first and the third report one event in Minsk with Lavrov (in English and in Russian); the
    first two mention the CSTO and state Belarus's membership."""
    first = Post(post_id="rusembusa/7401", message_id="7401", ordinal=0, channel="Embassy of Russia",
                 date=datetime(2023, 6, 20, 14, 5, tzinfo=timezone.utc), text=TEXT, forwarded_from="Russian MFA")
    lavrov_words = span(TEXT, "Sergey Lavrov")
    lavrov = Entity("person/sergey-lavrov", "Person", "Sergey Lavrov", aliases=["Lavrov", "Сергей Лавров"],
                    wikidata="Q80137", mentions=[lavrov_words])
    csto = Entity("org/csto", "Organisation", "CSTO", kind="international", aliases=["ОДКБ"],
                  mentions=[span(TEXT, "#CSTO", "hashtags", 0.9), span(TEXT, "ОДКБ")])
    minsk_words = span(TEXT, "Minsk", "dateline")
    minsk = Entity("place/minsk", "Location", "Minsk", kind="city", wikidata="Q2280",
                   attributes={"lat": 53.9, "long": 27.56667}, mentions=[minsk_words])
    belarus = Entity("place/belarus", "Location", "Belarus", kind="country", attributes={"iso2": "BY"})
    trigger, when = span(TEXT, "council", "events", 0.9), span(TEXT, "June 20, 2023", "dates", 0.9)
    event = Event("event/rusembusa/7401/0", "council", "2023-06-20", "place/minsk", ["person/sergey-lavrov"], 0.9,
                  trigger=trigger, date_words=when, place_words=minsk_words,
                  participant_words={"person/sergey-lavrov": lavrov_words})
    event_entity = Entity(event.id, "Event", "council, Minsk, 2023-06-20", kind="council", mentions=[trigger, when])
    position = "position/minister-of-foreign-affairs-of-russia"
    title = span(TEXT, "Foreign Minister", "titles", 0.85)
    post_one = PostRecord(
        post=first, entities=[lavrov, csto, minsk, belarus, event_entity], events=[event],
        assertions=[Assertion("rusembusa/7401", "reports", event.id, "events", 0.9, spans(trigger, when)),
                    Assertion("person/sergey-lavrov", "participatedIn", event.id, "events", 0.8,
                              spans(lavrov_words, trigger)),
                    Assertion(event.id, "place", "place/minsk", "dateline", 0.95, spans(minsk_words, trigger)),
                    Assertion("person/sergey-lavrov", "holdsPosition", position, "titles", 0.85,
                              spans(title, lavrov_words)),
                    Assertion("place/minsk", "locatedIn", "place/belarus", "gazetteer", 1.0),
                    Assertion("place/belarus", "memberOf", "org/csto", "membership", 0.8)],
        positions={position: {"label": "Minister of Foreign Affairs of Russia", "title": "Minister of Foreign Affairs",
                              "mentions": [{"start": title.start, "end": title.end, "surface": title.surface}]}})
    text = "Belarus is a member of the CSTO."
    second = Post(post_id="rusembusa/7402", message_id="7402", ordinal=1, channel="Embassy of Russia", date=None,
                  text=text)
    belarus_words, csto_words = span(text, "Belarus"), span(text, "CSTO")
    post_two = PostRecord(
        post=second, events=[],
        entities=[Entity("place/belarus", "Location", "Belarus", kind="country", aliases=["Беларусь"],
                         attributes={"iso2": "BY"}, mentions=[belarus_words]),
                  Entity("org/csto", "Organisation", "CSTO", kind="international", mentions=[csto_words])],
        assertions=[Assertion("place/belarus", "memberOf", "org/csto", "membership", 0.8,
                              spans(belarus_words, csto_words))])
    third = Post(post_id="ria/9", message_id="9", ordinal=0, channel="РИА Новости",
                 date=datetime(2023, 6, 20, 18, 0, tzinfo=timezone.utc), text=RU_TEXT)
    ru_lavrov, ru_trigger = span(RU_TEXT, "Лавров"), span(RU_TEXT, "заседании", "events", 0.7)
    ru_when = span(RU_TEXT, "20 июня", "dates", 0.7)
    post_three = PostRecord(
        post=third,
        entities=[Entity("person/sergey-lavrov", "Person", "Sergey Lavrov", aliases=["Lavrov", "Сергей Лавров"],
                         wikidata="Q80137", mentions=[ru_lavrov]),
                  Entity(event.id, "Event", "council, Minsk, 2023-06-20", kind="council",
                         mentions=[ru_trigger, ru_when])],
        events=[Event(event.id, "council", "2023-06-20", None, ["person/sergey-lavrov"], 0.7, trigger=ru_trigger,
                      date_words=ru_when, participant_words={"person/sergey-lavrov": ru_lavrov})],
        assertions=[Assertion("ria/9", "reports", event.id, "events", 0.7, spans(ru_trigger, ru_when)),
                    Assertion("person/sergey-lavrov", "participatedIn", event.id, "events", 0.7,
                              spans(ru_lavrov, ru_trigger))])
    return [post_one, post_two, post_three]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return to_dataset(build_graph(records()))


def union(dataset: Dataset):
    return {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}


def graph_of(dataset: Dataset, post_id: str):
    return dataset.graph(ID[f"post/{post_id}/assertions"])


def test_everything_is_typed_with_the_standard_vocabularies(dataset):
    triples = union(dataset)
    expected = {
        (ID["post/rusembusa/7401"], RDF.type, SCHEMA.SocialMediaPosting),
        (ID["person/sergey-lavrov"], RDF.type, FOAF.Person),
        (ID["org/csto"], RDF.type, ORG.Organization),
        (ID["org/csto"], RDF.type, ORG.FormalOrganization),
        (ID["place/minsk"], RDF.type, SCHEMA.Place),
        (ID["place/minsk"], RDF.type, SCHEMA.City),
        (ID["place/belarus"], RDF.type, SCHEMA.Country),
        (ID["event/rusembusa/7401/0"], RDF.type, SEM.Event),
        (ID["event/rusembusa/7401/0"], RDF.type, SCHEMA.Event),
        (ID["position/minister-of-foreign-affairs-of-russia"], RDF.type, ORG.Post),
    }
    assert expected <= triples


def test_labels_aliases_links_and_coordinates(dataset):
    triples = union(dataset)
    lavrov, minsk = ID["person/sergey-lavrov"], ID["place/minsk"]
    assert (lavrov, SKOS.prefLabel, Literal("Sergey Lavrov", lang="en")) in triples
    assert (lavrov, RDFS.label, Literal("Sergey Lavrov", lang="en")) in triples
    assert (lavrov, SKOS.altLabel, Literal("Lavrov", lang="en")) in triples
    assert (lavrov, SKOS.altLabel, Literal("Сергей Лавров", lang="ru")) in triples
    assert (lavrov, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q80137")) in triples
    assert (minsk, GEO.lat, Literal(Decimal("53.9"))) in triples
    assert (minsk, GEO.long, Literal(Decimal("27.56667"))) in triples
    assert (ID["place/belarus"], OMKG.isoCode, Literal("BY")) in triples


def test_event_date_place_and_participants(dataset):
    event = ID["event/rusembusa/7401/0"]
    named = graph_of(dataset, "rusembusa/7401")
    assert (event, SCHEMA.startDate, Literal("2023-06-20", datatype=XSD.date)) in dataset.default_graph
    assert (event, SCHEMA.location, ID["place/minsk"]) in named
    assert (event, SEM.hasActor, ID["person/sergey-lavrov"]) in named
    assert (ID["post/rusembusa/7401"], OMKG.reports, event) in named


def test_an_event_two_posts_report_is_described_once_and_reported_by_each(dataset):
    event = ID["event/rusembusa/7401/0"]
    triples = union(dataset)
    assert len({o for s, p, o in triples if (s, p) == (event, RDFS.label)}) == 1
    assert len({o for s, p, o in triples if (s, p) == (event, SCHEMA.startDate)}) == 1
    assert {o for s, p, o in triples if (s, p) == (event, OMKG.reportedIn)} == {
        ID["post/rusembusa/7401"], ID["post/ria/9"]}
    russian = graph_of(dataset, "ria/9")
    assert (ID["post/ria/9"], OMKG.reports, event) in russian
    assert (event, SEM.hasActor, ID["person/sergey-lavrov"]) in russian
    assert (event, SCHEMA.location, None) not in russian  # the Russian post names no place


def evidence_words(dataset, post_id, subject, predicate, obj):
    """The surfaces of the mentions an assertion of the post rests on, with what each refers to."""
    named = graph_of(dataset, post_id)
    (assertion,) = [a for a in named.subjects(RDF.subject, subject)
                    if (a, RDF.predicate, predicate) in named and (a, RDF.object, obj) in named]
    return {(str(named.value(m, OMKG.surface)), named.value(m, OMKG.refersTo))
            for m in named.objects(assertion, OMKG.evidence)}


def test_assertions_rest_on_the_words_that_state_them(dataset):
    event, lavrov = ID["event/rusembusa/7401/0"], ID["person/sergey-lavrov"]
    position = ID["position/minister-of-foreign-affairs-of-russia"]
    assert evidence_words(dataset, "rusembusa/7401", event, SEM.hasActor, lavrov) == {
        ("Sergey Lavrov", lavrov), ("council", event)}
    assert evidence_words(dataset, "rusembusa/7401", ID["post/rusembusa/7401"], OMKG.reports, event) == {
        ("council", event), ("June 20, 2023", event)}
    assert evidence_words(dataset, "rusembusa/7401", event, SCHEMA.location, ID["place/minsk"]) == {
        ("Minsk", ID["place/minsk"]), ("council", event)}
    assert evidence_words(dataset, "rusembusa/7401", lavrov, ORG.holds, position) == {
        ("Foreign Minister", position), ("Sergey Lavrov", lavrov)}
    assert evidence_words(dataset, "ria/9", event, SEM.hasActor, lavrov) == {("Лавров", lavrov), ("заседании", event)}
    assert evidence_words(dataset, "rusembusa/7402", ID["place/belarus"], ORG.memberOf, ID["org/csto"]) == {
        ("Belarus", ID["place/belarus"]), ("CSTO", ID["org/csto"])}
    # a fact no words state (from the gazetteer) has no evidence
    assert evidence_words(dataset, "rusembusa/7401", ID["place/minsk"], SCHEMA.containedInPlace,
                          ID["place/belarus"]) == set()


def test_what_a_post_asserts_is_in_its_named_graph(dataset):
    named = graph_of(dataset, "rusembusa/7401")
    post = ID["post/rusembusa/7401"]
    assert {o for o in named.objects(post, SCHEMA.mentions)} == {
        ID["person/sergey-lavrov"], ID["org/csto"], ID["place/minsk"]}
    assert (ID["person/sergey-lavrov"], ORG.holds, ID["position/minister-of-foreign-affairs-of-russia"]) in named
    default = dataset.default_graph
    assert (post, SCHEMA.mentions, None) not in default
    assert (ID["post/rusembusa/7401/assertions"], PROV.wasDerivedFrom, post) in default
    assert (ID["person/sergey-lavrov"], RDF.type, FOAF.Person) in default


def test_each_mention_is_a_resource_with_its_span_and_provenance(dataset):
    named = graph_of(dataset, "rusembusa/7401")
    mentions = list(named.subjects(RDF.type, OMKG.Mention))
    assert len(mentions) == 7  # Lavrov, #CSTO, Minsk, ОДКБ; the event's "council" and date; the title
    by_surface = {str(named.value(m, OMKG.surface)): m for m in mentions}
    csto = by_surface["#CSTO"]
    start, end = int(named.value(csto, OMKG.start)), int(named.value(csto, OMKG.end))
    assert TEXT[start:end] == "#CSTO"
    assert named.value(csto, OMKG.refersTo) == ID["org/csto"]
    assert named.value(csto, OMKG.extractor) == Literal("hashtags")
    assert named.value(csto, OMKG.confidence) == Literal(Decimal("0.9"))
    assert named.value(csto, OMKG.inPost) == ID["post/rusembusa/7401"]


def test_every_relation_has_a_reified_assertion_with_extractor_and_confidence(dataset):
    named = graph_of(dataset, "rusembusa/7401")
    statements = {(named.value(a, RDF.subject), named.value(a, RDF.predicate), named.value(a, RDF.object)): a
                  for a in named.subjects(RDF.type, OMKG.Assertion)}
    relations = {t for t in named if t[1] in (SCHEMA.location, SEM.hasActor, ORG.holds, ORG.memberOf,
                                                 SCHEMA.containedInPlace, OMKG.reports)}
    assert relations == set(statements)
    holds = statements[(ID["person/sergey-lavrov"], ORG.holds, ID["position/minister-of-foreign-affairs-of-russia"])]
    assert named.value(holds, OMKG.extractor) == Literal("titles")
    assert named.value(holds, OMKG.confidence) == Literal(Decimal("0.85"))
    assert named.value(holds, PROV.wasDerivedFrom) == ID["post/rusembusa/7401"]


def test_a_fact_two_posts_state_is_in_both_graphs_and_once_when_flattened(dataset):
    fact = (ID["place/belarus"], ORG.memberOf, ID["org/csto"])
    assert fact in graph_of(dataset, "rusembusa/7401") and fact in graph_of(dataset, "rusembusa/7402")
    flat = [tuple(term.value for term in triple) for triple in flatten(quads(build_graph(records())))]
    assert flat.count(tuple(str(term) for term in fact)) == 1
    assert len(flat) == len(set(flat))


def test_nodes_carry_their_ids_and_iris_follow_the_base():
    base = "http://example.org/kg/"
    dataset = to_dataset(build_graph(records()), base)
    triples = union(dataset)
    assert (URIRef(base + "org/csto"), DCTERMS.identifier, Literal("org/csto")) in triples
    assert (URIRef(base + "post/rusembusa/7401"), DCTERMS.identifier, Literal("rusembusa/7401")) in triples
    data_iris = {str(t) for triple in triples for t in triple if isinstance(t, URIRef) and "/kg/" in str(t)}
    assert data_iris and not any(DEFAULT_BASE in str(t) for triple in triples for t in triple)


def test_iris_do_not_depend_on_the_order_facts_were_added():
    """Mention and assertion numbers come from content, so the same graph built in another order (as one read back
    from Neo4j would be) gives the same dataset."""
    forward = to_dataset(build_graph(records()))
    backward_records = records()
    for record in backward_records:
        record.entities.reverse()
        record.assertions.reverse()
    assert isomorphic_datasets(forward, to_dataset(build_graph(reversed(backward_records))))


def test_rdflib_dataset_holds_exactly_the_quads_of_the_stream():
    graph = build_graph(records())
    streamed = set(quads(graph))
    dataset = to_dataset(graph)
    assert len(streamed) == sum(1 for _ in dataset.quads((None, None, None, None)))
    assert all(isinstance(term, (ox.NamedNode, ox.Literal)) for quad in streamed for term in quad[:3])


def test_golden_records_map_to_the_golden_rdf():
    """The mapping alone: the golden mentions.jsonl gives exactly the golden graph.trig."""
    golden = Dataset()
    golden.parse(GOLDEN / "graph.trig", format="trig")
    assert isomorphic_datasets(to_dataset(graph_of_build(GOLDEN)), golden)


def test_a_fresh_build_of_the_sample_matches_the_golden_rdf(tmp_path):
    """Extraction and mapping together; when extraction changes on purpose, run scripts/make_golden_build.py."""
    build([SAMPLE], tmp_path, progress=False)
    fresh, golden = Dataset(), Dataset()
    fresh.parse(tmp_path / "graph.trig", format="trig")
    golden.parse(GOLDEN / "graph.trig", format="trig")
    if not isomorphic_datasets(fresh, golden):
        now, before = set(fresh.quads((None, None, None, None))), set(golden.quads((None, None, None, None)))
        changes = [f"+ {q}" for q in list(now - before)[:3]] + [f"- {q}" for q in list(before - now)[:3]]
        pytest.fail("the sample's RDF changed; if extraction changed on purpose, run scripts/make_golden_build.py\n"
                    + "\n".join(changes))
