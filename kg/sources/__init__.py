"""Readers: every supported input format → `Post`s (and `Skip`s for messages that cannot be posts).

    read_posts(path, fmt=None, options=ReaderOptions()) -> Iterator[Post | Skip]

yields, in input order, a `Post` per post and a `Skip` per message left out for a reason the user
should hear about. Skips whose reason starts with "service message" are channel events of Telegram
exports (channel created, title changed…), not errors: count them apart. Without `fmt`,
`detect_format(path)` names the format from the file's content (kg/sources/detect.py).

Each format is a `sniff` and a `read` in its module (tabular.py holds three: CSV, JSON and JSONL; what
they take and give: kg/sources/registry.py), registered below with one line; `FORMATS` is the names
registered, read afresh on each access. A new format — ours or a third party's — is one more
`register_reader(name, sniff, read)`, with `before=` another format where detection must ask it first.

Problems with the file as a whole raise `InputError` with one sentence naming the file: empty, not
UTF-8 (naming the encoding it looks like), unknown format, no text column… When the file breaks part
way (truncated JSON, an invalid byte), the posts before the break are yielded first and the error
says how many; it also carries that count as `error.posts_read`.

Numbering is done here, once, for every format: ordinals count the posts of one input from 0 (skips
do not count); post ids come from `kg.ids`; a post whose input names no channel gets the file's
name as its channel (`--channel` names it); a post whose id was already given out in this
input is skipped as a duplicate; text that cannot be written as UTF-8 (lone surrogates from JSON
escapes) is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.errors import InputError
from kg.ids import post_id_in, post_id_prefix
from kg.model import Post, Skip
from kg.sources import tabular, telegram_json, text_dump, tme_html
from kg.sources._common import SERVICE_PREFIX, ReaderOptions, SeenIds, tme_url, undecodable_field
from kg.sources._io import BrokenInput, reading_progress
from kg.sources.detect import detect_format
from kg.sources.registry import MAYBE, formats, reader, register_reader

__all__ = ["FORMATS", "MAYBE", "ReaderOptions", "detect_format", "read_posts", "reading_progress", "register_reader",
           "SERVICE_PREFIX", "tme_url"]

# Listed (by --format, in messages) in this order; detection asks them in it too, but for `before`:
# jsonl, telegram-json, json, tme-html, csv, text-dump.
register_reader("telegram-json", telegram_json.sniff, telegram_json.read)
register_reader("tme-html", tme_html.sniff, tme_html.read)
register_reader("text-dump", text_dump.sniff, text_dump.read)
# a header naming a text column is CSV, even with "Forwarded from" lines in its cells
register_reader("csv", tabular.sniff_csv, tabular.read_csv, before="text-dump")
# JSON that quotes HTML or t.me markup in a string is still JSON
register_reader("json", tabular.sniff_json, tabular.read_json, before="tme-html")
# a first line that is a whole object is JSONL, even where its fields look like a Telegram export's
register_reader("jsonl", tabular.sniff_jsonl, tabular.read_jsonl, before="telegram-json")


def __getattr__(name: str) -> tuple[str, ...]:
    if name == "FORMATS":  # not a constant: a format registered after import is in it
        return formats()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_posts(path: Path, fmt: str | None = None, options: ReaderOptions = ReaderOptions()) -> Iterator[Post | Skip]:
    """Posts and skips of one input file, streamed; see the module docstring.

    Nothing happens until the first item is asked for: every problem, even an unknown `fmt`,
    surfaces as `InputError` from the iteration.
    """
    return _read(Path(path), fmt, options)


def _read(path: Path, fmt: str | None, options: ReaderOptions) -> Iterator[Post | Skip]:
    chosen = reader(detect_format(path) if fmt is None else fmt)
    if chosen is None:
        raise InputError(path, f"unknown format {fmt!r}; the accepted formats are {', '.join(formats())}")
    if fmt is not None:
        try:
            empty = path.is_file() and path.stat().st_size == 0
        except OSError:
            empty = False  # the reader's open says what is wrong
        if empty:
            raise InputError(path, "file is empty")
    source = str(path)
    stem = path.stem
    seen = SeenIds()
    prefixes: dict[str | None, str] = {}
    ordinal = 0
    drafts = chosen.read(path, options)
    try:
        for item in drafts:
            if isinstance(item, Skip):
                yield item
                continue
            bad = undecodable_field(item)
            if bad is not None:
                yield Skip(source, item.where, f"undecodable characters in the {bad.replace('_', ' ')} (broken UTF-16 escapes)")
                continue
            channel = options.channel or item.channel or stem  # a scrape that names no channel: its file does
            prefix = prefixes.get(channel)
            if prefix is None:  # one slug a channel
                prefix = prefixes[channel] = post_id_prefix(channel, stem)
            pid = post_id_in(prefix, item.message_id, ordinal)
            if not seen.add(prefix, item.message_id, ordinal):
                yield Skip(source, item.where, f"duplicate: post id {pid} was already read from this file")
                continue
            yield Post(
                post_id=pid,
                message_id=item.message_id,
                ordinal=ordinal,
                channel=channel,
                date=item.date,
                text=item.text,
                author=item.author,
                forwarded_from=item.forwarded_from,
                hashtags=item.hashtags,
                links=item.links,
                has_media=item.has_media,
                views=item.views,
                url=item.url,
                source=source,
            )
            ordinal += 1
    except BrokenInput as e:
        raise _partial(path, e.problem, ordinal) from None
    except InputError as e:
        if not hasattr(e, "posts_read"):
            e.posts_read = ordinal  # type: ignore[attr-defined]
        raise
    except MemoryError:
        raise
    except OSError as e:
        raise _partial(path, f"could not be read: {e.strerror or e}", ordinal) from None
    except RecursionError:
        raise _partial(path, "could not be read: the data is nested too deeply", ordinal) from None
    except Exception as e:  # noqa: BLE001 - the promise is: only InputError leaves a reader
        raise _partial(
            path,
            f"could not be read: unexpected {type(e).__name__}: {str(e)[:200]} (this is a bug in omkg; please report it)",
            ordinal,
        ) from e
    finally:
        drafts.close()


def _partial(path: Path, problem: str, posts_read: int) -> InputError:
    if posts_read == 1:
        problem = f"{problem}; 1 post was read before it"
    elif posts_read:
        problem = f"{problem}; {posts_read} posts were read before it"
    else:
        problem = f"{problem}; no posts were read before it"
    error = InputError(path, problem)
    error.posts_read = posts_read  # type: ignore[attr-defined]
    return error
