"""Where the words the extractors' patterns start with occur in a post: one Aho-Corasick pass finds them all.

CPython's `re` tries a pattern that opens with a look-behind, an alternation or re.IGNORECASE at every character
of the text (docs/benchmarks.md has what that costs). Most of the extractors' patterns can only match
where one of a few known words starts (a title, a month name, an event trigger), so each extractor registers those
words here when it is built; per post, one pass over the lower-cased text (its word starts marked: see
word_starts_marked) finds where any of them starts, and each pattern is tried only there — with exactly the matches
`finditer` and `search` would give.

The gazetteer's names go into the same pass as keys (`Cues.keys`): an extractor that wants every hit of its keys
where a word starts, with its end, gets them from it. One automaton over a post instead of two: the scan is bound by
fetching the automaton's states into the CPU's caches, and two automata took turns evicting each other
(docs/benchmarks.md).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Final, Generic, NamedTuple, TypeVar, cast

import ahocorasick_rs

from kg.extract.textutil import CYRILLIC_LEADS, fold, finditer_at, has_cyrillic, ignorecase_twins, unbroken

P = TypeVar("P")
Hit = tuple[int, int, int]  # (the automaton's word, start, end)


class _Pass(NamedTuple):
    """One automaton (one script's words), and per word of it: the cue words it finds, each with its groups (none:
    a twin, for which the text needs the plain scans) and whether folding changed it (ё), and per keys' owner that
    word's payload (None: not a key)."""

    automaton: ahocorasick_rs.AhoCorasick
    cue_words: list[tuple[tuple[str, tuple[int, ...], bool], ...]]
    cue_count: int  # the cue words come first: a word from here on is a key only
    payloads: list[list[object]]


