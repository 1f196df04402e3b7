"""The extraction spread over processes (`kg build --jobs N`) or over a Dask cluster (`kg build --scheduler
ADDRESS`): posts in, results out in the order of the posts.

Each post's extraction depends on that post alone, so N processes give the records one process gives, byte for
byte. Where the system can fork (Linux), the workers inherit the extraction the build has made — the gazetteer and
its automata are not built again —; elsewhere each builds its own. Posts travel in batches, and only a few batches
are on their way at a time, so that memory does not grow with the input (`in_order`, which kg validate's parts
take too).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

from kg.errors import KgError
from kg.event_resolution import Report, reports
from kg.extract.pipeline import DEFAULT_EXTRACTORS, Extraction
from kg.gazetteer import load_gazetteer
from kg.model import Post
from kg.records import record_to_json

BATCH = 64  # posts a task: large enough that the passing costs little beside the extraction
IN_FLIGHT = 4  # batches a worker may have queued: enough to keep it busy, few enough to bound memory
PARENT_CHECK_SECONDS = 0.5
DASK_CONNECT_SECONDS = 30
POST_FIELDS = tuple(field.name for field in fields(Post))
T = TypeVar("T")


@dataclass(frozen=True)
class Extracted:
    """One post's result: its record as a line of mentions.jsonl and its events' summaries, or why it failed (an
    exception from extraction: a bug, reported with its traceback)."""

    post: Post
    line: str | None
    reports: tuple[Report, ...] = ()
    error: str | None = None
    traceback: str | None = None


def extracted(posts: Iterable[Post], extraction: Extraction, jobs: int, gazetteer_files: tuple[Path, ...] = (),
              extractor_names: tuple[str, ...] = DEFAULT_EXTRACTORS, start_method: str | None = None,
              scheduler: str | None = None) -> Iterator[Extracted]:
    """Every post through `extraction`, in order: on `jobs` processes when it is more than one (started by
    `start_method`: fork where the system has it), or on the workers of the Dask scheduler at `scheduler`. A spawned
    or Dask worker makes its own extraction of the gazetteer files and extractors given, which must be those
    `extraction` was made of (and the files must be at those paths on every machine)."""
    if scheduler is not None:
        yield from _on_dask(posts, scheduler, (tuple(gazetteer_files), tuple(extractor_names)))
        return
    if jobs <= 1:
        for post in posts:
            yield _extract_one(extraction, post)
        return
    start_method = start_method or ("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    global _EXTRACTION
    _EXTRACTION = extraction if start_method == "fork" else None  # a forked worker starts with it
    settings = None if start_method == "fork" else (gazetteer_files, extractor_names)
    context = multiprocessing.get_context(start_method)
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(settings,)) as pool:
        try:
            yield from _in_order(posts, partial(pool.submit, _extract_batch), jobs * IN_FLIGHT)
        except BrokenProcessPool:
            raise KgError("a worker process of the extraction died (killed, or out of memory); run the build again, "
                          "with fewer --jobs if memory is short") from None
        finally:
            pool.shutdown(cancel_futures=True)  # batches not begun, when the build stops early


_EXTRACTION: Extraction | None = None  # a worker's


def _on_dask(posts: Iterable[Post], scheduler: str, settings: tuple) -> Iterator[Extracted]:
    try:
        from distributed import Client
    except ImportError:
        raise KgError("--scheduler needs Dask's distributed scheduler: pip install 'omkg[distributed]'") from None
    try:
        client = Client(scheduler, timeout=DASK_CONNECT_SECONDS)
    except (OSError, TimeoutError) as err:
        raise KgError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
    with client:
        window = max(1, sum(client.nthreads().values())) * IN_FLIGHT
        try:
            yield from _in_order(posts, partial(client.submit, _extract_batch_on_dask, settings, pure=False), window)
        except Exception as err:  # noqa: BLE001 — a post's own failure is in its result: this is the cluster's
            raise KgError(f"the extraction on the Dask cluster failed ({type(err).__name__}: {err}); is omkg, of "
                          "the same version, installed on every worker?") from None


def _in_order(posts: Iterable[Post], submit, window: int) -> Iterator[Extracted]:
    """The posts' results in their order: batches handed to `submit` (which returns a future of their results), at
    most `window` of them waiting at a time."""
    for batch, pending in in_order(lambda batch: submit([_fields(post) for post in batch]), _batches(posts), window):
        yield from _collect(batch, pending)


def in_order(submit: Callable[[T], Any], items: Iterable[T], window: int) -> Iterator[tuple[T, Any]]:
    """Each item with the future `submit` made of it, in the items' order, at most `window` of them submitted and
    not yet taken: work for processes (or a cluster) from an input of any size, in bounded memory."""
    waiting: deque = deque()
    for item in items:
        waiting.append((item, submit(item)))
        if len(waiting) >= window:
            yield waiting.popleft()
    while waiting:
        yield waiting.popleft()


_DASK_EXTRACTIONS = threading.local()  # a Dask worker runs tasks on threads: an extraction for each (it keeps state
# about the post at hand)


def _extract_batch_on_dask(settings: tuple, batch: list[dict]) -> list[tuple]:
    made = getattr(_DASK_EXTRACTIONS, "made", None)
    if made is None or made[0] != settings:
        gazetteer_files, extractor_names = settings
        made = _DASK_EXTRACTIONS.made = (settings, Extraction(load_gazetteer(gazetteer_files), extractor_names))
    return _results(made[1], batch)


def _start_worker(settings) -> None:
    global _EXTRACTION
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the build handles it
    _exit_with_parent()
    if settings is not None:
        gazetteer_files, extractor_names = settings
        _EXTRACTION = Extraction(load_gazetteer(gazetteer_files), extractor_names)


def _exit_with_parent() -> None:
    """A worker whose build was killed (SIGKILL leaves it no time to stop its workers) exits within a second: it
    would otherwise wait for work forever."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _extract_batch(batch: list[dict]) -> list[tuple]:
    assert _EXTRACTION is not None, "a worker without its extraction"
    return _results(_EXTRACTION, batch)


def _results(extraction: Extraction, batch: list[dict]) -> list[tuple[str | None, tuple[Report, ...], str | None,
                                                                       str | None]]:
    """A batch's results as they travel back: without their posts, which the build has."""
    done = []
    for values in batch:
        result = _extract_one(extraction, Post(**values))
        done.append((result.line, result.reports, result.error, result.traceback))
    return done


def _extract_one(extraction: Extraction, post: Post) -> Extracted:
    try:
        record = extraction(post)
    except Exception as err:  # noqa: BLE001 — a bug, reported by the build; it must not stop it
        return Extracted(post, None, error=f"{type(err).__name__}: {err}", traceback=traceback.format_exc())
    return Extracted(post, json.dumps(record_to_json(record), ensure_ascii=False) + "\n", tuple(reports(record)))


def _collect(batch: list[Post], pending) -> Iterator[Extracted]:
    """The results of a batch, when its future (of concurrent.futures or Dask) has them."""
    for post, (line, found, error, trace) in zip(batch, pending.result()):
        yield Extracted(post, line, found, error, trace)


def _batches(posts: Iterable[Post]) -> Iterator[list[Post]]:
    batch: list[Post] = []
    for post in posts:
        batch.append(post)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _fields(post: Post) -> dict:
    """The post as its fields: what crosses to a worker (a frozen dataclass compiled by mypyc does not unpickle)."""
    return {name: getattr(post, name) for name in POST_FIELDS}
