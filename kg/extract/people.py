"""The `people` extractor: names of people nobody gave a title, found by the words around them.

"talks with Mohamed Salem Ould Merzoug", "remarks by Nikolai Ignatyev", "Mr Hosseini Khamenei", the speaker
of a quote at the start of a line ("💬 Selma Ashipala-Musavyi:"); a known first name and a surname ("the passing of
Viktor Khomenko": kg/data/first_names.tsv and the gazetteer's people); a Russian name written in full with its
patronymic, which says it is a person wherever it stands ("Arkady Nesonelievich Gorbunov", labelled Arkady
Gorbunov as such names are); a surname after initials ("R.Golubovskiy", "A. B. Surname"; one initial and a space
only for a person the gazetteer knows by that initial and surname, as a sentence may end in a letter: "C. Already").
The words that introduce a name are data (kg/data/name_context.tsv); what a name looks like is
kg/extract/person_names.py.
"""

from __future__ import annotations

import re
from itertools import chain
from typing import Final

from kg.extract import Context, Findings, register
from kg.extract.person_names import NAME_BEFORE_COLON, NAME_PATTERN, NameShape, spaced_initials, without_possessive
from kg.extract.textutil import finditer_at, has_cyrillic
from kg.gazetteer import Entry, Gazetteer
from kg.ids import slugify, transliterate
from kg.model import Mention, Post

CONFIDENCE: Final = 0.6
SPEAKER_LEAD: Final = r"[^\w\n]{0,4}"  # "💬 " before the speaker's name
# the lines `speaker` may match at, found by one scan in C instead of trying it at every line start
SPEAKER_START: Final = re.compile(SPEAKER_LEAD + NAME_BEFORE_COLON)
SPEAKER_LINE: Final = re.compile(r"\n(?=" + SPEAKER_START.pattern + ")")
PATRONYMIC_ENDINGS: Final = ("ovich", "evich", "vna", "ichna")  # Viktorovich, Sergeyevna, Ilyinichna (not Sinyavich)
INITIALLED_NAME: Final = re.compile(r"(?<![\w.])(?P<initials>(?:[A-Z]\.\s?){1,2})"
                                    r"(?P<surname>[A-Z][a-z'’]{2,}(?:-[A-Z][a-z'’]+)?)(?![\w-])")
NOT_INITIALS: Final = frozenset({"U.S.", "U.K.", "H.E.", "U.N.", "E.U."})  # "U.S. Department", "H.E. Yuriy Ambrazevich"
# a known first name ("Vissarion", "Karen"), more of them or a particle, and one surname that ends the run of
# capitalised words ("Robert Burns Birthplace Museum" is no one's name)
_SURNAME: Final = r"(?>[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?)"  # (atomic, and {2,}+ below: see NAME_WORD)
FIRST_NAMED: Final = re.compile(rf"(?<![\w'’-])(?P<names>[A-Z][a-z]{{2,}}+(?:[ \t]+[A-Z][a-z]{{2,}}+){{0,2}})[ \t]+"
                                rf"(?:[A-Z]\.[ \t]*)?"  # a middle initial: "Marat I. Pavlov", "Marat I.Pavlov"
                                rf"(?:(?P<particle>bin|ibn|al|Al|Ould|de|da|van|von|el)[ \t]+)?(?P<surname>{_SURNAME})"
                                rf"(?![\w'’-])(?![ \t]+[A-Z])")
FULL_RUSSIAN_NAME: Final = re.compile(r"(?<![\w-])(?P<first>[A-Z][a-z]+)\s+[A-Z][a-z]+"
                                      r"(?:[oe]vich|[oe]vna|inichna|ichna)\s+"
                                      r"(?P<surname>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)(?![\w-])")


def _full_russian_name_starts(text: str, endings: list[int]) -> list[int]:
    """Where FULL_RUSSIAN_NAME may match, given where PATRONYMIC_ENDINGS occur (any case): two words back from each
    ending — the capital that opens the run of small letters before the white space before the patronymic, whose
    own run of small letters leads to the ending (the pattern's look-behind would have it tried at every
    character)."""
    starts = []
    for ending in endings:
        start = _capital_before(text, ending)  # the patronymic's
        space = start
        while space > 0 and text[space - 1].isspace():  # str.isspace is exactly what \s matches
            space -= 1
        if start > 0 and space < start:
            first = _capital_before(text, space)
            if first < space:
                starts.append(first)
    return sorted(set(starts))


def _capital_before(text: str, end: int) -> int:
    """The start of `[A-Z][a-z]*` ending at `end`; `end` where there is none."""
    start = end
    while start > 0 and "a" <= text[start - 1] <= "z":
        start -= 1
    return start - 1 if start > 0 and "A" <= text[start - 1] <= "Z" else end


def _initial_starts(text: str) -> list[int]:
    """Where INITIALLED_NAME may match: at a capital letter before a full stop (found by `str.find` in C; the
    pattern's look-behind would have it tried at every character)."""
    starts = []
    dot = text.find(".", 1)
    while dot != -1:
        if "A" <= text[dot - 1] <= "Z":
            starts.append(dot - 1)
        dot = text.find(".", dot + 1)
    return starts


