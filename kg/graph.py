"""Assembles post records into one networkx MultiDiGraph. Node and edge attribute conventions live here only.

Nodes: `type` ∈ NODE_TYPES, `label` (a human name); entities add `kind`, `aliases`, `wikidata` and gazetteer
attributes (lat, long, iso2…) and, when some post mentions them, their measures in the co-mention network
(degree_centrality, betweenness_centrality, community: kg/measures.py); posts add text, date, ordinal, message_id;
events add event_type, date, place.
Edges: `type` ∈ EDGE_TYPES plus provenance `post`, `extractor`, `confidence`, and `evidence_start`/`evidence_end` (the
spans of the post that state the fact, each a MENTIONS edge of the same post to the source or the target); MENTIONS
adds `surface`, `start`, `end` — a post MENTIONS the people, organisations and places it names, and also the events
and positions whose words it holds (a trigger, a date, a title). One edge per fact and post, so every fact can be
traced to each post that states it. One Event node per real event (kg/event_resolution.py), described as its first
report describes it, with a REPORTS edge from every post that reports it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import networkx as nx

from kg.event_resolution import named_by
from kg.ids import name_slug
from kg.measures import CoMentions, Measures
from kg.model import EntityMention, PostRecord
from kg.records import RECORDS, read_records

NODE_TYPES = ("Post", "Channel", "Person", "Organisation", "Location", "Event", "Position")
EDGE_TYPES = {  # assertion predicate → edge type
    "reports": "REPORTS",
    "participatedIn": "PARTICIPATED_IN",
    "place": "HAPPENED_IN",
    "holdsPosition": "HOLDS_POSITION",
    "positionOf": "POSITION_OF",
    "memberOf": "MEMBER_OF",
    "locatedIn": "LOCATED_IN",
    "subOrganizationOf": "SUB_ORGANIZATION_OF",
}
POST_EDGES = ("MENTIONS", "PUBLISHED_IN", "FORWARDED_FROM")
ENTITY_SCALARS = ("lat", "long", "iso2", "iso3", "position", "geonameid")
TITLE_CONFIDENCE = 0.85  # a title's words, as the titles extractor weighs them


def channel_id(name: str) -> str:
    return f"channel/{name_slug(name)}"


def graph_of_build(directory: Path) -> nx.MultiDiGraph:
    """The graph of a build directory, from its mentions.jsonl."""
    return build_graph(read_records(Path(directory) / RECORDS))


def build_graph(records: Iterable[PostRecord]) -> nx.MultiDiGraph:
    """The posts, what they name and state, and the co-mention network's measures of what they name."""
    graph = nx.MultiDiGraph()
    co_mentions = CoMentions()
    for record in records:
        add_record(graph, record)
        co_mentions.add(record)
    add_measures(graph, co_mentions.measures())
    return graph


def add_measures(graph: nx.MultiDiGraph, measures: dict[str, Measures]) -> None:
    """Each entity's place in the co-mention network (kg/measures.py), on its node."""
    for node, measured in measures.items():
        graph.nodes[node].update(degree_centrality=measured.degree, betweenness_centrality=measured.betweenness,
                                 community=measured.community)


def add_record(graph: nx.MultiDiGraph, record: PostRecord) -> None:
    """The post, what it names and what it states (the post's node first: graphs list their nodes in that order)."""
    _add_post_node(graph, record)
    add_described(graph, record)
    add_post(graph, record)


def add_described(graph: nx.MultiDiGraph, record: PostRecord) -> None:
    """The nodes the post names besides itself — channels, events, entities, positions —, merged with those of the
    posts before it: what a streamed build keeps of every post (kg/build.py)."""
    post = record.post
    for name in (post.channel, post.forwarded_from):
        if name:
            graph.add_node(channel_id(name), type="Channel", label=name.strip())
    for event in record.events:
        # one node per real event, described as its first report (the post its id names) describes it
        if event.id not in graph or named_by(event.id, post.post_id):
            graph.add_node(event.id, type="Event", label=_label_of(record, event.id), event_type=event.type,
                           date=event.date, end_date=event.end_date, confidence=event.confidence)
    for entity in record.entities:
        if entity.type != "Event":
            _merge_entity(graph, entity)
    for key, position in record.positions.items():
        graph.add_node(key, type="Position", label=position["label"], title=position["title"])


def add_post(graph: nx.MultiDiGraph, record: PostRecord) -> None:
    """The post's node and its edges: where it was published, what it mentions, what it states (the nodes these
    reach must be in the graph: `add_described`)."""
    post = record.post
    pid = post.post_id
    _add_post_node(graph, record)
    for name, edge_type in ((post.channel, "PUBLISHED_IN"), (post.forwarded_from, "FORWARDED_FROM")):
        if name:
            graph.add_edge(pid, channel_id(name), key=edge_type, type=edge_type, post=pid, extractor="source",
                           confidence=1.0)
    for entity in record.entities:
        _add_mentions(graph, pid, entity.id, entity.mentions)
    for key, position in record.positions.items():
        _add_mentions(graph, pid, key, [EntityMention(m["start"], m["end"], m["surface"], "titles", TITLE_CONFIDENCE)
                                        for m in position.get("mentions") or ()])
    for assertion in record.assertions:
        edge_type = EDGE_TYPES.get(assertion.predicate)
        if edge_type is None or assertion.subject not in graph or assertion.object not in graph:
            continue
        graph.add_edge(assertion.subject, assertion.object, key=f"{edge_type}|{pid}", type=edge_type, post=pid,
                       extractor=assertion.extractor, confidence=assertion.confidence,
                       **_evidence(assertion.evidence))


def _add_post_node(graph: nx.MultiDiGraph, record: PostRecord) -> None:
    post = record.post
    graph.add_node(post.post_id, type="Post", label=post.post_id, text=post.text, ordinal=post.ordinal,
                   message_id=post.message_id, date=post.date.isoformat() if post.date else None, source=post.source,
                   url=post.url)


def _add_mentions(graph: nx.MultiDiGraph, pid: str, target: str, mentions) -> None:
    for m in mentions:
        graph.add_edge(pid, target, key=f"MENTIONS|{m.start}|{m.end}", type="MENTIONS", post=pid,
                       extractor=m.extractor, confidence=m.confidence, surface=m.surface, start=m.start, end=m.end)


def _evidence(spans: tuple[tuple[int, int], ...]) -> dict:
    """The spans that state a relation, as two lists of offsets (what Neo4j can hold): each span is a mention, by
    the same post, of the relation's source or target."""
    if not spans:
        return {}
    return {"evidence_start": [start for start, _ in spans], "evidence_end": [end for _, end in spans]}


def _merge_entity(graph: nx.MultiDiGraph, entity) -> None:
    node = graph.nodes.get(entity.id)
    if node is None:
        attributes = {k: entity.attributes[k] for k in ENTITY_SCALARS if k in entity.attributes}
        graph.add_node(entity.id, type=entity.type, label=entity.label, kind=entity.kind, wikidata=entity.wikidata,
                       aliases=list(entity.aliases), **attributes)
        return
    for alias in entity.aliases:
        if alias not in node["aliases"]:
            node["aliases"].append(alias)


def _label_of(record: PostRecord, entity_id: str) -> str:
    return next((e.label for e in record.entities if e.id == entity_id), entity_id)
