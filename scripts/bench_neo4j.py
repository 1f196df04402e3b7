#!/usr/bin/env python3
"""Benchmark: omkg's batched Neo4j loader next to a naive one-row-per-transaction MERGE, in the same run.

The MFA corpus (../shared/corpus/mfarussia-tme-scrape/mfa_telegram.csv, 505 posts) is built once, then its
records are replicated with fresh post and event ids up to --posts posts, so the graph grows the way a long
channel history does: new posts, mentions and events; the same entities. The batched loader loads all of it
(then loads it again, to time an idempotent reload); the naive loader — the same MERGE statements, one row per
transaction — is timed on the graph of the first --naive-posts posts, next to the batched loader on that graph.

The database is emptied before each load and at the end, so it must be empty to start with or --wipe must be given.

    .venv/bin/python scripts/bench_neo4j.py --uri bolt://127.0.0.1:7697 --password omkg-test-password --wipe
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import tempfile
import time
from pathlib import Path

import neo4j

from kg.build import build
from kg.graph import build_graph
from kg.model import PostRecord
from kg.neo4j import Neo4jSettings, connect, load_graph
from kg.neo4j.loader import schema_statements, plan
from kg.records import read_records

MFA_CSV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "mfarussia-tme-scrape" / "mfa_telegram.csv"


def replicate(records: list[PostRecord], posts: int) -> list[PostRecord]:
    """Copies of the records with fresh post and event ids (`…~2`, `…~3`), until there are `posts` of them."""
    result = list(records[:posts])
    copy = 1
    while len(result) < posts:
        copy += 1
        result += [renamed(record, f"~{copy}") for record in records[: posts - len(result)]]
    return result


def renamed(record: PostRecord, suffix: str) -> PostRecord:
    fresh = {record.post.post_id: record.post.post_id + suffix}
    fresh.update({event.id: event.id + suffix for event in record.events})

    def new(identifier):
        return fresh.get(identifier, identifier)

    return dataclasses.replace(
        record,
        post=dataclasses.replace(record.post, post_id=new(record.post.post_id)),
        entities=[dataclasses.replace(e, id=new(e.id)) for e in record.entities],
        events=[dataclasses.replace(e, id=new(e.id)) for e in record.events],
        assertions=[dataclasses.replace(a, subject=new(a.subject), object=new(a.object)) for a in record.assertions])


def empty_database(driver, database: str | None) -> None:
    """Relationships first, in small transactions: a node with 100k relationships is too big to delete at once.
    (execute_query retries a transaction the server reports as deadlocked.)"""
    for query in ("MATCH ()-[r]->() WITH r LIMIT 20000 DELETE r RETURN count(*)",
                  "MATCH (n) WITH n LIMIT 20000 DELETE n RETURN count(*)"):
        while driver.execute_query(query, database_=database).records[0][0]:
            pass


def count(driver, database: str | None, query: str) -> int:
    return driver.execute_query(query, database_=database).records[0][0]


def timed_batched_load(driver, settings, graph) -> dict:
    """The whole load, plus the relationship phase alone (nodes always come first)."""
    nodes = graph.number_of_nodes()
    loaded = 0
    nodes_done_at = None

    def note(rows):
        nonlocal loaded, nodes_done_at
        loaded += rows
        if nodes_done_at is None and loaded >= nodes:
            nodes_done_at = time.perf_counter()

    started = time.perf_counter()
    summary = load_graph(driver, settings, graph, on_batch=note)
    ended = time.perf_counter()
    relationships = graph.number_of_edges()
    return {"seconds": ended - started, "rows": nodes + relationships, "relationships": relationships,
            "relationship_seconds": ended - (nodes_done_at or started), "created": summary.nodes_created
            + summary.relationships_created}


def timed_naive_load(driver, settings, graph) -> dict:
    """The loader's own statements, but each row in a transaction of its own."""
    for statement in schema_statements():
        driver.execute_query(statement, database_=settings.database)
    batches = plan(graph, batch_size=10 ** 9)
    started = time.perf_counter()
    relationship_seconds = 0.0
    with driver.session(database=settings.database) as session:
        for batch in batches:
            batch_started = time.perf_counter()
            for row in batch.rows:
                session.execute_write(lambda tx: tx.run(batch.statement, rows=[row]).consume())
            if batch.what == "relationships":
                relationship_seconds += time.perf_counter() - batch_started
    return {"seconds": time.perf_counter() - started, "rows": graph.number_of_nodes() + graph.number_of_edges(),
            "relationships": graph.number_of_edges(), "relationship_seconds": relationship_seconds}


def rates(run: dict) -> str:
    return (f"{run['rows']:,} rows in {run['seconds']:.1f} s = {run['rows'] / run['seconds']:,.0f} rows/s; "
            f"relationships {run['relationships']:,} in {run['relationship_seconds']:.1f} s = "
            f"{run['relationships'] / run['relationship_seconds']:,.0f} relationships/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000, help="posts in the scaled-up graph")
    parser.add_argument("--naive-posts", type=int, default=505, help="posts in the graph the naive loader loads")
    parser.add_argument("--csv", type=Path, default=MFA_CSV)
    parser.add_argument("--uri")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--database")
    parser.add_argument("--wipe", action="store_true", help="empty the database even when it holds data")
    args = parser.parse_args()
    settings = Neo4jSettings.resolve(args.uri, args.user, args.password, args.database)

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        build([args.csv], Path(out), progress=False)
        records = list(read_records(Path(out) / "mentions.jsonl"))
    graph = build_graph(replicate(records, args.posts))
    small = build_graph(replicate(records, args.naive_posts))
    print(f"corpus: {args.csv.name}, {len(records)} posts replicated to {args.posts:,}: {graph.number_of_nodes():,} "
          f"nodes, {graph.number_of_edges():,} relationships (prepared in {time.perf_counter() - started:.0f} s)")

    with connect(settings) as driver:
        if count(driver, settings.database, "MATCH (n) RETURN count(n)") and not args.wipe:
            raise SystemExit("the database holds data and the benchmark empties it; pass --wipe to allow that")
        server = driver.get_server_info()
        print(f"server: {server.agent} at {settings.uri}; client: Python {platform.python_version()}, "
              f"neo4j driver {neo4j.__version__}; {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}")

        empty_database(driver, settings.database)
        print(f"batched, {args.naive_posts} posts: {rates(timed_batched_load(driver, settings, small))}")
        empty_database(driver, settings.database)
        print(f"naive (1 row per transaction), {args.naive_posts} posts: "
              f"{rates(timed_naive_load(driver, settings, small))}")

        empty_database(driver, settings.database)
        first = timed_batched_load(driver, settings, graph)
        print(f"batched, {args.posts:,} posts, empty database: {rates(first)}")
        stored = (count(driver, settings.database, "MATCH (n) RETURN count(n)"),
                  count(driver, settings.database, "MATCH ()-[r]->() RETURN count(r)"))
        assert stored == (graph.number_of_nodes(), graph.number_of_edges()), stored
        again = timed_batched_load(driver, settings, graph)
        assert again["created"] == 0, again
        print(f"batched, {args.posts:,} posts, loaded again (nothing new): {rates(again)}")
        empty_database(driver, settings.database)  # the tests' wipe deletes in one transaction: too big for this


if __name__ == "__main__":
    main()
