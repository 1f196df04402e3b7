"""`kg stats DIR`: posts, entities per type, the most mentioned, the strongest co-mention pairs, events per month,
forwarding channels, and the co-mention network's centrality and communities — checked against the records
counted here independently, and networkx run here on a co-mention network built here; the same measures in the
build's RDF and, after `kg load`, in Neo4j."""

from __future__ import annotations

import json
from collections import Counter
from itertools import combinations

import networkx as nx
import pytest
from click.testing import CliRunner

import kg.measures
from kg.cli import main
from kg.records import RECORDS, read_records


@pytest.fixture(scope="module")
def figures(sample_build) -> dict:
    result = CliRunner().invoke(main, ["stats", str(sample_build), "--output", "json", "--top", "100000"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def records(sample_build) -> list:
    return list(read_records(sample_build / RECORDS))


def co_mention_network(records) -> nx.Graph:
    graph = nx.Graph()
    for record in records:
        named = {e.id for e in record.entities if e.mentions and e.type in ("Person", "Organisation", "Location")}
        graph.add_nodes_from(named)
        for a, b in combinations(sorted(named), 2):
            weight = graph.get_edge_data(a, b, {"weight": 0})["weight"]
            graph.add_edge(a, b, weight=weight + 1)
    return graph


def test_counts_agree_with_the_records(figures, records):
    assert figures["posts"] == len(records)
    mentions = Counter()
    for record in records:
        for entity in record.entities:
            if entity.mentions and entity.type != "Event":
                mentions[entity.id] += len(entity.mentions)
    assert [(e["id"], e["mentions"]) for e in figures["most_mentioned"]] == sorted(
        mentions.items(), key=lambda kv: (-kv[1], kv[0]))
    assert figures["most_mentioned"][0]["label"] == "Russia"
    events = {event.id for record in records for event in record.events}
    assert figures["entities"]["Event"] == len(events) == sum(figures["events_per_month"].values())
    assert sum(figures["events_per_type"].values()) == len(events)
    assert figures["forwarded_from"] == dict(Counter(r.post.forwarded_from for r in records
                                                     if r.post.forwarded_from).most_common())
    people = {e.id for r in records for e in r.entities if e.mentions and e.type == "Person"}
    assert figures["entities"]["Person"] == len(people)


def test_pairs_and_centrality_are_networkx_on_the_co_mention_network(figures, records):
    network = co_mention_network(records)
    pairs = {(p["a"]["id"], p["b"]["id"]): p["posts"] for p in figures["strongest_pairs"]}
    assert pairs == {tuple(sorted((a, b))): w for a, b, w in network.edges(data="weight")}
    assert figures["network"] == {"nodes": len(network), "edges": network.number_of_edges(), "betweenness": "exact",
                                  "pairs": network.number_of_edges(), "min_weight": 1}
    degree = nx.degree_centrality(network)
    betweenness = nx.betweenness_centrality(network)
    for kind in ("Person", "Organisation"):
        ranked = figures["central"][kind]["degree"]
        assert [r["id"] for r in ranked] == sorted((n for n in network if n in {r["id"] for r in ranked}),
                                                   key=lambda n: (-degree[n], n))
        for row in ranked:
            assert row["degree"] == pytest.approx(degree[row["id"]])
            assert row["betweenness"] == pytest.approx(betweenness[row["id"]])
    assert figures["central"]["Person"]["degree"][0]["label"] == "Sergey Lavrov"


def test_communities_partition_the_network_largest_first(figures, records):
    network = co_mention_network(records)
    sizes = [c["size"] for c in figures["communities"]]
    assert sum(sizes) == len(network) and sizes == sorted(sizes, reverse=True)
    assert [c["community"] for c in figures["communities"]] == list(range(len(sizes)))


def test_the_same_build_gives_the_same_figures(sample_build, figures):
    again = CliRunner().invoke(main, ["stats", str(sample_build), "--output", "json", "--top", "100000"])
    assert json.loads(again.output) == figures


def test_a_large_network_estimates_betweenness_and_says_so(sample_build, figures, monkeypatch):
    monkeypatch.setattr(kg.measures, "BETWEENNESS_WORK", 20 * figures["network"]["edges"])  # 20 sources' work
    monkeypatch.setattr(kg.measures, "MIN_SOURCES", 5)
    result = CliRunner().invoke(main, ["stats", str(sample_build), "--output", "json"])
    figures = json.loads(result.output)
    assert figures["network"]["betweenness"] == "estimated from 20 sources"
    rows = figures["central"]["Person"]["betweenness"]
    assert all(0 <= r["betweenness"] <= 1 for r in rows) and len(rows) == 10


def test_the_terminal_report_lists_each_part(sample_build):
    result = CliRunner().invoke(main, ["stats", str(sample_build), "--top", "3"])
    assert result.exit_code == 0, result.output
    for title in ("Most mentioned", "Strongest co-mentions", "Person: highest degree centrality",
                  "Organisation: highest betweenness centrality", "Communities", "Events per month",
                  "Forwarded from"):
        assert title in result.output
    assert "Sergey Lavrov" in result.output and "Russia" in result.output


def test_an_empty_build_reports_nothing_found(tmp_path):
    (tmp_path / RECORDS).write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["stats", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("0 posts") and "Most mentioned: none" in result.output


def measures_of(figures: dict, entity: str) -> dict:
    return next(row for kind in figures["central"].values() for rows in kind.values() for row in rows
                if row["id"] == entity)


def test_the_measures_are_in_the_builds_rdf(sample_build, figures):
    query = """SELECT ?id ?degree ?betweenness ?community WHERE {
        ?e dcterms:identifier ?id ; omkg:degreeCentrality ?degree ; omkg:betweennessCentrality ?betweenness ;
           omkg:coMentionCommunity ?community }"""
    result = CliRunner().invoke(main, ["sparql", query, "--data", str(sample_build / "graph.trig"), "--output",
                                       "json"])
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.output)}
    assert len(rows) == figures["network"]["nodes"]
    for entity in ("person/sergey-lavrov", "org/csto", "org/brics"):
        expected = measures_of(figures, entity)
        assert float(rows[entity]["degree"]) == pytest.approx(expected["degree"], abs=1e-6)
        assert float(rows[entity]["betweenness"]) == pytest.approx(expected["betweenness"], abs=1e-6)
        assert int(rows[entity]["community"]) == expected["community"]


def test_kg_load_puts_the_measures_on_the_nodes_in_neo4j(sample_build, figures, neo4j_server, neo4j_driver):
    loaded = CliRunner().invoke(main, ["load", str(sample_build), "--uri", neo4j_server.uri, "--user",
                                       neo4j_server.user, "--password", neo4j_server.password])
    assert loaded.exit_code == 0, loaded.output
    records = neo4j_driver.execute_query(
        "MATCH (n) WHERE n.degree_centrality IS NOT NULL RETURN n.id AS id, n.degree_centrality AS degree, "
        "n.betweenness_centrality AS betweenness, n.community AS community", database_=neo4j_server.database).records
    stored = {record["id"]: record for record in records}
    assert len(stored) == figures["network"]["nodes"]
    for entity in ("person/sergey-lavrov", "org/csto"):
        expected = measures_of(figures, entity)
        assert stored[entity]["degree"] == pytest.approx(expected["degree"])
        assert stored[entity]["betweenness"] == pytest.approx(expected["betweenness"])
        assert stored[entity]["community"] == expected["community"]
    degree = nx.degree_centrality(co_mention_network(list(read_records(sample_build / RECORDS))))
    assert {node: record["degree"] for node, record in stored.items()} == pytest.approx(degree)  # places too


def test_a_network_of_too_many_pairs_keeps_those_co_mentioned_most(sample_build, records, monkeypatch):
    network = co_mention_network(records)
    weights = sorted((w for *_, w in network.edges(data="weight")), reverse=True)
    bound = sum(1 for w in weights if w >= 3) + 1  # all pairs of weight 3 and more, not all of weight 2
    assert sum(1 for w in weights if w >= 2) > bound
    monkeypatch.setattr(kg.measures, "MAX_LINKS", bound)
    result = CliRunner().invoke(main, ["stats", str(sample_build), "--output", "json"])
    figures = json.loads(result.output)["network"]
    assert (figures["min_weight"], figures["pairs"]) == (3, network.number_of_edges())
    assert figures["edges"] == bound - 1 and figures["nodes"] == len(network)
    report = CliRunner().invoke(main, ["stats", str(sample_build)]).output
    assert "at least 3 posts" in " ".join(report.split())