class Cues:
    """The cue words of every extractor of a build, and where they start in the post being extracted; and the keys
    whose every hit some extractor wants."""

    def __init__(self) -> None:
        self._groups: dict[str, set[int]] = {}  # lower-cased word → the groups it cues
        self._group_count = 0
        self._at_word_starts: set[int] = set()  # the groups wanted only where a word starts
        self._keys: list[dict[str, object]] = []  # per owner: folded key → its payload
        # built when first used (all words registered), one pass per script: the Cyrillic one runs only on texts that
        # have a Cyrillic letter
        self._passes: list[_Pass] | None = None
        self._text: str | None = None  # the last text scanned, and what was found in it
        self._starts: list[list[int]] | None = None
        self._hits: list[tuple[list[Hit], _Pass]] = []
        self._scanned = ""  # the form of the last text the passes ran over
        # the last text, and lowered_utf8 of it (the lower-cased text decoded where asked for)
        self._lowered: tuple[str, tuple[str | None, bytes | None]] | None = None

    def words(self, words, inside_words: bool = True) -> CueWords:
        """Register words every match of some pattern starts with (as written; case does not matter). `inside_words`
        False: the patterns match only where no letter or digit stands before them (they open with `(?<!\\w)`), so
        the words are not looked for after an ASCII letter (see word_starts_marked): "mp" in "important"."""
        group = self._group_count
        self._group_count += 1
        if not inside_words:
            self._at_word_starts.add(group)
        for word in words:
            lowered = word.lower()
            if not lowered or any(c.lower() != c for c in lowered):
                raise ValueError(f"cue word {word!r}: empty, or a letter that does not lower-case to itself")
            self._groups.setdefault(lowered, set()).add(group)
        self._changed()
        return CueWords(self, group)

    def keys(self, payloads: dict[str, P]) -> CueKeys[P]:
        """Register keys — folded as `fold` folds (lower case, ё as е) — every hit of which, with its end, is wanted,
        each with a payload that comes back with its hits; but not where a key that starts with an ASCII letter follows
        one (inside a word: see word_starts_marked)."""
        if any(not key or fold(key) != key for key in payloads):
            raise ValueError("keys must be non-empty and folded (lower case, ё as е)")
        self._keys.append(dict(payloads))
        self._changed()
        return CueKeys(self, len(self._keys) - 1)

    def _changed(self) -> None:
        self._passes, self._text = None, None  # built anew, and the last text scanned again, with these too

    def starts(self, text: str, group: int) -> list[int] | None:
        """Sorted offsets where a word of the group starts; None when the lower-cased text cannot tell."""
        if text is not self._text:
            self._scan(text)
        return None if self._starts is None else self._starts[group]

    def hits(self, text: str) -> list[tuple[list[Hit], _Pass]]:
        """The hits of each pass run over the text, with the pass."""
        if text is not self._text:
            self._scan(text)
        return self._hits

    def scanned(self, text: str) -> str:
        """The form of the text the passes ran over: `fold(text)` with its word starts marked (word_starts_marked). Its
        characters outside ASCII are those of `fold(text)`, and CPython keeps its UTF-8 form, made by the pass, with
        it: byte searches in it cost no encoding."""
        if text is not self._text:
            self._scan(text)
        return self._scanned

    def lower(self, text: str) -> str:
        """`text.lower()`, worked out once a text (decoded from lowered_utf8's bytes where it made those)."""
        lowered, encoded = self._lower(text)
        if lowered is None:  # (made from the UTF-8: decoded once, now)
            lowered = cast(bytes, encoded).decode()
            self._lowered = text, (lowered, encoded)
        return lowered

    def _lower(self, text: str) -> tuple[str | None, bytes | None]:
        if self._lowered is None or self._lowered[0] is not text:
            self._lowered = text, lowered_utf8(text)
        return self._lowered[1]

    def _scan(self, text: str) -> None:
        """The passes over `fold(text)`. A cue word found there is where it is in text.lower() unless folding moved
        it (ё), which is checked; the starts are None for texts where a word can match without being in text.lower()
        at the same offset: a letter lower-cases to two characters (İ), or re.IGNORECASE equates it with a letter
        str.lower() does not (ſ, ı)."""
        if self._passes is None:
            self._passes = self._build()
        lowered_bytes = self._lower(text)[1]
        lowered: str | None = None  # the text lower-cased, where the scan needs it here (else `lower` decodes it)
        if lowered_bytes is not None and unbroken(text) is text:
            # only ASCII letters lower-cased, no ё and no no-break space to fold: the bytes are fold(text)'s, marked
            # as word_starts_marked does without encoding the text again (nor decoding the lower-cased text)
            plain, exact = False, True
            marked = lowered_bytes.title().decode()
        else:
            lowered = self.lower(text)
            plain = len(lowered) != len(text)
            folded = fold_lowered(text, lowered)
            exact = folded is lowered
            marked = word_starts_marked(folded)
        self._scanned = marked
        found: list[list[int]] = [[] for _ in range(self._group_count)]
        self._hits = []
        latin, cyrillic = self._passes
        for scan in (latin, cyrillic):
            if scan is cyrillic and not has_cyrillic(marked):  # (of the encoding the Latin pass made and CPython kept)
                break
            # typed, so that compiled code unpacks each hit as a tuple of ints: as an untyped value each unpacking went
            # through Python's iterator protocol, ≈ 6 % of the extraction's instructions (scripts/bench_instructions.py)
            hits: list[Hit] = scan.automaton.find_matches_as_indexes(marked, overlapping=True)
            self._hits.append((hits, scan))
            cue_words, cue_count = scan.cue_words, scan.cue_count
            for word, start, _ in hits:
                if word >= cue_count:
                    continue  # a key's hit (most are): its entry of cue_words, far off in memory, is not fetched
                for cue_word, groups, folded_apart in cue_words[word]:
                    if (folded_apart or not exact) and not (lowered or self.lower(text)).startswith(cue_word, start):
                        continue
                    if not groups:
                        plain = True
                    for group in groups:
                        found[group].append(start)
        self._text = text
        self._starts = None if plain else [starts if len(starts) < 2 else _ascending(starts) for starts in found]

    def _build(self) -> list[_Pass]:
        cue_words: dict[str, list[tuple[str, tuple[int, ...], bool]]] = {}  # folded word → the cue words folded to it
        for word, groups in self._groups.items():
            cue_words.setdefault(fold(word), []).append((word, tuple(sorted(groups)), fold(word) != word))
        for twin in ignorecase_twins(frozenset("".join(self._groups))) if self._groups else ():
            if len(twin.lower()) == 1:  # (longer ones change the length of text.lower())
                lowered = twin.lower()  # found: the text gets the plain scans
                cue_words.setdefault(fold(lowered), []).append((lowered, (), fold(lowered) != lowered))
        # the automaton's words as word_starts_marked writes them in the text: a cue word both where it starts a word
        # and inside one (for the groups a pattern may start there for), a key at the start of a word only; each with
        # the cue words and the key it finds ("": none), the cue words first
        spellings: dict[str, tuple[tuple[tuple[str, tuple[int, ...], bool], ...], str]] = {}
        for word, entries in cue_words.items():
            at_start = word_starts_marked(word)
            spellings[at_start] = (tuple(entries), "")
            inside = tuple((cue, wanted, apart) for cue, groups, apart in entries
                           if (wanted := tuple(g for g in groups if g not in self._at_word_starts)) or not groups)
            if inside:
                spellings.setdefault(word[0] + at_start[1:], (inside, ""))
        for key in (key for owner in self._keys for key in owner):
            spelling = word_starts_marked(key)
            spellings[spelling] = (spellings[spelling][0] if spelling in spellings else (), key)
        passes = []
        for cyrillic in (False, True):
            script = [spelling for spelling in spellings if has_cyrillic(spelling) == cyrillic]
            meant = [spellings[spelling] for spelling in script]
            if not script:
                script, meant = ["\x00"], [((), "")]  # found nowhere
            # a contiguous NFA: with the gazetteer's keys, faster in the pipeline than a DFA many times its size
            automaton = ahocorasick_rs.AhoCorasick(script, implementation=ahocorasick_rs.Implementation.ContiguousNFA,
                                                   store_patterns=False)
            passes.append(_Pass(automaton, [entries for entries, _ in meant], sum(1 for entries, _ in meant if entries),
                                [[owner.get(key) if key else None for _, key in meant] for owner in self._keys]))
        return passes


