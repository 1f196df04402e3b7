"""The build's graph as a network for Gephi, Cytoscape and networkx itself: GraphML, GEXF, or two CSV tables.

Every node of the build's graph is a node here (posts, channels, events, people, organisations, places, positions),
with its type, label and other values. The edges of one relation between the same two nodes — a mention per span, a
relation per post stating it — are one edge, weighted by how many there were: `weight` (mentions, or statements)
and `posts` (the posts behind them). Nodes count the same: `mentions` of them and the `posts` that mention them.

The formats hold single values only, so lists (an entity's aliases) are written as JSON arrays; and what a format
cannot hold in its text is written as U+FFFD: unpaired surrogates (UTF-8 has none), and control characters other
than tab and line ends in GraphML and GEXF (XML 1.0 has none; and XML reads a carriage return back as a line
feed). Edges carry their relation as `relation`: `type` is an edge's direction in GEXF and in Gephi's spreadsheet
import.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.export import targets


@dataclass(frozen=True)
class NetworkFormat:
    name: str
    files: tuple[str, ...]  # what it writes into a directory


NETWORK_FILE = "network"
NETWORK_FORMATS = {f.name: f for f in (
    NetworkFormat("graphml", (f"{NETWORK_FILE}.graphml",)),
    NetworkFormat("gexf", (f"{NETWORK_FILE}.gexf",)),
    NetworkFormat("csv", (f"{NETWORK_FILE}-nodes.csv", f"{NETWORK_FILE}-edges.csv")),
)}
BY_SUFFIX = {".graphml": NETWORK_FORMATS["graphml"], ".gexf": NETWORK_FORMATS["gexf"]}
NOT_IN_UTF8 = re.compile("[\ud800-\udfff]")
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def network(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The build's graph with one edge per relation between two nodes (keyed by the relation), counted."""
    weights: Counter[tuple[str, str, str]] = Counter()
    posts: defaultdict[tuple[str, str, str], set[str]] = defaultdict(set)
    mentions: Counter[str] = Counter()
    mentioned_by: defaultdict[str, set[str]] = defaultdict(set)
    for source, target, data in graph.edges(data=True):
        key = (source, target, data["type"])
        weights[key] += 1
        if data.get("post"):
            posts[key].add(data["post"])
        if data["type"] == "MENTIONS":
            mentions[target] += 1
            mentioned_by[target].add(source)
    result = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        values = {name: _single(value) for name, value in data.items() if value is not None}
        result.add_node(node, **values, mentions=mentions[node], posts=len(mentioned_by[node]))
    for (source, target, relation), weight in weights.items():
        result.add_edge(source, target, key=relation, relation=relation, weight=weight,
                        posts=len(posts[(source, target, relation)]))
    return result


def export_network(graph: nx.MultiDiGraph, formats: list[NetworkFormat], out: Path | None,
                   default_dir: Path | None = None) -> list[str]:
    """The network of the build's graph in each format: to `out` when it is "-" or names a file (one file only),
    else into the directory `out` (or `default_dir`). Returns where each file went."""
    formats = list(dict.fromkeys(formats))
    where = targets([name for fmt in formats for name in fmt.files], out, default_dir)
    result = network(graph)
    written = [str(path) for path in where]
    for fmt in formats:
        mine, where = where[:len(fmt.files)], where[len(fmt.files):]
        if fmt.name == "csv":
            _write_tables(_held(result, NOT_IN_UTF8), *mine)
        else:
            writer = nx.write_graphml if fmt.name == "graphml" else nx.write_gexf
            writer(_held(result, NOT_IN_XML), sys.stdout.buffer if mine[0] == "-" else mine[0])
    return written


def _held(result: nx.MultiDiGraph, not_held: re.Pattern) -> nx.MultiDiGraph:
    """A copy of the network with what the format cannot hold in its text replaced by U+FFFD (only node values are
    free text: ids are slugs and edge values are relations and counts)."""
    result = result.copy()
    for _, data in result.nodes(data=True):
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = not_held.sub("\ufffd", value)
    return result


def _single(value):
    """A value the formats hold: lists (aliases, evidence offsets) as JSON arrays."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, tuple)) else value


def _write_tables(result: nx.MultiDiGraph, nodes: Path, edges: Path) -> None:
    node_columns = ["id", "type", "label"] + sorted({name for _, data in result.nodes(data=True) for name in data}
                                                    - {"type", "label"})
    with open(nodes, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, node_columns)
        writer.writeheader()
        writer.writerows({"id": node, **data} for node, data in result.nodes(data=True))
    with open(edges, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["source", "target", "relation", "weight", "posts"])
        writer.writeheader()
        writer.writerows({"source": source, "target": target, **data}
                         for source, target, data in result.edges(data=True))
