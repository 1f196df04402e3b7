"""Write kg/data/first_names.tsv: the first names pymorphy3's dictionary knows (OpenCorpora's `Name` grammeme),
in Cyrillic and in Latin letters the way the Russian MFA writes them (kg/data/translit.tsv), then the first names of
other languages from gender-guesser's name dictionary (in Latin letters only) — and kg/data/english_words.tsv, the
English words no such name may be followed by as its surname.

    .venv/bin/pip install -e '.[data]'                   # gender-guesser; Debian's wamerican gives the word list
    .venv/bin/python scripts/make_first_names.py          # ~1 minute: it walks the whole dictionary

The extractors take a capitalised word from this list, followed by a surname, for a person's name ("Vissarion
Belinsky", "Karen Malayan", "Kenneth Loynes"); the gazetteer's people add their own first names at run time. Names
that are ordinary words too (Вера, Роза, Слава, Мир; English "Rose", "Will") are left out: they name no one by
themselves. Of gender-guesser's names (Jörg Michael's list of ~45,000 names with how common each is in each of 54
countries) those common at least in one country (class 5 of its 13) are taken. After any first name the surname
must be no common English word: "Elizabeth City", "Abraham Accords", "Lada Aura" name no one. The words are those
Debian's wamerican lists in lower case only (not "trump", "brown", which it lists as proper nouns too). Run this
again only when pymorphy3's dictionary, gender-guesser, the word list or the transliteration table changes.
"""

from __future__ import annotations

import re
import sys
from importlib import resources
from pathlib import Path

from pymorphy3 import MorphAnalyzer

from kg.extract.resources import rows
from kg.ids import transliterate

DATA = Path(__file__).resolve().parents[1] / "kg" / "data"
OUT = DATA / "first_names.tsv"
ENGLISH_WORDS_OUT = DATA / "english_words.tsv"
WORD_LIST = Path("/usr/share/dict/american-english")  # Debian's wamerican
COMMON_CLASS = 5  # gender-guesser's frequency class (1–13) a name reaches in one country at least
NAME_COLUMNS = slice(3, 29)  # nam_dict.txt: the gender code, then the name, then one column per country
FREQUENCY_COLUMNS = slice(30, 85)
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
    found = [(name, latin) for name in sorted(names) if len(name) >= SHORTEST
             for latin in _spellings(transliterate(name, table))]
    lower_case, common = _english_words()
    known = {form for row in found for form in row}
    found += [("", name) for name in sorted(_other_first_names(lower_case) - known)]
    OUT.write_text("\n".join(["ru\ten"] + [f"{ru}\t{en}" for ru, en in found]) + "\n", encoding="utf-8")
    ENGLISH_WORDS_OUT.write_text("\n".join(["word", *sorted(common)]) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(found)} first names; {ENGLISH_WORDS_OUT}: {len(common)} words")


def _english_words() -> tuple[set[str], set[str]]:
    """The words the word list writes in lower case; and of those, the ones of three letters or more that it does
    not also list capitalised (as a name or a place: "Brown", "Trump")."""
    if not WORD_LIST.exists():
        sys.exit(f"{WORD_LIST} is missing: install Debian's word list (apt install wamerican)")
    words = [word for word in WORD_LIST.read_text(encoding="utf-8").split("\n") if word]
    proper = {word.lower() for word in words if word[0].isupper()}
    lower_case = {word for word in words if word[0].islower()}
    return lower_case, {word for word in lower_case
                        if word.isascii() and word.isalpha() and len(word) >= SHORTEST and word not in proper}


def _other_first_names(lower_case: set[str]) -> set[str]:
    """gender-guesser's names of one plain word in Latin letters, common in one country at least, that are no
    English word ("Will", "Rose", "Young")."""
    names = set()
    path = resources.files("gender_guesser") / "data" / "nam_dict.txt"
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith("#") or len(line) <= FREQUENCY_COLUMNS.start:
            continue
        name = line[NAME_COLUMNS].strip()
        classes = [int(c, 16) for c in line[FREQUENCY_COLUMNS] if c in "0123456789ABCDEF"]
        if max(classes, default=0) >= COMMON_CLASS and re.fullmatch(r"[A-Z][a-z]{2,}", name) \
                and name.lower() not in lower_case:
            names.add(name)
    return names


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
