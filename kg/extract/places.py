"""The `places` extractor: settlements the gazetteer does not know, named by the word beside them.

"Bessonovka village", "Volchiy-Perviy hamlet", "the village of Tavrovo" — frontline and local news names
places no gazetteer lists. The words (village, hamlet, town of…) are data: kg/data/settlement_words.tsv.
Russian posts get the same from natasha's NER.
"""

from __future__ import annotations

import csv
import re
from importlib import resources

from kg.extract import Context, Findings, register
from kg.extract.person_names import plausible_name
from kg.ids import slugify
from kg.model import Mention, Post

_NAME = r"(?P<name>[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)*(?:\s+[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)*)?)"
CONFIDENCE = 0.7
ADJECTIVE = re.compile(r"(?:ian|ese|ish|ean|eli|ic)$")  # "Ukrainian settlement", "Israeli-Palestinian settlement"


def _patterns() -> list[re.Pattern]:
    before, after = [], []
    with (resources.files("kg") / "data" / "settlement_words.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            (before if row["name_side"] == "before" else after).append(re.escape(row["word"]))
    return [re.compile(_NAME + r"\s+(?:" + "|".join(before) + r")\b"),
            re.compile(r"\b(?:" + "|".join(after) + r")\s+" + _NAME + r"\b")]


@register("places")
def places_extractor(_context: Context):
    patterns = _patterns()

    def extract(post: Post, findings: Findings, _ctx: Context) -> None:
        for pattern in patterns:
            for match in pattern.finditer(post.text):
                start, end = match.span("name")
                name = match.group("name")
                if any(m.start < end and start < m.end for m in findings.mentions):
                    continue
                if (" " in name and not plausible_name(name)) or any(ADJECTIVE.search(w) for w in re.split(r"[\s-]", name)):
                    continue
                findings.mentions.append(Mention(start, end, name, "Location", f"place/{slugify(name)}", "places",
                                                 CONFIDENCE, name, "city"))

    return extract
