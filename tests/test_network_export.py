"""`kg export --format graphml|gexf|csv`: the build's graph as a network that Gephi, Cytoscape and networkx read —
every node, every relation between two nodes as one counted edge, types and labels as attributes."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from kg.cli import main
from kg.graph import graph_of_build
from kg.network import NOT_IN_XML, export_network, NETWORK_FORMATS, network

GOLDEN = Path(__file__).parent / "data" / "golden-build"


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return graph_of_build(GOLDEN)


def relations(graph: nx.MultiDiGraph) -> Counter:
    """Edges of the build's graph by (source, target, relation)."""
    return Counter((source, target, kind) for source, target, kind in graph.edges(data="type"))


def test_graphml_reads_back_into_networkx_with_every_node_and_relation(build_dir, graph):
    result = CliRunner().invoke(main, ["export", str(build_dir), "-f", "graphml"])
    assert result.exit_code == 0, result.output
    assert f"wrote {build_dir / 'network.graphml'}" in result.output
    back = nx.read_graphml(build_dir / "network.graphml", force_multigraph=True)

    assert {node: data["type"] for node, data in back.nodes(data=True)} == dict(graph.nodes(data="type"))
    assert {node: data["label"] for node, data in back.nodes(data=True)} == dict(graph.nodes(data="label"))
    counted = {(source, target, data["relation"]): data["weight"] for source, target, data in back.edges(data=True)}
    assert counted == dict(relations(graph))
    assert {kind for *_, kind in graph.edges(data="type")} == {data["relation"] for *_, data in back.edges(data=True)}
    mentions = Counter(target for _, target, kind in graph.edges(data="type") if kind == "MENTIONS")
    assert {node: data["mentions"] for node, data in back.nodes(data=True)} == {n: mentions[n] for n in graph}
    lavrov = back.nodes["person/sergey-lavrov"]
    assert "Лавров" in json.loads(lavrov["aliases"])
    post = next(node for node, kind in graph.nodes(data="type") if kind == "Post")
    assert back.nodes[post]["text"] == graph.nodes[post]["text"]


def test_posts_count_the_distinct_posts_behind_a_node_or_an_edge(graph):
    counted = network(graph)
    for node in counted:
        posts = {source for source, _, kind in graph.in_edges(node, data="type") if kind == "MENTIONS"}
        assert counted.nodes[node]["posts"] == len(posts)
    for source, target, relation, data in counted.edges(keys=True, data=True):
        stating = {data["post"] for data in graph[source][target].values() if data["type"] == relation}
        assert data["posts"] == len(stating) <= data["weight"]


def test_gexf_and_csv_hold_the_same_network(build_dir, graph):
    out = build_dir / "networks"
    result = CliRunner().invoke(main, ["export", str(build_dir), "-f", "gexf,csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    gexf = nx.read_gexf(out / "network.gexf")
    assert gexf.number_of_nodes() == graph.number_of_nodes()
    assert sum(data["weight"] for *_, data in gexf.edges(data=True)) == graph.number_of_edges()
    assert {data["relation"] for *_, data in gexf.edges(data=True)} == {kind for *_, kind in graph.edges(data="type")}

    with open(out / "network-nodes.csv", encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with open(out / "network-edges.csv", encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    assert {row["id"]: row["type"] for row in nodes} == dict(graph.nodes(data="type"))
    assert {(row["source"], row["target"], row["relation"]): int(row["weight"]) for row in edges} == \
        dict(relations(graph))


def test_the_format_is_taken_from_the_file_named_and_stdout_takes_one_file(build_dir, graph):
    result = CliRunner().invoke(main, ["export", str(build_dir), "--out", str(build_dir / "g.gexf")])
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(build_dir / "g.gexf").number_of_nodes() == graph.number_of_nodes()

    result = CliRunner().invoke(main, ["export", str(build_dir), "-f", "graphml", "--out", "-"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("<?xml") and "<graphml" in result.output


@pytest.mark.parametrize("args, message", [
    (["-f", "csv", "--out", "-"], "takes one file only, not 2 (network-nodes.csv, network-edges.csv)"),
    (["-f", "csv", "--out", "{dir}/net.csv"], "names a file; 2 files (network-nodes.csv, network-edges.csv) need"),
    (["-f", "ttl,graphml", "--out", "{dir}/kg.ttl"], "RDF and network formats together need a directory"),
    (["-f", "pajek"], "unknown format 'pajek'; choose from turtle"),
])
def test_network_export_errors_are_one_clear_line(build_dir, args, message):
    result = CliRunner().invoke(main, ["export", str(build_dir), *[a.replace("{dir}", str(build_dir)) for a in args]])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: ") and message in lines[0], result.output
    assert not list(build_dir.glob("network*")) and not list(build_dir.glob("net*"))


@settings(max_examples=80, deadline=None)
@given(text=st.text(st.characters(codec=None, exclude_categories=()), max_size=40),
       aliases=st.lists(st.text(st.characters(codec=None, exclude_categories=()), max_size=10), max_size=3))
def test_any_text_survives_as_the_format_can_hold_it(tmp_path_factory, text, aliases):
    """GraphML (XML): control characters and unpaired surrogates become U+FFFD, line ends become \\n (XML reads
    them so); inside an alias (a JSON array) control characters are escaped and survive. CSV: only unpaired
    surrogates (UTF-8 has none) become U+FFFD."""
    graph = nx.MultiDiGraph()
    graph.add_node("c/p/1", type="Post", label="c/p/1", text=text, date=None)
    graph.add_node("person/x", type="Person", label="X", aliases=aliases)
    graph.add_edge("c/p/1", "person/x", key="MENTIONS|0|1", type="MENTIONS", post="c/p/1")
    out = tmp_path_factory.mktemp("network")
    export_network(graph, [NETWORK_FORMATS["graphml"], NETWORK_FORMATS["csv"]], out)

    back = nx.read_graphml(out / "network.graphml", force_multigraph=True)
    in_xml = NOT_IN_XML.sub("\ufffd", text).replace("\r\n", "\n").replace("\r", "\n")
    assert back.nodes["c/p/1"]["text"] == in_xml
    assert "date" not in back.nodes["c/p/1"]
    unpaired = re.compile("[\ud800-\udfff\ufffe\uffff]")
    assert json.loads(back.nodes["person/x"]["aliases"]) == [unpaired.sub("\ufffd", a) for a in aliases]

    with open(out / "network-nodes.csv", encoding="utf-8", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert rows["c/p/1"]["text"] == re.sub("[\ud800-\udfff]", "\ufffd", text)
