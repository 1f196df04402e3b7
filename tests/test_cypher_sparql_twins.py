"""Each shipped Cypher query returns the same rows, in the same order, as its SPARQL twin on the same build.

Both sides run over every entity the build has (each organisation, person, place as the parameter), so the
twins agree on the whole graph and not only on one chosen example.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from neo4j import GraphDatabase

from corpus import SEED, need
from kg.build import build
from kg.errors import KgError
from kg.graph import build_graph
from kg.neo4j import Neo4jSettings, load_graph, run_cypher
from kg.queries import load_query, shipped
from kg.records import read_records
from kg.sparql import load_store, run_query
from neo4j_fixtures import wipe_database

PERIODS = [("2000-01-01", "2100-12-31"), ("2024-03-01", "2024-06-30"), ("2024-05-20", "2024-05-20"),
           (None, "2024-03-31"), ("2024-06-01", None), (None, None)]  # None: not given (an open period)


def question_sets(graph):
    """(query, parameters) for every query and every entity of the graph that suits it."""
    of_type = {kind: sorted(n for n, t in graph.nodes(data="type") if t == kind)
               for kind in ("Person", "Organisation", "Location")}
    yield "officials-by-events", {}
    for organisation in of_type["Organisation"]:
        yield "co-mentioned", {"organisation": organisation}
        yield "members", {"organisation": organisation}
    for person in of_type["Person"]:
        yield "official-timeline", {"person": person}
    for place in of_type["Location"]:
        for start, end in PERIODS:
            yield "events-by-place-period", {"place": place, **({"from": start} if start else {}),
                                             **({"to": end} if end else {})}
    for entity in of_type["Person"] + of_type["Organisation"] + of_type["Location"]:
        yield "evidence", {"entity": entity}
    for event in sorted(n for n, t in graph.nodes(data="type") if t == "Event"):
        yield "event-evidence", {"event": event}
    # every pair of people who took part in one event, both ways, and a pair who never did
    took_part = defaultdict(set)
    for person, event, edge_type in graph.edges(data="type"):
        if edge_type == "PARTICIPATED_IN":
            took_part[event].add(person)
    pairs = {(a, b) for people in took_part.values() for a in people for b in people if a != b}
    for person, other in sorted(pairs) + [(of_type["Person"][0], of_type["Person"][-1])]:
        yield "met", {"person": person, "other": other}


def comparable(rows):
    """Confidences are rounded to 4 places in RDF (xsd:decimal); Neo4j keeps the float."""
    return [tuple(round(v, 4) if isinstance(v, float) else v for v in row) for row in rows]


def assert_twins_agree(neo4j_server, build_dir):
    settings = Neo4jSettings(neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database)
    graph = build_graph(read_records(build_dir / "mentions.jsonl"))
    store = load_store(build_dir)
    answered = set()
    with GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as driver:
        wipe_database(driver, settings.database)
        load_graph(driver, settings, graph)
        for name, parameters in question_sets(graph):
            cypher = run_cypher(driver, settings, load_query(name, "cypher"), parameters)
            sparql = run_query(store, load_query(name, "sparql"), parameters)
            assert cypher.columns == sparql.columns, name
            assert comparable(cypher.rows) == comparable(sparql.rows), (name, parameters)
            if cypher.rows:
                answered.add(name)
    assert answered == set(shipped("cypher")) == set(shipped("sparql"))  # every query was tested on real answers


def test_the_twins_agree_on_the_bundled_sample(neo4j_server, tmp_path):
    build([], tmp_path, progress=False)
    assert_twins_agree(neo4j_server, tmp_path)


def test_the_twins_agree_on_the_seed(neo4j_server, tmp_path):
    build([need(SEED)], tmp_path, progress=False)
    assert_twins_agree(neo4j_server, tmp_path)


@pytest.mark.parametrize("name, parameter, by_id, label", [
    ("co-mentioned", "organisation", "org/csto", "csto"),
    ("co-mentioned", "organisation", "org/csto", "#CSTO"),  # a hashtag
    ("co-mentioned", "organisation", "org/sco", "Shanghai Cooperation Organisation"),  # an alias
    ("official-timeline", "person", "person/sergey-lavrov", "Sergey Lavrov"),
    ("official-timeline", "person", "person/sergey-lavrov", "Lavrov"),  # an alias
    ("official-timeline", "person", "person/sergey-lavrov", "лавров"),  # a Russian alias, in another case
    ("evidence", "entity", "place/astana", "Astana"),
])
def test_a_label_or_alias_names_the_same_entity_on_both_sides(neo4j_server, tmp_path, name, parameter, by_id, label):
    build([], tmp_path, progress=False)
    settings = Neo4jSettings(neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database)
    with GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as driver:
        wipe_database(driver, settings.database)
        load_graph(driver, settings, build_graph(read_records(tmp_path / "mentions.jsonl")))
        by_label = run_cypher(driver, settings, load_query(name, "cypher"), {parameter: label}).rows
        assert by_label and by_label == run_cypher(driver, settings, load_query(name, "cypher"),
                                                   {parameter: by_id}).rows
    sparql = run_query(load_store(tmp_path), load_query(name, "sparql"), {parameter: label}).rows
    assert comparable(by_label) == comparable(sparql)


@pytest.mark.parametrize("name, parameters, message", [
    ("members", {"organisation": "CTSO"}, "did you mean CSTO"),  # suggestions
    ("evidence", {"entity": "event/embassy-digest-omkg-sample/4/1"}, "no .*has th.* id, label or alias"),  # no event
])
def test_a_name_that_fits_nothing_is_refused_alike_on_both_sides(neo4j_server, tmp_path, name, parameters, message):
    build([], tmp_path, progress=False)
    settings = Neo4jSettings(neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database)
    with GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as driver:
        wipe_database(driver, settings.database)
        load_graph(driver, settings, build_graph(read_records(tmp_path / "mentions.jsonl")))
        with pytest.raises(KgError, match=message):
            run_cypher(driver, settings, load_query(name, "cypher"), parameters)
    with pytest.raises(KgError, match=message):
        run_query(load_store(tmp_path), load_query(name, "sparql"), parameters)
