"""Small text helpers shared by extractors: matching folds case and ё without moving offsets."""

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Final

# a full stop that ends no sentence: an initial ("Vladimir V. Putin") or a title's abbreviation before a name ("Gen.
# Salva Kiir Mayardit", "Mr. Smith"). Not "Jr." or "г.", which often do end one.
NAME_ABBREVIATIONS: Final = ("Mr", "Ms", "Dr", "Lt", "St", "Mrs", "Gen", "Col", "Maj", "Adm", "Sgt", "Sen", "Gov",
                             "Rep", "Rev", "Hon", "Amb", "Prof", "Capt")
CAPITALS: Final = "A-ZА-ЯЁ"


def _not_after(words) -> str:
    """Negative look-behinds for "<word>." after a word boundary, one for each length (look-behinds are fixed-width)."""
    by_length: dict[int, list[str]] = {}
    for word in words:
        by_length.setdefault(len(word), []).append(word)
    return "".join(r"(?<!\b(?:" + "|".join(group) + r")\.)" for _, group in sorted(by_length.items()))


# no sentence ends inside a short quotation: a closing quote comes within QUOTE_REACH characters of the line, before any
# other quote ("the programme “Moscow. Kremlin. Putin”")
QUOTE_REACH: Final = 40
QUOTES_AND_LINE_BREAK: Final = "“”«»\n"
CLOSING_QUOTES: Final = "”»"
SENTENCE_END: Final = re.compile(r"(?<=[.!?…])(?<!\b[" + CAPITALS + r"]\.)" + _not_after(NAME_ABBREVIATIONS)
                                 + r"\s+(?=[" + CAPITALS + r"«\"“#🇦-🇿])"
                                 + f"(?![^{QUOTES_AND_LINE_BREAK}]{{0,{QUOTE_REACH}}}[{CLOSING_QUOTES}])"
                                 + r"|\n\s*\n")
POSSESSIVE_ENDINGS: Final = ("'s", "’s")  # "Russia's", "Russia’s"
# what may follow the bracket that closes a title line: "… (Moscow, October 5, 2025) #RussiaIndia" — a dateline, or a
# title's own date (`dates` and `events` both read titles so)
CLOSES_LINE: Final = re.compile(r"[ \t.,;:!]*(?:#\w+[ \t.,;:!]*)*(?:\n|$)")
SENTENCE_WINDOW: Final = 256  # characters scanned back for the start of a sentence, at first


def fold(text: str) -> str:
    """Lower-case, ё→е and a no-break space → a space ("Republic of\xa0Korea" is a name), keeping every character at
    its offset (so spans index the original text)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters (İ) lower-case to two characters
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return unbroken(lowered.replace("ё", "е"))


def unbroken(text: str) -> str:
    """The text with each no-break space (U+00A0, U+202F) as a space."""
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    if "\u202f" in text:
        text = text.replace("\u202f", " ")
    return text


def character_before(text: str, position: int) -> str:
    """The last character before `position` that is no space or tab ("" where there is none), found without copying the
    text before it."""
    before = position - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    return text[before] if before >= 0 else ""


def is_acronym(name: str) -> bool:
    """All-caps names (CSTO, UN GA, ООН) are matched with their exact case: "who" is not WHO."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def sentence_bounds(text: str, position: int, window: int = SENTENCE_WINDOW) -> tuple[int, int]:
    """The sentence (or paragraph) around a position: events take participants from it.

    Its start is where the last SENTENCE_END match of `finditer(text, 0, position)` ends. Every match is a run of
    white space, so none spans a character that is not: a scan restarted just after one finds the same matches
    from there on as the scan from the start of the text. So the text is scanned back from `position`, a window at
    a time (`window` characters at first), instead of from its start.
    """
    while True:
        restart = max(0, position - window)
        while restart > 0 and text[restart - 1].isspace():  # str.isspace is exactly what \s matches
            restart -= 1
        ends = [match.end() for match in SENTENCE_END.finditer(text, restart, position)]
        if ends or restart == 0:
            start = ends[-1] if ends else 0
            break
        window *= 4
    following = SENTENCE_END.search(text, position)
    return start, following.start() if following else len(text)


SENTENCE_MARKS: Final = ".!?…"
SENTENCE_MARKS_AND_LINE_BREAK: Final = (".", "!", "?", "…", "\n")
SENTENCE_OPENERS: Final = "«\"“#"  # besides capitals and flags, what SENTENCE_END lets open a sentence


