"""Text copied from a channel's page (like the seed): a header block, then posts one after another.

The format has no ids and no dates, so the rules are about lines:

1. **Header.** The file starts with channel metadata when one of its first lines is a count line
   ("7K subscribers", "5.43K photos", "1 234 members", "12 подписчиков") or a page-chrome line
   ("Download Telegram", "View in Telegram", "Preview channel"). The header's first non-blank line is
   the channel name. It ends after the last page-chrome line before the first post marker; without
   one, at the first blank line after the count lines (the description ends there) or at the first
   "Forwarded from" line, whichever comes first. A file without those markers has no header: the
   channel is unknown and posts start at line 1.
2. **Posts marked by "Forwarded from X".** Each such line (also "Forwarded from" with X on the next
   line, and the Russian interface's "Переслано от X") starts a new post forwarded from X (kept as
   written, e.g. "Russian MFA 🇷🇺"; only surrounding whitespace is removed). Its text is every
   following line up to the next marker. Text before the first marker (after the header), if not
   blank, is a post of the channel itself.
3. **No markers at all.** The body is split into posts at runs of two or more blank lines (one blank
   line is a paragraph break inside a post). To keep memory flat, a marker-less stretch longer than
   10,000 lines is split this way as it streams, even if markers come later.

Post text: the lines as written, joined with "\\n", without leading blank lines and trailing whitespace.
Hashtags come from the text (`#Word`). Streams line by line; only one post is held in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kg.model import Draft, Skip
from kg.sources._common import ReaderOptions, find_hashtags
from kg.sources._io import open_text

HEADER_SCAN_LINES = 40  # the header is looked for among this many leading lines

_FORWARDED = re.compile(r"\s*(?:Forwarded from|Переслано от)(?:\s(?P<name>.*))?$")  # linear: no nested spaces
SHORT_LINE = 120  # count and page-chrome lines are short; longer lines are never tested against them
_COUNT_RE = re.compile(
    r"^\s*[0-9][0-9.,\s\u00a0]*[KkMmКкМ]?\s+"
    r"(?:subscribers?|members?|online|photos?|videos?|files?|links?|audios?|voices?|"
    r"подписчик\w*|участник\w*|фото\w*|видео\w*|файл\w*|ссыл\w*)\s*$",
    re.IGNORECASE,
)


class _Short:
    """A pattern only tried on short lines, so no long line can make the regex backtrack for long."""

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern

    def match(self, line: str):
        return self.pattern.match(line) if len(line) <= SHORT_LINE else None


_COUNT = _Short(_COUNT_RE)
_SUBSCRIBERS = re.compile(r"subscriber|member|подписчик|участник", re.IGNORECASE)
_CHROME_RE = re.compile(
    r"^\s*(?:Download Telegram|View in Telegram|Open in Telegram|Preview channel|Join channel|"
    r"Скачать Telegram|Открыть в Telegram)\s*$",
    re.IGNORECASE,
)
_CHROME = _Short(_CHROME_RE)


def forwarded_marker(line: str) -> tuple[bool, str | None]:
    """(is a "Forwarded from" line, the name on it or None)."""
    if "from" not in line and "от" not in line:
        return False, None
    m = _FORWARDED.match(line)
    if not m:
        return False, None
    return True, (m.group("name") or "").strip() or None


def sniff(sample: str, path: Path) -> bool:
    """For detection: "Forwarded from" lines, or a channel header (count / page-chrome lines)."""
    lines = sample.splitlines()
    if any(forwarded_marker(line)[0] and forwarded_marker(line)[1] for line in lines):
        return True
    head = [line for line in lines[:HEADER_SCAN_LINES] if line.strip()][:12]
    return any(_COUNT.match(line) and _SUBSCRIBERS.search(line) for line in head) or (
        sum(bool(_COUNT.match(line)) for line in head) >= 2 and any(_CHROME.match(line) for line in head)
    )


def _header(lines: list[str]) -> tuple[str | None, int]:
    """(channel name, number of header lines) from the first lines of the file."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if not nonblank:
        return None, 0
    counts = [i for i in nonblank if _COUNT.match(lines[i])]
    chrome = [i for i in nonblank if _CHROME.match(lines[i])]
    first_marker = next((i for i, line in enumerate(lines) if forwarded_marker(line)[0]), None)
    if first_marker is not None:
        counts = [i for i in counts if i < first_marker]
        chrome = [i for i in chrome if i < first_marker]
    # a count line must come early (right under the title) to make the block a header
    if not (counts and counts[0] <= nonblank[0] + 3) and not chrome:
        return None, 0
    title = lines[nonblank[0]].strip()
    if _COUNT.match(title) or _CHROME.match(title):
        title = None
    if chrome:
        return title, chrome[-1] + 1
    end = counts[-1] + 1
    while end < len(lines) and lines[end].strip() and end != first_marker:
        end += 1  # the description runs to the first blank line (or the first marker)
    return title, end


