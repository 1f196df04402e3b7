"""The input formats: each a reader registered under its name (rdflib's plugin registry is the model).

A reader is two functions, usually a module's `sniff` and `read`:

    sniff(sample: str, path: Path) -> bool | MAYBE   # is the file in this format? `sample` is its first 64 KB
    read(path: Path, options: ReaderOptions) -> Iterator[Draft | Skip]

`sniff` judges from the sample (the path is there for the few checks that must read further); it may
answer MAYBE where the file could be its format but a surer reader should win, and it may raise
`InputError` where the file is plainly meant for it but is not readable (an HTML page that is no t.me
page). `read`, a generator, streams the file's drafts; `kg.sources.read_posts` numbers them into posts.

`register_reader(name, sniff, read, before=None)` adds a format: `--format` and error messages list the
names in the order they were registered; detection asks them in the same order, except that a reader
registered `before` another is asked just ahead of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kg.model import Draft, Skip
from kg.sources._common import ReaderOptions

MAYBE: Literal["maybe"] = "maybe"  # a sniff's "could be mine": taken only when no reader says yes

Sniff = Callable[[str, Path], bool | Literal["maybe"]]
Read = Callable[[Path, ReaderOptions], Iterator[Draft | Skip]]


@dataclass(frozen=True)
class Reader:
    name: str
    sniff: Sniff
    read: Read
    before: str | None  # detection asks this reader just before that one


_READERS: dict[str, Reader] = {}  # in the order registered


def register_reader(name: str, sniff: Sniff, read: Read, before: str | None = None) -> None:
    """Add the input format `name`: detection asks its `sniff` last, or just before the reader named `before`."""
    if name in _READERS:
        raise ValueError(f"input format {name!r} is already registered")
    if before is not None and before not in _READERS:
        raise ValueError(f"input format {name!r}: no format {before!r} to be asked before; known: {', '.join(_READERS)}")
    _READERS[name] = Reader(name, sniff, read, before)


def formats() -> tuple[str, ...]:
    """The names of the registered formats, in the order they were registered."""
    return tuple(_READERS)


def reader(name: str) -> Reader | None:
    """The reader registered as `name`, if any."""
    return _READERS.get(name)


def detection_order() -> list[Reader]:
    """The readers in the order detection asks them."""
    order: list[Reader] = []
    for each in _READERS.values():
        order.insert(len(order) if each.before is None else order.index(_READERS[each.before]), each)
    return order
