"""`kg build --update`: only new or changed posts are extracted, and DIR ends as a full build of the same inputs
leaves it — the records, the RDF and the kept extraction byte for byte, events resolved across old and new posts."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.previous_build
from corpus import MFA_CSV, need
from kg.build import bundled_sample
from kg.cli import main
from kg.previous_build import EXTRACTION_CODE

COMPARED = ("mentions.jsonl", "graph.trig", "graph.ttl", "extracted.jsonl")


def run_build(out: Path, *args) -> dict:
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--no-progress", *map(str, args)])
    assert result.exit_code == 0, result.output
    return json.loads((out / "build.json").read_text(encoding="utf-8"))


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in COMPARED}


def sample_export(directory: Path, keep=lambda index, message: True, edit=None) -> Path:
    """The bundled sample's export with only the messages `keep` keeps, `edit` applied to each kept one."""
    export = json.loads(bundled_sample().read_text(encoding="utf-8"))
    messages = [m for i, m in enumerate(export["messages"]) if keep(i, m)]
    export["messages"] = [edit(m) if edit else m for m in messages]
    path = directory / "result.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    return path


def assert_update_is_a_full_build(tmp_path: Path, first_export, second_export, *options) -> dict:
    """Build the first export into DIR, replace it with the second (the channel exported again, to the same path)
    and update DIR; compare with a full build of the second. Returns the update's build.json."""
    inputs = tmp_path / "inputs"
    inputs.mkdir(exist_ok=True)
    run_build(tmp_path / "dir", first_export(inputs), *options)
    export = second_export(inputs)
    updated = run_build(tmp_path / "dir", export, "--update", *options)
    full = run_build(tmp_path / "full", export, *options)
    assert outputs(tmp_path / "dir") == outputs(tmp_path / "full")
    ignored = ("seconds", "outputs", "extracted")
    assert {k: v for k, v in updated.items() if k not in ignored} == {k: v for k, v in full.items() if k not in ignored}
    assert (tmp_path / "dir" / "store").is_dir()
    return updated


def posts_in(build: dict) -> int:
    return build["posts"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_new_posts_are_extracted_and_the_rest_reused(tmp_path, jobs):
    first = run_build(tmp_path / "half-alone", sample_export(tmp_path, keep=lambda i, m: i % 2 == 0))
    assert first["extracted"] == first["posts"]
    updated = assert_update_is_a_full_build(
        tmp_path, lambda d: sample_export(d, keep=lambda i, m: i % 2 == 0), lambda d: sample_export(d),
        "--jobs", jobs)
    assert updated["extracted"] == posts_in(updated) - posts_in(first) > 10  # the new posts in between, only


def test_an_edited_post_is_extracted_again_and_a_deleted_one_is_gone(tmp_path):
    def edited(message):
        if message.get("id") == 5:
            text = message["text"] + " Sergey Lavrov met Wang Yi in Minsk."
            return {**message, "text": text, "text_entities": [{"type": "plain", "text": text}]}
        return message

    sample = {m["id"]: m for m in json.loads(bundled_sample().read_text(encoding="utf-8"))["messages"]}
    assert isinstance(sample[5]["text"], str) and sample[13]["type"] == "message"
    updated = assert_update_is_a_full_build(
        tmp_path, lambda d: sample_export(d),
        lambda d: sample_export(d, keep=lambda i, m: m.get("id") != 13, edit=edited))
    assert updated["extracted"] == 1


def test_events_of_old_and_new_posts_are_resolved_together(tmp_path):
    """The MFA channel, its first 300 rows and then all of them: events reported again in the later posts become
    the old posts' events, exactly as in a full build."""
    with open(need(MFA_CSV), encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))

    def export(count):
        def write(directory: Path) -> Path:
            with open(directory / "mfa.csv", "w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows(rows[:count + 1])
            return directory / "mfa.csv"
        return write

    updated = assert_update_is_a_full_build(tmp_path, export(300), export(len(rows) - 1))
    assert updated["extracted"] == posts_in(updated) - 300


def test_an_update_of_a_new_directory_is_a_full_build(tmp_path):
    built = run_build(tmp_path / "dir", "--update")
    run_build(tmp_path / "full")
    assert outputs(tmp_path / "dir") == outputs(tmp_path / "full")
    assert built["extracted"] == built["posts"]


def test_records_made_otherwise_are_not_reused(tmp_path, sample_build):
    gazetteer = tmp_path / "extra.tsv"
    gazetteer.write_text("type\tid\tlabel\tkind\twikidata\taliases_en\taliases_ru\n"
                         "Organisation\tzeta-forum\tZeta Forum\tngo\t\tZeta|ZF\tЗета\n", encoding="utf-8")
    directory = tmp_path / "dir"
    shutil.copytree(sample_build, directory)
    before = outputs(directory)
    result = CliRunner().invoke(main, ["build", "--out", str(directory), "--update", "--gazetteer", str(gazetteer)])
    assert result.exit_code == 1 and "other gazetteer files, extractors or another version" in result.output
    assert "without --update" in result.output and outputs(directory) == before

    (directory / "extracted.jsonl").unlink()
    result = CliRunner().invoke(main, ["build", "--out", str(directory), "--update"])
    assert result.exit_code == 1 and "run a full build" in result.output


def test_the_fingerprint_covers_every_module_extraction_runs():
    """Every omkg module that extraction and the records load is among those the fingerprint reads (besides those
    that cannot change a record: errors, the build directory's marker, the package's start)."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, kg.extract.pipeline, kg.records\n"
                               "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('kg')))"],
        capture_output=True, text=True, check=True).stdout.split()
    package = Path(kg.previous_build.__file__).parent
    covered = [package / part for part in EXTRACTION_CODE]
    sources = {Path(file).with_name(Path(file).name.split(".")[0] + ".py") for file in loaded}  # compiled: its .py
    outside = {source.relative_to(package).as_posix() for source in sources
               if not any(source == part or part in source.parents for part in covered)}
    assert outside <= {"__init__.py", "errors.py", "build_dir.py"}, outside