def _speaker_lines(text: str) -> list[int]:
    """The line starts where `speaker` may match: those that open as SPEAKER_START says. A speaker's name ends in a
    colon, so the scan stops at the last one (most posts have none, or one early on: a quarter of the text)."""
    colon = text.rfind(":") + 1
    lines = [match.end() for match in SPEAKER_LINE.finditer(text, 0, colon)]
    return [0, *lines] if SPEAKER_START.match(text, 0, colon) else lines


@register("people", requires=("first_names",), assigns=("mentions.Person",))
def people_extractor(context: Context):
    introducers = sorted(context.resources.name_context.get("introduces", ()), key=len, reverse=True)
    plausible_name = NameShape(context.resources).plausible
    first_names = context.resources.first_names
    english_words = context.resources.english_words
    translit = context.resources.translit
    introducer = r"(?:" + "|".join(map(re.escape, introducers)) + r")\.?\s+"
    # one introducer may follow another, and is no word of the name: "talks with Dr George Chaponda"
    introduced = re.compile(r"(?<!\w)" + introducer + rf"(?:{introducer})?(?P<name>" + NAME_PATTERN + r")")
    speaker = re.compile(r"(?m)^" + SPEAKER_LEAD + r"(?P<name>" + NAME_PATTERN + r")\s*:")
    introducer_cues = context.cues.words(introducers, inside_words=False)
    patronymic_cues = context.cues.words(PATRONYMIC_ENDINGS)  # where FULL_RUSSIAN_NAME may match, found in the cue scan
    by_initial_and_surname = _people_by_initial_and_surname(context.gazetteer)

    def extract(post: Post, findings: Findings, _ctx: Context) -> None:
        text = post.text
        # each pattern is tried only where it can match: after an introducer, at a line SPEAKER_START opens
        speakers = finditer_at(speaker, text, _speaker_lines(text))
        for match in chain(introducer_cues.finditer(introduced, text), speakers):
            start, end = match.span("name")
            name = text[start:end]
            if findings.taken(start, end) or not plausible_name(name):
                continue
            label = name
            if has_cyrillic(name):
                if name.split()[0] not in first_names:
                    continue  # "Оценка Пачума: 8/10" (a rating) is no speaker: a Russian name opens with a first name
                label = transliterate(name, translit)  # in Latin letters, as every label is
            findings.mentions.append(Mention(start, end, name, "Person", f"person/{slugify(label)}", "people",
                                             CONFIDENCE, label))
        found_to = 0
        for first in sorted(findings.first_names):  # where the gazetteer's pass found a first name
            if first < found_to:
                continue
            named = FIRST_NAMED.match(text, first)
            if named is None or any(name not in first_names for name in named["names"].split()[1:]):
                continue  # "Nasser Bourita", "Mohamed Ali Nafti": first names, then the surname
            surname = named["surname"]
            if surname.endswith(PATRONYMIC_ENDINGS):
                continue  # "Maria Vladimirovna": how one addresses her, not her name
            last_name = without_possessive(surname)
            if last_name.lower() in english_words:
                continue  # "Elizabeth City", "Abraham Accords", "Lada Aura": a common word is no surname
            found_to = named.end()
            start, end = named.start(), named.end("surname") - len(surname) + len(last_name)
            name = text[start:end]
            if findings.taken(start, end) or not plausible_name(name):
                continue
            label = spaced_initials(name)
            findings.mentions.append(Mention(start, end, name, "Person", f"person/{slugify(label)}", "people",
                                             CONFIDENCE, label))
        endings = patronymic_cues.starts(text)
        russian_names = (FULL_RUSSIAN_NAME.finditer(text) if endings is None
                         else finditer_at(FULL_RUSSIAN_NAME, text, _full_russian_name_starts(text, endings)))
        for match in russian_names:
            start, end = match.span()
            label = f"{match['first']} {match['surname']}"
            if findings.taken(start, end) or not plausible_name(label):
                continue
            findings.mentions.append(Mention(start, end, match.group(), "Person", f"person/{slugify(label)}",
                                             "people", CONFIDENCE, label))
        for match in finditer_at(INITIALLED_NAME, text, _initial_starts(text)):
            start, end = match.span()
            initials, surname = match["initials"], match["surname"]
            if (initials.replace(" ", "") in NOT_INITIALS or not plausible_name(surname)
                    or findings.taken(start, end)):
                continue
            known = by_initial_and_surname.get((initials[0], surname))
            if known is None and initials.endswith(" ") and initials.count(".") == 1:
                continue  # "C. Already": a sentence may end in a letter; "R.Golubovskiy" and "A. B. Surname" may not
            label = known.label if known else f"{initials.replace(' ', '').replace('.', '. ').strip()} {surname}"
            key = known.id if known else f"person/{slugify(label)}"
            findings.mentions.append(Mention(start, end, match.group(), "Person", key, "people", CONFIDENCE, label))

    return extract


def _people_by_initial_and_surname(gazetteer: Gazetteer) -> dict[tuple[str, str], Entry]:
    """The gazetteer's people by (first initial, surname), for the names that are unique so."""
    found: dict[tuple[str, str], list[Entry]] = {}
    for entry in gazetteer.entries.values():
        if entry.type == "Person" and " " in entry.label:
            words = entry.label.split()
            found.setdefault((words[0][0], words[-1]), []).append(entry)
    return {key: entries[0] for key, entries in found.items() if len(entries) == 1}
