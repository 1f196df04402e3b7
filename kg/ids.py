"""Stable, readable identifiers: the same input gives the same ids in every run and every sink."""

import csv
import hashlib
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Final

_NON_SLUG: Final = re.compile(r"[^a-z0-9]+")
_TRANSLIT: Final[list[tuple[str, str]]] = []  # kg/data/translit.tsv, read on first use


@lru_cache(maxsize=65536)  # the same names and titles come back post after post
def slugify(text: str) -> str:
    """ASCII slug of a name; names with no Latin letters get a short content hash so they stay stable."""
    if text.isascii():  # as most names are: decomposing changes nothing
        ascii_text = text.lower()
    else:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) >= 2:
        return slug[:80]
    return _hashed(text)


def name_slug(name: str) -> str:
    """The slug of a channel's (or a file's) name: a name with no Latin letters has its Cyrillic ones transliterated
    as people's names are (МИД России → mid-rossii), not hashed; the hash stays for the names that cannot be."""
    slug = slugify(name)
    if slug != _hashed(name):
        return slug
    transliterated = transliterate(name, transliteration_table())
    readable = slugify(transliterated)
    return slug if readable == _hashed(transliterated) else readable


def _hashed(text: str) -> str:
    return "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def transliteration_table() -> list[tuple[str, str]]:
    """(Cyrillic, Latin) pairs of kg/data/translit.tsv, digraphs first (ий → y before и → i)."""
    if not _TRANSLIT:
        with (resources.files("kg") / "data" / "translit.tsv").open(encoding="utf-8") as handle:
            pairs = [(row["cyrillic"], row["latin"] or "") for row in csv.DictReader(handle, delimiter="\t")]
        _TRANSLIT.extend(sorted(pairs, key=lambda pair: -len(pair[0])))
    return _TRANSLIT


def transliterate(text: str, table: list[tuple[str, str]]) -> str:
    """A Russian name in Latin letters, the way the Russian MFA writes them (Чернецкий → Chernetsky), by a table of
    (Cyrillic, Latin) with its digraphs first (`transliteration_table`)."""
    out, i, lower = [], 0, text.lower()
    while i < len(text):
        for cyrillic, latin in table:
            if lower.startswith(cyrillic, i) and (len(cyrillic) == 1 or _at_word_end(lower, i + len(cyrillic))
                                                  or cyrillic.startswith("ь")):
                out.append(latin.capitalize() if text[i].isupper() else latin)
                i += len(cyrillic)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _at_word_end(text: str, position: int) -> bool:
    return position >= len(text) or not text[position].isalpha()


def post_id(channel: str | None, message_id: str | None, ordinal: int, source_name: str) -> str:
    """`<channel>/<message id>`, or `<channel>/n<ordinal>` where the source has no ids."""
    return post_id_in(post_id_prefix(channel, source_name), message_id, ordinal)


def post_id_prefix(channel: str | None, source_name: str) -> str:
    """What a post id starts with: the channel's slug, else the source file's (kg.sources asks once per channel)."""
    return name_slug(channel) if channel else name_slug(source_name)


def post_id_in(prefix: str, message_id: str | None, ordinal: int) -> str:
    """The id of a post under `prefix` (from `post_id_prefix`)."""
    return f"{prefix}/{message_id}" if message_id is not None else f"{prefix}/n{ordinal}"
