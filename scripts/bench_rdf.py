"""Benchmark: RDF export and a SPARQL GROUP BY at about a million triples, our path next to plain rdflib.

The records of one real build (the MFA corpus in ../shared, else the bundled sample) are replicated under fresh
post ids until the export has at least --triples triples. Each measurement runs in its own process, so its peak
memory is its own: reading the records and building the graph, then

- ours:   the quad stream serialised by pyoxigraph (TriG, and Turtle flattened), a pyoxigraph Store loaded from
          the TriG, the shipped `officials-by-events` query and mentions per organisation;
- rdflib: the same quads in an rdflib Dataset, flattened and serialised as Turtle (what `kg build` did before),
          then the same two queries with rdflib's SPARQL engine over the Dataset.

    .venv/bin/python scripts/bench_rdf.py [--triples 1000000] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MFA_CSV = REPO.parent / "shared" / "corpus" / "mfarussia-tme-scrape" / "mfa_telegram.csv"
MENTIONS_PER_ORGANISATION = """
PREFIX omkg: <https://w3id.org/omkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?organisation (COUNT(?mention) AS ?mentions) WHERE {
  ?mention omkg:refersTo ?o . ?o a org:Organization ; dcterms:identifier ?organisation .
} GROUP BY ?organisation ORDER BY DESC(?mentions) ?organisation"""


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM), Rust allocations included."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---- preparing the data --------------------------------------------------------------------------------------------

def prepare(work: Path, target_triples: int) -> dict:
    from kg.build import build
    from kg.records import read_records, record_to_json

    source = MFA_CSV if MFA_CSV.exists() else None
    one = work / "one"
    summary = build([source] if source else [], one, progress=False)
    copies = max(1, math.ceil(target_triples / summary.triples))
    records = [record_to_json(r) for r in read_records(one / "mentions.jsonl")]
    data = work / "data"
    data.mkdir(exist_ok=True)
    with open(data / "mentions.jsonl", "w", encoding="utf-8") as handle:
        for copy in range(copies):
            for record in records:
                handle.write(json.dumps(replica(record, copy), ensure_ascii=False) + "\n")
    return {"source": str(source or "bundled sample"), "posts": summary.posts * copies, "copies": copies,
            "triples_per_copy": summary.triples}


def replica(record: dict, copy: int) -> dict:
    """The record as if a different post said it: fresh post id, its events and assertions renamed to match."""
    if copy == 0:
        return record
    old, new = record["post_id"], f"{record['post_id']}-r{copy}"

    def rename(node_id: str) -> str:
        if node_id == old:
            return new
        return node_id.replace(f"event/{old}/", f"event/{new}/", 1)

    return {**record, "post_id": new,
            "events": [{**e, "id": rename(e["id"])} for e in record["events"]],
            "assertions": [{**a, "subject": rename(a["subject"]), "object": rename(a["object"])}
                           for a in record["assertions"]]}


# ---- the measured steps, each run in its own process ---------------------------------------------------------------

def step_ours(data: Path, out: Path) -> dict:
    from kg.export import FORMATS, write
    from kg.graph import graph_of_build
    from kg.queries import load_query
    from kg.rdf import quads
    from kg.sparql import load_store, run_query

    started = time.perf_counter()
    graph = graph_of_build(data)
    read = time.perf_counter() - started
    timings = {"read records + graph": read}
    started = time.perf_counter()
    quad_count = write(quads(graph), out / "graph.trig", FORMATS["trig"])
    timings["export TriG"] = time.perf_counter() - started
    started = time.perf_counter()
    triple_count = write(quads(graph), out / "graph.ttl", FORMATS["turtle"])
    timings["export Turtle"] = time.perf_counter() - started
    del graph
    started = time.perf_counter()
    store = load_store(out)
    timings["load TriG into a store"] = time.perf_counter() - started
    for name, text in (("officials-by-events", load_query("officials-by-events", "sparql")),
                       ("mentions per organisation", MENTIONS_PER_ORGANISATION)):
        started = time.perf_counter()
        rows = run_query(store, text).rows
        timings[f"query {name}"] = time.perf_counter() - started
        timings[f"rows {name}"] = len(rows)
    return {"quads": quad_count, "triples": triple_count, "seconds": timings, "peak_mb": peak_mb()}


def step_rdflib(data: Path, out: Path) -> dict:
    from rdflib import Graph

    from kg.graph import graph_of_build
    from kg.queries import load_query
    from kg.rdf import to_dataset

    started = time.perf_counter()
    graph = graph_of_build(data)
    timings = {"read records + graph": time.perf_counter() - started}
    started = time.perf_counter()
    dataset = to_dataset(graph)
    timings["build rdflib Dataset"] = time.perf_counter() - started
    del graph
    started = time.perf_counter()
    flat = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        flat.add((s, p, o))
    flat.serialize(out / "graph-rdflib.ttl", format="turtle")
    timings["export Turtle"] = time.perf_counter() - started
    triples = len(flat)
    del flat
    dataset.default_union = True
    for name, text in (("officials-by-events", load_query("officials-by-events", "sparql")),
                       ("mentions per organisation", MENTIONS_PER_ORGANISATION)):
        started = time.perf_counter()
        rows = list(dataset.query(text))
        timings[f"query {name}"] = time.perf_counter() - started
        timings[f"rows {name}"] = len(rows)
    return {"triples": triples, "seconds": timings, "peak_mb": peak_mb()}


STEPS = {"ours": step_ours, "rdflib": step_rdflib}


def run_step(name: str, work: Path) -> dict:
    out = work / name
    out.mkdir(exist_ok=True)
    completed = subprocess.run([sys.executable, __file__, "--step", name, "--work", str(work)], check=True,
                               capture_output=True, text=True, cwd=REPO)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def report(facts: dict, ours: dict, theirs: dict) -> str:
    t_ours, t_theirs = ours["seconds"], theirs["seconds"]
    rows = [
        ("read records + build graph (s)", t_ours["read records + graph"], t_theirs["read records + graph"]),
        ("build rdflib Dataset (s)", None, t_theirs["build rdflib Dataset"]),
        ("export TriG, all quads (s)", t_ours["export TriG"], None),
        ("export Turtle, flattened (s)", t_ours["export Turtle"], t_theirs["export Turtle"]),
        ("Turtle triples/s", ours["triples"] / t_ours["export Turtle"], theirs["triples"] / t_theirs["export Turtle"]),
        ("TriG quads/s", ours["quads"] / t_ours["export TriG"], None),
        ("load TriG into a store (s)", t_ours["load TriG into a store"], None),
        ("GROUP BY officials-by-events (s)", t_ours["query officials-by-events"],
         t_theirs["query officials-by-events"]),
        ("GROUP BY mentions per organisation (s)", t_ours["query mentions per organisation"],
         t_theirs["query mentions per organisation"]),
        ("peak memory of the process (MB)", ours["peak_mb"], theirs["peak_mb"]),
    ]

    def cell(value):
        if value is None:
            return "—"
        return f"{value:,.0f}" if value >= 1000 else f"{value:.2f}"

    lines = [f"data: {facts['source']} × {facts['copies']} ({facts['posts']:,} posts); "
             f"{ours['triples']:,} triples, {ours['quads']:,} quads",
             f"rows: officials-by-events {t_ours['rows officials-by-events']} (rdflib "
             f"{t_theirs['rows officials-by-events']}), mentions per organisation "
             f"{t_ours['rows mentions per organisation']} (rdflib {t_theirs['rows mentions per organisation']})",
             "", "| measure | ours (pyoxigraph) | plain rdflib |", "|---|---:|---:|"]
    lines += [f"| {name} | {cell(a)} | {cell(b)} |" for name, a, b in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--step", choices=STEPS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(STEPS[args.step](args.work / "data", args.work / args.step)))
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-rdf-"))
    work.mkdir(parents=True, exist_ok=True)
    facts = prepare(work, args.triples)
    ours = run_step("ours", work)
    theirs = run_step("rdflib", work)
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    print(report(facts, ours, theirs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
