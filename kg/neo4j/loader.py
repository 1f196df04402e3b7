"""The graph into Neo4j: uniqueness constraints, then nodes, then relationships, in batches of `UNWIND $rows … MERGE`.

Idempotent by construction, so a load can always simply be run again: nodes merge on `id` (unique per label),
relationships on `key` ("source id|target id|networkx edge key", where the edge key names the post or the
mention's offsets); each batch is its own transaction. Loading twice changes nothing, a build of a longer export
adds only what is new, and a load stopped half-way ends, when run again, in the graph of one clean load.

One shortcut keeps that guarantee: a node that did not exist when the load began, and a relationship with such a
node at one end, cannot exist yet, so they are CREATEd rather than MERGEd (a quarter less work for the server). The
load asks Neo4j which of its nodes exist before it writes any; in a first load, none do. And a Post node keeps a
digest of the record it was loaded from, so that a later load (after `kg build --update`) sends only the posts
whose records Neo4j does not hold as they are — with every node the posts name, whose descriptions may grow.
Labels and relationship types are written into statements only from kg.graph's fixed sets, never from input text.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import networkx as nx
from neo4j import Driver
from tqdm import tqdm

from kg.errors import KgError
from kg.graph import EDGE_TYPES, NODE_TYPES, POST_EDGES, add_described, add_measures, add_post
from kg.measures import CoMentions
from kg.model import NAMED_TYPES
from kg.neo4j.connection import Neo4jError, Neo4jSettings, connect, translated_errors
from kg.records import RECORDS, read_record_lines

RELATIONSHIP_TYPES = (*POST_EDGES, *EDGE_TYPES.values())
# Between two entities (or an entity and a position) there is a relationship per post stating the fact — thousands
# between the same two nodes in a long channel — so MERGE must find one through an index on `key`, and only a
# uniqueness constraint's index makes the planner use it there. The other types start at a post or an event,
# whose few relationships MERGE walks faster than an index could be kept up to date.
UNIQUE_KEY_TYPES = ("HOLDS_POSITION", "POSITION_OF", "MEMBER_OF", "LOCATED_IN", "SUB_ORGANIZATION_OF")
DEFAULT_BATCH_SIZE = 5000
DATE_PROPERTIES = ("date", "end_date")  # an event's, and a post's date (and time)
WITHOUT_YEAR = "_without_year"  # the property a date without a year goes to: date_without_year

NODE_STATEMENT = """UNWIND $rows AS row
MERGE (n:{label} {{id: row.id}})
SET n += row.properties"""
NEW_NODE_STATEMENT = NODE_STATEMENT.replace("MERGE (n", "CREATE (n")
# Aliases accumulate: a longer export (or another channel's build) adds the new ones and keeps the old order.
ENTITY_STATEMENT = NODE_STATEMENT + """
SET n.aliases = coalesce(n.aliases, []) + [alias IN row.aliases WHERE NOT alias IN coalesce(n.aliases, [])]"""
NEW_ENTITY_STATEMENT = NEW_NODE_STATEMENT + """
SET n.aliases = row.aliases"""
RELATIONSHIP_STATEMENT = """UNWIND $rows AS row
MATCH (source:{source} {{id: row.source}})
MATCH (target:{target} {{id: row.target}})
MERGE (source)-[r:{type} {{key: row.key}}]->(target)
SET r += row.properties"""
NEW_RELATIONSHIP_STATEMENT = RELATIONSHIP_STATEMENT.replace("MERGE (source)", "CREATE (source)")
# A Post node's digest of the record it was loaded from: bookkeeping of the loads, not part of the graph (the reader
# leaves it out).
RECORD_DIGEST = "record_digest"
HELD_RECORDS = f"MATCH (p:Post) WHERE p.{RECORD_DIGEST} IS NOT NULL RETURN p.id AS id, p.{RECORD_DIGEST} AS digest"
EXISTING_NODES_STATEMENT = """UNWIND $ids AS id
MATCH (n:{label} {{id: id}})
RETURN n.id AS id"""


@dataclass(frozen=True)
class Batch:
    """One transaction: a statement for one label (or relationship type between two labels) and its rows."""

    what: str  # "nodes" or "relationships"
    statement: str
    rows: list[dict]


@dataclass
class LoadSummary:
    nodes_created: int = 0
    nodes_existing: int = 0
    relationships_created: int = 0
    relationships_existing: int = 0
    seconds: float = 0.0
    posts_unchanged: int = 0  # posts not sent: Neo4j holds them as their records are (RECORD_DIGEST)

    @property
    def rows(self) -> int:
        return self.nodes_created + self.nodes_existing + self.relationships_created + self.relationships_existing


def schema_statements() -> list[str]:
    """A uniqueness constraint on `id` for every label and on `key` for the UNIQUE_KEY_TYPES."""
    return ([f"CREATE CONSTRAINT omkg_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
             for label in NODE_TYPES] +
            [f"CREATE CONSTRAINT omkg_{edge_type.lower()}_key IF NOT EXISTS FOR ()-[r:{edge_type}]-() "
             f"REQUIRE r.key IS UNIQUE" for edge_type in UNIQUE_KEY_TYPES])


def relationship_key(source: str, target: str, edge_key: str) -> str:
    """Unique among all relationships of a type: a networkx edge key is unique only between the same two nodes."""
    return f"{source}|{target}|{edge_key}"


def plan(graph: nx.MultiDiGraph, batch_size: int = DEFAULT_BATCH_SIZE,
         existing: frozenset[str] | None = None) -> list[Batch]:
    """The whole load as batches: every label's nodes, then every relationship type's relationships.

    `existing`: the ids of the graph's nodes that Neo4j already holds; the other nodes, and relationships touching
    them, are created outright. None (not known) merges everything.
    """
    nodes: dict[tuple[str, bool], list[dict]] = defaultdict(list)
    for node_id, data in graph.nodes(data=True):
        label = node_label(node_id, data)
        nodes[label, existing is not None and node_id not in existing].append(node_row(node_id, label, data))
    relationships: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for source, target, key, data in graph.edges(keys=True, data=True):
        edge_type = relationship_type(source, target, data)
        new = existing is not None and (source not in existing or target not in existing)
        group = (edge_type, graph.nodes[source]["type"], graph.nodes[target]["type"], new)
        relationships[group].append(relationship_row(source, target, key, data))
    batches = []
    for label in NODE_TYPES:
        for new in (False, True):
            if label in NAMED_TYPES:
                template = NEW_ENTITY_STATEMENT if new else ENTITY_STATEMENT
            else:
                template = NEW_NODE_STATEMENT if new else NODE_STATEMENT
            statement = template.format(label=label)
            batches += [Batch("nodes", statement, rows) for rows in _chunks(nodes.get((label, new), []), batch_size)]
    for (edge_type, source, target, new), rows in relationships.items():
        template = NEW_RELATIONSHIP_STATEMENT if new else RELATIONSHIP_STATEMENT
        statement = template.format(type=edge_type, source=source, target=target)
        batches += [Batch("relationships", statement, chunk) for chunk in _chunks(rows, batch_size)]
    return batches


def node_label(node_id: str, data: dict) -> str:
    return _checked(data.get("type"), NODE_TYPES, f"node {node_id!r} has type")


def node_row(node_id: str, label: str, data: dict) -> dict:
    """A node as Neo4j holds it: its id, its properties (dates as Neo4j's: `in_neo4j_types`) and (people,
    organisations, places) its aliases."""
    properties = storable({k: v for k, v in data.items() if k not in ("type", "aliases")})
    row = {"id": node_id, "properties": in_neo4j_types(properties)}
    if label in NAMED_TYPES:
        row["aliases"] = storable({"aliases": data.get("aliases") or []})["aliases"]
    return row


def relationship_type(source: str, target: str, data: dict) -> str:
    return _checked(data.get("type"), RELATIONSHIP_TYPES, f"edge {source!r} → {target!r} has type")


def relationship_row(source: str, target: str, edge_key: str, data: dict) -> dict:
    """A relationship as Neo4j holds it: its ends, its `key` and its properties."""
    return {"source": source, "target": target, "key": relationship_key(source, target, edge_key),
            "properties": storable({k: v for k, v in data.items() if k != "type"})}


def in_neo4j_types(properties: dict) -> dict:
    """Dates as Neo4j's temporal values, so that its date functions, comparisons and range indexes work: an event's
    `date` and `end_date` a DATE (one without a year, "--06-20", which a DATE cannot be, stays text under
    `date_without_year` / `end_date_without_year`), a post's `date` a ZONED DATETIME (a LOCAL DATETIME where the
    source gave no zone). `kg.neo4j.reader` turns them back into the graph's ISO text."""
    result = dict(properties)
    for name in DATE_PROPERTIES:
        value = result.get(name)
        if not isinstance(value, str):
            continue
        if value.startswith("--"):
            result[f"{name}{WITHOUT_YEAR}"] = result.pop(name)
        else:
            result[name] = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    return result


