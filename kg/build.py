"""`kg build`: posts → extraction → one id per real event → records (mentions.jsonl) → graph → RDF, with a summary
(build.json).

One bad post never stops a build: it is skipped, counted and reported with its reason. A file that cannot be
read (unknown format, broken JSON, wrong encoding) is reported by name; what was read before the problem is
kept and the build says it is partial. An exception from extraction is no fault of the post's data but a bug: the
post is left out, the error and its traceback go to build.json (`failed_posts`), and the build is partial too.
"""

from __future__ import annotations

import json
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from tqdm import tqdm

from kg.build_dir import SUMMARY, BuildDirectory
from kg.errors import InputError, KgError
from kg.event_resolution import EventResolver, renamed, reports
from kg.extract.pipeline import DEFAULT_EXTRACTORS, Extraction
from kg.gazetteer import load_gazetteer
from kg.graph import build_graph
from kg.export import DEFAULT_FORMATS, FORMATS, export
from kg.model import PostRecord, Skip
from kg.rdf import DEFAULT_BASE
from kg.records import RECORDS, write_record
from kg.sources import SERVICE_PREFIX, ReaderOptions, read_posts


@dataclass
class BuildSummary:
    out_dir: str
    inputs: list[str]
    posts: int = 0
    empty_posts: int = 0
    service_messages: int = 0
    skipped: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)  # posts an extractor raised on: source, where, error, traceback
    errors: list[str] = field(default_factory=list)
    entities: dict[str, int] = field(default_factory=dict)
    mentions: int = 0
    events: int = 0
    triples: int = 0
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        return bool(self.errors or self.failed)

    def to_json(self) -> dict:
        return {
            "inputs": self.inputs, "posts": self.posts, "empty_posts": self.empty_posts,
            "service_messages": self.service_messages, "skipped": len(self.skipped),
            "skipped_posts": self.skipped, "failed": len(self.failed), "failed_posts": self.failed,
            "errors": self.errors, "partial": self.partial,
            "entities": self.entities, "mentions": self.mentions, "events": self.events, "triples": self.triples,
            "seconds": round(self.seconds, 3), "outputs": self.outputs,
        }


def bundled_sample() -> Path:
    return Path(str(resources.files("kg") / "sample" / "result.json"))


def build(inputs: list[Path], out_dir: Path, fmt: str | None = None, options: ReaderOptions = ReaderOptions(),
          gazetteer_files: tuple[Path, ...] = (), extractors: tuple[str, ...] = DEFAULT_EXTRACTORS,
          base: str = DEFAULT_BASE, progress: bool | None = None) -> BuildSummary:
    started = time.perf_counter()
    inputs = inputs or [bundled_sample()]
    summary = BuildSummary(out_dir=str(out_dir), inputs=[str(p) for p in inputs])
    with BuildDirectory(out_dir) as staged:  # first: a second build into DIR is refused at once
        extraction = Extraction(load_gazetteer(gazetteer_files), extractors)
        records = _extract(inputs, fmt, options, extraction, summary, progress)
        if not records and summary.errors:
            raise KgError("; ".join(summary.errors))
        # one id per real event, across posts and languages (kg/event_resolution.py)
        resolver = EventResolver(extraction.context.resources.event_families)
        ids = resolver.ids(report for record in records for report in reports(record))
        records = [renamed(record, ids) for record in records]
        with open(staged.staging / RECORDS, "w", encoding="utf-8") as handle:
            for record in records:
                write_record(handle, record)
        graph = build_graph(records)
        written = export(graph, [FORMATS[name] for name in DEFAULT_FORMATS], staged.staging, base)
        summary.triples = written["turtle"][1]
        types = Counter(data["type"] for _, data in graph.nodes(data=True))
        summary.entities = {t: types.get(t, 0) for t in ("Person", "Organisation", "Location", "Position", "Channel")}
        summary.events = types.get("Event", 0)
        summary.mentions = sum(1 for *_, t in graph.edges(data="type") if t == "MENTIONS")
        summary.outputs = [str(out_dir / name) for name in (RECORDS, *(Path(path).name for path, _ in written.values()),
                                                            SUMMARY)]
        summary.seconds = time.perf_counter() - started
        (staged.staging / SUMMARY).write_text(json.dumps(summary.to_json(), ensure_ascii=False, indent=1),
                                              encoding="utf-8")
        staged.commit()
    return summary


def _extract(inputs: list[Path], fmt: str | None, options: ReaderOptions, extraction: Extraction,
             summary: BuildSummary, progress: bool | None) -> list[PostRecord]:
    """Every post of the inputs through the extraction; skips, failures and unreadable inputs counted in `summary`."""
    records = []
    with tqdm(unit=" posts", disable=None if progress is None else not progress, desc="building", leave=False) as bar:
        for path in inputs:
            try:
                for item in read_posts(Path(path), fmt, options):
                    if isinstance(item, Skip):
                        _count_skip(summary, item)
                        continue
                    try:
                        record = extraction(item)
                    except Exception as err:  # noqa: BLE001 — a bug, recorded; it must not stop the build
                        summary.failed.append({"source": item.source, "where": item.message_id or f"#{item.ordinal}",
                                               "error": f"{type(err).__name__}: {err}",
                                               "traceback": traceback.format_exc()})
                        continue
                    records.append(record)
                    summary.posts += 1
                    summary.empty_posts += not item.text.strip()
                    bar.update()
            except InputError as err:
                summary.errors.append(str(err))
    return records

def _count_skip(summary: BuildSummary, skip: Skip) -> None:
    if skip.reason.startswith(SERVICE_PREFIX):
        summary.service_messages += 1
    else:
        summary.skipped.append({"source": skip.source, "where": skip.where, "reason": skip.reason})
