"""Streaming JSON helpers shared by the Telegram and generic JSON readers (ijson underneath).

- `scan_top_level` looks at the top level of a document without building it: where the list of
  messages is, and the small fields (name, type, channel…) around it.
- `iter_items` streams the items of one list, turning parser errors into `BrokenInput` that says at
  which byte and line the JSON broke.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ijson

from kg.sources._io import CHUNK, BrokenInput, Utf8Stream, open_utf8

_SCALARS = ("string", "number", "boolean", "null")


@dataclass
class TopLevel:
    kind: str  # "object", "array" or "scalar"
    list_key: str | None = None  # first top-level key (of the wanted ones) holding a list
    meta: dict[str, Any] = field(default_factory=dict)  # wanted top-level scalars, wherever they were
    account: bool = False  # a full-account Telegram export: chats under chats.list


def scan_top_level(
    path: Path,
    list_keys: tuple[str, ...],
    meta_keys: tuple[str, ...],
    meta_after_list: tuple[str, ...] = (),
    account_keys: tuple[str, ...] = (),
) -> TopLevel:
    """Find the list of posts and the metadata next to it, streaming.

    Reading stops at the list, unless one of `meta_after_list` has not been seen yet: then the
    rest of the file is scanned for it (a parse error there just ends the scan; the item pass will
    report it after yielding what it can).
    """
    top: TopLevel | None = None
    with open_utf8(path, json_depth_guard=True) as stream:
        events = ijson.parse(stream, buf_size=CHUNK)
        try:
            for prefix, event, value in events:
                if top is None:
                    if event == "start_map":
                        top = TopLevel("object")
                        continue
                    return TopLevel("array" if event == "start_array" else "scalar")
                if top.list_key is None:
                    if prefix in meta_keys and event in _SCALARS:
                        top.meta.setdefault(prefix, value)
                    elif prefix in list_keys and event == "start_array":
                        top.list_key = prefix
                        if not [k for k in meta_after_list if k not in top.meta]:
                            return top
                    elif prefix in account_keys and event == "start_map":
                        top.account = True
                        return top
                else:
                    if prefix in meta_after_list and event in _SCALARS:
                        top.meta.setdefault(prefix, value)
                        if not [k for k in meta_after_list if k not in top.meta]:
                            return top
        except (ijson.JSONError, BrokenInput) as e:
            if top is not None and top.list_key is not None:
                return top
            if isinstance(e, BrokenInput):
                raise
            raise BrokenInput(json_problem(stream, e)) from None
    return top if top is not None else TopLevel("scalar")


def iter_items(path: Path, prefix: str) -> Iterator[Any]:
    """The items under `prefix` (e.g. "messages.item"), one at a time, in constant memory."""
    return _parsed(path, lambda stream: ijson.items(stream, prefix, buf_size=CHUNK))


def iter_events(path: Path) -> Iterator[tuple[str, str, Any]]:
    """All parser events of the file (for shapes `ijson.items` cannot address with one prefix)."""
    return _parsed(path, lambda stream: ijson.parse(stream, buf_size=CHUNK))


def _parsed(path: Path, parse: Callable[[Utf8Stream], Iterator[Any]]) -> Iterator[Any]:
    """What `parse` makes of the file, its parser errors turned into `BrokenInput`; the file opens on the first item."""
    with open_utf8(path, json_depth_guard=True) as stream:
        values = parse(stream)
        while True:
            try:
                value = next(values)
            except StopIteration:
                return
            except ijson.JSONError as e:
                raise BrokenInput(json_problem(stream, e)) from None
            yield value


def json_problem(stream: Utf8Stream, error: Exception) -> str:
    """One sentence saying where the JSON broke: the exact byte and line where they can be found."""
    raw = error.args[0] if error.args else b""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "replace")
    elif not isinstance(raw, bytes):
        raw = str(raw).encode("utf-8", "replace")
    lines = raw.split(b"\n")
    what = lines[0].decode("utf-8", "replace").strip() or "invalid JSON"
    chunk = stream.last_chunk
    if not chunk or b"premature EOF" in raw or "Incomplete JSON" in what:
        end = stream.offset + len(chunk) + stream.base
        line = stream.lines + chunk.count(b"\n") + 1
        return f"the JSON ends early, at byte {end} (line {line}): the file looks truncated"
    pos = _locate(lines, chunk)
    if pos is None:
        return (
            f"invalid JSON between bytes {stream.offset + stream.base} and"
            f" {stream.offset + stream.base + len(chunk)} (from line {stream.lines + 1}): {what}"
        )
    line = stream.lines + chunk[:pos].count(b"\n") + 1
    return f"invalid JSON near byte {stream.offset + stream.base + pos} (line {line}): {what}"


def _locate(lines: list[bytes], chunk: bytes) -> int | None:
    """Where in `chunk` yajl's error snippet points (it shows 30 bytes either side, newlines blanked)."""
    if len(lines) < 3 or b"^" not in lines[2]:
        return None
    caret = lines[2].index(b"^")
    before = lines[1][max(caret - 30, 0) : caret]
    flat = chunk.replace(b"\n", b" ").replace(b"\r", b" ")
    if len(before) == 30 and before.strip(b" "):
        at = flat.find(before)
        if at >= 0 and flat.find(before, at + 1) < 0:
            return at + 30
    for k in range(min(30, len(flat)), -1, -1):  # the error is within 30 bytes of the chunk start
        if flat[:k] == before[30 - k :] and not before[: 30 - k].strip(b" "):
            return k
    return None