class Sentences:
    """`sentence_bounds` and the breaks between sentences of one text, worked out where they are asked for.

    A break is one of SENTENCE_END's matches: a run of white space after a sentence mark before what opens a
    sentence, or the part of a run from its first line break to its last. Each run of white space holds at most one,
    so a break can be told from its run alone; the runs are reached from the marks and line breaks the text holds
    — instead of a regex tried at every character (~300,000 instructions for a post of 1,700 characters). Where the
    marks are is found once (`str.find` in C), and the run at each mark once: sought anew at each question, a mark the
    text holds only far off was sought across the text at every step (~18,000 instructions a question)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.quoted = any(quote in text for quote in CLOSING_QUOTES)
        self._marks: list[int] | None = None  # where the sentence marks and line breaks stand, in order
        self._runs: dict[int, tuple[int, tuple[int, int] | None]] = {}  # _break_at's answers

    def bounds(self, position: int) -> tuple[int, int]:
        """From the end of the last break that ends by the position (at a character that is no white space) to the
        start of the first break at or after it; the text's start and end where there is none."""
        marks = self._marks_found()
        start, cursor = 0, position
        for index in range(bisect_left(marks, position) - 1, -1, -1):
            candidate = marks[index]
            if candidate >= cursor:
                continue  # inside a run already seen
            run_start, found = self._break_at(candidate)
            if found is not None and found[1] <= position:
                start = found[1]
                break
            cursor = min(candidate, run_start)
        following = self.breaks(position, len(self.text), first_only=True)
        return start, following[0][0] if following else len(self.text)

    def breaks(self, start: int, end: int, first_only: bool = False) -> list[tuple[int, int]]:
        """The breaks that lie within [start, end): `SENTENCE_END.finditer(text, start, end)`'s spans (seen with all
        of the text around them)."""
        marks = self._marks_found()
        found: list[tuple[int, int]] = []
        cursor = max(0, start - 1)  # the mark before a break's run of white space
        for index in range(bisect_left(marks, cursor), len(marks)):
            candidate = marks[index]
            if candidate >= end:
                break
            if candidate < cursor:
                continue  # inside the run of a break found
            brk = self._break_at(candidate)[1]
            if brk is not None and brk[0] >= start and brk[1] <= end:
                found.append(brk)
                if first_only:
                    break
            cursor = max(candidate + 1, brk[1] if brk is not None else candidate + 1)
        return found

    def _marks_found(self) -> list[int]:
        if self._marks is None:
            self._marks = sorted([at for mark in SENTENCE_MARKS_AND_LINE_BREAK for at in occurrences(self.text, mark)])
        return self._marks

    def _break_at(self, index: int) -> tuple[int, tuple[int, int] | None]:
        """For a sentence mark or a line break at `index`: where the run of white space it starts or lies in starts,
        and the break that run holds (None if it holds none)."""
        if index not in self._runs:
            self._runs[index] = self._run_at(index)
        return self._runs[index]

    def _run_at(self, index: int) -> tuple[int, tuple[int, int] | None]:
        text, length = self.text, len(self.text)
        if text[index] == "\n":
            run_start = index
            while run_start > 0 and text[run_start - 1].isspace():
                run_start -= 1
        else:
            run_start = index + 1
        run_end = max(run_start, index)
        while run_end < length and text[run_end].isspace():
            run_end += 1
        if run_end == run_start:
            return run_start, None
        if run_start > 0 and text[run_start - 1] in SENTENCE_MARKS and run_end < length and _opens_sentence(
                text[run_end]) and not _abbreviation_before(text, run_start - 1) and not (
                self.quoted and _quotation_closes(text, run_end)):
            return run_start, (run_start, run_end)
        first, last = text.find("\n", run_start, run_end), text.rfind("\n", run_start, run_end)
        return run_start, ((first, last + 1) if first != -1 and last > first else None)


def _quotation_closes(text: str, start: int) -> bool:
    """A closing quote stands within QUOTE_REACH characters from `start`, before any other quote or line break."""
    for index in range(start, min(len(text), start + QUOTE_REACH + 1)):
        if text[index] in QUOTES_AND_LINE_BREAK:
            return text[index] in CLOSING_QUOTES
    return False


