#!/usr/bin/env python3
"""One run, side by side: omkg's figures next to a baseline measured in the same run, on generated posts.

    .venv/bin/python scripts/bench.py --quick                      # under a minute: 1,000 posts
    .venv/bin/python scripts/bench.py                              # 10k and 100k generated posts
    .venv/bin/python scripts/bench.py --sizes 10000 100000 1000000 # … and a million (≈ 50 GB of disk at its peak)
    .venv/bin/python scripts/bench.py --uri bolt://127.0.0.1:7697 --password omkg-test-password --wipe

For each size, a corpus is generated (scripts/make_corpus.py, the same file for the same --seed) and built end to
end with `kg build --jobs J` as a user runs it (wall seconds; peak memory: the largest process's resident set,
workers included, as GNU time reports it); `kg sparql officials-by-events` is then run on the build's store and
on its graph.trig re-parsed (what every query did before the store). The smallest size also gives:

- extraction posts/s on one core, ours next to a spaCy EntityRuler with the same gazetteer (scripts/bench_extract.py),
  on the generated posts and, where ../shared holds it, on the MFA channel's real posts (long English posts; the
  generated ones are short, dense with names, one in seven Russian);
- RDF export triples/s and query time, ours (pyoxigraph) next to plain rdflib, on the first --rdf-posts records
  (rdflib's Turtle writer is super-linear: scripts/bench_rdf.py);
- with a Neo4j server: the batched loader's rows/s next to one row per transaction (scripts/bench_neo4j.py),
  the naive loader on the first --naive-posts posts only (it is ≈ 60× slower). The database is emptied.

Prints the tables and, last, one line of JSON with every figure. Builds are deleted once measured (--keep keeps
them). Results, with the machine, are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path
from types import SimpleNamespace

SCRIPTS = Path(__file__).resolve().parent
sys.path.insert(0, str(SCRIPTS))

import bench_extract  # noqa: E402  (sets the thread variables before numpy is imported)
import bench_neo4j  # noqa: E402
import bench_rdf  # noqa: E402

KG = Path(sys.executable).parent / "kg"
QUERY = "officials-by-events"
TARGETS = {"build_100k_seconds": 60, "memory_1m_mb": 2048, "time_1m_over_100k": 12, "query_seconds": 2}


def timed(command: list[str], **kwargs) -> dict:
    """Run a command; its wall seconds and the peak resident memory of its largest process (MB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **kwargs)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.stderr.write(stderr[-3000:])
        sys.exit(f"bench: {' '.join(command[:3])}… failed (exit {process.returncode})")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024}


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def build_and_query(size: int, args, work: Path) -> dict:
    corpus = work / f"corpus-{size}.json"
    if not corpus.exists():
        subprocess.run([sys.executable, str(SCRIPTS / "make_corpus.py"), "--posts", str(size), "--seed",
                        str(args.seed), "--out", str(corpus)], check=True)
    out = work / f"build-{size}"
    progress(f"kg build --jobs {args.jobs}: {size:,} messages")
    built = timed([str(KG), "build", "--no-progress", "--jobs", str(args.jobs), "--out", str(out), str(corpus)])
    summary = json.loads((out / "build.json").read_text(encoding="utf-8"))
    result = {"messages": size, "posts": summary["posts"], "triples": summary["triples"],
              "build_seconds": built["seconds"], "build_peak_mb": built["peak_mb"], "disk_mb": disk_mb(out),
              "corpus": str(corpus)}
    progress(f"kg sparql {QUERY}: from the store, and re-parsing graph.trig")
    result["query_store_seconds"] = timed([str(KG), "sparql", QUERY, "--data", str(out)])["seconds"]
    if summary["triples"] <= args.reparse_max_triples:
        reparsed = timed([str(KG), "sparql", QUERY, "--data", str(out / "graph.trig")])
        result["query_reparse_seconds"], result["query_reparse_peak_mb"] = reparsed["seconds"], reparsed["peak_mb"]
    return result


def extraction(corpus: Path, args) -> dict:
    """Our full extraction and the EntityRuler on the corpus, taking turns for --runs rounds (the medians)."""
    options = SimpleNamespace(corpus=corpus, min_seconds=args.min_seconds, before_tree=None)
    results: dict[str, dict] = {}
    for _ in range(args.runs):
        for name in ("ours-full", bench_extract.BASELINE):
            progress(f"extraction on one core: {bench_extract.TITLES[name]}")
            measured = bench_extract.run_child(name, options, results[name]["repeat"] if name in results else None)
            if name in results:
                bench_extract._add_measurement(results[name], measured)
            else:
                results[name] = measured
    return {name: {"posts_per_second": r["timed_posts"] / r["seconds"], "posts": r["posts"],
                   "peak_mb": r["peak_rss_mib"]} for name, r in results.items()}


