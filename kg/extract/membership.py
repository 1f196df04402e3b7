"""The `membership` extractor: "The Organisation comprises six member states: Russia, Armenia, …".

The member list is the run of country mentions after "member states:"; the organisation is the nearest one
named before it in the sentence, or the post's most-mentioned organisation when the text says "the
Organisation".
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

from kg.extract import Context, Findings, RelationFinding, register
from kg.extract.textutil import sentence_bounds
from kg.model import Mention, Post

MEMBER_LIST: Final = re.compile(
    r"(?<!\w)(?:comprises|consists of|includes|unites|brings together|its members are"
    r"|members? (?:states|countries) (?:are|include))"
    r"[^.:;]{0,40}?(?:member states|member countries|members|countries|states)?\s*:"
    r"|(?<!\w)(?:входят|объединяет|членами (?:являются|организации являются))[^.:;]{0,40}?:?",
    re.IGNORECASE,
)
# every MEMBER_LIST match starts with one of these: the pattern is tried only where one does
MEMBER_LIST_HEADS: Final = ("comprises", "consists of", "includes", "unites", "brings together", "its members are",
                            "member", "входят", "объединяет", "членами")
LIST_GLUE: Final = re.compile(r"^[\s,;]*(?:and|и)?[\s,;]*$")
CONFIDENCE: Final = 0.8


@register("membership", requires=("mentions.Organisation", "mentions.Location"), assigns=("relations",))
def membership_extractor(context: Context):
    heads = context.cues.words(MEMBER_LIST_HEADS, inside_words=False)

    def extract(post: Post, findings: Findings, _ctx: Context) -> None:
        text = post.text
        if not heads.occur_in(text):
            return
        mentions = sorted(findings.mentions, key=lambda m: m.start)
        for match in heads.finditer(MEMBER_LIST, text):
            start, _ = sentence_bounds(text, match.start())
            orgs = [m for m in mentions if m.type == "Organisation" and start <= m.start < match.start()]
            if orgs:
                named = orgs[-1]
            else:
                counts = Counter(m.key for m in mentions if m.type == "Organisation")
                if not counts:
                    continue
                most = counts.most_common(1)[0][0]
                named = next(m for m in mentions if m.key == most)  # its first mention stands for "the Organisation"
            for member in _listed_countries(text, mentions, match.end()):
                findings.relations.append(RelationFinding(
                    member.key, "memberOf", named.key, "membership", CONFIDENCE,
                    evidence=((member.start, member.end), (named.start, named.end))))

    return extract


def _listed_countries(text: str, mentions: list[Mention], position: int) -> list[Mention]:
    """Country mentions that follow one another joined only by commas, "and" or spaces: the first of each country."""
    members: dict[str, Mention] = {}
    cursor = position
    for mention in (m for m in mentions if m.start >= position):
        if mention.kind != "country" or not LIST_GLUE.match(text[cursor:mention.start]):
            break  # flags are country mentions too: "Russia 🇷🇺, Armenia 🇦🇲" is one list
        members.setdefault(mention.key, mention)
        cursor = mention.end
    return list(members.values())