def storable(properties: dict) -> dict:
    """What Neo4j can hold: no None values, no None inside lists (it stores neither); tuples become lists."""
    result = {}
    for name, value in properties.items():
        if isinstance(value, (list, tuple)):
            value = [item for item in value if item is not None]
        if value is not None:
            result[name] = value
    return result


def load_graph(driver: Driver, settings: Neo4jSettings, graph: nx.MultiDiGraph,
               batch_size: int = DEFAULT_BATCH_SIZE, on_batch: Callable[[int], None] | None = None) -> LoadSummary:
    """Load the graph; `on_batch(rows)` runs after each committed batch (a progress bar, say).

    A load that stops part-way raises a Neo4jError saying that Neo4j holds part of the graph and that running
    the load again completes it.
    """
    started = time.perf_counter()
    summary = LoadSummary()
    with translated_errors(settings):
        for statement in schema_statements():
            driver.execute_query(statement, database_=settings.database)
        driver.execute_query("CALL db.awaitIndexes(300)", database_=settings.database)
        batches = plan(graph, batch_size, existing_nodes(driver, settings, graph))
    done = 0
    try:
        with translated_errors(settings):
            for batch in batches:
                result = driver.execute_query(batch.statement, rows=batch.rows, database_=settings.database)
                _count(summary, batch, result.summary.counters)
                done += 1
                if on_batch:
                    on_batch(len(batch.rows))
    except (Neo4jError, KeyboardInterrupt) as err:
        reason = "interrupted" if isinstance(err, KeyboardInterrupt) else str(err)
        raise Neo4jError(f"{reason} — the load stopped after {done} of {len(batches)} batches, so Neo4j holds part "
                         f"of the graph; run the load again to complete it (loading twice changes nothing)") from None
    summary.seconds = time.perf_counter() - started
    return summary


