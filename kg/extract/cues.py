"""Where the words the extractors' patterns start with occur in a post: one Aho-Corasick pass finds them all.

CPython's `re` tries a pattern that opens with a look-behind, an alternation or re.IGNORECASE at every character
of the text (docs/benchmarks.md has what that costs). Most of the extractors' patterns can only match
where one of a few known words starts (a title, a month name, an event trigger), so each extractor registers those
words here when it is built; per post, one pass over the lower-cased text finds where any of them starts, and each
pattern is tried only there — with exactly the matches `finditer` and `search` would give.
"""

from __future__ import annotations

import re
from bisect import bisect_left

import ahocorasick_rs

from kg.extract.textutil import finditer_at, has_cyrillic, ignorecase_twins


class Cues:
    """The cue words of every extractor of a build, and where they start in the post being extracted."""

    def __init__(self) -> None:
        self._groups: dict[str, set[int]] = {}  # lower-cased word → the groups it cues
        self._group_count = 0
        # built when first used (all words registered), one automaton per script: the Cyrillic one runs only on texts
        # that have a Cyrillic letter; per word of each, its groups (none: a twin)
        self._automata: list[tuple[ahocorasick_rs.AhoCorasick, list[tuple[int, ...]]]] | None = None
        self._text: str | None = None  # the last text scanned, and what was found in it
        self._starts: list[list[int]] | None = None
        self._lowered: tuple[str, str] | None = None  # the last text lower-cased, and its lower-cased form

    def words(self, words) -> CueWords:
        """Register words every match of some pattern starts with (as written; case does not matter)."""
        group = self._group_count
        self._group_count += 1
        for word in words:
            lowered = word.lower()
            if not lowered or any(c.lower() != c for c in lowered):
                raise ValueError(f"cue word {word!r}: empty, or a letter that does not lower-case to itself")
            self._groups.setdefault(lowered, set()).add(group)
        self._automata, self._text = None, None  # built anew, and the last text scanned again, with these too
        return CueWords(self, group)

    def starts(self, text: str, group: int) -> list[int] | None:
        """Sorted offsets where a word of the group starts; None when the lower-cased text cannot tell."""
        if text is not self._text:
            self._text, self._starts = text, self._scan(text)
        return None if self._starts is None else self._starts[group]

    def lower(self, text: str) -> str:
        """`text.lower()`, worked out once for the scan here and the gazetteer's (the automata then also share its
        UTF-8 form, which CPython keeps with the string)."""
        if self._lowered is None or self._lowered[0] is not text:
            self._lowered = text, text.lower()
        return self._lowered[1]

    def _scan(self, text: str) -> list[list[int]] | None:
        """None for texts where a word can match without being in text.lower() at the same offset: a letter
        lower-cases to two characters (İ), or re.IGNORECASE equates it with a letter str.lower() does not (ſ, ı)."""
        lowered = self.lower(text)
        if len(lowered) != len(text):
            return None
        if self._automata is None:
            self._automata = self._build()
        found: list[list[int]] = [[] for _ in range(self._group_count)]
        latin, cyrillic = self._automata
        for automaton, word_groups in (latin, cyrillic) if has_cyrillic(lowered) else (latin,):
            for word, start, _ in automaton.find_matches_as_indexes(lowered, overlapping=True):
                if not word_groups[word]:
                    return None
                for group in word_groups[word]:
                    found[group].append(start)
        return [sorted(set(starts)) if len(starts) > 1 else starts for starts in found]

    def _build(self) -> list[tuple[ahocorasick_rs.AhoCorasick, list[tuple[int, ...]]]]:
        words = {word: tuple(sorted(groups)) for word, groups in self._groups.items()}
        for twin in ignorecase_twins(frozenset("".join(self._groups))):
            if len(twin.lower()) == 1:  # (longer ones change the length of text.lower())
                words[twin.lower()] = ()  # found: the text gets the plain scans
        automata = []
        for cyrillic in (False, True):
            script = [word for word in words if has_cyrillic(word) == cyrillic] or ["\x00"]
            # a DFA: the fastest scan of these words (docs/benchmarks.md; pyahocorasick's iter is several times slower)
            automaton = ahocorasick_rs.AhoCorasick(script, implementation=ahocorasick_rs.Implementation.DFA)
            automata.append((automaton, [words.get(word, ()) for word in script]))  # "\x00": none, plain scans
        return automata


class CueWords:
    """One extractor's cue words: `finditer` and `search` for a pattern every match of which starts with one."""

    def __init__(self, cues: Cues, group: int):
        self._cues, self._group = cues, group

    def starts(self, text: str) -> list[int] | None:
        """Ascending offsets where a word may start (every one where it does); None when the text needs the plain
        scans."""
        return self._cues.starts(text, self._group)

    def occur_in(self, text: str) -> bool:
        """False only where none of the words occurs (so the pattern cannot match)."""
        return self._cues.starts(text, self._group) != []

    def finditer(self, pattern: re.Pattern, text: str) -> list[re.Match]:
        """`list(pattern.finditer(text))`, trying the pattern only where a word starts."""
        starts = self._cues.starts(text, self._group)
        return list(pattern.finditer(text)) if starts is None else finditer_at(pattern, text, starts)

    def search(self, pattern: re.Pattern, text: str, pos: int, endpos: int) -> re.Match | None:
        """`pattern.search(text, pos, endpos)`, trying the pattern only where a word starts."""
        starts = self._cues.starts(text, self._group)
        if starts is None:
            return pattern.search(text, pos, endpos)
        for start in starts[bisect_left(starts, pos):]:
            if start >= endpos:
                break
            if match := pattern.match(text, start, endpos):
                return match
        return None
