"""A build replaces its outputs together: stopped at any moment, DIR stays as the last complete build left it (or,
killed between the final moves, is refused by every reader until the next build); one build per DIR at a time."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.build_dir
from kg.build import bundled_sample
from kg.build_dir import INCOMPLETE, STAGING_PREFIX
from kg.cli import main
from kg.model import Post
from kg.sources import read_posts

OUTPUTS = ("mentions.jsonl", "graph.ttl", "graph.trig", "extracted.jsonl", "build.json")
KG = [sys.executable, "-c", "from kg.cli import main; main(prog_name='kg')"]


LONG_POSTS = 500


@pytest.fixture(scope="module")
def long_input(tmp_path_factory) -> Path:
    """The bundled sample's posts, repeated with new ids: a build of a few seconds, long enough to be stopped."""
    posts = [post for post in read_posts(bundled_sample()) if isinstance(post, Post) and post.text.strip()]
    path = tmp_path_factory.mktemp("input") / "long.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(LONG_POSTS):
            post = posts[number % len(posts)]
            handle.write(json.dumps({"id": number + 1, "date": post.date.isoformat() if post.date else None,
                                     "text": post.text}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture
def last_build(sample_build, tmp_path) -> tuple[Path, dict[str, bytes]]:
    """DIR holding a complete build of the bundled sample, and its outputs' bytes."""
    directory = tmp_path / "out"
    shutil.copytree(sample_build, directory)
    return directory, contents(directory)


def contents(directory: Path) -> dict[str, bytes]:
    return {name: (directory / name).read_bytes() for name in OUTPUTS if (directory / name).exists()}


def staging_directories(directory: Path) -> list[Path]:
    return list(directory.glob(STAGING_PREFIX + "*"))


def start_build(directory: Path, source: Path, *options: str) -> subprocess.Popen:
    """In a session of its own, as a terminal runs a command: Ctrl-C goes to its process group."""
    return subprocess.Popen([*KG, "build", *options, "--out", str(directory), str(source)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=_ctrl_c_as_a_terminal)


def _ctrl_c_as_a_terminal() -> None:
    """Ctrl-C's default action, as in a terminal: a command started in the background by a shell without job
    control (as CI may run the tests) inherits SIGINT ignored, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for(condition, process: subprocess.Popen, timeout: float = 120) -> None:
    """Until `condition()` holds; fails if the build ends first."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"the build ended first: {process.communicate()}"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.002)


def staged(directory: Path, name: str):
    return lambda: any((staging / name).exists() for staging in staging_directories(directory))


@pytest.mark.parametrize("moment", ["extracting", "writing mentions.jsonl", "writing graph.ttl", "writing graph.trig"])
def test_a_build_killed_at_any_stage_leaves_the_last_complete_build(last_build, long_input, moment):
    directory, before = last_build
    process = start_build(directory, long_input)
    stage = {"extracting": lambda: bool(staging_directories(directory)),
             "writing mentions.jsonl": staged(directory, "mentions.jsonl"),
             "writing graph.ttl": staged(directory, "graph.ttl"),
             "writing graph.trig": staged(directory, "graph.trig")}[moment]
    wait_for(stage, process)
    process.kill()
    process.wait()
    assert contents(directory) == before
    assert not (directory / INCOMPLETE).exists()
    if moment == "writing graph.trig":  # the next build clears what the killed one left, and completes
        result = CliRunner().invoke(main, ["build", "--out", str(directory)])
        assert result.exit_code == 0, result.output
        assert staging_directories(directory) == []
        assert contents(directory)["mentions.jsonl"] == before["mentions.jsonl"]


def processes_naming(text: str) -> list[int]:
    """The live processes whose command line holds the text (Linux: /proc)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if text in (entry / "cmdline").read_bytes().decode(errors="replace") and \
                    "Z" not in (entry / "stat").read_text().split(") ")[-1][:1]:
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="looks for the workers in /proc")
def test_a_killed_parallel_build_leaves_no_worker_behind(last_build, long_input):
    """A SIGKILL leaves the build no time to stop its workers: they exit by themselves within seconds, and the
    directory is free for the next build."""
    directory, before = last_build
    process = subprocess.Popen([*KG, "build", "--jobs", "2", "--out", str(directory), str(long_input)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(staged(directory, "extracted.jsonl"), process)
    time.sleep(1)  # the workers are extracting
    process.kill()
    process.wait()
    assert contents(directory) == before
    deadline = time.monotonic() + 20
    while processes_naming(str(directory)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_naming(str(directory)) == [], "workers outlived their build"
    while True:
        result = CliRunner().invoke(main, ["build", "--out", str(directory)])
        if result.exit_code == 0 or time.monotonic() > deadline:
            break
        assert "another `kg build` is writing to it now" in result.output
        time.sleep(0.5)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("stop, code, jobs", [(signal.SIGINT, 130, "1"), (signal.SIGINT, 130, "2"),
                                              (signal.SIGTERM, 143, "2")])
def test_ctrl_c_or_sigterm_exits_with_its_code_removes_the_staging_and_keeps_the_last_build(last_build, long_input,
                                                                                            stop, code, jobs):
    """Ctrl-C reaches the build and its workers (the process group); `kill` the build alone."""
    directory, before = last_build
    process = start_build(directory, long_input, "--jobs", jobs)
    wait_for(staged(directory, "extracted.jsonl"), process)
    time.sleep(0.5)  # extracting
    if stop == signal.SIGINT:
        os.killpg(process.pid, stop)
    else:
        process.send_signal(stop)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr
    if stop == signal.SIGINT:
        assert "kg: interrupted" in stderr
    assert staging_directories(directory) == []
    assert contents(directory) == before


def test_a_second_build_into_the_same_directory_while_one_runs_is_refused(last_build, long_input):
    directory, _ = last_build
    process = start_build(directory, long_input)
    wait_for(lambda: bool(staging_directories(directory)), process)
    second = CliRunner().invoke(main, ["build", "--out", str(directory)])
    assert second.exit_code == 1
    assert "another `kg build` is writing to it now" in second.output
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    # the first build completes undisturbed, and then the lock is free again
    assert json.loads((directory / "build.json").read_text(encoding="utf-8"))["posts"] == LONG_POSTS
    assert len((directory / "mentions.jsonl").read_text(encoding="utf-8").splitlines()) == LONG_POSTS
    assert staging_directories(directory) == []
    assert CliRunner().invoke(main, ["build", "--out", str(directory)]).exit_code == 0


def test_outputs_half_replaced_are_refused_by_every_reader_until_the_next_build(last_build, monkeypatch):
    """A build that dies between its final moves (here: the disk fails at the second one) leaves the marker."""
    directory, before = last_build
    real_replace, moves = kg.build_dir.os.replace, []

    def failing_replace(source, target):
        moves.append(target)
        if len(moves) == 2:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(kg.build_dir.os, "replace", failing_replace)
    failed = CliRunner().invoke(main, ["build", "--out", str(directory)])
    assert failed.exit_code != 0
    monkeypatch.setattr(kg.build_dir.os, "replace", real_replace)
    assert (directory / INCOMPLETE).exists() and not (directory / "build.json").exists()
    gold = directory.parent / "gold.jsonl"
    gold.write_text("", encoding="utf-8")
    for command in (["sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--data", str(directory)],
                    ["export", str(directory), "--format", "nt", "--out", str(directory.parent / "x.nt")],
                    ["validate", str(directory)],
                    ["eval", str(gold), "--build", str(directory)]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1, (command, result.output)
        assert "a build was stopped while it replaced the outputs here" in result.output, command
    rebuilt = CliRunner().invoke(main, ["build", "--out", str(directory)])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert not (directory / INCOMPLETE).exists()
    assert contents(directory)["mentions.jsonl"] == before["mentions.jsonl"]
