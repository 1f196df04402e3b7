#!/usr/bin/env python3
"""Instructions the full extraction executes per post, next to an earlier commit's: a measure that does not drift.

    .venv/bin/python scripts/bench_instructions.py --before 5867c3c

Timings on a shared VM move by ±25 % from minute to minute (docs/benchmarks.md), too much to see a change of a few
per cent. Valgrind's callgrind counts the instructions a run executes, the same to 0.1 % from run to run. Each tree
(this checkout as installed, and REF's kg/ compiled the way bench_extract.py compiles it) builds its extraction
outside the count, extracts every post once to warm up, then once more while callgrind counts. Instructions are not
time — a cache miss costs no instruction, and a larger automaton costs misses — so the ratio here is a guide to where
the work went (run `callgrind_annotate` on the files it names), and scripts/bench_extract.py stays the measure of
speed. Needs valgrind (Debian's `valgrind` package); takes a minute or two per tree.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "mfarussia-tme-scrape" / "mfa_telegram.csv"
TOTALS = re.compile(r"^totals:\s*(\d+)", re.MULTILINE)


def _bench_extract():
    """scripts/bench_extract.py as a module, for its way of compiling an earlier commit."""
    spec = importlib.util.spec_from_file_location("bench_extract", REPO / "scripts" / "bench_extract.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def worker(corpus: Path) -> None:
    """Build the extraction, warm it up, then extract every post once each time a line comes in."""
    from kg.extract.pipeline import Extraction
    from kg.gazetteer import load_gazetteer
    from kg.model import Post
    from kg.sources import read_posts

    posts = [item for item in read_posts(corpus) if isinstance(item, Post)]
    extraction = Extraction(load_gazetteer())
    for post in posts:
        extraction(post)
    print(len(posts), flush=True)
    for _ in sys.stdin:
        for post in posts:
            extraction(post)
        print("done", flush=True)


def count(tree: Path, corpus: Path, out: Path) -> tuple[int, int]:
    """(instructions of one pass, posts) for the package at `tree`, counted by callgrind into `out`."""
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
               sys.executable, str(Path(__file__).resolve()), "--worker", "--corpus", str(corpus)]
    child = subprocess.Popen(command, cwd=tree, env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    posts = int(child.stdout.readline())
    subprocess.run(["callgrind_control", "--instr=on", str(child.pid)], check=True, capture_output=True)
    child.stdin.write("go\n")
    child.stdin.flush()
    child.stdout.readline()
    subprocess.run(["callgrind_control", "--instr=off", str(child.pid)], check=True, capture_output=True)
    child.stdin.close()
    if child.wait() != 0:
        sys.exit(f"bench_instructions: the run of {tree} failed")
    found = TOTALS.search(out.read_text())
    if found is None:
        sys.exit(f"bench_instructions: no totals in {out}")
    return int(found.group(1)), posts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", metavar="REF", help="the earlier commit to compare with (required)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="posts to extract (default: the MFA scrape)")
    parser.add_argument("--keep", type=Path, help="keep the callgrind files in this directory")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.corpus)
        return
    if not args.before:
        parser.error("give --before REF")
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        sys.exit("bench_instructions: needs valgrind (apt install valgrind)")
    if not args.corpus.is_file():
        sys.exit(f"bench_instructions: no corpus at {args.corpus} (give --corpus FILE)")
    with tempfile.TemporaryDirectory() as scratch:
        keep = args.keep or Path(scratch)
        keep.mkdir(parents=True, exist_ok=True)
        before_tree = Path(scratch) / "before"
        before_tree.mkdir()
        _bench_extract().checkout_before(args.before, before_tree)
        started = time.time()
        before, posts = count(before_tree, args.corpus, keep / "callgrind.before.out")
        now, _ = count(REPO, args.corpus, keep / "callgrind.now.out")
    print(f"Corpus: {args.corpus} ({posts} posts); one pass counted after a warm-up pass; {time.time() - started:.0f} s")
    print(f"{'tree':<24} {'instructions':>15} {'per post':>10}")
    print(f"{args.before:<24} {before:>15,} {before // posts:>10,}")
    print(f"{'this checkout':<24} {now:>15,} {now // posts:>10,}")
    print(f"this checkout executes {now / before:.3f}× the instructions of {args.before} "
          f"(speed by this measure: {before / now:.3f}×)" + (f"; callgrind files in {keep}" if args.keep else ""))
    print(json.dumps({"before": args.before, "posts": posts, "instructions_before": before, "instructions_now": now,
                      "ratio": round(before / now, 4)}))


if __name__ == "__main__":
    main()
