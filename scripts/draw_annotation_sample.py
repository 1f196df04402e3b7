"""Draw real posts for blind annotation and write their texts where an annotator reads them (not into the repo).

    python scripts/draw_annotation_sample.py --seed 20261203 --mfa 30 --ria 20 \
        --exclude tests/data/devset --exclude tests/data/heldout --out /tmp/blind

The pool of each corpus is every post with 200 to 3,000 characters of text (`--lengths MIN-MAX` for others: once
every such post of a corpus is annotated, the longer ones) whose message_id no gold file under an --exclude folder
names, sorted by message_id; `random.Random(seed).sample` draws from it, a fresh generator per corpus. `--window N`
instead takes N consecutive posts (by message_id) from a seeded random start: a stretch of the channel in which one
real event is often reported by several posts (the cross-post event resolution set).

Writes OUT/<corpus>-posts.jsonl (message_id, date, text) and prints the ids drawn. The texts are third-party data:
they stay outside the repository, and the gold files point to posts by message_id.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SOURCES = {
    "mfa": CORPUS / "mfarussia-tme-scrape" / "mfa_telegram.csv",
    "ria": CORPUS / "ria-novosti-telethon-ru" / "1001101170442_messages.json",
}


DEFAULT_LENGTHS = (200, 3000)


def lengths_range(value: str) -> tuple[int, int]:
    """"MIN-MAX" characters, e.g. "3001-5000"."""
    try:
        shortest, longest = (int(part) for part in value.split("-"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not MIN-MAX, e.g. 3001-5000") from None
    if not 0 <= shortest <= longest:
        raise argparse.ArgumentTypeError(f"{value!r}: MIN must be at least 0 and at most MAX")
    return shortest, longest


def load(corpus: str) -> list[dict]:
    path = SOURCES[corpus]
    if corpus == "mfa":
        csv.field_size_limit(10**9)
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    return json.loads(path.read_text(encoding="utf-8"))


def excluded_ids(folders: list[Path], corpus: str) -> set[str]:
    ids = set()
    for folder in folders:
        for gold in folder.glob(f"{corpus}-*.jsonl"):
            ids |= {str(json.loads(line)["message_id"]) for line in gold.read_text(encoding="utf-8").splitlines()
                    if line.strip()}
    return ids


def draw(posts: list[dict], exclude: set[str], count: int, seed: int, window: bool,
         lengths: tuple[int, int] = DEFAULT_LENGTHS) -> list[dict]:
    ordered = sorted(posts, key=lambda p: int(p["message_id"]))
    if window:
        start = random.Random(seed).randrange(len(ordered) - count)
        return ordered[start:start + count]
    shortest, longest = lengths
    pool = [p for p in ordered
            if str(p["message_id"]) not in exclude and shortest <= len((p.get("text") or "")) <= longest]
    if count > len(pool):
        raise SystemExit(f"asked for {count} posts, but only {len(pool)} of {shortest:,}–{longest:,} characters are "
                         f"in no excluded gold file: ask for at most {len(pool)}")
    return sorted(random.Random(seed).sample(pool, count), key=lambda p: int(p["message_id"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--mfa", type=int, default=0, help="posts to draw from the MFA channel")
    parser.add_argument("--ria", type=int, default=0, help="posts to draw from the RIA Novosti channel")
    parser.add_argument("--exclude", type=Path, action="append", default=[], help="a folder of gold files")
    parser.add_argument("--window", action="store_true", help="consecutive posts from a random start")
    parser.add_argument("--lengths", type=lengths_range, default=DEFAULT_LENGTHS,
                        help="characters of text a drawn post has, MIN-MAX (default 200-3000)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for corpus, count in (("mfa", args.mfa), ("ria", args.ria)):
        if not count:
            continue
        picked = draw(load(corpus), excluded_ids(args.exclude, corpus), count, args.seed, args.window,
                      args.lengths)
        with (args.out / f"{corpus}-posts.jsonl").open("w", encoding="utf-8") as handle:
            for post in picked:
                handle.write(json.dumps({"message_id": str(post["message_id"]), "date": post["date"],
                                         "text": post["text"]}, ensure_ascii=False) + "\n")
        print(corpus, [int(p["message_id"]) for p in picked])


if __name__ == "__main__":
    main()
