"""Opening input files as validated UTF-8, whatever byte-order mark they start with.

Every reader goes through here, so encoding problems are found and worded in one place:

- UTF-8 (with or without a BOM) is passed through, checked chunk by chunk as it streams;
- UTF-16 and UTF-32 with a BOM are transcoded to UTF-8 on the fly;
- anything else fails with `BrokenInput` at the first invalid byte, saying where it is and which
  encoding the bytes look like (charset-normalizer), so the caller can turn it into an `InputError`
  after the posts before it have been read.
"""

from __future__ import annotations

import codecs
import io
from contextvars import ContextVar
from itertools import accumulate
from pathlib import Path
from typing import BinaryIO, Callable

from kg.errors import InputError

CHUNK = 64 * 1024
SAMPLE = 64 * 1024
MAX_JSON_DEPTH = 512

_NAMES = {"utf-8": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}
_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Told how far reading has got, as each chunk of a file is read: (the file's name, its bytes read so far). Set by what
# shows progress (kg build's bar), so that the readers need not know of it.
reading_progress: ContextVar[Callable[[str, int], None] | None] = ContextVar("reading_progress", default=None)


class BrokenInput(Exception):
    """The input stops being readable part-way; `read_posts` adds how many posts were read before it."""

    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


def open_raw(path: Path) -> BinaryIO:
    """Open a file for binary reading, turning OS errors into one-sentence `InputError`s."""
    try:
        return open(path, "rb")  # noqa: SIM115 - the caller closes it
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except IsADirectoryError:
        raise InputError(path, "a directory, not a posts file") from None
    except PermissionError:
        raise InputError(path, "cannot be read: permission denied") from None
    except OSError as e:
        raise InputError(path, f"cannot be opened: {e.strerror or e}") from None


def _bom(head: bytes) -> tuple[str, int]:
    """(encoding, bytes to skip) from a file's first bytes."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            # UTF-8: skip the BOM; UTF-16/32: the decoder reads the BOM to learn the byte order.
            return encoding, (len(bom) if encoding == "utf-8" else 0)
    return "utf-8", 0


def describe_bytes(data: bytes) -> str:
    """What undecodable bytes look like, for an error message: 'cp1251', 'binary data, not text'…"""
    if not data:
        return "empty"
    if b"\x00" in data:
        for encoding, order in (("utf-16-le", "little-endian"), ("utf-16-be", "big-endian")):
            try:
                text = data[: len(data) // 2 * 2].decode(encoding)
            except UnicodeDecodeError:
                continue
            readable = sum(c.isprintable() or c in "\r\n\t" for c in text)
            if text and readable >= 0.95 * len(text):
                return f"UTF-16 ({order}) without a byte-order mark"
        return "binary data, not text"
    controls = sum(data.count(bytes([c])) for c in (*range(0, 9), *range(14, 32), 127))
    if controls > len(data) // 20:
        return "binary data, not text"
    try:
        import charset_normalizer

        best = charset_normalizer.from_bytes(data[:16384]).best()
    except Exception:  # the guess is only decoration for a message; never let it fail the read
        best = None
    if best is None:
        return "binary data, not text"
    return str(best.encoding)


def convert_hint(looks: str) -> str:
    """How to fix a file in the encoding `describe_bytes` named."""
    encoding = looks.split(" (")[0].strip()
    if encoding.startswith("UTF-16"):
        return "re-save it as UTF-8 (or as UTF-16 with a byte-order mark)"
    if " " in encoding or not encoding:
        return "re-save it as UTF-8"
    return f"convert it to UTF-8 (e.g. iconv -f {encoding} -t UTF-8) and try again"


def invalid_byte(encoding: str, bad: bytes, position: int, line: int | None, looks: str, detecting: bool = False) -> str:
    """The sentence for bytes that do not decode: which byte, where, and what the file looks like instead.

    When `detecting` the format, a binary file is called binary up front (and no line is given).
    """
    name = _NAMES[encoding]
    what = f"0x{bad[0]:02X} " if bad else ""
    if looks.startswith("binary"):
        if detecting:
            return f"not {name} text (it looks like {looks}): invalid byte {what}at byte {position}"
        hint = "it does not look like a text export of posts"
    else:
        hint = convert_hint(looks)
    where = f"byte {position}" + (f" (line {line})" if line is not None else "")
    return f"not {name} text: invalid byte {what}at {where}; it looks like {looks} — {hint}"


class Utf8Stream(io.RawIOBase):
    """A readable stream of validated UTF-8 bytes (BOM removed, UTF-16/32 transcoded).

    Also remembers the last chunk it handed out and how many bytes and newlines came before it,
    so JSON parse errors can be placed at an exact byte and line.
    """

    def __init__(self, raw: BinaryIO, encoding: str, start: int, json_depth_guard: bool = False):
        super().__init__()
        self._raw = raw
        self._raw.seek(start)
        self.encoding = encoding
        self._passthrough = encoding == "utf-8"
        self._decoder = codecs.getincrementaldecoder(encoding)("strict")
        self._pending = b""
        self._eof = False
        self.raw_offset = start  # bytes of the file consumed
        self.offset = 0  # UTF-8 bytes handed out before the last chunk
        self.lines = 0  # newlines handed out before the last chunk
        self.last_chunk = b""
        self.base = start if self._passthrough else 0  # a skipped UTF-8 BOM, to report file offsets
        self._out_total = 0
        self._out_lines = 0
        self._guard = _DepthGuard() if json_depth_guard else None

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        while not self._pending and not self._eof:
            chunk = self._raw.read(CHUNK)
            final = not chunk
            try:
                text = self._decoder.decode(chunk, final)
            except UnicodeDecodeError as e:
                raise BrokenInput(self._decode_problem(chunk, e)) from None
            if final:
                self._eof = True
            self.raw_offset += len(chunk)
            tell = reading_progress.get()
            if tell is not None:
                tell(getattr(self._raw, "name", ""), self.raw_offset)
            out = chunk if self._passthrough else text.encode("utf-8")
            if self._guard is not None and out:
                self._guard.feed(out, self._out_total)
            self._pending = out

    def _decode_problem(self, chunk: bytes, e: UnicodeDecodeError) -> str:
        if not chunk:
            return (
                f"not valid {_NAMES[self.encoding]} text: it ends in the middle of a character"
                f" (byte {self.raw_offset}); the file looks truncated"
            )
        pos = self.raw_offset + max(e.start, 0)
        bad = chunk[e.start : e.start + 1] if 0 <= e.start < len(chunk) else b""
        line = self._out_lines + 1 + chunk[: e.start].count(b"\n") if self._passthrough else None
        looks = describe_bytes(chunk[max(e.start, 0) :])  # the part that failed, not the good text before it
        return invalid_byte(self.encoding, bad, pos, line, looks)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            parts = []
            while True:
                part = self.read(CHUNK)
                if not part:
                    return b"".join(parts)
                parts.append(part)
        self._fill()
        out, self._pending = self._pending[:size], self._pending[size:]
        self.offset = self._out_total
        self.lines = self._out_lines
        self.last_chunk = out
        self._out_total += len(out)
        self._out_lines += out.count(b"\n")
        return out

    def readinto(self, b) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


MAX_DIGITS = 4000
_DIGITS = b"0123456789"
_ALL_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_NUMBER = b"0" * MAX_DIGITS  # found with bytes.find (linear), not a regex (quadratic on long runs)
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1


class _DepthGuard:
    """Stops absurdly deep JSON nesting before the parser builds ever-longer prefixes for it.

    ijson's C backend keeps a dotted prefix per nesting level: 100,000 `[` in a broken file cost
    gigabytes. Real exports nest about six levels deep; anything past MAX_JSON_DEPTH is refused.
    Runs at C speed: escapes are dropped with `replace`, everything but quotes and brackets with
    `translate`, and strings are cut out by splitting at the quotes.
    """

    def __init__(self) -> None:
        self.depth = 0
        self.in_string = False
        self.carry = b""  # trailing backslashes: their escape continues in the next chunk
        self.digits = 0  # length of the digit run the last chunk ended with

    def feed(self, chunk: bytes, offset: int) -> None:
        self._check_digits(chunk, offset)
        data = self.carry + chunk
        body = data.rstrip(b"\\")
        self.carry = data[len(body) :]
        # escaped backslashes first (pairs, left to right), then escaped quotes: what is left of
        # the quotes delimits strings
        body = body.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
        parts = body.split(b'"')
        outside = parts[1::2] if self.in_string else parts[0::2]
        if len(parts) % 2 == 0:
            self.in_string = not self.in_string
        brackets = b"".join(outside)
        opens = brackets.count(b"[") + brackets.count(b"{")
        if self.depth + opens > MAX_JSON_DEPTH:
            deepest = max(accumulate(map(_STEP.__getitem__, brackets), initial=self.depth))
            if deepest > MAX_JSON_DEPTH:
                raise BrokenInput(
                    f"not a usable JSON file: it nests more than {MAX_JSON_DEPTH} levels deep"
                    f" (near byte {offset}); a posts export nests only a few levels"
                )
        self.depth = max(0, self.depth + opens - brackets.count(b"]") - brackets.count(b"}"))

    def _check_digits(self, chunk: bytes, offset: int) -> None:
        """Refuse numbers of thousands of digits: ijson's C backend crashes the interpreter on an
        integer longer than Python converts (4300 digits). No export has such numbers."""
        lead = len(chunk) - len(chunk.lstrip(_DIGITS))
        if self.digits + lead >= MAX_DIGITS or chunk.translate(_ALL_DIGITS_TO_ZERO).find(_LONG_NUMBER) >= 0:
            raise BrokenInput(
                f"not a usable JSON file: it holds a number of {MAX_DIGITS} digits or more (near byte {offset});"
                " a posts export has no such numbers"
            )
        self.digits = (self.digits + lead) if lead == len(chunk) else len(chunk) - len(chunk.rstrip(_DIGITS))


def open_utf8(path: Path, json_depth_guard: bool = False) -> Utf8Stream:
    """Open `path` as a stream of validated UTF-8 bytes (raises `InputError` if it cannot be opened)."""
    raw = open_raw(path)
    try:
        encoding, start = _bom(raw.read(4))
        return Utf8Stream(raw, encoding, start, json_depth_guard)
    except BaseException:
        raw.close()
        raise


def open_text(path: Path, newline: str | None = None) -> io.TextIOWrapper:
    """Open `path` as text (UTF-8 after BOM handling); decoding problems surface as `BrokenInput`."""
    stream = open_utf8(path)
    return io.TextIOWrapper(io.BufferedReader(stream, CHUNK), encoding="utf-8", newline=newline)


def read_sample(path: Path, size: int = SAMPLE) -> str:
    """The first `size` bytes of the file as text, for format detection.

    Raises `InputError` for an empty file and for bytes that are not UTF-8 (naming the likely encoding).
    A multi-byte character cut at the end of the sample is dropped, not reported.
    """
    raw = open_raw(path)
    with raw:
        head = raw.read(size)
    if not head:
        raise InputError(path, "file is empty")
    encoding, start = _bom(head)
    head = head[start:]
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        text = decoder.decode(head, final=False)
    except UnicodeDecodeError as e:
        bad = head[e.start : e.start + 1] if 0 <= e.start < len(head) else b""
        looks = describe_bytes(head[e.start :] if e.start > 1024 else head)
        line = head[: e.start].count(b"\n") + 1
        raise InputError(path, invalid_byte(encoding, bad, e.start, line, looks, detecting=True)) from None
    if "\x00" in text:
        raise InputError(path, f"not a text file: it contains NUL bytes (it looks like {describe_bytes(head)})")
    if not text.strip():
        raise InputError(path, "file is empty (it holds only whitespace)")
    return text
