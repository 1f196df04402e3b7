"""The `people` extractor: names of people nobody gave a title, found by the words around them.

"talks with Mohamed Salem Ould Merzoug", "remarks by Nikolai Ignatyev", "Mr Hosseini Khamenei", and the
speaker of a quote at the start of a line ("💬 Selma Ashipala-Musavyi:"). The words that introduce a name
are data (kg/data/name_context.tsv); what a name looks like is kg/extract/person_names.py.
"""

from __future__ import annotations

import re
from itertools import chain

from kg.extract import Context, Findings, register
from kg.extract.person_names import NAME_PATTERN, context_words, plausible_name
from kg.extract.textutil import finditer_at, line_starts
from kg.ids import slugify
from kg.model import Mention, Post

CONFIDENCE = 0.6


@register("people")
def people_extractor(context: Context):
    introducers = sorted(context_words().get("introduces", ()), key=len, reverse=True)
    introduced = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, introducers)) + r")\.?\s+"
                            r"(?P<name>" + NAME_PATTERN + r")")
    speaker = re.compile(r"(?m)^[^\w\n]{0,4}(?P<name>" + NAME_PATTERN + r")\s*:")
    introducer_cues = context.cues.words(introducers)

    def extract(post: Post, findings: Findings, _ctx: Context) -> None:
        text = post.text
        # each pattern is tried only where it can match: after an introducer, at the start of a line
        for match in chain(introducer_cues.finditer(introduced, text), finditer_at(speaker, text, line_starts(text))):
            start, end = match.span("name")
            name = text[start:end]
            if any(m.start < end and start < m.end for m in findings.mentions) or not plausible_name(name):
                continue
            findings.mentions.append(Mention(start, end, name, "Person", f"person/{slugify(name)}", "people",
                                             CONFIDENCE, name))

    return extract