def _ascending(starts: list[int]) -> list[int]:
    """The offsets in ascending order, each once: as the automaton found them, most often already."""
    for index in range(1, len(starts)):
        if starts[index] <= starts[index - 1]:
            return sorted(set(starts))
    return starts


def word_starts_marked(folded: str) -> str:
    """The folded text with each ASCII letter that no ASCII letter precedes in upper case ("the u.s.-china talks" →
    "The U.S.-China Talks"), at the same offsets. The automaton knows a key so written, so it finds the key only
    where a word starts (or after a digit, an underscore, a letter outside ASCII: the name matcher's boundary test
    decides those): in running text most hits of the names were inside longer words, and each cost a tuple to build,
    test and free; and the automaton's states for the names are fetched only at the starts of words. bytes.title()
    on the UTF-8 form does this at C speed: it changes ASCII letters only, and the bytes of other characters, all
    from 0x80 on, are no letters to it."""
    return folded.encode().title().decode()


ASCII_BYTES: Final = bytes(range(128))


def lowered_utf8(text: str) -> tuple[str | None, bytes | None]:
    """`text.lower()`, or where it was made from the UTF-8, that UTF-8 alone (None for the other). In a post in
    English the only characters outside ASCII are most often a few quotes, dashes and emoji that have no case, yet one
    emoji makes every character of the text four bytes wide and `str.lower` looks up each one in Unicode's tables (~50
    instructions a character); lower-casing the UTF-8 bytes changes the ASCII letters at C speed. So where every
    character outside ASCII lower-cases to itself (found by lower-casing those alone), that is the result (the scan
    reads it as bytes, decoded only where it needs the text); else, and where the text holds Cyrillic, `str.lower`."""
    if text.isascii():
        return text.lower(), None
    encoded = text.encode()
    others = encoded.translate(None, ASCII_BYTES)
    if any(lead in others for lead in CYRILLIC_LEADS):
        return text.lower(), None
    apart = others.decode()
    if apart.lower() != apart:
        return text.lower(), None
    return None, encoded.lower()


def fold_lowered(text: str, lowered: str) -> str:
    """`fold(text)` from `text.lower()`; `lowered` itself where folding changes nothing."""
    if len(lowered) != len(text):
        return fold(text)
    return unbroken(lowered.replace("ё", "е") if "ё" in lowered else lowered)


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


class CueKeys(Generic[P]):
    """One owner's keys: every hit of them in `fold(text)`."""

    def __init__(self, cues: Cues, owner: int):
        self._cues, self._owner = cues, owner

    def found(self, text: str) -> list[tuple[list[Hit], list[P | None]]]:
        """Per pass run over the text, in order: its hits (word, start, end; overlapping ones too, other owners' and
        cue words' among them; none inside a word, as `Cues.keys` says) and per word its payload here (None: not one
        of these keys)."""
        owner = self._owner
        return [(hits, cast("list[P | None]", scan.payloads[owner])) for hits, scan in self._cues.hits(text)]
