"""Which reader a file needs, judged from its content (the first 64 KB), never from its name.

First the sample is read: an empty file, NUL bytes or text that is not UTF-8/UTF-16/UTF-32 raise
`InputError` saying so (and naming the likely encoding). Then each registered reader's `sniff` is asked,
in detection order (`kg.sources.registry`); the first to say yes names the format, else the first to
say maybe. The built-in readers are asked in this order:

1. jsonl: the first line is a whole JSON object (and not a one-line document holding a list of posts);
2. telegram-json: a JSON object with a "messages" list of Telegram message fields, a chat type like
   "public_channel", or the account export's "chats": {"list": …};
3. json: any other JSON object or array;
4. tme-html: HTML with t.me widget markup (`tgme_…`); HTML without it is refused;
5. csv: a header row naming a text column under one of `, ; TAB |` (maybe: a one-column header naming a
   text column, or a header row of short field names whose next line has as many fields);
6. text-dump: "Forwarded from …" lines or a channel header ("7K subscribers"…).

Where no reader says yes or maybe, `InputError` names what the file looks like and the accepted formats.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError
from kg.sources._io import read_sample
from kg.sources.registry import MAYBE, detection_order, formats


def detect_format(path: Path) -> str:
    """The format name of `path` (one of FORMATS), from its content; InputError if it cannot tell."""
    path = Path(path)
    sample = read_sample(path)
    maybe = None
    for reader in detection_order():
        verdict = reader.sniff(sample, path)
        if verdict == MAYBE:
            maybe = maybe or reader.name
        elif verdict:
            return reader.name
    if maybe is not None:
        return maybe
    raise InputError(
        path,
        f"cannot tell the format (it looks like {_looks_like(sample.lstrip())}); the accepted formats are"
        f" {', '.join(formats())} — use --format to name one",
    )


def _looks_like(sample: str) -> str:
    if sample.startswith(("{", "[")):
        return "JSON"
    if sample.startswith("<"):
        return "markup"
    words = len(sample[:2000].split())
    if words > 20:
        return 'plain text without "Forwarded from" lines or a channel header; read it with --format text-dump'
    return "short text of no known layout"
