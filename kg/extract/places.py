"""The `places` extractor: settlements the gazetteer does not know, named by the words beside them.

"Bessonovka village", "Volchiy-Perviy hamlet", "the village of Tavrovo", "born in Alloway" — frontline and local news,
anniversaries and accidents name places no gazetteer lists. The words (village, hamlet, town of, born in…) are data:
kg/data/settlement_words.tsv. A known region after a comma places the name before it too: "in Vasilyevka, Zaporozhye
region", "▪️ January 24, Kakhovka, Kherson Region – an UAV strike"; so does a date after it: "in Adamus on January 18"
(not a name with a word of a title or an organisation's name: "in Parliament on March 3"). A settlement named with its
region lies in it: "Khorly, Kherson Region" gives Khorly locatedIn Kherson Region, so that the graph finds what happened
there among what happened in the region. In Russian, a settlement's word in any case before names in the nominative:
"населенные пункты Раздольное и Воровское", "в посёлке Пески" (natasha's NER finds the others).
"""

from __future__ import annotations

import re
from itertools import chain
from typing import Final

from kg.extract import Context, Findings, RelationFinding, register
from kg.extract.person_names import NameShape
from kg.extract.russian import case_forms
from kg.extract.textutil import has_cyrillic, literal_alternation
from kg.ids import slugify, transliterate
from kg.model import Mention, Post

_NAME: Final = r"(?P<name>[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)*(?:\s+[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)*)?)"
# what _NAME holds, but \s
NAME_CHARACTERS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'’-")
CONFIDENCE: Final = 0.7
# "Ukrainian settlement", "Israeli-Palestinian settlement"
ADJECTIVE: Final = re.compile(r"(?:ian|ese|ish|ean|eli|ic)$")
# what stands before the name of a place before a region's name: "in Vasilyevka, Zaporozhye region", "▪️ January 24,
# Kakhovka, Kherson Region – …", "a resident of Seversk, DPR"
BEFORE_NAME_BEFORE_REGION: Final = r"(?:(?<![\w'’-])(?:[Ii]n|[Nn]ear|[Oo]utside|at|of)\s+|\d,[ \t]+)"
IN_NAME_ON: Final = re.compile(r"\bin\s+" + _NAME + r"\s+on\s+(?:the\s+)?$")  # … before a month's name
REACH: Final = 60  # characters searched before a region's or a month's name
# a Russian settlement's name, in the nominative after its word: one word ("Раздольное", "Пески", "Хан-Шейхун"), or an
# adjective and a word ("Великая Новоселка", "Зелёный Гай") — not a region's adjective after it ("Малиновка Белгородской")
_RU_NAME: Final = (r"(?:[А-ЯЁ][а-яё]+(?:ая|ое|ый|ий|ой|ые)[^\S\n]+)?[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*(?![\w-])")
RU_NAMES_GO_ON: Final = re.compile(r"(?:,[^\S\n]*|[^\S\n]+и[^\S\n]+)(?P<name>" + _RU_NAME + ")")  # "… и Воровское"


@register("places", requires=("mentions.Location",), assigns=("mentions.Location", "relations"))
def places_extractor(context: Context):
    # words that follow the name ("Tavrovo village"), and words that precede it ("the village of Tavrovo")
    words = context.resources.settlement_words
    following = [word for word, lang, name_side in words if lang == "en" and name_side == "before"]
    preceding = [word for word, lang, name_side in words if lang == "en" and name_side != "before"]
    plausible_name = NameShape(context.resources).plausible
    name_first = name_then_word(following)
    # what stands between a settlement's name and the region it lies in: "Khorly, Kherson Region", "Bessonovka village,
    # Belgorod Region"
    before_region = r"(?:\s+(?:" + "|".join(map(re.escape, following)) + r"))?,\s*(?:the\s+)?"
    lying_in = re.compile(before_region)
    # "… Bondarenkov farmstead, Belgorod Region": the name, maybe its word, a comma, up to the region's name
    name_before_region = re.compile(BEFORE_NAME_BEFORE_REGION + _NAME + before_region + "$")
    word_first = re.compile(r"\b(?:" + "|".join(map(re.escape, preceding)) + r")\s+" + _NAME + r"\b")
    # both are case-sensitive, and no match can be without its word: posts without one skip the patterns
    # (white space stands before each word of `following` in name_first's matches)
    name_first_cues = context.cues.words(following, inside_words=False)
    word_first_cues = context.cues.words(preceding, inside_words=False)
    # (IN_NAME_ON ends in white space before the month)
    month_cues = context.cues.words((name for name in context.resources.months if name.isascii()), inside_words=False)
    not_places = context.resources.never_names

    longest_following = max(map(len, following))
    # "населенные пункты Раздольное и Воровское", "в селе Вишневое": the word in any case, the names in the nominative
    russian_words = {form for word, lang, _name_side in words if lang == "ru"
                     for form in ({word} | case_forms(word, is_person=False))}
    russian_words |= {form.replace("ё", "е") for form in russian_words}
    russian_first = re.compile(r"(?<![\w-])(?i:" + literal_alternation(russian_words) + r")[^\S\n]+(?P<name>"
                               + _RU_NAME + ")")
    russian_cues = context.cues.words({form.split()[0] for form in russian_words}, inside_words=False)
    translit = context.resources.translit

    def extract(post: Post, findings: Findings, _ctx: Context) -> None:
        text = post.text
        word_starts = name_first_cues.starts(text)
        matches = (name_first.finditer(text) if word_starts is None
                   else names_before(name_first, text, word_starts, longest_following))
        before_regions = _before_regions(name_before_region, text, findings.mentions)  # (before this extractor adds)
        before_dates = _before_dates(text, month_cues.starts(text))
        russian = [name for match in russian_cues.finditer(russian_first, text) for name in _listed(text, match)]
        for match in chain(matches, word_first_cues.finditer(word_first, text), before_regions, before_dates, russian):
            start, end = match.span("name")
            name = match.group("name")
            if findings.taken(start, end):
                continue
            words = re.split(r"[\s-]", name)
            if (" " in name and not plausible_name(name)) or any(ADJECTIVE.search(w) for w in words):
                continue
            if any(w.lower() in not_places for w in words):
                continue
            label = transliterate(name, translit) if has_cyrillic(name) else name
            settlement = Mention(start, end, name, "Location", f"place/{slugify(label)}", "places", CONFIDENCE, label,
                                 "city")
            findings.mentions.append(settlement)
            region = _region_after(text, settlement, lying_in, findings.mentions)
            if region is not None:
                findings.relations.append(RelationFinding(settlement.key, "locatedIn", region.key, "places", CONFIDENCE,
                                                          evidence=((start, end), (region.start, region.end))))

    return extract


