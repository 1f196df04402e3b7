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
from typing import NamedTuple

import ahocorasick_rs

from kg.extract import Context, Findings, register
from kg.extract.russian import case_forms
from kg.extract.textutil import fold, is_acronym
from kg.gazetteer import Entry, Gazetteer
from kg.model import Mention, Post

CONFIDENCE = {"exact": 0.95, "folded": 0.9}

_CAP = r"(?:[A-Z][\w'’.&-]*|of|and|the|for|on|in|de|&|\d+(?:st|nd|rd|th)?)"
EVENT_HEADS = ("Summit", "Forum", "Conference", "Games", "Festival", "Congress", "Expo", "Olympics", "Week", "Marathon",
               "Format", "Dialogue", "Process", "Initiative", "Charter", "Treaty", "Declaration", "Convention",
               "Agreements?", "Accords?", "Statute")
EVENT_NAME_AFTER = re.compile(rf"(?:[-–‑][A-Z][\w]*)?(?:\s+{_CAP}){{0,6}}?\s+(?:{'|'.join(EVENT_HEADS)})s?\b")
DOCUMENT_HEADS = re.compile(r"(Charter|Treaty|Declaration|Convention|Agreements?|Accords?|Statute)s?\b\S*$")
OF_BEFORE = re.compile(r"\bof(?: the)?\s+$")


@dataclass(frozen=True)
class Pattern:
    entry_id: str
    exact: str | None  # the exact-case form for acronyms
    capital_words: tuple[int, ...]  # words that must be capitalised in the text: "Armed Forces", not "armed forces"


class Rule(NamedTuple):
    """A pattern made ready for the hot loop of `find`: everything a hit needs is worked out once per build."""

    exact: str | None  # the exact-case form for acronyms
    capital_offsets: tuple[int, ...]  # where the words that must be capitalised start, counted from the match's start
    names: frozenset[str]  # the entry's names as written: a hit spelled so is an exact match, others folded
    entry: Entry


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
        names = {entry.id: frozenset(entry.names) for entry in gazetteer.entries.values()}
        # the head words are found in the same pass: EVENT_NAME_AFTER is tried only before the last of them
        heads = tuple(fold(head.removesuffix("s?")) for head in EVENT_HEADS)
        keys = tuple(dict.fromkeys((*patterns, *heads)))
        self.hit_rules = [(tuple(rule for pattern in patterns.get(key, ())
                                 if (rule := _rule(key, pattern, names, gazetteer)) is not None), key in heads)
                          for key in keys]
        self.automaton = ahocorasick_rs.AhoCorasick(keys, implementation=ahocorasick_rs.Implementation.ContiguousNFA)

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
        last_head = -1  # where the last capitalised event or document head word ("Summit", "Treaty") starts
        hit_rules = self.hit_rules
        for key_index, start, end in self.automaton.find_matches_as_indexes(folded, overlapping=True):
            # on word boundaries only (inlined: most hits are names inside longer words)
            if start > 0 and ((before := text[start - 1]).isalnum() or before == "_"):
                continue
            rules, event_head = hit_rules[key_index]
            if event_head and text[start].isupper():
                last_head = max(last_head, start)  # before the test of the word's end: "Summits" is a head too
            if end < size and ((after := text[end]).isalnum() or after == "_"):
                continue
            surface = text[start:end]
            for exact, capital_offsets, names, entry in rules:
                if exact is not None and surface != exact:
                    continue
                if capital_offsets and not _capitalised(text, start, capital_offsets):
                    continue
                candidates.append(
                    Mention(start, end, surface, entry.type, entry.id, "gazetteer",
                            CONFIDENCE["exact" if surface in names else "folded"], entry.label, entry.kind)
                )
                break
        return [m for m in self._select(text, candidates)
                if last_head <= m.end or not _inside_event_name(text, m)]  # an event's name ends in a head word

    def _select(self, text: str, candidates: list[Mention]) -> list[Mention]:
        """Longest first: a candidate inside a chosen one (the first that holds it) is kept if the nesting counts,
        one overlapping a chosen one without being inside any is dropped."""
        chosen: list[Mention] = []
        covered = bytearray(len(text))  # 1 where a chosen mention lies: most candidates touch none, a C-level test
        for mention in sorted(candidates, key=_longest_first):
            start, end = mention.start, mention.end
            if covered.find(1, start, end) >= 0:
                outer = _first_holding(chosen, start, end)
                if outer is None or not self._nested_counts(text, outer, mention):
                    continue
            chosen.append(mention)
            covered[start:end] = b"\x01" * (end - start)
        chosen.sort(key=_position)
        return chosen

    def _nested_counts(self, text: str, outer: Mention, inner: Mention) -> bool:
        """A name inside an organisation's name counts if it is its parent or country, or follows "of"."""
        if outer.type != "Organisation" or inner.key == outer.key:
            return False
        attributes = self.gazetteer[outer.key].attributes
        if inner.key in (attributes.get("parent"), attributes.get("country")):
            return True  # "UN Security Council" names the UN, "Russia's Foreign Ministry" names Russia
        return bool(OF_BEFORE.search(text[outer.start:inner.start]))


def _inside_event_name(text: str, mention: Mention) -> bool:
    if mention.type != "Location" and mention.type != "Organisation":
        return False  # people stay mentions even inside an event's name
    if mention.start > 0 and text[mention.start - 1] == "#":
        return False
    following = EVENT_NAME_AFTER.match(text, mention.end)
    if not following:
        return False
    return mention.type == "Location" or bool(DOCUMENT_HEADS.search(following.group(0)))


def _name_patterns(entry_id: str, name: str, forms):
    acronym = is_acronym(name)
    capital_words = tuple(i for i, word in enumerate(name.split()) if word[:1].isupper())
    for form in forms:
        key = fold(form)
        if acronym:
            yield key, Pattern(entry_id, form, ())
        else:
            yield key, Pattern(entry_id, None, capital_words)


def _rule(key: str, pattern: Pattern, names: dict[str, frozenset[str]], gazetteer: Gazetteer) -> Rule | None:
    """The pattern ready for matching; None if it can never match (a capitalised word the key does not have).

    Folding keeps every character at its offset and never turns a space into a letter or back, so a hit's words
    start where the key's words start.
    """
    word_starts = [match.start() for match in re.finditer(r"\S+", key)]
    if any(i >= len(word_starts) for i in pattern.capital_words):
        return None
    offsets = tuple(word_starts[i] for i in pattern.capital_words)
    return Rule(pattern.exact, offsets, names[pattern.entry_id], gazetteer[pattern.entry_id])


def _capitalised(text: str, start: int, offsets: tuple[int, ...]) -> bool:
    for offset in offsets:
        if not text[start + offset].isupper():
            return False
    return True


def _first_holding(chosen: list[Mention], start: int, end: int) -> Mention | None:
    for other in chosen:
        if other.start <= start and end <= other.end:
            return other
    return None


def _longest_first(mention: Mention) -> int:
    return mention.start - mention.end


def _position(mention: Mention) -> tuple[int, int]:
    return mention.start, mention.end


@register("gazetteer")
def gazetteer_extractor(context: Context):
    matcher = NameMatcher(context.gazetteer)

    def extract(post: Post, findings: Findings, _context: Context) -> None:
        findings.mentions.extend(matcher.find(post.text))

    return extract
