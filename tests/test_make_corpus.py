"""scripts/make_corpus.py: a deterministic generator of Telegram Desktop exports, which `kg build` reads as it
reads a real one — posts, media-only posts, service messages, forwards, hashtags, Russian posts."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_corpus.py"


def generate(path: Path, posts: int, seed: int) -> bytes:
    subprocess.run([sys.executable, str(SCRIPT), "--posts", str(posts), "--seed", str(seed), "--out", str(path)],
                   check=True, capture_output=True)
    return path.read_bytes()


def test_the_same_seed_gives_the_same_file_and_another_seed_another(tmp_path):
    first = generate(tmp_path / "a.json", 300, 11)
    assert generate(tmp_path / "b.json", 300, 11) == first
    assert generate(tmp_path / "c.json", 300, 12) != first


def test_kg_build_reads_every_kind_of_message_it_generates(tmp_path):
    export = tmp_path / "export.json"
    generate(export, 400, 5)
    messages = json.loads(export.read_text(encoding="utf-8"))["messages"]
    service = [m for m in messages if m["type"] == "service"]
    media_only = [m for m in messages if m["type"] == "message" and not m["text"]]
    assert len(messages) == 400 and service and media_only
    result = CliRunner().invoke(main, ["build", str(export), "--out", str(tmp_path / "b"), "--no-store"])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "b" / "build.json").read_text(encoding="utf-8"))
    assert summary["posts"] == 400 - len(service) and summary["service_messages"] == len(service)
    assert summary["empty_posts"] == len(media_only) and summary["skipped"] == 0
    records = [json.loads(line) for line in (tmp_path / "b" / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sum(bool(r["forwarded_from"]) for r in records) > 10
    assert sum(bool(r["hashtags"]) for r in records) > 50
    russian = [r for r in records if re.search("[а-яё]", r["text"])]
    assert 20 < len(russian) < 150
    assert all(any(e["mentions"] for e in r["entities"]) for r in records if r["text"]), "a post that names no one"
    assert summary["events"] > 50
