"""Write kg/data/first_names.tsv: the first names pymorphy3's dictionary knows (OpenCorpora's `Name` grammeme),
in Cyrillic and in Latin letters the way the Russian MFA writes them (kg/data/translit.tsv).

    .venv/bin/python scripts/make_first_names.py          # ~1 minute: it walks the whole dictionary

The extractors take a capitalised word from this list, followed by a surname, for a person's name ("Vissarion
Belinsky", "Karen Malayan"); the gazetteer's people add their own first names at run time. Names that are ordinary
words too (Вера, Роза, Слава, Мир) are left out: they name no one by themselves. Run this again only when
pymorphy3's dictionary or the transliteration table changes.
"""

from __future__ import annotations

import re
from pathlib import Path

from pymorphy3 import MorphAnalyzer

from kg.extract.resources import rows
from kg.ids import transliterate

OUT = Path(__file__).resolve().parents[1] / "kg" / "data" / "first_names.tsv"
SHORTEST = 3  # letters: "Ян", "Ли" are as often other words
WORD_CLASSES = ("NOUN", "ADJF", "ADJS", "VERB", "INFN", "ADVB", "PRTF", "GRND", "PREP", "CONJ", "PRCL", "NPRO", "NUMR")


def main() -> None:
    table = sorted(((row["cyrillic"], row["latin"] or "") for row in rows("translit.tsv")), key=lambda p: -len(p[0]))
    morph = MorphAnalyzer()
    names = set()
    for parse in morph.iter_known_word_parses():
        tag = parse.tag
        if "Name" in tag and tag.case == "nomn" and tag.number == "sing" and "-" not in parse.normal_form:
            names.add(parse.normal_form)
    names = {name.capitalize() for name in names if not _common_word(morph, name)}
    lines = ["ru\ten"] + [f"{name}\t{latin}" for name in sorted(names) if len(name) >= SHORTEST
                          for latin in _spellings(transliterate(name, table))]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(lines) - 1} first names")


def _spellings(latin: str) -> list[str]:
    """The MFA's spelling first, then the other common ones of English texts: Sergey → Sergei, Nikolay → Nikolai,
    Dmitry → Dmitri, Aleksey → Alexey, Evgeny → Yevgeny (and their combinations)."""
    spellings = [latin]
    for rewrite in (_ending_i, _x_for_ks, _ye_for_e):
        spellings += [other for spelling in spellings if (other := rewrite(spelling)) not in spellings]
    return spellings


def _ending_i(latin: str) -> str:
    if latin.endswith(("ey", "ay")):
        return latin[:-1] + "i"
    return latin[:-1] + "i" if latin.endswith("y") and latin[-2:-1] not in "aeiouy" else latin


def _x_for_ks(latin: str) -> str:
    return re.sub("ks(?!h)", "x", latin)  # кс, not к before ш: Aleksey → Alexey, Agakshi stays


def _ye_for_e(latin: str) -> str:
    return "Ye" + latin[1:] if latin.startswith("E") else latin


def _common_word(morph: MorphAnalyzer, name: str) -> bool:
    """Вера (faith), Роза, Слава, Мир: names that are ordinary words too name no one by themselves. A name that is
    only another case of a word (Варвара, "of a barbarian"; Анита) is kept: a first name is written in the
    nominative far more often than that case of that word is capitalised."""
    return any(parse.tag.POS in WORD_CLASSES and not {"Name", "Surn", "Patr"} & parse.tag.grammemes
               and parse.tag.case in (None, "nomn") for parse in morph.parse(name))


if __name__ == "__main__":
    main()
