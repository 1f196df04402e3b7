"""What `kg build --update` takes from the build already in DIR: the records of the posts it has extracted.

A build keeps each post's record as extraction made it, before cross-post event resolution gave its events their
real events' ids (DIR/extracted.jsonl). An update reads every input as a full build would and extracts only the
posts that record does not hold — new posts, and posts whose text or metadata changed since (edited messages) —;
for the others it reuses the kept record. Everything after extraction (event resolution across all posts, the
records, the RDF, the store) is done as a full build does it, so an update leaves DIR as a full rebuild would.

Reuse is sound only when extraction would give the same record again: the kept records carry a fingerprint of what
made them (omkg's extraction code and data files, the libraries it runs, the user's gazetteer files, the
extractors), and an update with another one is refused.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from contextlib import nullcontext
from dataclasses import replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.build_dir import SUMMARY, require_complete
from kg.errors import KgError
from kg.event_resolution import reports
from kg.model import Post
from kg.records import record_from_json, record_to_json
from kg.workers import Extracted

EXTRACTED = "extracted.jsonl"  # DIR's records as extraction made them, one line per post
PACKAGE = Path(__file__).parent
# What makes a record from a post: these modules and data files of omkg, and these libraries.
EXTRACTION_CODE = ("extract", "resolve.py", "model.py", "ids.py", "gazetteer.py", "records.py", "data")
EXTRACTION_LIBRARIES = ("natasha", "pymorphy3", "pymorphy3-dicts-ru", "ahocorasick-rs")


def extraction_fingerprint(gazetteer_files: tuple[Path, ...], extractors: tuple[str, ...]) -> str:
    """What decides a post's record besides the post: omkg's extraction code and data, the libraries it runs, the
    user's gazetteer files (their contents), the extractors in their order."""
    digest = hashlib.sha256()
    for part in EXTRACTION_CODE:
        path = PACKAGE / part
        for file in sorted(path.rglob("*.py")) + sorted(path.rglob("*.tsv")) if path.is_dir() else [path]:
            digest.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    for library in EXTRACTION_LIBRARIES:
        try:
            digest.update(f"{library} {version(library)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{library} absent\0".encode())
    for path in gazetteer_files:
        digest.update(b"gazetteer\0" + Path(path).read_bytes() + b"\0")
    digest.update("\0".join(extractors).encode())
    return digest.hexdigest()


class PreviousBuild:
    """The kept records of the build in DIR, by post id (their places in the file: the records stay on disk)."""

    def __init__(self, directory: Path, fingerprint: str) -> None:
        self.path = Path(directory) / EXTRACTED
        self.offsets: dict[str, int] = {}
        summary = Path(directory) / SUMMARY
        if not summary.is_file():
            return  # no build in DIR yet: everything is new
        try:
            require_complete(Path(directory))
        except KgError as err:
            raise KgError(f"{err}, without --update") from None
        made_by = json.loads(summary.read_text(encoding="utf-8")).get("extraction")
        if not self.path.is_file() or made_by is None:
            raise KgError(f"{directory} holds a build made before --update existed; run a full build (without "
                          f"--update) once")
        if made_by != fingerprint:
            raise KgError(f"{directory} was built with other gazetteer files, extractors or another version of omkg, "
                          f"so its records cannot be reused; run a full build (without --update)")
        with open(self.path, "rb") as handle:
            offset = 0
            for line in handle:
                self.offsets[json.loads(line)["post_id"]] = offset
                offset += len(line)

    def reused(self, posts: Iterable[Post],
               extract: Callable[[Iterable[Post]], Iterator[Extracted]]) -> Iterator[Extracted]:
        """Every post's result in the order of the posts: the kept record where it is the same post, else what
        `extract` makes of it (given only those posts, in order). Only the places of kept records wait in memory
        while `extract` looks ahead."""
        # per post in order: a kept record's place and the post's ordinal, or None (the post is being extracted)
        waiting: deque[tuple[int, int] | None] = deque()
        kept_records = open(self.path, "rb") if self.offsets else nullcontext()
        probed_records = open(self.path, "rb") if self.offsets else nullcontext()
        with kept_records as kept, probed_records as probed:

            def new_posts() -> Iterator[Post]:
                for post in posts:
                    place = self._place_of(probed, post)
                    waiting.append(place)
                    if place is None:
                        yield post

            for result in extract(new_posts()):
                while (place := waiting.popleft()) is not None:
                    yield self._kept(kept, *place)
                yield result
            while waiting:
                yield self._kept(kept, *waiting.popleft())  # type: ignore[misc]

    def _place_of(self, records, post: Post) -> tuple[int, int] | None:
        """Where the post's kept record is, if it is the same post. Its place among the posts (ordinal) may differ —
        posts added before it, or removed — as no extractor reads it."""
        offset = self.offsets.get(post.post_id)
        if offset is None:
            return None
        records.seek(offset)
        kept = record_from_json(json.loads(records.readline())).post
        return (offset, post.ordinal) if replace(kept, ordinal=post.ordinal) == post else None

    @staticmethod
    def _kept(records, offset: int, ordinal: int) -> Extracted:
        records.seek(offset)
        line = records.readline().decode("utf-8")
        record = record_from_json(json.loads(line))
        if record.post.ordinal != ordinal:
            record = replace(record, post=replace(record.post, ordinal=ordinal))
            line = json.dumps(record_to_json(record), ensure_ascii=False) + "\n"
        return Extracted(record.post, line, tuple(reports(record)))
