"""The `people` extractor: names of people nobody gave a title, found by the words around them.

"talks with Mohamed Salem Ould Merzoug", "remarks by Nikolai Ignatyev", "Mr Hosseini Khamenei", the speaker
of a quote at the start of a line ("💬 Selma Ashipala-Musavyi:"), and a Russian name written in full with its
patronymic, which says it is a person wherever it stands ("Arkady Nesonelievich Gorbunov", labelled Arkady
Gorbunov as such names are). The words that introduce a name are data (kg/data/name_context.tsv); what a name
looks like is kg/extract/person_names.py.
"""

from __future__ import annotations

import re
from itertools import chain

from kg.extract import Context, Findings, register
from kg.extract.person_names import NAME_BEFORE_COLON, NAME_PATTERN, context_words, plausible_name
from kg.extract.textutil import finditer_at
from kg.ids import slugify
from kg.model import Mention, Post

CONFIDENCE = 0.6
SPEAKER_LEAD = r"[^\w\n]{0,4}"  # "💬 " before the speaker's name
# the lines `speaker` may match at, found by one scan in C instead of trying it at every line start
SPEAKER_START = re.compile(SPEAKER_LEAD + NAME_BEFORE_COLON)
SPEAKER_LINE = re.compile(r"\n(?=" + SPEAKER_START.pattern + ")")
PATRONYMIC_ENDINGS = ("vich", "vna", "ichna")  # Viktorovich, Sergeyevna, Ilyinichna
FULL_RUSSIAN_NAME = re.compile(r"(?<![\w-])(?P<first>[A-Z][a-z]+)\s+[A-Z][a-z]+(?:[oe]vich|[oe]vna|inichna|ichna)\s+"
                               r"(?P<surname>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)(?![\w-])")


def _speaker_lines(text: str) -> list[int]:
    """The line starts where `speaker` may match: those that open as SPEAKER_START says."""
    lines = [match.end() for match in SPEAKER_LINE.finditer(text)]
    return [0, *lines] if SPEAKER_START.match(text) else lines


@register("people")
def people_extractor(context: Context):
    introducers = sorted(context_words().get("introduces", ()), key=len, reverse=True)
    introduced = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, introducers)) + r")\.?\s+"
                            r"(?P<name>" + NAME_PATTERN + r")")
    speaker = re.compile(r"(?m)^" + SPEAKER_LEAD + r"(?P<name>" + NAME_PATTERN + r")\s*:")
    introducer_cues = context.cues.words(introducers)

    def extract(post: Post, findings: Findings, _ctx: Context) -> None:
        text = post.text
        # each pattern is tried only where it can match: after an introducer, at a line SPEAKER_START opens
        speakers = finditer_at(speaker, text, _speaker_lines(text))
        for match in chain(introducer_cues.finditer(introduced, text), speakers):
            start, end = match.span("name")
            name = text[start:end]
            if any(m.start < end and start < m.end for m in findings.mentions) or not plausible_name(name):
                continue
            findings.mentions.append(Mention(start, end, name, "Person", f"person/{slugify(name)}", "people",
                                             CONFIDENCE, name))
        if any(ending in text for ending in PATRONYMIC_ENDINGS):
            for match in FULL_RUSSIAN_NAME.finditer(text):
                start, end = match.span()
                label = f"{match['first']} {match['surname']}"
                if any(m.start < end and start < m.end for m in findings.mentions) or not plausible_name(label):
                    continue
                findings.mentions.append(Mention(start, end, match.group(), "Person", f"person/{slugify(label)}",
                                                 "people", CONFIDENCE, label))

    return extract
