"""Readers stream: memory stays flat however long the input is."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest

from kg.model import Post
from kg.sources import read_posts

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Foreign Minister Sergey Lavrov held talks with the Secretary General of the #CSTO in Minsk. " * 4


def write_export(path: Path, n: int, text: str = TEXT) -> None:
    quoted = json.dumps(text)
    template = (
        '  {"id": %d, "type": "message", "date": "2024-01-01T00:00:00", "date_unixtime": "%d", "from": "Big Channel",'
        ' "from_id": "channel1", "text": ' + quoted.replace("%", "%%") + ', "text_entities": [{"type": "plain", "text": '
        + quoted.replace("%", "%%") + "}]}"
    )
    with open(path, "w", encoding="utf-8") as f:
        f.write('{\n "name": "Big Channel",\n "type": "public_channel",\n "id": 1,\n "messages": [\n')
        f.write(",\n".join(template % (i, 1704067200 + i) for i in range(1, n + 1)))
        f.write("\n ]\n}\n")


def test_200k_message_export_reads_in_flat_memory(tmp_path):
    """200k messages (~80 MB): the reading process grows by a small fraction of the file size."""
    path = tmp_path / "result.json"
    write_export(path, 200_000, TEXT[:120])
    size = path.stat().st_size
    small = tmp_path / "small.json"
    write_export(small, 10)
    script = textwrap.dedent(
        """
        import resource, sys
        from pathlib import Path
        from kg.sources import read_posts
        from kg.model import Post
        sum(1 for _ in read_posts(Path(sys.argv[2])))  # warm up: imports, caches
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        n = sum(isinstance(p, Post) for p in read_posts(Path(sys.argv[1])))
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(n, (after - before) * (1 if sys.platform == "darwin" else 1024))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path), str(small)],
        capture_output=True, text=True, timeout=300, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    n, growth = map(int, result.stdout.split())
    assert n == 200_000
    assert growth < size / 10, f"memory grew by {growth} bytes reading a {size}-byte file"


def _telegram(path, n):
    write_export(path, n)


def _json_array(path, n):
    with open(path, "w", encoding="utf-8") as f:
        f.write("[\n" + ",\n".join(json.dumps({"message_id": i, "text": TEXT, "date": "2024-01-01T00:00:00Z"}) for i in range(n)) + "\n]\n")


def _jsonl(path, n):
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps({"message_id": i, "text": TEXT}) + "\n" for i in range(n))


def _csv(path, n):
    with open(path, "w", encoding="utf-8") as f:
        f.write("message_id,date,text\n")
        f.writelines(f'{i},2024-01-01T00:00:00+00:00,"{TEXT}\n{TEXT}"\n' for i in range(n))


def _dump(path, n):
    with open(path, "w", encoding="utf-8") as f:
        f.write("Big Channel\n7K subscribers\nDownload Telegram\n")
        f.writelines(f"Forwarded from Russian MFA 🇷🇺\n{TEXT}\n\n{TEXT}\n" for _ in range(n))


@pytest.mark.parametrize("writer", [_telegram, _json_array, _jsonl, _csv, _dump], ids=lambda w: w.__name__.strip("_"))
def test_tracemalloc_peak_is_far_below_file_size(tmp_path, writer):
    path = tmp_path / "input.dat"
    writer(path, 8_000)
    size = path.stat().st_size
    assert size > 3_000_000
    tracemalloc.start()
    try:
        count = sum(isinstance(item, Post) for item in read_posts(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 8_000
    assert peak < size / 8, f"peak {peak} bytes for a {size}-byte file"
