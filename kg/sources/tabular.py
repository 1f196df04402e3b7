"""Scraped posts as records: CSV (header row), JSON (array of objects, streamed) and JSONL.

All three map a record's fields to a post the same way. Field names are matched case-insensitively
against candidates (first match wins); `ReaderOptions` names the text, id and date fields outright:

    text     text, message, body, content, post, caption, текст
    id       message_id, id, msg_id, post_id  (123, "123", "t.me/<channel>/123" or a post URL:
             the trailing number is the id, the t.me name the channel when none is given)
    date     date, datetime, published, timestamp, created_at, time  (ISO 8601, Unix time, …)
    channel  channel, chat, source
    media    has_photo, has_media, photo, media, media_type
    links    urls, links, url  (a list, or "|"-joined; t.me hashtag links "?q=%23Tag" are dropped)
    views    views, view_count, views_count  ("5.37K" → 5370)
    also     forwarded_from / fwd_from, author / post_author / signature, hashtags

CSV: the delimiter is the one of `, ; TAB |` under which the header row names a text column (ties:
more columns, then that order); the header is one physical line. A row with a different number of
fields than the header is skipped and reported. Fields may be any size.
JSON: a top-level array of objects, or an object holding the list under "messages", "posts" or
"items" (a top-level "channel"/"name"/"title" string is the default channel). Streamed with ijson.
JSONL: one object per line; a line that is not a JSON object is skipped and reported by number.
A file whose first record has no text field is refused, naming the fields and --text-column.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import Any, Literal

from kg.errors import InputError
from kg.model import Draft, Skip
from kg.sources._common import (
    FieldError, ReaderOptions, clean_name, find_hashtags, flatten_text, message_id_of, parse_date, parse_views, tme_url,
    unique,
)
from kg.sources._io import open_text
from kg.sources._jsonscan import iter_items, scan_top_level
from kg.sources.registry import MAYBE

CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": ("text", "message", "body", "content", "post", "caption", "текст"),
    "id": ("message_id", "id", "msg_id", "post_id"),
    "date": ("date", "datetime", "published", "timestamp", "created_at", "time"),
    "channel": ("channel", "chat", "source"),
    "media": ("has_photo", "has_media", "photo", "media", "media_type"),
    "links": ("urls", "links", "url"),
    "views": ("views", "view_count", "views_count"),
    "forwarded_from": ("forwarded_from", "fwd_from"),
    "author": ("author", "post_author", "signature"),
    "hashtags": ("hashtags",),
}
_OPTION_ROLES = (("text", "text_column", "--text-column"), ("id", "id_column", "--id-column"), ("date", "date_column", "--date-column"))
DELIMITERS = (",", ";", "\t", "|")
_FALSE_WORDS = {"", "false", "0", "no", "none", "null", "nan", "n", "f"}
_IDENTIFIER = re.compile(r"[\w .\-/()#]{1,40}")  # a field name, as a header row of unknown names has them
FIRST_LINE_LIMIT = 16 * 1024 * 1024  # JSONL detection reads no further for the end of the first line

_CSV_LIMIT_SET = False


def _allow_huge_fields() -> None:
    global _CSV_LIMIT_SET
    if not _CSV_LIMIT_SET:
        csv.field_size_limit(2**31 - 1)
        _CSV_LIMIT_SET = True


def resolve_columns(names: list[str], options: ReaderOptions) -> dict[str, int]:
    """Role → index into `names`; raises `ValueError(role, option)` for an option naming no field."""
    lowered = [n.strip().lower() for n in names]
    roles: dict[str, int] = {}
    for role, candidates in CANDIDATES.items():
        for candidate in candidates:
            if candidate in lowered:
                roles[role] = lowered.index(candidate)
                break
    for role, attr, flag in _OPTION_ROLES:
        wanted = getattr(options, attr)
        if wanted is not None:
            if wanted.strip().lower() not in lowered:
                raise _MissingField(role, flag, wanted)
            roles[role] = lowered.index(wanted.strip().lower())
    return roles


class _MissingField(Exception):
    def __init__(self, role: str, flag: str, wanted: str | None):
        super().__init__(role)
        self.role, self.flag, self.wanted = role, flag, wanted


def _field_problem(kind: str, names: list[str], missing: _MissingField | None) -> str:
    listed = ", ".join(repr(n) for n in names[:30]) + (" …" if len(names) > 30 else "") or "none"
    if missing is not None and missing.wanted is not None:
        return f"no {kind} named {missing.wanted!r} (given with {missing.flag}); the {kind}s are: {listed}"
    return (
        f"no text {kind}: none of {', '.join(CANDIDATES['text'])} among the {kind}s {listed};"
        f" name the {kind} holding the post text with --text-column"
    )


def choose_delimiter(header_line: str, options: ReaderOptions = ReaderOptions()) -> tuple[str, list[str], bool]:
    """(delimiter, header fields, whether they include a text column) for a CSV header line."""
    _allow_huge_fields()
    best: tuple[tuple[int, int, int], str, list[str]] | None = None
    for rank, delimiter in enumerate(DELIMITERS):
        try:
            fields = next(csv.reader([header_line], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        try:
            has_text = "text" in resolve_columns(fields, options)
        except _MissingField:
            has_text = False
        score = (int(has_text), len(fields), -rank)
        if best is None or score > best[0]:
            best = (score, delimiter, fields)
    if best is None:
        return ",", [], False
    return best[1], [f.strip() for f in best[2]], bool(best[0][0])


# ---------------------------------------------------------------- CSV ---


def sniff_csv(sample: str, path: Path) -> bool | Literal["maybe"]:
    """Yes for a header row naming a text column under one of `, ; TAB |`. Maybe (a surer reader wins: the
    text dump's "Forwarded from" lines) for a one-column header naming a text column, or a header row of
    short field names whose next line has as many fields: the reader then asks for --text-column if it must."""
    lines = [line for line in sample.lstrip().splitlines() if line.strip()]
    if not lines:
        return False
    delimiter, fields, has_text = choose_delimiter(lines[0])
    if has_text and len(fields) >= 2:
        return True
    if len(lines) > 1 and (
        (len(fields) == 1 and fields[0].strip().lower() in CANDIDATES["text"])
        or (
            len(fields) >= 2
            and all(_IDENTIFIER.fullmatch(f.strip()) and len(f.split()) <= 4 for f in fields)
            and _field_count(lines[1], delimiter) == len(fields)
        )
    ):
        return MAYBE
    return False


def _field_count(line: str, delimiter: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=delimiter)))
    except (csv.Error, StopIteration):
        return 0


def read_csv(path: Path, options: ReaderOptions) -> Iterator[Draft | Skip]:
    _allow_huge_fields()
    source = str(path)
    with open_text(path, newline="") as f:
        first = f.readline()
        while first and not first.strip():
            first = f.readline()
        if not first.strip():
            raise InputError(path, "no header row: the CSV holds only blank lines")
        delimiter, names, _ = choose_delimiter(first.rstrip("\r\n"), options)
        try:
            roles = resolve_columns(names, options)
        except _MissingField as e:
            raise InputError(path, _field_problem("column", names, e)) from None
        if "text" not in roles:
            raise InputError(path, _field_problem("column", names, None))
        reader = csv.reader(chain([first], f), delimiter=delimiter)
        next(reader)  # the header, already parsed
        header_lines = reader.line_num
        line = header_lines
        while True:
            start = line + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                line = reader.line_num
                yield Skip(source, f"line {start}", f"unreadable CSV row: {e}")
                continue
            line = reader.line_num
            if not row:
                continue
            if len(row) != len(names):
                if len(row) == 1 and not row[0].strip():
                    continue
                yield Skip(source, f"line {start}", f"has {len(row)} fields, the header has {len(names)}")
                continue
            yield record_draft(lambda role: row[roles[role]] if role in roles else None, f"line {start}", source, None)


# ---------------------------------------------------------------- JSON / JSONL ---


def _records(path: Path, objects: Iterator[tuple[str, Any]], options: ReaderOptions, default_channel: str | None):
    """Shared by JSON and JSONL: (where, parsed value or Skip) → Draft | Skip."""
    source = str(path)
    checked = False
    for where, obj in objects:
        if isinstance(obj, Skip):
            yield obj
            continue
        if not isinstance(obj, dict):
            yield Skip(source, where, f"not a JSON object but a {_json_type(obj)}")
            continue
        names = list(obj)
        try:
            roles = resolve_columns(names, options)
        except _MissingField as e:
            if not checked:
                raise InputError(path, f"{where}: " + _field_problem("field", names, e)) from None
            yield Skip(source, where, f"no field {e.wanted!r} (given with {e.flag})")
            continue
        if not checked:
            if "text" not in roles:
                raise InputError(path, f"{where}: " + _field_problem("field", names, None))
            checked = True
        yield record_draft(lambda role: obj[names[roles[role]]] if role in roles else None, where, source, default_channel)


def sniff_json(sample: str, path: Path) -> bool:
    """A document that is an object or an array (after JSONL and the Telegram export have said no)."""
    return sample.lstrip().startswith(("{", "["))


def read_json(path: Path, options: ReaderOptions) -> Iterator[Draft | Skip]:
    top = scan_top_level(path, list_keys=("messages", "posts", "items"), meta_keys=("channel", "name", "title"))
    if top.kind == "array":
        prefix = "item"
    elif top.kind == "object" and top.list_key is not None:
        prefix = f"{top.list_key}.item"
    else:
        raise InputError(
            path,
            "no list of posts: expected a JSON array of objects, or an object with the list under"
            ' "messages", "posts" or "items"',
        )
    default_channel = next((clean_name(top.meta.get(k)) for k in ("channel", "name", "title") if clean_name(top.meta.get(k))), None)
    objects = ((f"item {i + 1}", obj) for i, obj in enumerate(iter_items(path, prefix)))
    yield from _records(path, objects, options, default_channel)


def sniff_jsonl(sample: str, path: Path) -> bool:
    """The first line is a whole JSON object, and not a one-line document holding a list of posts."""
    sample = sample.lstrip()
    if not sample.startswith("{"):
        return False
    first = sample.split("\n", 1)[0] if "\n" in sample else _first_line(path)
    if first is None:
        return False
    try:
        value = json.loads(first)
    except (ValueError, RecursionError):
        return False
    if not isinstance(value, dict):
        return False
    # a whole document on one line: an object holding the list of posts is JSON, not JSONL
    return not any(isinstance(value.get(k), (list, dict)) for k in ("messages", "posts", "items", "chats"))


def _first_line(path: Path) -> str | None:
    """The first non-blank line, if it ends within FIRST_LINE_LIMIT characters (or ends the file)."""
    try:
        with open_text(path, newline="\n") as f:
            while True:
                line = f.readline(FIRST_LINE_LIMIT)
                if not line:
                    return None
                if line.strip():
                    if len(line) >= FIRST_LINE_LIMIT and not line.endswith("\n"):
                        return None
                    return line
    except Exception:  # noqa: BLE001 - a detection peek; the reader reports real problems
        return None


def read_jsonl(path: Path, options: ReaderOptions) -> Iterator[Draft | Skip]:
    source = str(path)

    def objects() -> Iterator[tuple[str, Any]]:
        with open_text(path, newline="\n") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                where = f"line {number}"
                try:
                    yield where, json.loads(line)
                except json.JSONDecodeError as e:
                    yield where, Skip(source, where, f"invalid JSON: {e.msg} (column {e.colno})")
                except RecursionError:
                    yield where, Skip(source, where, "invalid JSON: nested too deeply")
                except ValueError as e:  # e.g. an integer with more digits than Python converts
                    yield where, Skip(source, where, f"invalid JSON: {e}")

    yield from _records(path, objects(), options, None)


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float, Decimal)):
        return "number"
    return type(value).__name__


# ---------------------------------------------------------------- one record ---


def record_draft(get: Callable[[str], Any], where: str, source: str, default_channel: str | None) -> Draft | Skip:
    """A record's fields (looked up by role) → Draft, or Skip naming the unusable field."""
    try:
        message_id, url_channel = message_id_of(get("id"))
        text, entity_tags, entity_links = flatten_text(get("text"))
        date = parse_date(get("date"))
    except FieldError as e:
        return Skip(source, where, str(e))
    if message_id is not None:
        where = f"{where} (message {message_id[:40]})"
    channel = clean_name(get("channel")) or default_channel or url_channel
    tags = _list_field(get("hashtags"))
    hashtags = unique(tags) if tags else (entity_tags if entity_tags is not None else find_hashtags(text))
    links = unique(chain(entity_links, (u for u in _list_field(get("links")) if not u.startswith("?"))))
    return Draft(
        where=where, message_id=message_id, channel=channel, date=date, text=text,
        author=clean_name(get("author")),
        forwarded_from=clean_name(get("forwarded_from")),
        hashtags=hashtags,
        links=links,
        has_media=_truthy(get("media")),
        views=parse_views(get("views")),
        url=tme_url(url_channel, message_id),
    )


def _list_field(value: Any) -> list[str]:
    """A list of strings, or one "|"-joined string, as a list of non-empty stripped strings."""
    if isinstance(value, str):
        return [part.strip() for part in value.split("|") if part.strip()]
    if isinstance(value, list):
        return [item.strip() for item in value if isinstance(item, str) and item.strip()]
    return []


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in _FALSE_WORDS
    if isinstance(value, (int, float, Decimal)):
        return value != 0
    return bool(value)