def _listed(text: str, first: re.Match) -> list[re.Match]:
    """The settlement a Russian word names and those listed after it: "населенные пункты Раздольное и Воровское"."""
    found = [first]
    while (following := RU_NAMES_GO_ON.match(text, found[-1].end())) is not None:
        found.append(following)
    return found


def _region_after(text: str, settlement: Mention, lying_in: re.Pattern, mentions: list[Mention]) -> Mention | None:
    """The known region (or country) named right after a settlement, past its word and a comma, which it lies in."""
    between = lying_in.match(text, settlement.end)
    if between is None:
        return None
    return next((m for m in mentions if m.start == between.end() and m.type == "Location" and m.kind != "city"), None)


def name_then_word(words: list[str]) -> re.Pattern:
    """A _NAME followed by one of the words: "Bessonovka village"."""
    return re.compile(_NAME + r"\s+(?:" + "|".join(map(re.escape, words)) + r")\b")


def names_before(pattern: re.Pattern, text: str, word_starts: list[int], longest_word: int) -> list[re.Match]:
    """`list(pattern.finditer(text))` for a pattern that matches a _NAME, white space and one of some words
    (at most `longest_word` long) starting at `word_starts`: each word is searched for from where the run of
    NAME_CHARACTERS and white space before it starts, up to just past it. (Tried at every capital letter the pattern
    is slow on a post with such a word: the name's words backtrack letter by letter.)"""
    found: list[re.Match] = []
    cursor = 0
    for word in word_starts:
        if word < cursor:
            continue
        start = word
        while start > cursor and (text[start - 1] in NAME_CHARACTERS or text[start - 1].isspace()):
            start -= 1
        if match := pattern.search(text, start, min(len(text), word + longest_word + 1)):
            # matched again without the end bound, at which `\b` holds even inside a word ("… town|ship")
            whole = pattern.match(text, match.start())
            if whole is not None:
                found.append(whole)
                cursor = whole.end()
    return found


def _before_dates(text: str, month_starts: list[int] | None) -> list[re.Match]:
    """The name between "in" and "on" before a month's name: "in Adamus on January 18"."""
    found: list[re.Match] = []
    if month_starts is None:  # the lower-cased text cannot tell where the month names are: look everywhere
        month_starts = [match.end() for match in re.finditer(r"\bon\s+(?:the\s+)?(?=[A-Za-z])", text)]
    for month in month_starts:
        words = text[max(0, month - 8):month].split()  # "on" or "on the" must stand just before: most months fail here
        if words[-1:] != ["on"] and words[-2:] != ["on", "the"]:
            continue
        if match := IN_NAME_ON.search(text, max(0, month - REACH), month):
            found.append(match)
    return found


def _before_regions(pattern: re.Pattern, text: str, mentions: list[Mention]) -> list[re.Match]:
    """The name before a comma before a known region, after "in", "near", "of" or a date: "in Vasilyevka, Zaporozhye
    region", "January 24, Kakhovka, Kherson Region". (Lists, not generators: compiled, a generator costs an object and
    a call per item.)"""
    found: list[re.Match] = []
    for mention in mentions:
        if mention.type == "Location" and mention.kind == "region":
            reach = max(0, mention.start - REACH)
            if text.rfind(",", reach, mention.start) < 0:
                continue  # no comma within reach: the pattern cannot match
            if match := pattern.search(text, reach, mention.start):
                found.append(match)
    return found
