"""The Neo4j loader and reader against the real test server: counts, idempotence, resumption, the round trip."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest
from rdflib.compare import isomorphic

from corpus import SEED, need
from kg.build import build
from kg.errors import KgError
from kg.graph import build_graph
from kg.neo4j import Neo4jError, Neo4jSettings, graph_from_neo4j, load_graph, read_graph
from kg.neo4j.loader import plan, storable
from kg.rdf import to_dataset
from kg.records import read_records


@pytest.fixture(scope="module")
def sample_records(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample-build")
    build([], out, progress=False)
    return list(read_records(out / "mentions.jsonl"))


@pytest.fixture(scope="module")
def sample_graph(sample_records):
    return build_graph(sample_records)


@pytest.fixture
def settings(neo4j_server, neo4j_driver):
    """Settings for the emptied test database (neo4j_driver wipes it first)."""
    return Neo4jSettings(neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database)


def counts_in_neo4j(driver, database):
    labels, _, _ = driver.execute_query("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n",
                                        database_=database)
    types, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n", database_=database)
    return {r["label"]: r["n"] for r in labels}, {r["type"]: r["n"] for r in types}


def counts_in_graph(graph: nx.MultiDiGraph):
    return (dict(Counter(data["type"] for _, data in graph.nodes(data=True))),
            dict(Counter(data["type"] for *_, data in graph.edges(data=True))))


def without_none(graph: nx.MultiDiGraph):
    """A graph as comparable data, minus the None values Neo4j cannot store."""
    nodes = {n: {k: v for k, v in data.items() if v is not None} for n, data in graph.nodes(data=True)}
    edges = {(u, v, key): {k: v for k, v in data.items() if v is not None}
             for u, v, key, data in graph.edges(keys=True, data=True)}
    return nodes, edges


def assert_counts_match_and_reload_changes_nothing(driver, settings, graph):
    first = load_graph(driver, settings, graph)
    assert counts_in_neo4j(driver, settings.database) == counts_in_graph(graph)
    assert (first.nodes_created, first.relationships_created) == (graph.number_of_nodes(), graph.number_of_edges())

    second = load_graph(driver, settings, graph)
    assert counts_in_neo4j(driver, settings.database) == counts_in_graph(graph)
    assert (second.nodes_created, second.relationships_created) == (0, 0)
    assert (second.nodes_existing, second.relationships_existing) == (graph.number_of_nodes(), graph.number_of_edges())


def test_sample_counts_per_label_and_type_equal_the_graph_and_a_second_load_changes_nothing(
        neo4j_driver, settings, sample_graph):
    assert_counts_match_and_reload_changes_nothing(neo4j_driver, settings, sample_graph)


def test_seed_counts_per_label_and_type_equal_the_graph_and_a_second_load_changes_nothing(
        neo4j_driver, settings, tmp_path):
    build([need(SEED)], tmp_path, progress=False)
    graph = build_graph(read_records(tmp_path / "mentions.jsonl"))
    assert {"Post", "Organisation", "Location"} <= set(counts_in_graph(graph)[0])
    assert_counts_match_and_reload_changes_nothing(neo4j_driver, settings, graph)


def test_reading_neo4j_back_gives_the_build_graph_and_an_isomorphic_rdf_dataset(neo4j_driver, settings, sample_graph):
    load_graph(neo4j_driver, settings, sample_graph)
    back = graph_from_neo4j(settings)

    assert without_none(back) == without_none(sample_graph)
    built, read = to_dataset(sample_graph), to_dataset(back)
    built_graphs = {g.identifier: g for g in built.graphs()}
    read_graphs = {g.identifier: g for g in read.graphs()}
    assert built_graphs.keys() == read_graphs.keys()
    assert len(built_graphs) > 30  # the default graph and one per post
    for name, graph in built_graphs.items():
        assert isomorphic(graph, read_graphs[name]), name


def test_a_load_interrupted_half_way_and_run_again_ends_in_the_graph_of_one_clean_load(
        neo4j_driver, settings, sample_graph):
    load_graph(neo4j_driver, settings, sample_graph)
    clean = without_none(read_graph(neo4j_driver, settings))
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n", database_=settings.database)

    batches = len(plan(sample_graph, batch_size=40))
    committed = []

    def stop_half_way(rows):
        committed.append(rows)
        if len(committed) == batches // 2:
            raise KeyboardInterrupt

    with pytest.raises(Neo4jError) as stopped:
        load_graph(neo4j_driver, settings, sample_graph, batch_size=40, on_batch=stop_half_way)
    assert f"stopped after {batches // 2} of {batches} batches" in str(stopped.value)
    assert "run the load again" in str(stopped.value)
    nodes, relationships = counts_in_neo4j(neo4j_driver, settings.database)
    assert sum(nodes.values()) == sample_graph.number_of_nodes()  # nodes come first and fit in the first half
    assert 0 < sum(relationships.values()) < sample_graph.number_of_edges()

    resumed = load_graph(neo4j_driver, settings, sample_graph, batch_size=40)
    assert resumed.relationships_created == sample_graph.number_of_edges() - sum(relationships.values())
    assert without_none(read_graph(neo4j_driver, settings)) == clean


def test_a_build_of_a_longer_export_adds_only_what_is_new(neo4j_driver, settings, sample_records, sample_graph):
    shorter = build_graph(sample_records[: len(sample_records) // 2])
    load_graph(neo4j_driver, settings, shorter)

    longer = load_graph(neo4j_driver, settings, sample_graph)

    new_nodes = set(sample_graph.nodes) - set(shorter.nodes)
    new_edges = set(sample_graph.edges(keys=True)) - set(shorter.edges(keys=True))
    assert new_nodes and new_edges
    assert longer.nodes_created == len(new_nodes)
    assert longer.relationships_created == len(new_edges)
    # what changed on known nodes (aliases found in the later posts) is taken over too
    assert without_none(read_graph(neo4j_driver, settings)) == without_none(sample_graph)


def test_a_post_deleted_by_hand_is_loaded_again_without_duplicating_what_its_entities_kept(
        neo4j_driver, settings, sample_graph):
    """The post is new to the second load, so its mentions are created outright; the relationships between
    entities that it stated survived the deletion and are merged, not duplicated."""
    load_graph(neo4j_driver, settings, sample_graph)
    clean = without_none(read_graph(neo4j_driver, settings))
    post = next(node for node, data in sample_graph.nodes(data=True)
                if data["type"] == "Post" and any(edge["type"] == "LOCATED_IN" and edge["post"] == node
                                                  for *_, edge in sample_graph.edges(data=True)))
    neo4j_driver.execute_query("MATCH (p:Post {id: $id}) DETACH DELETE p", id=post, database_=settings.database)

    again = load_graph(neo4j_driver, settings, sample_graph)
    assert again.nodes_created == 1
    assert again.relationships_created == sum(1 for source, *_ in sample_graph.edges if source == post)
    assert without_none(read_graph(neo4j_driver, settings)) == clean


def writes(batch) -> str:
    """CREATE or MERGE: how a batch writes its nodes or relationships."""
    return "CREATE" if "\nCREATE (" in batch.statement else "MERGE"


def test_nodes_new_to_the_load_and_relationships_touching_them_are_created_the_others_merged(sample_graph):
    def verbs(batches):
        return {writes(batch) for batch in batches}

    assert verbs(plan(sample_graph)) == {"MERGE"}  # nothing known about the database
    assert verbs(plan(sample_graph, existing=frozenset(sample_graph.nodes))) == {"MERGE"}
    assert verbs(plan(sample_graph, existing=frozenset())) == {"CREATE"}

    entities = frozenset(node for node, kind in sample_graph.nodes(data="type") if kind not in ("Post", "Event"))
    mixed = plan(sample_graph, existing=entities)
    assert {(batch.what, writes(batch)) for batch in mixed} == {
        ("nodes", "CREATE"), ("nodes", "MERGE"), ("relationships", "CREATE"), ("relationships", "MERGE")}
    for batch in mixed:
        if batch.what == "nodes":
            new = {row["id"] not in entities for row in batch.rows}
        else:
            new = {row["source"] not in entities or row["target"] not in entities for row in batch.rows}
        assert new == {writes(batch) == "CREATE"}


def test_every_node_has_an_id_every_entity_a_label_and_aliases_and_mentions_keep_their_provenance(
        neo4j_driver, settings, sample_graph):
    load_graph(neo4j_driver, settings, sample_graph)
    query = neo4j_driver.execute_query
    database = settings.database
    assert query("MATCH (n) WHERE n.id IS NULL RETURN count(n) AS n", database_=database).records[0]["n"] == 0
    entities = query("MATCH (n:Person|Organisation|Location) RETURN n.label AS label, n.aliases AS aliases",
                     database_=database).records
    assert len(entities) == sum(1 for _, t in sample_graph.nodes(data="type") if t in ("Person", "Organisation",
                                                                                        "Location"))
    assert all(isinstance(e["label"], str) and e["label"] and isinstance(e["aliases"], list) for e in entities)
    mentions = query("MATCH (p:Post)-[m:MENTIONS]->() RETURN p.id AS post, properties(m) AS m",
                     database_=database).records
    assert mentions
    for record in mentions:
        m = record["m"]
        assert m["post"] == record["post"]
        assert {"key", "surface", "start", "end", "extractor", "confidence"} <= m.keys()
        assert isinstance(m["start"], int) and isinstance(m["confidence"], float)


def test_uniqueness_constraints_on_node_ids_and_on_the_keys_of_relationships_between_entities(
        neo4j_driver, settings, sample_graph):
    load_graph(neo4j_driver, settings, sample_graph)
    records, _, _ = neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties",
                                               database_=settings.database)
    assert {(r["type"], r["labelsOrTypes"][0], tuple(r["properties"])) for r in records} == {
        ("UNIQUENESS", label, ("id",))
        for label in ("Post", "Channel", "Person", "Organisation", "Location", "Event", "Position")} | {
        ("RELATIONSHIP_UNIQUENESS", edge_type, ("key",))
        for edge_type in ("HOLDS_POSITION", "POSITION_OF", "MEMBER_OF", "LOCATED_IN", "SUB_ORGANIZATION_OF")}


def test_merge_finds_relationships_between_two_busy_entities_through_the_key_index(
        neo4j_driver, settings, sample_graph):
    """Without it MERGE walks every parallel relationship (one per post) between the two: quadratic in posts."""
    load_graph(neo4j_driver, settings, sample_graph)
    neo4j_driver.execute_query("CALL db.resampleOutdatedIndexes()", database_=settings.database)
    for batch in plan(sample_graph):
        if "LOCATED_IN" in batch.statement or "HOLDS_POSITION" in batch.statement:
            explained = neo4j_driver.execute_query("EXPLAIN " + batch.statement, rows=[],
                                                   database_=settings.database).summary.plan
            assert "DirectedRelationshipUniqueIndexSeek" in str(explained), batch.statement


def test_a_node_type_outside_the_fixed_set_is_refused_before_anything_is_written(neo4j_driver, settings):
    graph = nx.MultiDiGraph()
    graph.add_node("x", type="Post", label="x")
    graph.add_node("y", type="Organisation`) DETACH DELETE n //", label="y")
    with pytest.raises(KgError, match="none of Post, Channel"):
        load_graph(neo4j_driver, settings, graph)
    assert counts_in_neo4j(neo4j_driver, settings.database) == ({}, {})


def test_storable_leaves_out_what_neo4j_cannot_hold():
    assert storable({"kind": None, "aliases": ["a", None, "b"], "lat": 1.5, "empty": []}) == {
        "aliases": ["a", "b"], "lat": 1.5, "empty": []}


def test_dates_go_into_neo4j_as_dates_and_come_back_as_the_graphs_text(neo4j_driver, settings):
    """A DATE for a dated event (and its end), text under date_without_year where the year is unknown (a DATE needs
    one), a ZONED or LOCAL DATETIME for a post; read back, the graph's ISO text."""
    graph = nx.MultiDiGraph()
    graph.add_node("c/1", type="Post", label="c/1", text="t", ordinal=0, date="2024-06-20T08:04:57+03:00")
    graph.add_node("c/2", type="Post", label="c/2", text="t", ordinal=1, date="2024-06-21T10:00:00")
    graph.add_node("event/c/1/1", type="Event", label="summit", event_type="summit", date="2024-06-20",
                   end_date="2024-06-22", confidence=0.9)
    graph.add_node("event/c/2/1", type="Event", label="day", event_type="anniversary", date="--06-21",
                   confidence=0.7)
    load_graph(neo4j_driver, settings, graph)
    stored = {r["id"]: r for r in neo4j_driver.execute_query(
        "MATCH (n) RETURN n.id AS id, valueType(n.date) AS type, valueType(n.end_date) AS end, "
        "n.date_without_year AS without_year", database_=settings.database).records}
    assert stored["event/c/1/1"]["type"] == "DATE NOT NULL" and stored["event/c/1/1"]["end"] == "DATE NOT NULL"
    assert (stored["event/c/2/1"]["type"], stored["event/c/2/1"]["without_year"]) == ("NULL", "--06-21")
    assert stored["c/1"]["type"] == "ZONED DATETIME NOT NULL" and stored["c/2"]["type"] == "LOCAL DATETIME NOT NULL"
    assert without_none(graph_from_neo4j(settings)) == without_none(graph)