def rdf(build: Path, posts: int, work: Path) -> dict:
    """bench_rdf's two measurements on the first `posts` records of a build."""
    data = work / "rdf" / "data"
    data.mkdir(parents=True, exist_ok=True)
    with open(build / "mentions.jsonl", encoding="utf-8") as source, \
            open(data / "mentions.jsonl", "w", encoding="utf-8") as target:
        target.writelines(islice(source, posts))
    measured = {}
    for name in ("ours", "rdflib"):
        progress(f"RDF export and queries: {name}")
        measured[name] = bench_rdf.run_step(name, work / "rdf")
    return measured


def neo4j_settings(args):
    """The server's settings, checked before the long part of the run: reachable, and its database free to empty."""
    from kg.neo4j import Neo4jError, Neo4jSettings, connect

    settings = Neo4jSettings.resolve(args.uri, args.user, args.password, None)
    try:
        with connect(settings) as driver:
            if bench_neo4j.count(driver, None, "MATCH (n) RETURN count(n)") and not args.wipe:
                sys.exit("bench: the Neo4j database holds data and the benchmark empties it; pass --wipe to allow "
                         "that")
    except Neo4jError as err:
        sys.exit(f"bench: {err}")
    return settings


def neo4j_loads(build: Path, settings, args) -> dict:
    """The batched loader on the first --neo4j-posts records, the naive one on the first --naive-posts."""
    import neo4j

    from kg.graph import build_graph
    from kg.neo4j import connect
    from kg.records import read_records

    graph = build_graph(islice(read_records(build / "mentions.jsonl"), args.neo4j_posts))
    small = build_graph(islice(read_records(build / "mentions.jsonl"), args.naive_posts))
    with connect(settings) as driver:
        result = {"server": driver.get_server_info().agent, "driver": neo4j.__version__}
        for name, load, loaded in (("batched", bench_neo4j.timed_batched_load, graph),
                                   ("naive", bench_neo4j.timed_naive_load, small)):
            bench_neo4j.empty_database(driver, None)
            progress(f"Neo4j: {name} load, {loaded.number_of_nodes() + loaded.number_of_edges():,} rows")
            run = load(driver, settings, loaded)
            result[name] = {"rows": run["rows"], "seconds": run["seconds"],
                            "rows_per_second": run["rows"] / run["seconds"],
                            "posts": args.neo4j_posts if name == "batched" else args.naive_posts}
        bench_neo4j.empty_database(driver, None)
    return result


