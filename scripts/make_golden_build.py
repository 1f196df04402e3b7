"""Rebuild tests/data/golden-build/ from the bundled sample channel (kg/sample/result.json).

The golden build is what the RDF and SPARQL tests compare against: graph.trig (the RDF, compared by graph
isomorphism) and mentions.jsonl (from which tests compute expected answers independently). Run this when the
extraction changes on purpose, and review the diff:

    .venv/bin/python scripts/make_golden_build.py
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from kg.build import build
from kg.rdf import DEFAULT_BASE

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "data" / "golden-build"
SAMPLE = Path("kg") / "sample" / "result.json"  # relative, so the records name no machine's paths
KEPT = ("mentions.jsonl", "graph.trig")  # build.json holds timings and paths; graph.ttl is graph.trig flattened


def main() -> int:
    os.chdir(REPO)
    with tempfile.TemporaryDirectory() as scratch:
        summary = build([SAMPLE], Path(scratch), base=DEFAULT_BASE, progress=False)
        if summary.partial:
            print(f"the sample did not build cleanly: {summary.errors}", file=sys.stderr)
            return 1
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for name in KEPT:
            shutil.copyfile(Path(scratch) / name, GOLDEN / name)
    print(f"wrote {', '.join(str(GOLDEN / name) for name in KEPT)}: {summary.posts} posts, "
          f"{summary.triples} triples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