def _abbreviation_before(text: str, mark: int) -> bool:
    """The full stop at `mark` ends an initial or a NAME_ABBREVIATIONS word (SENTENCE_END's look-behinds)."""
    if text[mark] != ".":
        return False
    start = mark
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):  # what \w matches
        start -= 1
    word = text[start:mark]
    return (len(word) == 1 and _is_capital(word)) or word in NAME_ABBREVIATIONS


def _is_capital(character: str) -> bool:
    """What CAPITALS holds: [A-ZА-ЯЁ]."""
    return "A" <= character <= "Z" or "А" <= character <= "Я" or character == "Ё"


def _opens_sentence(character: str) -> bool:
    """What SENTENCE_END's look-ahead takes: [A-ZА-ЯЁ«"“#] or a regional indicator (a flag)."""
    return (_is_capital(character) or character in SENTENCE_OPENERS
            or "\U0001F1E6" <= character <= "\U0001F1FF")


CYRILLIC_LEADS: Final = (b"\xd0", b"\xd1", b"\xd2", b"\xd3")  # the UTF-8 lead bytes of U+0400–U+04FF


def has_cyrillic(text: str) -> bool:
    """Whether the text holds a character of the Cyrillic block, U+0400–U+04FF: exactly the characters whose UTF-8
    holds one of the bytes D0–D3. The automata have encoded the text already, and CPython keeps that encoding with
    the string, so this is a few byte searches in C, cheaper than a regex (docs/benchmarks.md)."""
    if text.isascii():
        return False
    encoded = text.encode()
    return any(lead in encoded for lead in CYRILLIC_LEADS)


def literal_alternation(words, ignorecase: bool = False, spaces: str | None = None) -> str:
    """A regex for "any of these words", written as a trie: the engine follows one path instead of trying every word.

    It matches exactly what `"|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))` matches, with the
    same flags around it (at each place the longest word that lets the rest of the pattern match); it is only faster.
    With `ignorecase`, letters the regex engine treats as the same under re.IGNORECASE share one branch, so at most
    one branch can match any character and backtracking tries the longer words first. With `spaces` (a pattern that
    matches white space only, such as r"\\s+"), a space of a word matches that pattern instead: what the alternation
    with `re.escape(w).replace(r"\\ ", spaces)` matches.
    """
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            key = next((k for k in node if k != "" and (k == ch or ignorecase and re.fullmatch(re.escape(k), ch, re.I))),
                       ch)
            node = node.setdefault(key, {})
        node[""] = {}  # a word ends here

    def emit(node: dict) -> str:
        branches = [(spaces if key == " " and spaces else re.escape(key)) + emit(child)
                    for key, child in node.items() if key != ""]
        if "" in node:
            branches.append("")  # ending here is tried last: longer words first
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(root) if root else "(?!)"


@lru_cache(maxsize=None)
def ignorecase_twins(letters: frozenset[str]) -> frozenset[str]:
    """Characters re.IGNORECASE equates with one of `letters` that str.lower() does not turn into that letter
    (ſ for s, ı and İ for i, ᲀ for в …), found by asking the regex engine about every character once."""
    letter_class = re.compile("[" + "".join(re.escape(c) for c in letters) + "]", re.IGNORECASE)
    alike = set()
    for block in range(0, 0x110000, 0x10000):  # a plane at a time: the whole of Unicode at once takes ~90 MB
        alike.update(letter_class.findall("".join(map(chr, range(block, block + 0x10000)))))
    return frozenset(c for c in alike for letter in letters
                     if c.lower() != letter and re.fullmatch(re.escape(letter), c, re.IGNORECASE))


def finditer_at(pattern: re.Pattern, text: str, starts, endpos: int | None = None) -> list[re.Match]:
    """`list(pattern.finditer(text, 0, endpos))` for a pattern that never matches the empty string and can only
    match at some of `starts` (ascending offsets): the pattern is tried there only, in the order finditer would."""
    found, cursor = [], 0
    endpos = len(text) if endpos is None else endpos
    for start in starts:
        if start >= cursor and (match := pattern.match(text, start, endpos)):
            found.append(match)
            cursor = match.end()
    return found


def occurrences(text: str, needle: str) -> list[int]:
    """Every offset where `needle` stands in the text, in order, found by `str.find` in C."""
    found, at = [], text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def line_starts(text: str) -> list[int]:
    """Where each line starts: the only places a `(?m)^…` pattern can match."""
    return [0] + [newline + 1 for newline in occurrences(text, "\n")]
