"""Small text helpers shared by extractors: matching folds case and ё without moving offsets."""

import re
from functools import lru_cache

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZА-ЯЁ«\"“#🇦-🇿])|\n\s*\n")
SENTENCE_WINDOW = 256  # characters scanned back for the start of a sentence, at first


def fold(text: str) -> str:
    """Lower-case and ё→е, keeping every character at its offset (so spans index the original text)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters (İ) lower-case to two characters
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.replace("ё", "е")


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


def literal_alternation(words, ignorecase: bool = False) -> str:
    """A regex for "any of these words", written as a trie: the engine follows one path instead of trying every word.

    It matches exactly what `"|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))` matches, with the
    same flags around it (at each place the longest word that lets the rest of the pattern match); it is only faster.
    With `ignorecase`, letters the regex engine treats as the same under re.IGNORECASE share one branch, so at most
    one branch can match any character and backtracking tries the longer words first.
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
        branches = [re.escape(key) + emit(child) for key, child in node.items() if key != ""]
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


def line_starts(text: str) -> list[int]:
    """Where each line starts: the only places a `(?m)^…` pattern can match."""
    starts, newline = [0], text.find("\n")
    while newline != -1:
        starts.append(newline + 1)
        newline = text.find("\n", newline + 1)
    return starts
