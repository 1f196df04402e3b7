"""The `hashtags` extractor: compound hashtags name every gazetteer thing written out whole inside them.

`#RussiaCSTO` → Russia + CSTO, `#KievRegimeCrimes` → Kiev; a part must start and end on a CamelCase
boundary, so `#Austrian` is not Austria. A tag that is a plain word (`#OnThisDay`) names nothing.
"""

from __future__ import annotations

import re
from typing import Final

from kg.extract import Context, Findings, register
from kg.extract.textutil import fold, is_acronym
from kg.model import Mention, Post

HASHTAG: Final = re.compile(r"#(\w+)")


def camel_boundaries(word: str) -> set[int]:
    """Offsets where a CamelCase part may start or end: RussiaCSTO → {0, 6, 10}."""
    if word.isalpha() and (word[1:].islower() or word.isupper()):
        return {0, len(word)}  # one word (#Lavrov) or one acronym (#CSTO), as most tags are: nothing to cut
    return scanned_camel_boundaries(word)


def scanned_camel_boundaries(word: str) -> set[int]:
    """camel_boundaries, letter by letter."""
    cuts = {0, len(word)}
    for i in range(1, len(word)):
        prev, cur = word[i - 1], word[i]
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if (prev.islower() and cur.isupper()) or (prev.isalpha() != cur.isalpha()) or \
                (prev.isupper() and cur.isupper() and nxt.islower()) or cur == "_" or prev == "_":
            cuts.add(i)
    return cuts


@register("hashtags", assigns=("mentions.Person", "mentions.Organisation", "mentions.Location"))
def hashtags_extractor(context: Context):
    gazetteer = context.gazetteer
    names: dict[str, list[tuple[str, bool, str]]] = {}  # folded name (no spaces) → [(entry id, acronym, name)]
    for entry in gazetteer.entries.values():
        for name in (entry.label, *entry.aliases_en, *entry.aliases_ru):
            key = fold(re.sub(r"[\s'’.-]+", "", name))
            if len(key) >= 2:
                names.setdefault(key, []).append((entry.id, is_acronym(name), re.sub(r"[\s'’.-]+", "", name)))

    def lookup(part: str, key: str):
        """The entry a part of a tag names; `key` is fold(part)."""
        for entry_id, acronym, written in names.get(key, ()):
            if acronym and part != written:
                continue
            if not acronym and not part[0].isupper() and not part[0].isdigit():
                continue
            return gazetteer[entry_id]
        return None

    def extract(post: Post, findings: Findings, _context: Context) -> None:
        for match in HASHTAG.finditer(post.text):
            body, offset = match.group(1), match.start(1)
            folded = body.lower() if body.isascii() else None  # ASCII folds letter by letter: slice it once folded
            cuts = sorted(camel_boundaries(body))
            covered = 0
            for i, start in enumerate(cuts):
                if start < covered:
                    continue
                # longest part first: #UnionState is Union State, not a union
                for end in reversed(cuts[i + 1:]):
                    part = body[start:end]
                    entry = lookup(part, fold(part) if folded is None else folded[start:end])
                    if entry is None:
                        continue
                    whole = start == 0 and end == len(body)
                    span_start = offset - 1 if whole else offset + start
                    findings.mentions.append(
                        Mention(span_start, offset + end, post.text[span_start:offset + end], entry.type, entry.id,
                                "hashtags", 0.9, entry.label, entry.kind)
                    )
                    covered = end
                    break
    return extract