def existing_nodes(driver: Driver, settings: Neo4jSettings, graph: nx.MultiDiGraph,
                   chunk_size: int = 20_000) -> frozenset[str]:
    """The ids of the graph's nodes that Neo4j already holds (one index seek per id, label by label)."""
    ids_by_label: dict[str, list[str]] = defaultdict(list)
    for node_id, data in graph.nodes(data=True):
        ids_by_label[node_label(node_id, data)].append(node_id)
    found: set[str] = set()
    for label, ids in ids_by_label.items():
        statement = EXISTING_NODES_STATEMENT.format(label=label)
        for chunk in _chunks(ids, chunk_size):
            records = driver.execute_query(statement, ids=chunk, database_=settings.database).records
            found.update(record["id"] for record in records)
    return frozenset(found)


def _count(summary: LoadSummary, batch: Batch, counters) -> None:
    if batch.what == "nodes":
        summary.nodes_created += counters.nodes_created
        summary.nodes_existing += len(batch.rows) - counters.nodes_created
    else:
        summary.relationships_created += counters.relationships_created
        summary.relationships_existing += len(batch.rows) - counters.relationships_created


def _checked(value, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise KgError(f"{what} {value!r}, which is none of {', '.join(allowed)}; rebuild with `kg build`")
    return value


def _chunks(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def load_build(build_dir: Path, settings: Neo4jSettings, batch_size: int = DEFAULT_BATCH_SIZE,
               progress: bool | None = None, everything: bool = False) -> LoadSummary:
    """Load a build directory (its mentions.jsonl) into Neo4j, with a progress bar on a terminal: every node the
    posts name (with its measures in the co-mention network of all the posts), and the posts whose records the
    database does not hold as they are (`everything`: all posts)."""
    with connect(settings) as driver:
        with translated_errors(settings):
            held = {} if everything else held_records(driver, settings)
        graph = nx.MultiDiGraph()
        co_mentions = CoMentions()
        unchanged = 0
        for record, line in read_record_lines(Path(build_dir) / RECORDS):
            add_described(graph, record)
            co_mentions.add(record)
            post_digest = record_digest(line)
            if held.get(record.post.post_id) == post_digest:
                unchanged += 1
            else:
                add_post(graph, record)
                graph.nodes[record.post.post_id][RECORD_DIGEST] = post_digest
        add_measures(graph, co_mentions.measures())
        total = graph.number_of_nodes() + graph.number_of_edges()
        with tqdm(total=total, unit=" rows", desc="loading Neo4j", leave=False,
                  disable=None if progress is None else not progress) as bar:
            summary = load_graph(driver, settings, graph, batch_size, bar.update)
    summary.posts_unchanged = unchanged
    return summary


def record_digest(line: bytes) -> str:
    """A post's record as a load leaves it on the Post node (RECORD_DIGEST): a later load sends the post again only
    when its record has changed (an update, an edited message)."""
    return hashlib.blake2b(line.strip(), digest_size=16).hexdigest()


def held_records(driver: Driver, settings: Neo4jSettings) -> dict[str, str]:
    """The record digests of the posts Neo4j holds, by post id."""
    records = driver.execute_query(HELD_RECORDS, database_=settings.database).records
    return {record["id"]: record["digest"] for record in records}
