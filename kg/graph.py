"""Assembles post records into one networkx MultiDiGraph. Node and edge attribute conventions live here only.

Nodes: `type` ∈ NODE_TYPES, `label` (a human name); entities add `kind`, `aliases`, `wikidata` and gazetteer
attributes (lat, long, iso2…); posts add text, date, ordinal, message_id; events add event_type, date, place.
Edges: `type` ∈ EDGE_TYPES plus provenance `post`, `extractor`, `confidence`; MENTIONS adds `surface`, `start`,
`end`. One edge per fact and post, so every fact can be traced to each post that states it.
"""

from __future__ import annotations

from typing import Iterable

import networkx as nx

from kg.ids import slugify
from kg.model import PostRecord

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


def channel_id(name: str) -> str:
    return f"channel/{slugify(name)}"


def build_graph(records: Iterable[PostRecord]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for record in records:
        add_record(graph, record)
    return graph


def add_record(graph: nx.MultiDiGraph, record: PostRecord) -> None:
    post = record.post
    pid = post.post_id
    graph.add_node(pid, type="Post", label=pid, text=post.text, ordinal=post.ordinal, message_id=post.message_id,
                   date=post.date.isoformat() if post.date else None, source=post.source)
    for name, edge_type in ((post.channel, "PUBLISHED_IN"), (post.forwarded_from, "FORWARDED_FROM")):
        if name:
            cid = channel_id(name)
            graph.add_node(cid, type="Channel", label=name.strip())
            graph.add_edge(pid, cid, key=edge_type, type=edge_type, post=pid, extractor="source", confidence=1.0)

    for entity in record.entities:
        if entity.type == "Event":
            continue
        _merge_entity(graph, entity)
        for m in entity.mentions:
            graph.add_edge(pid, entity.id, key=f"MENTIONS|{m.start}|{m.end}", type="MENTIONS", post=pid,
                           extractor=m.extractor, confidence=m.confidence, surface=m.surface, start=m.start,
                           end=m.end)
    for event in record.events:
        graph.add_node(event.id, type="Event", label=_label_of(record, event.id), event_type=event.type,
                       date=event.date, end_date=event.end_date, confidence=event.confidence)
    for key, position in record.positions.items():
        graph.add_node(key, type="Position", label=position["label"], title=position["title"])
    for assertion in record.assertions:
        edge_type = EDGE_TYPES.get(assertion.predicate)
        if edge_type is None or assertion.subject not in graph or assertion.object not in graph:
            continue
        graph.add_edge(assertion.subject, assertion.object, key=f"{edge_type}|{pid}", type=edge_type, post=pid,
                       extractor=assertion.extractor, confidence=assertion.confidence)


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
