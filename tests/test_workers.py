"""`kg build --jobs N`: the extraction on N processes gives the build one process gives, byte for byte."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import kg.workers
from corpus import MFA_CSV, need
from kg.build import bundled_sample
from kg.cli import main
from kg.extract.pipeline import Extraction
from kg.gazetteer import load_gazetteer
from kg.model import Post
from kg.sources import read_posts
from kg.workers import extracted

OUTPUTS = ("mentions.jsonl", "graph.trig", "graph.ttl")


def build(tmp_path, name: str, *args: str):
    out = tmp_path / name
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--no-progress", *args])
    assert result.exit_code == 0, result.output
    return {output: (out / output).read_bytes() for output in OUTPUTS}


@pytest.mark.parametrize("source", [None, MFA_CSV], ids=["bundled sample", "MFA posts"])
def test_two_or_three_jobs_give_the_build_of_one(tmp_path, monkeypatch, source):
    # small batches, so that the posts are spread over every worker and arrive out of turn
    monkeypatch.setattr(kg.workers, "BATCH", 3 if source is None else 16)
    inputs = [] if source is None else [str(need(source))]
    one = build(tmp_path, "one", "--jobs", "1", *inputs)
    assert build(tmp_path, "two", "--jobs", "2", *inputs) == one
    assert build(tmp_path, "three", "--jobs", "3", *inputs) == one


def test_spawned_workers_make_their_own_extraction_and_give_the_same_records():
    """Where the system cannot fork (macOS, Windows) each worker builds the extraction from the gazetteer files."""
    posts = [item for item in read_posts(bundled_sample()) if isinstance(item, Post)]
    extraction = Extraction(load_gazetteer())
    alone = [(result.post.post_id, result.line) for result in extracted(posts, extraction, 1)]
    spawned = [(result.post.post_id, result.line) for result in extracted(posts, extraction, 2, start_method="spawn")]
    assert spawned == alone and len(alone) == len(posts) > 30


def test_a_build_on_a_dask_cluster_is_the_build_of_one_process(tmp_path, monkeypatch):
    """A real LocalCluster: a scheduler and two worker processes, as `dask scheduler` / `dask worker` would run."""
    distributed = pytest.importorskip("distributed")  # in the test extras: skipped only outside the test set-up
    monkeypatch.setattr(kg.workers, "BATCH", 8)
    one = build(tmp_path, "one", "--jobs", "1")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_cluster = build(tmp_path, "cluster", "--scheduler", cluster.scheduler_address)
        with distributed.Client(cluster) as client:
            assert all(client.run(_tasks_executed).values()), "a worker extracted nothing"
    assert on_cluster == one


def _tasks_executed(dask_worker) -> int:
    return dask_worker.state.executed_count


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(kg.workers, "DASK_CONNECT_SECONDS", 2)
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
