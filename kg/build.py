"""`kg build`: posts → extraction → one id per real event → records (mentions.jsonl) → RDF, with a summary
(build.json) — streamed, so that memory does not grow with the posts.

The first pass reads, extracts (on several processes with `jobs`, or on a Dask cluster: kg/workers.py) and writes
each post's record to extracted.jsonl at once, keeping only the summaries of its events that cross-post event
resolution needs (`--update` reuses the records there of the posts it has: kg/previous_build.py). Once every event
has its real event's id, the second pass reads the records back and writes mentions.jsonl and graph.trig a post at
a time (each post's graph made on its own), keeping only the graph of what the posts name — entities with their
aliases and their measures in the co-mention network, events, positions, channels, whose descriptions end the
TriG —; graph.ttl is graph.trig flattened, streamed from the file, and the query store (kg/store.py) is loaded
from it. What grows with the posts: the event summaries (a few hundred bytes an event) and the events among what
they name; the co-mention network grows with the distinct pairs of entities named together.

One bad post never stops a build: it is skipped, counted and reported with its reason. A file that cannot be
read (unknown format, broken JSON, wrong encoding) is reported by name; what was read before the problem is
kept and the build says it is partial. An exception from extraction is no fault of the post's data but a bug: the
post is left out, the error and its traceback go to build.json (`failed_posts`), and the build is partial too.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Iterator

import networkx as nx
from tqdm import tqdm

from kg.build_dir import SUMMARY, BuildDirectory
from kg.errors import InputError, KgError
from kg.event_resolution import EventResolver, renamed
from kg.extract.pipeline import DEFAULT_EXTRACTORS, Extraction
from kg.gazetteer import load_gazetteer
from kg.export import FORMATS, GRAPH_FILE, read_quads, write
from kg.graph import add_described, add_measures, add_record
from kg.measures import CoMentions
from kg.model import Post, Skip
from kg.previous_build import EXTRACTED, PreviousBuild, extraction_fingerprint
from kg.rdf import DEFAULT_BASE, QuadTerms, description_quads, post_quads
from kg.records import RECORDS, read_records, write_record
from kg.sources import SERVICE_PREFIX, ReaderOptions, read_posts, reading_progress
from kg.sources.detect import detect_format
from kg.store import STORE, write_store
from kg.workers import Extracted, extracted

TRIG, TURTLE = (f"{GRAPH_FILE}{FORMATS[name].suffix}" for name in ("trig", "turtle"))
OUTPUTS = (RECORDS, TURTLE, TRIG, STORE, EXTRACTED, SUMMARY)  # what a build may write into DIR, in report order


@dataclass
class BuildSummary:
    out_dir: str
    inputs: list[str]
    posts: int = 0
    empty_posts: int = 0
    service_messages: int = 0
    skipped: list[dict] = field(default_factory=list)
    skipped_files: list[dict] = field(default_factory=list)  # an input folder's files no reader takes: source, reason
    outside_period: int = 0  # posts dated before --since or after --until
    undated_left_out: int = 0  # posts without a date, left out as --since/--until cannot place them
    limit_reached: bool = False  # --limit stopped the reading
    failed: list[dict] = field(default_factory=list)  # posts an extractor raised on: source, where, error, traceback
    errors: list[str] = field(default_factory=list)
    entities: dict[str, int] = field(default_factory=dict)
    mentions: int = 0
    events: int = 0
    triples: int = 0
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)
    extraction: str = ""  # the fingerprint of what made the records (kg/previous_build.py)
    extracted: int = 0  # posts extracted by this build (the others, with --update, were the previous build's)

    @property
    def partial(self) -> bool:
        return bool(self.errors or self.failed)

    def to_json(self) -> dict:
        return {
            "inputs": self.inputs, "posts": self.posts, "empty_posts": self.empty_posts,
            "service_messages": self.service_messages, "skipped": len(self.skipped),
            "skipped_posts": self.skipped, "skipped_files": self.skipped_files, "outside_period": self.outside_period,
            "undated_left_out": self.undated_left_out, "limit_reached": self.limit_reached,
            "failed": len(self.failed), "failed_posts": self.failed,
            "errors": self.errors, "partial": self.partial,
            "entities": self.entities, "mentions": self.mentions, "events": self.events, "triples": self.triples,
            "seconds": round(self.seconds, 3), "outputs": self.outputs, "extraction": self.extraction,
            "extracted": self.extracted,
        }


@dataclass(frozen=True)
class Selection:
    """Which posts of the inputs a build takes: those dated within [since, until] (days, inclusive), and of those
    the first `limit`."""

    since: date | None = None
    until: date | None = None
    limit: int | None = None

    def takes(self, post: Post, summary: BuildSummary) -> bool:
        if self.since is None and self.until is None:
            return True
        if post.date is None:
            summary.undated_left_out += 1
            return False
        day = post.date.date()
        if (self.since is not None and day < self.since) or (self.until is not None and day > self.until):
            summary.outside_period += 1
            return False
        return True


def bundled_sample() -> Path:
    return Path(str(resources.files("kg") / "sample" / "result.json"))


def build(inputs: list[Path], out_dir: Path, fmt: str | None = None, options: ReaderOptions = ReaderOptions(),
          gazetteer_files: tuple[Path, ...] = (), extractors: tuple[str, ...] = DEFAULT_EXTRACTORS,
          base: str = DEFAULT_BASE, progress: bool | None = None, jobs: int = 1,
          scheduler: str | None = None, store: bool = True, update: bool = False,
          selection: Selection = Selection(), channels: dict[Path, str] | None = None) -> BuildSummary:
    """Build DIR from the inputs (files, or folders: every file in them a reader takes); `update`: extract only the
    posts the build already in DIR has not (an update leaves DIR as a full build does); `selection`: only the posts
    of a period, or the first N; `channels`: the channel of an input's posts, by input (else `options.channel`, else
    what the input says)."""
    started = time.perf_counter()
    inputs = inputs or [bundled_sample()]
    summary = BuildSummary(out_dir=str(out_dir), inputs=[str(p) for p in inputs],
                           extraction=extraction_fingerprint(gazetteer_files, extractors))
    with BuildDirectory(out_dir) as staged:  # first: a second build into DIR is refused at once
        previous = PreviousBuild(out_dir, summary.extraction) if update else None
        extraction = Extraction(load_gazetteer(gazetteer_files), extractors)

        def extract(posts: Iterable[Post]) -> Iterator[Extracted]:
            for result in extracted(posts, extraction, jobs, gazetteer_files, extractors, scheduler=scheduler):
                summary.extracted += 1
                yield result

        # each post's record, as extraction made it, goes to a file as it is made (kept for --update); only its
        # events' summaries stay in memory
        records_made = staged.staging / EXTRACTED
        event_reports = []
        files = [(given, path) for given in map(Path, inputs) for path in _input_files(given, fmt, summary, out_dir)]
        with open(records_made, "w", encoding="utf-8") as handle, \
                _ExtractionBar(progress, sum(_size(path) for _, path in files)) as bar:
            posts = bar.marked(_posts(files, fmt, options, summary, selection, channels or {}))
            for result in previous.reused(posts, extract) if previous else extract(posts):
                bar.done()
                post = result.post
                if result.line is None:  # extraction raised: a bug, not bad data
                    summary.failed.append({"source": post.source, "where": post.message_id or f"#{post.ordinal}",
                                           "error": result.error, "traceback": result.traceback})
                    continue
                handle.write(result.line)
                event_reports.extend(result.reports)
                summary.posts += 1
                summary.empty_posts += not post.text.strip()
        if not summary.posts and summary.errors:
            raise KgError("; ".join(summary.errors))
        # one id per real event, across posts and languages (kg/event_resolution.py)
        ids = EventResolver(extraction.context.resources.event_families).ids(event_reports)
        del event_reports
        described = _write_records_and_rdf(records_made, ids, staged.staging, base, summary, progress, store)
        types = Counter(data["type"] for _, data in described.nodes(data=True))
        summary.entities = {t: types.get(t, 0) for t in ("Person", "Organisation", "Location", "Position", "Channel")}
        summary.events = types.get("Event", 0)
        summary.outputs = [str(out_dir / name) for name in OUTPUTS if store or name != STORE]
        summary.seconds = time.perf_counter() - started
        (staged.staging / SUMMARY).write_text(json.dumps(summary.to_json(), ensure_ascii=False, indent=1),
                                              encoding="utf-8")
        staged.commit(OUTPUTS)
    return summary


def _write_records_and_rdf(records_made: Path, ids: dict[str, str], directory: Path, base: str,
                           summary: BuildSummary, progress: bool | None, store: bool) -> nx.MultiDiGraph:
    """mentions.jsonl and graph.trig, a post at a time, each event under its real event's id; then graph.ttl, the
    TriG flattened, and (`store`) the query store, loaded from the TriG. Returns the graph of what the posts name
    (no posts): all that grows with the build besides the event summaries."""
    described = nx.MultiDiGraph()
    co_mentions = CoMentions()

    def post_by_post() -> Iterator[QuadTerms]:
        with open(directory / RECORDS, "w", encoding="utf-8") as handle, _bar(progress, "writing", summary.posts,
                                                                              " posts") as bar:
            for record in bar(read_records(records_made)):
                record = renamed(record, ids)
                write_record(handle, record)
                add_described(described, record)
                co_mentions.add(record)
                one_post = nx.MultiDiGraph()
                add_record(one_post, record)
                summary.mentions += sum(1 for *_, kind in one_post.edges(data="type") if kind == "MENTIONS")
                yield from post_quads(one_post, record.post.post_id, base)
        add_measures(described, co_mentions.measures())
        yield from description_quads(described, base)

    statements = write(post_by_post(), directory / TRIG, FORMATS["trig"])
    # Oxigraph loads the store without holding the GIL: on a second core, while graph.ttl is written
    store_loaded = _in_background(write_store, directory / TRIG, directory / STORE) if store else None
    with _bar(progress, "flattening", statements, " statements") as bar:
        summary.triples = write(bar(read_quads(directory / TRIG)), directory / TURTLE, FORMATS["turtle"])
    if store_loaded is not None:
        store_loaded()
    return described


def _posts(files: list[tuple[Path, Path]], fmt: str | None, options: ReaderOptions, summary: BuildSummary,
           selection: Selection, channels: dict[Path, str]) -> Iterator[Post]:
    """The posts of the files (each with the input it was found in), in order, as `selection` takes them; skipped
    messages, unreadable inputs and posts left out counted in `summary`."""
    taken = 0
    for given, path in files:
        its_options = replace(options, channel=channels.get(given, options.channel))
        try:
            for item in read_posts(path, fmt, its_options):
                if isinstance(item, Skip):
                    _count_skip(summary, item)
                elif selection.takes(item, summary):
                    if selection.limit is not None and taken == selection.limit:
                        summary.limit_reached = True
                        return
                    taken += 1
                    yield item
        except InputError as err:
            summary.errors.append(str(err))


def _input_files(path: Path, fmt: str | None, summary: BuildSummary, out_dir: Path) -> Iterator[Path]:
    """An input's files: itself, or a folder's files in the order of their paths (the output directory's left out).
    Without --format, a folder's files that no reader takes (photos of an export, empty files) are skipped and listed
    in `summary`."""
    if not path.is_dir():
        yield path
        return
    out = Path(out_dir).resolve()
    for file in sorted(file for file in path.rglob("*") if file.is_file() and out not in file.resolve().parents):
        if fmt is None:
            try:
                detect_format(file)
            except InputError as err:
                summary.skipped_files.append({"source": str(file), "reason": err.problem})
                continue
        yield file


def _in_background(function: Callable, *args) -> Callable[[], None]:
    """Run `function(*args)` in a thread; returns what waits for it and raises what it raised. (A daemon thread: an
    interrupted build does not wait for it.)"""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            function(*args)
        except BaseException as err:  # noqa: BLE001 — handed to the waiting thread
            failure.append(err)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def wait() -> None:
        thread.join()
        if failure:
            raise failure[0]

    return wait


@contextmanager
def _bar(progress: bool | None, stage: str, total: int | None, unit: str) -> Iterator[Callable[[Iterable], Iterable]]:
    """A progress bar for one stage (shown on a terminal, or as --progress says): wrap the stage's iterable in it."""
    with tqdm(desc=stage, total=total, unit=unit, unit_scale=True, leave=False,
              disable=None if progress is None else not progress) as bar:
        def counted(items: Iterable) -> Iterable:
            for item in items:
                yield item
                bar.update()
        yield (lambda items: items) if bar.disable else counted


class _ExtractionBar:
    """The extraction's progress bar (shown on a terminal, or as --progress says): how far into the input files'
    bytes the posts extracted so far were read (reading runs ahead of extraction), and how many posts."""

    def __init__(self, progress: bool | None, size: int):
        self.bar = tqdm(desc="extracting", total=size or None, unit="B", unit_scale=True, unit_divisor=1024,
                        leave=False, miniters=0, disable=None if progress is None else not progress)
        self.read: dict[str, int] = {}  # bytes read of each file
        self.read_total = 0
        self.marks: deque[int] = deque()  # bytes read when each post not yet extracted was read
        self.extracted = 0

    def __enter__(self) -> _ExtractionBar:
        self.token = reading_progress.set(None if self.bar.disable else self._tell)
        return self

    def __exit__(self, *exc) -> None:
        reading_progress.reset(self.token)
        if not self.bar.disable:
            self.bar.refresh()  # where it ended, however soon after the last time it was shown
        self.bar.close()

    def _tell(self, name: str, position: int) -> None:  # a file read again (a reader's first peek) counts once
        if position > self.read.get(name, 0):
            self.read_total += position - self.read.get(name, 0)
            self.read[name] = position

    def marked(self, posts: Iterable[Post]) -> Iterator[Post]:
        for post in posts:
            if not self.bar.disable:
                self.marks.append(self.read_total)
            yield post

    def done(self) -> None:
        """A post's extraction has ended."""
        self.extracted += 1
        if not self.bar.disable:
            self.bar.set_postfix_str(f"{self.extracted:,} posts", refresh=False)
            self.bar.update(self.marks.popleft() - self.bar.n)  # shown at most every tenth of a second


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the reader says what is wrong with it


def _count_skip(summary: BuildSummary, skip: Skip) -> None:
    if skip.reason.startswith(SERVICE_PREFIX):
        summary.service_messages += 1
    else:
        summary.skipped.append({"source": skip.source, "where": skip.where, "reason": skip.reason})
