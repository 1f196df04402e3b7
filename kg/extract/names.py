"""The `gazetteer` extractor: finds every gazetteer name in a post in one Aho-Corasick pass.

Rules that keep precision: matches must sit on word boundaries, and not begin or end a compound ("Slavyansk-on-Kuban"
is neither Slavyansk nor the Kuban); all-caps names match only in their exact case ("who" is not WHO); the capitalised
words of a name must be capitalised in the text ("armed forces" is a description, "Armed Forces" a name); a name nested
in a longer one counts only where the guidelines say it does (the organisation's parent or country, or what "of" takes:
"Armed Forces of Ukraine"); a place or organisation inside the proper name of an event or a document ("St Petersburg
International Economic Forum", "UN Charter") is not a mention of its own, nor is a place's name in quotes, which names
a unit, a ship or a satellite («Днепр», "Arktika-M"); a person's surname alone after another first name is someone
else of that name ("Melania Trump"). Names listed before a plural type word are regions or seas: "the Kursk and
Belgorod regions", "над Брянской и Курской областями" name Kursk Region, not the city; "Японского и Восточно-Китайского
морей" the two seas (kg/data/region_lists.tsv).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from operator import attrgetter, itemgetter
from typing import Final, NamedTuple

from kg.extract import Context, Findings, register
from kg.extract.cues import Cues
from kg.extract.resources import Resources
from kg.extract.russian import SurnameEndings, case_forms
from kg.extract.textutil import CAPITALS, POSSESSIVE_ENDINGS, character_before, fold, has_cyrillic, is_acronym
from kg.gazetteer import Entry, Gazetteer
from kg.model import Mention, Post

CONFIDENCE: Final = {"exact": 0.95, "folded": 0.9}
# difflib's ratio from which two words are one name spelt two ways ("Talatbek", "Taalatbek")
SAME_SPELLING: Final = 0.75
SHORTEST_FIRST_NAME: Final = 4  # letters
FIRST_NAME_SPACES: Final = " \t"  # what stands between a first name and the surname (kg/extract/people.py's FIRST_NAMED)

_CAP: Final = r"(?:[A-Z][\w'’.&-]*+|of|and|the|for|on|in|de|&|\d++(?:st|nd|rd|th)?)"  # (*+, ++: see NAME_WORD)
EVENT_HEADS: Final = ("Summit", "Forum", "Conference", "Games", "Festival", "Congress", "Expo", "Olympics", "Week",
                      "Marathon", "Format", "Dialogue", "Process", "Initiative", "Charter", "Treaty", "Declaration",
                      "Convention", "Agreements?", "Accords?", "Statute")
EVENT_NAME_AFTER: Final = re.compile(rf"(?:[-–‑][A-Z][\w]*+)?(?:\s+{_CAP}){{0,6}}?\s+(?:{'|'.join(EVENT_HEADS)})s?\b")
DOCUMENT_HEADS: Final = re.compile(r"(Charter|Treaty|Declaration|Convention|Agreements?|Accords?|Statute)s?\b\S*$")
# "of" right before a name, or before a name and "and" ("Union State of Russia and Belarus")
OF_BEFORE: Final = re.compile(r"\bof(?: the)?\s+(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+and\s+(?:the\s+)?)?$")
CAPITALISED_NEXT: Final = re.compile(rf"\s+[{CAPITALS}]")  # a capitalised word follows
# "Slavyansk-on-Kuban" names neither Slavyansk nor the Kuban
_COMPOUND_LINK: Final = r"-(?:on|upon|sur|am|an|na|на|под)-"
COMPOUND_PLACE: Final = re.compile(_COMPOUND_LINK, re.IGNORECASE)  # after the name
COMPOUND_END: Final = re.compile(r"\w" + _COMPOUND_LINK + "$", re.IGNORECASE)  # before it
WORD_BEFORE: Final = re.compile(r"(?<![\w'’.#-])[A-Z][a-z]+[ \t]+$")  # "Melania |Trump"
# what makes an unqualified name ("Foreign Ministry") another country's body: "Iran's |", "the Chinese |", "| of Malawi"
WORD_THEN_SPACE: Final = re.compile(r"[\w'’-]+[ \t]+$")
QUALIFIED_AFTER: Final = re.compile(r"\s+of(?!\w)")
SENTENCE_END: Final = ".!?:;\n«\"“(—–"  # what stands before a word that opens a sentence or a phrase
OPENING_QUOTES, CLOSING_QUOTES = "\"«“„'", "\"»”“'"
# "the Voronezh, Kursk, and Belgorod regions", "над Брянской и Курской областями": names of regions (or seas) that share
# the plural word after them (kg/data/region_lists.tsv)
_LIST_MEMBER: Final = r"[A-ZА-ЯЁ][\w'’-]*"
LIST_MEMBER: Final = re.compile(_LIST_MEMBER)
REGION_LIST: Final = re.compile(rf"(?<![\w-])(?:{_LIST_MEMBER},\s+)*{_LIST_MEMBER},?\s+(?:and|&|и)\s+{_LIST_MEMBER}"
                                r"\s+$")
REGION_LIST_REACH: Final = 160  # characters searched before the plural word


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


KeyRules = tuple[tuple[Rule, ...], bool, bool]  # a key's rules, whether it is an event or document head word, and
# whether it is a first name (found in the same pass for the people extractor: "Viktor" of "Viktor Khomenko"; a first
# name that is no other key is written with the space after it)


class NameMatcher:
    """Every alias and Russian case form of every gazetteer entry, as keys of the build's cue scan (kg/extract/cues.py:
    one pass over a post finds them and the other extractors' cue words; its own scan where none is given).
    """

    def __init__(self, resources: Resources, cues: Cues | None = None):
        gazetteer = self.gazetteer = resources.gazetteer
        # "Kherson region" names Kherson Region: a place's type word may be lower-case
        place_type_words = resources.place_type_words
        patterns: dict[str, list[Pattern]] = {}
        for entry in gazetteer.entries.values():
            for name, pattern in self._patterns(entry, place_type_words, resources.surname_endings):
                bucket = patterns.setdefault(name, [])
                if pattern not in bucket:
                    bucket.append(pattern)
        names = {entry.id: frozenset(entry.names) for entry in gazetteer.entries.values()}
        # the head words are found in the same pass: EVENT_NAME_AFTER is tried only before the last of them
        heads = tuple(fold(head.removesuffix("s?")) for head in EVENT_HEADS)
        # and first names in Latin letters (cheaper here than in a pass of their own); not the shortest, which stand
        # inside many words ("ian" in "Russian")
        first_names = frozenset(fold(name) for name in resources.first_names
                                if name.isascii() and len(name) >= SHORTEST_FIRST_NAME)
        # capitalised words that may stand before a surname without being someone's first name: "President Trump"
        self.not_first_names = resources.never_names
        self.spelt_alike: dict[tuple[str, str], bool] = {}  # (word, entry id) → _spelt_alike: difflib is slow

        key_rules: dict[str, KeyRules] = {
            key: (tuple(rule for pattern in patterns.get(key, ())
                        if (rule := _rule(key, pattern, names, gazetteer)) is not None), key in heads, key in first_names)
            for key in (*patterns, *heads)}
        # a first name that is no other key is wanted only before the space or tab its surname follows (the people
        # extractor's FIRST_NAMED): so written, its key no longer stands at the start of every "Russia", "Vladimir",
        # "International" ("Russi", "Vladim", "Interna" are first names too) — a fifth of the pass's hits, each made
        # into a tuple and looked at for nothing
        key_rules.update({key + space: ((), False, True) for key in sorted(first_names) if key not in key_rules
                          for space in FIRST_NAME_SPACES})
        cues = Cues() if cues is None else cues
        self.keys = cues.keys(key_rules)
        self.key_rules = key_rules
        self.region_lists = resources.region_lists
        self.region_plurals = sorted(self.region_lists, key=len, reverse=True)  # "краями" before "края"
        self.region_list_cues = cues.words(self.region_lists, inside_words=False)  # (REGION_LIST ends in white space)
        self.unqualified = frozenset(row["word"] for row in resources.organisation_words if row["role"] == "unqualified")
        self.home_only = resources.home_only

    @staticmethod
    def _patterns(entry: Entry, place_type_words: frozenset[str], surname_endings: SurnameEndings):
        lower_case_allowed = place_type_words if entry.type == "Location" else frozenset()
        for name in (entry.label, *entry.aliases_en):
            yield from _name_patterns(entry.id, name, (name,), lower_case_allowed)
            if (twin := _apostrophe_twin(name)) != name and twin not in entry.names:
                yield from _name_patterns(entry.id, twin, (twin,), lower_case_allowed)  # "Russia’s" as "Russia's"
        for name in entry.aliases_ru:
            forms = (name,) if is_acronym(name) else case_forms(name, entry.type == "Person", surname_endings)
            yield from _name_patterns(entry.id, name, forms, first_word_lower=entry.type == "Organisation")

    def find(self, text: str, first_names: list[int] | None = None) -> list[Mention]:
        """All matches, overlaps resolved: longest first, nested ones kept only where they count. `first_names`, if
        given, gets where a capitalised first name stands as a word."""
        candidates: list[Candidate] = []
        starts: list[int] = [] if first_names is None else first_names
        last_head = -1
        for hits, key_rules in self.keys.found(text):
            last_head = max(last_head, _candidates(text, hits, key_rules, candidates, starts))
        mentions: list[Mention] = []
        selected = self._select(text, candidates)
        for start, end, rule in selected:
            entry = rule.entry
            if last_head > end and _inside_event_name(text, start, end, entry.type):
                continue  # an event's name ends in a head word
            if entry.type == "Location" and _quoted_name(text, start, end) and not _route(text, end, selected):
                continue  # the «Днепр» group, the "Arktika-M" satellite: a place's name as the name of something else
            surface = text[start:end]
            if entry.type == "Person" and " " not in surface and self._namesake(text, start, entry, mentions):
                continue  # "Melania Trump" is not Donald Trump
            mentions.append(Mention(start, end, surface, entry.type, entry.id, "gazetteer",
                                    CONFIDENCE["exact" if surface in rule.names else "folded"], entry.label,
                                    entry.kind))
        if self.region_list_cues.occur_in(text):
            mentions = self._listed_regions(text, mentions)
        return self._without_foreign_bodies(text, mentions)

    def _without_foreign_bodies(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Without a body the gazetteer knows as one country's where another country's name follows it in Russian, in
        the genitive: "Минобороны Сирии", "МИД Франции" name Syria's and France's ministries (the organisations
        extractor names them), not Russia's, which "Минобороны" alone names. In English, a name that says no country
        (organisation_words.tsv, role unqualified: "Foreign Ministry") is not the gazetteer's body where "of" follows
        it or a possessive or a capitalised word stands before it: "the Foreign Ministry of Malawi", "Iran's Foreign
        Ministry", "the Chinese Foreign Ministry". A name of organisation_words.tsv's role home_only ("МВД") is the
        gazetteer's body only where the first place the post names below that body's country lies in it:
        "сотрудников МВД" in a post about Tbilisi are Georgia's police."""
        kept: list[Mention] = []
        for index, mention in enumerate(mentions):
            if mention.type == "Organisation" and mention.surface in self.unqualified and (
                    QUALIFIED_AFTER.match(text, mention.end)
                    or _qualified_before(text, mention.start)):
                continue
            if mention.type == "Organisation" and mention.surface in self.home_only and self._abroad(
                    mentions, self.gazetteer[mention.key].attributes.get("country")):
                continue
            following = mentions[index + 1] if index + 1 < len(mentions) else None
            if (mention.type == "Organisation" and following is not None and following.type == "Location"
                    and following.kind == "country" and text[mention.end:following.start].isspace()
                    and has_cyrillic(mention.surface)):
                country = self.gazetteer[mention.key].attributes.get("country")
                if country and country != following.key:
                    continue
            kept.append(mention)
        return kept

    def _abroad(self, mentions: list[Mention], country: str | None) -> bool:
        """The first place the mentions name below the country itself lies outside it: a post about Tbilisi, not "в
        Москве задержали … деньги уходили на Украину"."""
        first = next((m for m in mentions if m.type == "Location" and m.key != country), None)
        return first is not None and self.gazetteer[first.key].attributes.get("country") != country

    def _listed_regions(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Each name of a list before a plural word that makes them regions ("the Kursk and Belgorod regions") as
        that region (Kursk Region), where the gazetteer has it, instead of what the name alone would be (Kursk)."""
        regions: list[Mention] = []
        for start in self.region_list_cues.starts(text) or ():
            plural = next((word for word in self.region_plurals if text[start:start + len(word)].lower() == word),
                          None)
            if plural is None or text[start + len(plural):start + len(plural) + 1].isalnum():
                continue  # not a plural word, or only the start of a longer word
            listed = REGION_LIST.search(text, max(0, start - REGION_LIST_REACH), start)
            if listed is None:
                continue
            for member in LIST_MEMBER.finditer(text, listed.start(), listed.end()):
                entry = self._region(member.group(), self.region_lists[plural])
                if entry is not None:
                    regions.append(Mention(member.start(), member.end(), member.group(), entry.type, entry.id,
                                           "gazetteer", CONFIDENCE["folded"], entry.label, entry.kind))
        if not regions:
            return mentions
        kept = [m for m in mentions if not any(r.start < m.end and m.start < r.end for r in regions)]
        return sorted(kept + regions, key=attrgetter("start", "end"))

    def _region(self, name: str, takes: tuple[str, ...]) -> Entry | None:
        """The region or sea the gazetteer names by the name and one of the words ("Kursk" + "region", "Японского" +
        "моря")."""
        for word in takes:
            found = self.key_rules.get(fold(f"{name} {word}"))
            for rule in found[0] if found else ():
                if rule.entry.type == "Location" and rule.entry.kind in ("region", "sea"):
                    return rule.entry
        return None

    def _namesake(self, text: str, start: int, entry: Entry, before: list[Mention]) -> bool:
        """A surname alone after a capitalised word that is no title, no word of the person's own name and does not
        open a sentence: another first name, so someone else of that name ("the First Lady Melania Trump"). Words of
        the person's own name are passed over: "Mojtaba Hosseini Khamenei" is not Ali Hosseini Khamenei."""
        if start < 3 or text[start - 1] not in " \t" or not text[start - 2].isalpha():
            return False  # most surnames: no word right before them
        while True:
            word = WORD_BEFORE.search(text, max(0, start - 30), start)
            if word is None:
                return False
            first = word.group().strip()
            if first.lower() in self.not_first_names:
                return False
            alike = self.spelt_alike.get((first, entry.id))
            if alike is None:
                alike = self.spelt_alike[(first, entry.id)] = _spelt_alike(first, entry)
            if not alike:
                break
            start = word.start()
        if before and before[-1].end > word.start():
            return False  # the word ends a name found already: "… Russia Lavrov"
        opening = character_before(text, word.start())
        return opening != "" and opening not in SENTENCE_END

    def _select(self, text: str, candidates: list[Candidate]) -> list[Candidate]:
        """Longest first: a candidate inside a chosen one (the first that holds it) is kept if the nesting counts,
        one overlapping a chosen one without being inside any is dropped. In text order.

        Only overlapping candidates can affect each other, so this is settled for each run of them apart — and
        most candidates overlap no other one."""
        chosen: list[Candidate] = []
        if not _in_order(candidates):  # (the pass finds them by where they end: most often in order already)
            candidates.sort(key=_position)
        group: list[Candidate] = []
        group_end = -1
        for candidate in candidates:
            start, end, _ = candidate
            if start < group_end:
                group.append(candidate)
                group_end = max(group_end, end)
                continue
            if len(group) == 1:
                chosen.append(group[0])
            elif group:
                self._settle(text, group, chosen)
            group = [candidate]
            group_end = end
        if len(group) == 1:
            chosen.append(group[0])
        elif group:
            self._settle(text, group, chosen)
        return chosen

    def _settle(self, text: str, group: list[Candidate], chosen: list[Candidate]) -> None:
        """Choose among overlapping candidates (in text order), longest first, and add those chosen in text order."""
        kept: list[Candidate] = []
        for candidate in sorted(group, key=_longest_first):  # stable: of the same length, the leftmost first
            start, end, rule = candidate
            if any(kept_start < end and start < kept_end for kept_start, kept_end, _ in kept):
                outer = _first_holding(kept, start, end)
                if outer is None or not self._nested_counts(text, outer, start, end, rule.entry):
                    continue
            kept.append(candidate)
        kept.sort(key=_position)
        chosen.extend(kept)

    def _nested_counts(self, text: str, outer: Candidate, start: int, end: int, inner: Entry) -> bool:
        """A name inside an organisation's name counts if it is its parent or country, or follows "of" and is what
        "of" takes, not a word qualifying the next ("Armed Forces of Ukraine", "Union State of Russia and Belarus", but
        not "Alliance of Sahel States")."""
        outer_start, outer_end, outer_rule = outer
        outer_entry = outer_rule.entry
        if outer_entry.type != "Organisation" or inner.id == outer_entry.id:
            return False
        attributes = outer_entry.attributes
        if inner.id in (attributes.get("parent"), attributes.get("country")):
            return True  # "UN Security Council" names the UN, "Russia's Foreign Ministry" names Russia
        return bool(OF_BEFORE.search(text[outer_start:start])) and not CAPITALISED_NEXT.match(text, end, outer_end)


Candidate = tuple[int, int, Rule]  # (start, end, rule): no two have the same span


def _candidates(text: str, hits: list[tuple[int, int, int]], key_rules: list[KeyRules | None],
                candidates: list[Candidate], first_names: list[int]) -> int:
    """Add the hits of the keys (`key_rules`: per word of the pass) that pass their rules to `candidates`, and where
    capitalised first names stand as words to `first_names`; where the last capitalised event or document head word
    ("Summit", "Treaty") starts (-1: none)."""
    size = len(text)
    last_head = -1
    for word, start, end in hits:
        # on word boundaries only (the pass leaves out hits after an ASCII letter: a digit, an underscore, another
        # letter is tested here), asked before the key's rules are fetched: they lie far apart in memory
        if start > 0 and ((before := text[start - 1]).isalnum() or before == "_" or (
                before == "-" and COMPOUND_END.search(text, max(0, start - 7), start) is not None)):
            continue
        found = key_rules[word]
        if found is None:
            continue  # another extractor's cue word
        rules, event_head, first_name = found
        if event_head and text[start].isupper():
            last_head = max(last_head, start)  # before the test of the word's end: "Summits" is a head too
        if first_name and text[end - 1] in FIRST_NAME_SPACES:  # a first name's key with the space after it
            if text[start].isupper():
                first_names.append(start)
            continue
        if end < size and ((after := text[end]).isalnum() or after == "_" or (
                after == "-" and COMPOUND_PLACE.match(text, end) is not None)):
            continue
        if first_name and text[start].isupper():
            first_names.append(start)
        for rule in rules:
            if rule.exact is not None and text[start:end] != rule.exact:
                continue
            if rule.capital_offsets and not _capitalised(text, start, rule.capital_offsets):
                continue
            candidates.append((start, end, rule))
            break
    return last_head


def _qualified_before(text: str, start: int) -> bool:
    """A possessive ("Iran's") or a capitalised word inside a sentence ("the Chinese") stands right before `start`."""
    word = WORD_THEN_SPACE.search(text, max(0, start - 40), start)
    if word is None:
        return False
    written = word.group().rstrip()
    if written.endswith(POSSESSIVE_ENDINGS):
        return True
    opening = character_before(text, word.start())
    return written[0].isupper() and opening != "" and (opening.isalnum() or opening in ",;:")


def _in_order(candidates: list[Candidate]) -> bool:
    """Whether the candidates come by start, then by end."""
    for index in range(1, len(candidates)):
        start, end, _ = candidates[index]
        previous_start, previous_end, _ = candidates[index - 1]
        if start < previous_start or (start == previous_start and end < previous_end):
            return False
    return True


def _inside_event_name(text: str, start: int, end: int, entity_type: str) -> bool:
    if entity_type != "Location" and entity_type != "Organisation":
        return False  # people stay mentions even inside an event's name
    if start > 0 and text[start - 1] == "#":
        return False
    following = EVENT_NAME_AFTER.match(text, end)
    if not following:
        return False
    return entity_type == "Location" or bool(DOCUMENT_HEADS.search(following.group(0)))


def _quoted_name(text: str, start: int, end: int) -> bool:
    """The name opens a quotation that it ends or leads into with a hyphen: "Днепр", «Арктика-М»."""
    return (start > 0 and text[start - 1] in OPENING_QUOTES
            and end < len(text) and (text[end] in CLOSING_QUOTES or text[end] == "-"))


def _route(text: str, end: int, selected: list[Candidate]) -> bool:
    """The first place ending at `end` and a second one make the whole of a quoted name, a road's: «Алеппо-Дамаск»
    (not "Russia-India: A Time-Tested Partnership")."""
    return text[end] == "-" and any(
        start == end + 1 and rule.entry.type == "Location" and second_end < len(text)
        and text[second_end] in CLOSING_QUOTES for start, second_end, rule in selected)


def _name_patterns(entry_id: str, name: str, forms, lower_case_allowed: frozenset[str] = frozenset(),
                   first_word_lower: bool = False):
    """The keys of a name and what each asks of the text. `first_word_lower`: the first word may be written in lower
    case where a later word is capitalised — Russian writes a body's common noun so in running text ("пресс-служба
    правительства ФРГ" for Правительство ФРГ)."""
    acronym = is_acronym(name)
    words = name.split()
    free_first = first_word_lower and any(word[:1].isupper() for word in words[1:])
    capital_words = tuple(i for i, word in enumerate(words)
                          if word[:1].isupper() and (i > 0 or not free_first)
                          and (i == 0 or word.lower() not in lower_case_allowed))
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


APOSTROPHES: Final = {"'": "’", "’": "'"}


def _apostrophe_twin(name: str) -> str:
    """The name written with the other apostrophe: posts write "People’s Republic" as often as "People's Republic"."""
    return "".join(APOSTROPHES.get(c, c) for c in name) if "'" in name or "’" in name else name


def _spelt_alike(word: str, entry: Entry) -> bool:
    """Whether the word is, or is spelt much like, a word of the entry's names: "Talatbek" of "Taalatbek Masadykov"."""
    word = word.lower()
    return any(SequenceMatcher(None, word, other.lower()).ratio() >= SAME_SPELLING
               for name in (entry.label, *entry.aliases_en) for other in name.split())


def _capitalised(text: str, start: int, offsets: tuple[int, ...]) -> bool:
    for offset in offsets:
        if not text[start + offset].isupper():
            return False
    return True


def _first_holding(chosen: list[Candidate], start: int, end: int) -> Candidate | None:
    for other in chosen:
        if other[0] <= start and end <= other[1]:
            return other
    return None


def _longest_first(candidate: Candidate) -> int:
    return candidate[0] - candidate[1]


_position: Final = itemgetter(0, 1)


@register("gazetteer", assigns=("mentions.Person", "mentions.Organisation", "mentions.Location", "first_names"))
def gazetteer_extractor(context: Context):
    matcher = NameMatcher(context.resources, context.cues)

    def extract(post: Post, findings: Findings, _context: Context) -> None:
        findings.mentions.extend(matcher.find(post.text, findings.first_names))

    return extract
