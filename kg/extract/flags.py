"""The `flags` extractor: a flag emoji is a mention of its country (🇧🇾 → Belarus)."""

import re
from typing import Final

from kg.extract import Context, Findings, register
from kg.model import Mention, Post

FLAG: Final = re.compile("[\U0001F1E6-\U0001F1FF]{2}")
REGIONAL_A: Final = 0x1F1E6


def flag_code(flag: str) -> str:
    """🇧🇾 → "BY": each regional-indicator symbol stands for one letter."""
    return "".join(chr(ord(ch) - REGIONAL_A + ord("A")) for ch in flag)


@register("flags", assigns=("mentions.Location", "mentions.Organisation"))
def flags_extractor(context: Context):
    gazetteer = context.gazetteer
    flag_cues = context.cues.words(map(chr, range(REGIONAL_A, REGIONAL_A + 26)))  # FLAG is tried only at these

    def extract(post: Post, findings: Findings, _context: Context) -> None:
        for match in flag_cues.finditer(FLAG, post.text):
            entry = gazetteer.get(gazetteer.by_iso2.get(flag_code(match.group())))
            if entry is not None:
                findings.mentions.append(
                    Mention(match.start(), match.end(), match.group(), entry.type, entry.id, "flags", 0.98,
                            entry.label, entry.kind)
                )

    return extract