def read(path: Path, options: ReaderOptions) -> Iterator[Draft | Skip]:
    with open_text(path, newline=None) as f:
        head: list[str] = []
        for line in f:
            head.append(line.rstrip("\n"))
            if len(head) >= HEADER_SCAN_LINES:
                break
        channel, header_len = _header(head)
        lines = _lines(head[header_len:], f)
        yield from _posts(lines, channel, header_len)


def _lines(head: list[str], rest) -> Iterator[str]:
    yield from head
    for line in rest:
        yield line.rstrip("\n")


def _posts(lines: Iterator[str], channel: str | None, first_line: int) -> Iterator[Draft]:
    """Split the body into posts (see the module docstring for the rules)."""
    buffered: list[str] = []  # body lines before the first marker (or all of them, without markers)
    current: list[str] | None = None  # the post being read since the last marker
    forwarded: str | None = None
    start = first_line + 1
    pending_name = False  # a bare "Forwarded from" line: the name is on the next non-blank line
    markers = False
    blank_run = 0
    line_no = first_line
    for line in lines:
        line_no += 1
        is_marker, name = forwarded_marker(line)
        if pending_name and line.strip():
            forwarded, pending_name = line.strip(), False
            continue
        if is_marker:
            if not markers:
                markers = True
                text = _text(buffered)
                if text:
                    yield _draft(text, None, channel, start)
                buffered = []
            elif current is not None:
                yield _draft(_text(current), forwarded, channel, start)
            current, forwarded, start = [], name, line_no
            pending_name = name is None
            continue
        if markers:
            current.append(line)  # type: ignore[union-attr]
            continue
        # no marker seen yet: collect, splitting at runs of 2+ blank lines only if no marker ever comes
        buffered.append(line)
        blank_run = blank_run + 1 if not line.strip() else 0
        if blank_run >= 2 and len(buffered) > 10_000:
            # a long marker-less stretch: flush what is complete so memory stays bounded
            yield from _split_blocks(buffered, channel, start)
            buffered, start = [], line_no + 1
    if markers:
        if current is not None:
            yield _draft(_text(current), forwarded, channel, start)
    else:
        yield from _split_blocks(buffered, channel, start)


def _split_blocks(lines: list[str], channel: str | None, start: int) -> Iterator[Draft]:
    block: list[str] = []
    block_start = start
    blanks = 0
    for offset, line in enumerate(lines):
        if not line.strip():
            blanks += 1
            block.append(line)
            continue
        if blanks >= 2 and _text(block):
            yield _draft(_text(block), None, channel, block_start)
            block = []
            block_start = start + offset
        elif blanks >= 2:
            block = []
            block_start = start + offset
        blanks = 0
        block.append(line)
    text = _text(block)
    if text:
        yield _draft(text, None, channel, block_start)


def _text(lines: list[str]) -> str:
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    return "\n".join(lines[first:]).rstrip()


def _draft(text: str, forwarded: str | None, channel: str | None, line: int) -> Draft:
    return Draft(
        where=f"line {line}",
        message_id=None,
        channel=channel,
        date=None,
        text=text,
        forwarded_from=forwarded,
        hashtags=find_hashtags(text),
    )
