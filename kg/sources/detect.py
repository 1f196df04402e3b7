"""Which reader a file needs, judged from its content (the first 64 KB), never from its name.

In order:
1. empty, NUL bytes or not UTF-8/UTF-16/UTF-32 text → InputError saying so (and the likely encoding);
2. starts with `{`: JSONL when the first line is a whole JSON object (and not a one-line document
   holding a list of posts); a Telegram Desktop export when it has a "messages" list with Telegram
   message fields (date_unixtime, "type": "message"/"service", from_id, text_entities), a chat type
   like "public_channel", or the account export's "chats": {"list": …}; otherwise generic JSON;
3. starts with `[` → JSON;
4. HTML with t.me widget markup (`tgme_…`) → tme-html (HTML without it is refused);
5. a header row naming a text column under one of `, ; TAB |` → CSV;
6. "Forwarded from …" lines or a channel header ("7K subscribers"…) → text-dump;
7. a one-column CSV whose header is a text column name, or a header row of short field names whose
   next line has as many fields → CSV (the reader then asks for --text-column if it must);
8. anything else → InputError naming what it looks like and the accepted formats.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from kg.errors import InputError
from kg.sources._io import open_text, read_sample
from kg.sources.tabular import CANDIDATES, choose_delimiter
from kg.sources.text_dump import looks_like_dump

FORMATS = ("telegram-json", "tme-html", "text-dump", "csv", "json", "jsonl")
FIRST_LINE_LIMIT = 16 * 1024 * 1024
HTML_SCAN = 2 * 1024 * 1024

_MESSAGES_LIST = re.compile(r'"messages"\s*:\s*\[')
_TELEGRAM_FIELDS = re.compile(
    r'"(?:date_unixtime|from_id|text_entities|actor_id|forwarded_from_id)"\s*:|"type"\s*:\s*"(?:message|service)"'
)
_CHAT_TYPE = re.compile(
    r'"type"\s*:\s*"(?:personal_chat|bot_chat|private_group|private_supergroup|public_supergroup|'
    r'private_channel|public_channel|saved_messages)"'
)
_ACCOUNT = re.compile(r'"chats"\s*:\s*\{\s*"about"|"chats"\s*:\s*\{\s*"list"\s*:|"personal_information"\s*:')
_IDENTIFIER = re.compile(r"[\w .\-/()#]{1,40}")


def detect_format(path: Path) -> str:
    """The format name of `path` (one of FORMATS), from its content; InputError if it cannot tell."""
    path = Path(path)
    text = read_sample(path)
    stripped = text.lstrip()
    if stripped.startswith("{"):
        if _looks_jsonl(path, text):
            return "jsonl"
        if _looks_telegram(stripped):
            return "telegram-json"
        return "json"
    if stripped.startswith("["):
        return "json"
    head = stripped[:4096].lower()
    if stripped.startswith("<") or "<html" in head or "<!doctype" in head or "tgme_widget_message" in text:
        if "tgme_" in text or _html_mentions_tgme(path):
            return "tme-html"
        raise InputError(
            path,
            "an HTML page, but not a saved t.me/s/<channel> page (no tgme_widget_message markup);"
            " save the channel's public preview page https://t.me/s/<channel>",
        )
    lines = [line for line in stripped.splitlines() if line.strip()]
    first = lines[0] if lines else ""
    delimiter, fields, has_text = choose_delimiter(first)
    if has_text and len(fields) >= 2:
        return "csv"
    if looks_like_dump(text):
        return "text-dump"
    if len(fields) == 1 and fields[0].strip().lower() in CANDIDATES["text"] and len(lines) > 1:
        return "csv"
    if len(fields) >= 2 and all(_IDENTIFIER.fullmatch(f.strip()) and len(f.split()) <= 4 for f in fields):
        if len(lines) > 1 and _field_count(lines[1], delimiter) == len(fields):
            return "csv"
    raise InputError(
        path,
        f"cannot tell the format (it looks like {_looks_like(stripped)}); the accepted formats are"
        f" {', '.join(FORMATS)} — use --format to name one",
    )


def _looks_jsonl(path: Path, sample: str) -> bool:
    first = sample.lstrip().split("\n", 1)[0]
    if "\n" not in sample.lstrip():
        first = _first_line(path)
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


def _looks_telegram(sample: str) -> bool:
    if _ACCOUNT.search(sample) or _CHAT_TYPE.search(sample):
        return True
    m = _MESSAGES_LIST.search(sample)
    return m is not None and _TELEGRAM_FIELDS.search(sample, m.end()) is not None


def _html_mentions_tgme(path: Path) -> bool:
    try:
        with open_text(path) as f:
            return "tgme_" in f.read(HTML_SCAN)
    except Exception:  # noqa: BLE001 - a detection peek; the reader reports real problems
        return False


def _field_count(line: str, delimiter: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=delimiter)))
    except (csv.Error, StopIteration):
        return 0


def _looks_like(sample: str) -> str:
    if sample.startswith(("{", "[")):
        return "JSON"
    if sample.startswith("<"):
        return "markup"
    words = len(sample[:2000].split())
    if words > 20:
        return 'plain text without "Forwarded from" lines or a channel header; read it with --format text-dump'
    return "short text of no known layout"
