"""Small text helpers shared by extractors: matching folds case and ё without moving offsets."""

import re
from functools import lru_cache

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZА-ЯЁ«\"“#🇦-🇿])|\n\s*\n")


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


def sentence_bounds(text: str, position: int) -> tuple[int, int]:
    """The sentence (or paragraph) around a position: events take participants from it."""
    start = 0
    for match in SENTENCE_END.finditer(text, 0, position):
        start = match.end()
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


_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюя")


@lru_cache(maxsize=None)
def _ignorecase_twins(letters: frozenset[str]) -> frozenset[str]:
    """Characters re.IGNORECASE equates with one of `letters` that str.lower() does not turn into that letter
    (ſ for s, K for k, ı and İ for i, ᲀ for в …), found by asking the regex engine about every character once."""
    letter_class = re.compile("[" + "".join(re.escape(c) for c in letters) + "]", re.IGNORECASE)
    alike = set()
    for block in range(0, 0x110000, 0x10000):  # a plane at a time: the whole of Unicode at once takes ~90 MB
        alike.update(letter_class.findall("".join(map(chr, range(block, block + 0x10000)))))
    return frozenset(c for c in alike for letter in letters
                     if c.lower() != letter and re.fullmatch(re.escape(letter), c, re.IGNORECASE))


def caseless_prefilter(heads):
    """A quick necessary test for a re.IGNORECASE pattern every match of which starts with one of `heads` (literal
    text): False only where the pattern cannot match. It looks for the heads in the lower-cased text, and answers
    True (run the pattern) whenever the text holds a character the regex engine folds differently from str.lower()
    (then a head could match without being a substring of text.lower())."""
    lowered = tuple(dict.fromkeys(head.lower() for head in heads))
    letters = frozenset("".join(lowered))
    if any(c.lower() != c for c in letters):
        raise ValueError(f"caseless_prefilter: a letter of {lowered} does not lower-case to itself")
    twins = _ignorecase_twins(_ALPHABET | letters)  # one scan per process for Latin and Cyrillic heads
    odd = re.compile("[" + "".join(re.escape(c) for c in sorted(twins)) + "]") if twins else None

    def may_match(text: str) -> bool:
        lower = text.lower()
        return any(head in lower for head in lowered) or (odd is not None and odd.search(text) is not None)

    return may_match


def caseless_finder(pattern: re.Pattern, heads):
    """`list(pattern.finditer(text))`, faster, for a re.IGNORECASE pattern every match of which starts with one of
    `heads` (literal text): one Aho-Corasick pass over the lower-cased text finds where a head starts, and the
    pattern is tried only there, in the order finditer would. Texts holding a character the regex engine folds
    differently from str.lower() (ſ, ı, İ, ᲀ …) get the plain finditer."""
    import ahocorasick

    lowered = tuple(dict.fromkeys(head.lower() for head in heads))
    letters = frozenset("".join(lowered))
    if any(c.lower() != c for c in letters):
        raise ValueError("caseless_finder: a letter of the heads does not lower-case to itself")
    twins = _ignorecase_twins(_ALPHABET | letters)
    odd = re.compile("[" + "".join(re.escape(c) for c in sorted(twins)) + "]") if twins else None
    automaton = ahocorasick.Automaton()
    for head in lowered:
        automaton.add_word(head, len(head))
    automaton.make_automaton()

    def find(text: str) -> list[re.Match]:
        lower = text.lower()
        if len(lower) != len(text) or (odd is not None and odd.search(text)):
            return list(pattern.finditer(text))
        found, cursor = [], 0
        for start in sorted({end - length + 1 for end, length in automaton.iter(lower)}):
            if start >= cursor and (match := pattern.match(text, start)):
                found.append(match)
                cursor = max(match.end(), start + 1)
        return found

    return find
