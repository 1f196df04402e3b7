"""What all readers share: their options, and parsers for the fields every format has.

A reader's one job is to turn its format into `Draft`s (or `Skip`s, kg/model.py); numbering, ids, the
channel override and duplicate detection happen once, in `kg.sources.read_posts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from typing import Any

from kg.model import Draft


@dataclass(frozen=True)
class ReaderOptions:
    """Overrides for tabular inputs (which column holds what) and for the channel name everywhere."""

    text_column: str | None = None
    id_column: str | None = None
    date_column: str | None = None
    channel: str | None = None


SERVICE_PREFIX = "service message"  # how the reason of a Skip for a channel event (pin, title change) begins


class FieldError(ValueError):
    """One field of one message is unusable; the reader turns it into a Skip with this message."""


# ---------------------------------------------------------------- text ---

# Hashtags as Telegram links them: not inside a word or URL, and not digits only ("#1" stays text).
_HASHTAG = re.compile(r"(?<![\w#&/])#(?!\d+(?!\w))\w+")


def find_hashtags(text: str) -> tuple[str, ...]:
    """Hashtags in plain text, in order, each once."""
    if "#" not in text:
        return ()
    return unique(m.group(0) for m in _HASHTAG.finditer(text))


def unique(items) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return tuple(seen)


def clean_name(value: Any) -> str | None:
    """A display name as given, minus surrounding whitespace; None for anything not a non-empty string."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def undecodable_field(draft: Draft) -> str | None:
    """The name of the first field holding characters that cannot be written as UTF-8, if any."""
    search = _SURROGATE.search
    for name, value in (
        ("text", draft.text),
        ("channel", draft.channel),
        ("author", draft.author),
        ("forwarded_from", draft.forwarded_from),
        ("message_id", draft.message_id),
    ):
        if value and not value.isascii() and search(value):
            return name
    for name, values in (("hashtags", draft.hashtags), ("links", draft.links)):
        for value in values:
            if not value.isascii() and search(value):
                return name
    return None


# ---------------------------------------------------------------- ids ---

_TME_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)/(?:s/)?([A-Za-z0-9_]{3,64})/([0-9]{1,20})/?(?:[?#].*)?$"
)
_TRAILING_NUMBER = re.compile(r"^[a-z][a-z0-9+.-]*://\S*?/([0-9]{1,20})/?(?:[?#].*)?$", re.IGNORECASE)
_DIGITS = re.compile(r"^[0-9]+$")
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,63}$")  # a channel's public t.me name (as _TME_URL takes it)
MAX_ID = 10**20  # ids are 64-bit numbers in every system we read; longer ones are not ids


def message_id_of(value: Any) -> tuple[str | None, str | None]:
    """(message id, channel username) from an id field: 123, "123", "t.me/MFARussia/123", a post URL.

    Digit strings are normalised ("007" → "7"); other strings are kept as given (stripped).
    Raises FieldError for values that cannot be an id (objects, lists, booleans, fractions).
    """
    if value is None:
        return None, None
    if isinstance(value, bool):
        raise FieldError(f"message id is {value!r}, not a number or string")
    if isinstance(value, int):
        if abs(value) >= MAX_ID:
            raise FieldError("message id is too large to be an id")
        return str(value), None
    if isinstance(value, (float, Decimal)):
        try:
            if value == int(value) and abs(value) < MAX_ID:
                return str(int(value)), None
        except (ValueError, OverflowError, InvalidOperation):
            pass
        raise FieldError(f"message id {str(value)[:40]} is not a whole number of at most 20 digits")
    if not isinstance(value, str):
        raise FieldError(f"message id is a {type(value).__name__}, not a number or string")
    value = value.strip()
    if not value:
        return None, None
    if len(value) > 200 or any(c.isspace() for c in value):
        raise FieldError(f"message id {value[:60]!r} is not an id")
    if _DIGITS.match(value):
        if len(value.lstrip("0")) > 20:
            raise FieldError(f"message id {value[:40]}… is too long to be an id")
        return str(int(value)), None
    m = _TME_URL.match(value)
    if m:
        return str(int(m.group(2))), m.group(1)
    m = _TRAILING_NUMBER.match(value)
    if m:
        return str(int(m.group(1))), None
    return value, None


def tme_url(username: str | None, message_id: str | None) -> str | None:
    """The post's address on t.me, where its channel's public username and its numeric message id are known."""
    if username and message_id and message_id.isascii() and message_id.isdigit() and _USERNAME.match(username):
        return f"https://t.me/{username}/{message_id}"
    return None