def render(results: dict) -> str:
    """The tables, as markdown."""
    lines = [f"Machine: {results['machine']['cpu']}, {results['machine']['cores']} cores, Python "
             f"{results['machine']['python']}; {results['machine']['date']}; `kg build --jobs {results['jobs']}`, "
             f"generated posts (scripts/make_corpus.py --seed {results['seed']}).", "",
             "| messages | posts | triples | build s | posts/s | peak MB | disk MB | `kg sparql`, store s | "
             "`kg sparql`, re-parsing graph.trig s (peak MB) |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for b in results["builds"]:
        reparse = (f"{b['query_reparse_seconds']:.2f} ({b['query_reparse_peak_mb']:,.0f})"
                   if "query_reparse_seconds" in b else "— (not run: too large)")
        lines.append(f"| {b['messages']:,} | {b['posts']:,} | {b['triples']:,} | {b['build_seconds']:.1f} | "
                     f"{b['posts'] / b['build_seconds']:,.0f} | {b['build_peak_mb']:,.0f} | {b['disk_mb']:,.0f} | "
                     f"{b['query_store_seconds']:.2f} | {reparse} |")
    lines += ["", "| measure | ours | baseline | speed, × the baseline |", "|---|---:|---:|---:|"]
    for corpus, ext in results["extraction"].items():
        ours, ruler = ext["ours-full"]["posts_per_second"], ext[bench_extract.BASELINE]["posts_per_second"]
        lines.append(f"| extraction, posts/s, one core ({ext['ours-full']['posts']:,} {corpus} posts; baseline: spaCy "
                     f"EntityRuler) | {ours:,.0f} | {ruler:,.0f} | {ours / ruler:.2f} |")
    r = results["rdf"]
    ot, rt = r["ours"]["seconds"], r["rdflib"]["seconds"]
    turtle = (r["ours"]["triples"] / ot["export Turtle"], r["rdflib"]["triples"] / rt["export Turtle"])
    lines.append(f"| RDF export, Turtle triples/s ({r['ours']['triples']:,} triples; baseline: rdflib) | "
                 f"{turtle[0]:,.0f} | {turtle[1]:,.0f} | {turtle[0] / turtle[1]:.1f} |")
    lines.append(f"| RDF export, TriG quads/s (rdflib: no streamed TriG) | "
                 f"{r['ours']['quads'] / ot['export TriG']:,.0f} | — | — |")
    for query in ("officials-by-events", "mentions per organisation"):
        lines.append(f"| SPARQL {query}, s, same data in memory (baseline: rdflib) | "
                     f"{ot['query ' + query]:.3f} | {rt['query ' + query]:.3f} | "
                     f"{rt['query ' + query] / max(ot['query ' + query], 1e-6):.0f} |")
    lines.append(f"| peak memory of the RDF step, MB | {r['ours']['peak_mb']:,.0f} | "
                 f"{r['rdflib']['peak_mb']:,.0f} | — |")
    n = results.get("neo4j")
    if n:
        lines.append(f"| Neo4j rows/s ({n['batched']['posts']:,} posts batched, {n['naive']['posts']:,} naive; "
                     f"baseline: one row per transaction) | {n['batched']['rows_per_second']:,.0f} | "
                     f"{n['naive']['rows_per_second']:,.0f} | "
                     f"{n['batched']['rows_per_second'] / n['naive']['rows_per_second']:.0f} |")
    else:
        lines.append("| Neo4j rows/s | not measured: no --uri | | |")
    return "\n".join(lines + ["", *checks(results)])


def checks(results: dict) -> list[str]:
    """The issue's targets that this run's sizes can speak to."""
    by_size = {b["messages"]: b for b in results["builds"]}
    lines = []
    if 100_000 in by_size:
        query = by_size[100_000]["query_store_seconds"]
        verdict = "met" if query < TARGETS["query_seconds"] else "NOT met"
        lines.append(f"- 100,000: `kg sparql {QUERY}` from the store in {query:.2f} s, the whole command "
                     f"(target < {TARGETS['query_seconds']} s: {verdict}).")
        seconds = by_size[100_000]["build_seconds"]
        verdict = "met" if seconds < TARGETS["build_100k_seconds"] else "NOT met"
        lines.append(f"- 100,000: built in {seconds:.0f} s (target < {TARGETS['build_100k_seconds']} s: {verdict}).")
    if 1_000_000 in by_size:
        million = by_size[1_000_000]
        verdict = "met" if million["build_peak_mb"] < TARGETS["memory_1m_mb"] else "NOT met"
        lines.append(f"- 1,000,000: peak {million['build_peak_mb']:,.0f} MB (target < {TARGETS['memory_1m_mb']:,} MB: "
                     f"{verdict}).")
        if 100_000 in by_size:
            ratio = million["build_seconds"] / by_size[100_000]["build_seconds"]
            verdict = "met" if ratio <= TARGETS["time_1m_over_100k"] else "NOT met"
            lines.append(f"- 1,000,000 took {ratio:.1f}× the time of 100,000 (target ≤ "
                         f"{TARGETS['time_1m_over_100k']}×: {verdict}).")
    return lines


def progress(message: str) -> None:
    print(f"… {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 posts, one short round: under a minute")
    parser.add_argument("--sizes", type=int, nargs="+", help="messages per generated corpus (default 10000 100000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="kg build --jobs (default: cores)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, help="extraction rounds (default 3; --quick 1)")
    parser.add_argument("--min-seconds", type=float, help="least duration of one extraction measurement (3; 0.5)")
    parser.add_argument("--rdf-posts", type=int, help="records for the RDF comparison (2000; --quick 200)")
    parser.add_argument("--reparse-max-triples", type=int, default=15_000_000,
                        help="re-parse graph.trig for the query only up to this size (it is held in memory)")
    parser.add_argument("--uri", help="a Neo4j server for the loaders' rows/s (its database is emptied); "
                        "without it: not measured")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--neo4j-posts", type=int, help="posts the batched loader loads (5000; --quick 300)")
    parser.add_argument("--naive-posts", type=int, help="posts the one-row-per-transaction loader loads (200; 30)")
    parser.add_argument("--wipe", action="store_true", help="empty the Neo4j database even when it holds data")
    parser.add_argument("--work", type=Path, help="working directory (default: a temporary one, removed)")
    parser.add_argument("--keep", action="store_true", help="keep the builds in --work")
    args = parser.parse_args()
    quick = args.quick
    args.sizes = sorted(args.sizes or ([1000] if quick else [10_000, 100_000]))
    args.runs = args.runs or (1 if quick else 3)
    args.min_seconds = args.min_seconds or (0.5 if quick else 3.0)
    args.rdf_posts = args.rdf_posts or (200 if quick else 2000)
    args.neo4j_posts = args.neo4j_posts or (300 if quick else 5000)
    args.naive_posts = args.naive_posts or (30 if quick else 200)
    if not KG.exists():
        sys.exit(f"bench: {KG} not found; install omkg into this Python's environment (README)")

    settings = neo4j_settings(args) if args.uri else None
    work = args.work or Path(tempfile.mkdtemp(prefix="omkg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = {"machine": bench_extract.machine(), "jobs": args.jobs, "seed": args.seed, "builds": []}
    try:
        for index, size in enumerate(args.sizes):
            measured = build_and_query(size, args, work)
            results["builds"].append(measured)
            build = work / f"build-{size}"
            if index == 0:
                corpora = {"generated": Path(measured["corpus"])}
                if bench_extract.CORPUS.is_file():
                    corpora["MFA channel"] = bench_extract.CORPUS
                results["extraction"] = {name: extraction(corpus, args) for name, corpus in corpora.items()}
                results["rdf"] = rdf(build, args.rdf_posts, work)
                if settings is not None:
                    results["neo4j"] = neo4j_loads(build, settings, args)
            if not args.keep:
                shutil.rmtree(build)
                Path(measured["corpus"]).unlink()
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(render(results))
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
