"""What a person's name looks like in English text, shared by the extractors that find unknown people.

A name is two to four capitalised words (with particles such as bin, al, Ould); none of its words may be a
word of a title or an organisation's name ("Federal Councillor", "Information Department") or a word that
only addresses or introduces someone ("Dear Selma"). Those words come from kg/data/titles.tsv, the gazetteer's
organisations (less the words of its people's names) and name_context.tsv.
"""

from __future__ import annotations

import re
from typing import Final

from kg.extract.resources import Resources

# a capitalised word, also with a capital inside ("DiNanno", "McFaul") or hyphenated ("Ashipala-Musavyi"); an atomic
# group: every pattern goes on after a name's word with white space, a colon or its end, which no shorter reading of
# the word is followed by, so the engine need not try those when what follows fails ("Sergey Lavrov said")
NAME_WORD: Final = r"(?>[A-ZА-ЯЁ][a-zà-ÿа-яё'’]+(?:[A-ZА-ЯЁ][a-zà-ÿа-яё'’]+)?(?:-[A-ZА-ЯЁa-zа-яё][a-zà-ÿа-яё'’]+)*)"
_PARTICLE: Final = r"(?:de|da|van|von|bin|al|el|la|le|di|dos|der|Ould|ibn|Al)"
# white space within a line: a name does not go on past a line break ("… Alexander Polyakov \n \n On 27 January")
NAME_GAP: Final = r"[^\S\n]+"
# what joins two words of a name: white space, or a middle initial with the space after it or not ("George T.
# Chaponda", "Monday Semaya K. Kumba", "Marat I.Pavlov")
WORD_JOINT: Final = rf"(?:{NAME_GAP}[A-Z]\.[^\S\n]*|{NAME_GAP})"
INITIAL_JOINED: Final = re.compile(r"(?<=\b[A-Z])\.(?=[A-Z])")


def name_words(particle: str) -> str:
    """Two to four NAME_WORDs on one line, a middle initial or one of the particles (a pattern) before each after the
    first: the one shape of a name, which the titles extractor asks for with particles of its own."""
    return rf"{NAME_WORD}(?:{WORD_JOINT}(?:{particle}{NAME_GAP})?{NAME_WORD}){{1,3}}"


NAME_PATTERN: Final = name_words(_PARTICLE) + rf"(?:{NAME_GAP}(?:II|III|IV|Jr\.?))?"
# what NAME_PATTERN followed by `\s*:` always matches too (words of name characters, each after the first — after white
# space or a full stop — a capital or a particle and maybe ending in a full stop, then the colon), written to be
# checked without backtracking: a cheap test before the real match
_NAME_WORD_REST: Final = r"[A-Za-zà-ÿА-ЯЁа-яё'’-]*+"
NAME_BEFORE_COLON: Final = (rf"[A-ZА-ЯЁ]{_NAME_WORD_REST}(?:(?:\s++|(?<=\.))(?:[A-ZА-ЯЁ]|{_PARTICLE})"
                             rf"{_NAME_WORD_REST}\.?+)*+\.?\s*:")


def spaced_initials(name: str) -> str:
    """"Marat I.Pavlov" → "Marat I. Pavlov": a middle initial written onto the surname, as the name is labelled."""
    return INITIAL_JOINED.sub(". ", name) if "." in name else name


def without_possessive(name: str) -> str:
    """"Burns's" → "Burns", "Roman Ambarov’" → "Roman Ambarov": the name without what English writing hangs on it."""
    for ending in ("'s", "’s", "'", "’"):
        if name.endswith(ending):
            return name[:-len(ending)]
    return name


class NameShape:
    """Whether words can be a person's name, by the word lists and gazetteer of the build (kg/extract/resources.py)."""

    def __init__(self, resources: Resources) -> None:
        self.title_words = resources.title_words
        self.not_name_words = resources.not_name_words
        self.english_words = resources.english_words
        self.never_names = resources.never_names

    def plausible(self, name: str) -> bool:
        words = name.split()  # on runs of white space, as `\s+` (the same characters), without a regex's cost
        return self.not_name_words.isdisjoint(words) and self.title_words.isdisjoint(map(str.lower, words))
