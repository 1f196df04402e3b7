"""What a person's name looks like in English text, shared by the extractors that find unknown people.

A name is two to four capitalised words (with particles such as bin, al, Ould); none of its words may be a
word of a title or an organisation's name ("Federal Councillor", "Information Department") or a word that
only addresses or introduces someone ("Dear Selma"). Those words come from kg/data/titles.tsv,
organisations.tsv (less the words of people's names in people.tsv) and name_context.tsv.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.wordlists import rows

_WORD = r"[A-ZА-ЯЁ][a-zà-ÿа-яё'’]+(?:-[A-ZА-ЯЁa-zа-яё][a-zà-ÿа-яё'’]+)*"
_PARTICLE = r"(?:de|da|van|von|bin|al|el|la|le|di|dos|der|Ould|ibn|Al)"
NAME_PATTERN = rf"{_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_WORD}){{1,3}}(?:\s+(?:II|III|IV|Jr\.?))?"
# what NAME_PATTERN followed by `\s*:` always matches too (words of name characters, each after the first a capital
# or a particle, then the colon), written to be checked without backtracking: a cheap test before the real match
_NAME_WORD_REST = r"[A-Za-zà-ÿА-ЯЁа-яё'’-]*+"
NAME_BEFORE_COLON = rf"[A-ZА-ЯЁ]{_NAME_WORD_REST}(?:\s++(?:[A-ZА-ЯЁ]|{_PARTICLE}){_NAME_WORD_REST})*+\.?\s*:"
WHITE_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def context_words() -> dict[str, set[str]]:
    roles: dict[str, set[str]] = {}
    for row in rows("name_context.tsv"):
        roles.setdefault(row["role"], set()).add(row["word"])
    return roles


def _capitalised_words(text: str) -> set[str]:
    return {w.lower() for w in re.split(r"[\s-]+", text) if w[:1].isupper()}


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Words of titles and of organisation names ("Department", "Relations"), never of a person's name."""
    words = set()
    for row in rows("titles.tsv"):
        if row["lang"] == "en":
            words |= _capitalised_words(row["pattern"])
    for row in rows("organisations.tsv"):
        words |= _capitalised_words(row["label"])
    for row in rows("people.tsv"):
        words -= _capitalised_words(row["label"])
    return frozenset(words)


@lru_cache(maxsize=1)
def _not_name_words() -> frozenset[str]:
    return frozenset(context_words().get("not_name", ()))


def plausible_name(name: str) -> bool:
    words = WHITE_SPACE.split(name)
    return _not_name_words().isdisjoint(words) and title_words().isdisjoint(map(str.lower, words))