class SeenIds:
    """Post ids already given out, compactly: bitmaps for numeric ids and ordinals, a set for the rest.

    A 200k-message export costs a few tens of KB here, not a set of 200k strings.
    """

    _BITMAP_LIMIT = 1 << 26  # ids up to 67 million in a bitmap (8 MB at worst); larger ones go in the set

    def __init__(self) -> None:
        self._numbers: dict[str, bytearray] = {}
        self._ordinals: dict[str, bytearray] = {}
        self._other: set[tuple[str, str]] = set()

    @staticmethod
    def _test_and_set(bitmaps: dict[str, bytearray], prefix: str, n: int) -> bool:
        bits = bitmaps.setdefault(prefix, bytearray())
        byte, mask = n >> 3, 1 << (n & 7)
        if byte >= len(bits):
            bits.extend(bytes(max(byte + 1 - len(bits), len(bits))))
        if bits[byte] & mask:
            return True
        bits[byte] |= mask
        return False

    @staticmethod
    def _test(bitmaps: dict[str, bytearray], prefix: str, n: int) -> bool:
        bits = bitmaps.get(prefix)
        return bits is not None and (n >> 3) < len(bits) and bool(bits[n >> 3] & (1 << (n & 7)))

    def add(self, prefix: str, message_id: str | None, ordinal: int) -> bool:
        """Record the post id; False if it was already given out."""
        if message_id is None:
            if (prefix, f"n{ordinal}") in self._other:
                return False
            return not self._test_and_set(self._ordinals, prefix, ordinal)
        if len(message_id) <= 8 and _DIGITS.match(message_id) and int(message_id) < self._BITMAP_LIMIT:
            return not self._test_and_set(self._numbers, prefix, int(message_id))
        if message_id[:1] == "n" and len(message_id) <= 9 and _DIGITS.match(message_id[1:]) and int(message_id[1:]) < self._BITMAP_LIMIT:
            if self._test(self._ordinals, prefix, int(message_id[1:])):
                return False
        key = (prefix, message_id)
        if key in self._other:
            return False
        self._other.add(key)
        return True


# ---------------------------------------------------------------- values ---

_EPOCH_MS = 10**11  # larger epoch numbers are milliseconds


def parse_date(value: Any) -> datetime | None:
    """ISO 8601 (zone kept when given), Unix seconds or milliseconds (→ UTC), RFC 2822, d.m.Y.

    None/"" → None. Raises FieldError for anything else.
    """
    if value is None:
        return None
    if isinstance(value, str) and value.isdigit() and value.isascii() and len(value) <= 11:
        return datetime.fromtimestamp(int(value), tz=timezone.utc)  # Telegram's date_unixtime, fast
    if isinstance(value, bool):
        raise FieldError(f"date {value!r} is not a date")
    if isinstance(value, (int, float, Decimal)):
        return _from_epoch(value)
    if not isinstance(value, str):
        raise FieldError(f"date is a {type(value).__name__}, not a date")
    text = value.strip()
    if not text:
        return None
    if len(text) > 100:
        raise FieldError(f"date {text[:40]!r}… is too long to be a date")
    if re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", text):
        return _from_epoch(Decimal(text))
    iso = text[:-1] + "+00:00" if text[-1:] in "Zz" else text
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    for fmt in ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            pass
    try:
        parsed = parsedate_to_datetime(text)
        if parsed is not None:
            return parsed
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    raise FieldError(f"date {text[:40]!r} is not ISO 8601, Unix time or another known date format")


def _from_epoch(value) -> datetime:
    try:
        seconds = Decimal(value)
        if abs(seconds) >= _EPOCH_MS:
            seconds = seconds / 1000
        return datetime.fromtimestamp(float(seconds), tz=timezone.utc)
    except (ValueError, OverflowError, OSError, InvalidOperation) as e:
        raise FieldError(f"date {value} is not a usable Unix time ({e})") from None


_VIEWS = re.compile(r"^([0-9]+(?:[.,][0-9]+)?)\s*([KkMmBb]?)$")
MAX_VIEWS = 10**15
_SCALE = {"": 1, "k": 1000, "m": 1_000_000, "b": 1_000_000_000}


def parse_views(value: Any) -> int | None:
    """View counts as numbers or as shown on t.me: "674", "5.37K" → 5370, "1.2M" → 1200000, "1,234".

    Unusable values give None: views are decoration, never a reason to drop a post.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < MAX_VIEWS else None
    if isinstance(value, (float, Decimal)):
        try:
            return int(value) if 0 <= value < MAX_VIEWS else None
        except (ValueError, OverflowError, InvalidOperation):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if len(text) > 30:
        return None
    if re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+", text):
        text = text.replace(",", "")
    m = _VIEWS.match(text)
    if not m or len(m.group(1)) > 16:
        return None
    try:
        return int(Decimal(m.group(1).replace(",", ".")) * _SCALE[m.group(2).lower()])
    except (InvalidOperation, ValueError, OverflowError):
        return None




def flatten_text(value: Any) -> tuple[str, tuple[str, ...] | None, tuple[str, ...]]:
    """Telegram-style text → (plain text, hashtags from entities or None if there were no entities, links).

    Accepts a string, or a list of strings and `{"type", "text", "href"?}` objects (as in `text` and
    `text_entities` of Telegram Desktop exports). Raises FieldError for anything else.
    """
    if value is None:
        return "", None, ()
    if isinstance(value, str):
        return value, None, ()
    if not isinstance(value, list):
        raise FieldError(f"text is a {type(value).__name__}, not a string or a list of text parts")
    parts: list[str] = []
    tags: list[str] = []
    links: list[str] = []
    for i, part in enumerate(value):
        if isinstance(part, str):
            parts.append(part)
            continue
        if not isinstance(part, dict):
            raise FieldError(f"text part {i} is a {type(part).__name__}, not a string or an entity object")
        piece = part.get("text", "")
        if not isinstance(piece, str):
            raise FieldError(f"text part {i} has no usable text")
        parts.append(piece)
        kind = part.get("type")
        if kind == "hashtag":
            tags.append(piece.strip())
        elif kind in ("link", "url"):
            links.append(piece.strip())
        elif kind == "text_link" and isinstance(part.get("href"), str):
            links.append(part["href"].strip())
    return "".join(parts), unique(tags), unique(links)
