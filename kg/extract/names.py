"""The `gazetteer` extractor: finds every gazetteer name in a post in one Aho-Corasick pass.

Rules that keep precision: matches must sit on word boundaries; all-caps names match only in their exact
case ("who" is not WHO); the capitalised words of a name must be capitalised in the text ("armed forces" is
a description, "Armed Forces" a name); a name nested in a longer one counts only where the guidelines say
it does (the organisation's parent or country, or after "of": "Armed Forces of Ukraine"); a place or
organisation inside the proper name of an event or a document ("St Petersburg International Economic
Forum", "UN Charter") is not a mention of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from kg.extract import Context, Findings, register
from kg.extract.russian import case_forms
from kg.extract.textutil import fold, is_acronym
from kg.gazetteer import Entry, Gazetteer
from kg.model import Mention, Post

CONFIDENCE = {"exact": 0.95, "folded": 0.9}

_CAP = r"(?:[A-Z][\w'’.&-]*|of|and|the|for|on|in|de|&|\d+(?:st|nd|rd|th)?)"
EVENT_NAME_AFTER = re.compile(
    rf"(?:[-–‑][A-Z][\w]*)?(?:\s+{_CAP}){{0,6}}?\s+(?:Summit|Forum|Conference|Games|Festival|Congress|Expo|"
    rf"Olympics|Week|Marathon|Format|Dialogue|Process|Initiative|Charter|Treaty|Declaration|Convention|"
    rf"Agreements?|Accords?|Statute)s?\b"
)
DOCUMENT_HEADS = re.compile(r"(Charter|Treaty|Declaration|Convention|Agreements?|Accords?|Statute)s?\b\S*$")


@dataclass(frozen=True)
class Pattern:
    entry_id: str
    exact: str | None  # the exact-case form for acronyms
    capital_words: tuple[int, ...]  # words that must be capitalised in the text: "Armed Forces", not "armed forces"


class NameMatcher:
    """An automaton over every alias and Russian case form of every gazetteer entry."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        patterns: dict[str, list[Pattern]] = {}
        for entry in gazetteer.entries.values():
            for name, pattern in self._patterns(entry):
                bucket = patterns.setdefault(name, [])
                if pattern not in bucket:
                    bucket.append(pattern)
        self.automaton = ahocorasick.Automaton()
        for key, bucket in patterns.items():
            self.automaton.add_word(key, (len(key), tuple(bucket)))
        self.automaton.make_automaton()

    @staticmethod
    def _patterns(entry: Entry):
        for name in (entry.label, *entry.aliases_en):
            yield from _name_patterns(entry.id, name, (name,))
        for name in entry.aliases_ru:
            forms = (name,) if is_acronym(name) else case_forms(name, entry.type == "Person")
            yield from _name_patterns(entry.id, name, forms)

    def find(self, text: str) -> list[Mention]:
        """All matches, overlaps resolved: longest first, nested ones kept only where they count."""
        folded = fold(text)
        size = len(text)
        candidates = []
        for end_index, (length, bucket) in self.automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            # on word boundaries only (inlined: most hits are names inside longer words)
            if start > 0 and ((before := text[start - 1]).isalnum() or before == "_"):
                continue
            if end < size and ((after := text[end]).isalnum() or after == "_"):
                continue
            surface = text[start:end]
            for pattern in bucket:
                if pattern.exact is not None and surface != pattern.exact:
                    continue
                if pattern.capital_words and not _capitalised(surface, pattern.capital_words):
                    continue
                entry = self.gazetteer[pattern.entry_id]
                candidates.append(
                    Mention(start, end, surface, entry.type, entry.id, "gazetteer",
                            CONFIDENCE["exact" if surface in entry.names else "folded"], entry.label, entry.kind)
                )
                break
        return [m for m in self._select(text, candidates) if not self._inside_event_name(text, m)]

    def _select(self, text: str, candidates: list[Mention]) -> list[Mention]:
        chosen: list[Mention] = []
        for mention in sorted(candidates, key=lambda m: -(m.end - m.start)):
            outer = next((c for c in chosen if c.start <= mention.start and mention.end <= c.end), None)
            if outer is None:
                if not any(c.start < mention.end and mention.start < c.end for c in chosen):
                    chosen.append(mention)
            elif self._nested_counts(text, outer, mention):
                chosen.append(mention)
        return sorted(chosen, key=lambda m: (m.start, m.end))

    def _nested_counts(self, text: str, outer: Mention, inner: Mention) -> bool:
        """A name inside an organisation's name counts if it is its parent or country, or follows "of"."""
        if outer.type != "Organisation" or inner.key == outer.key:
            return False
        attributes = self.gazetteer[outer.key].attributes
        if inner.key in (attributes.get("parent"), attributes.get("country")):
            return True  # "UN Security Council" names the UN, "Russia's Foreign Ministry" names Russia
        return bool(re.search(r"\bof(?: the)?\s+$", text[outer.start:inner.start]))

    @staticmethod
    def _inside_event_name(text: str, mention: Mention) -> bool:
        if mention.start > 0 and text[mention.start - 1] == "#":
            return False
        following = EVENT_NAME_AFTER.match(text, mention.end)
        if not following:
            return False
        if mention.type == "Location":
            return True
        return mention.type == "Organisation" and bool(DOCUMENT_HEADS.search(following.group(0)))


def _name_patterns(entry_id: str, name: str, forms):
    acronym = is_acronym(name)
    capital_words = tuple(i for i, word in enumerate(name.split()) if word[:1].isupper())
    for form in forms:
        key = fold(form)
        if acronym:
            yield key, Pattern(entry_id, form, ())
        else:
            yield key, Pattern(entry_id, None, capital_words)


def _capitalised(surface: str, capital_words: tuple[int, ...]) -> bool:
    words = surface.split()
    return all(i < len(words) and words[i][:1].isupper() for i in capital_words)


@register("gazetteer")
def gazetteer_extractor(context: Context):
    matcher = NameMatcher(context.gazetteer)

    def extract(post: Post, findings: Findings, _context: Context) -> None:
        findings.mentions.extend(matcher.find(post.text))

    return extract
