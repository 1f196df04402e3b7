"""Everything the extractors read besides the post: the gazetteer of the build and the word lists of kg/data/.

One object, made once per build from the gazetteer the build uses (the bundled files plus the user's
`--gazetteer` files), and handed to every extractor through its Context: no extractor reads a data file itself, so
what a user adds to the gazetteer reaches every extractor that uses names (the words that can never be part of a
person's name come from the organisations and people of *this* gazetteer). The word lists are plain TSV
(kg/data/README.md): UTF-8, tab-separated, one header row.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from importlib import resources

from kg.extract.russian import CASES, SurnameEndings, case_forms
from kg.gazetteer import Entry, Gazetteer
from kg.ids import transliteration_table


def _month_day(written: str) -> tuple[int, int]:
    """"12-31" → (12, 31)."""
    month, day = written.strip().split("-")
    return int(month), int(day)


def rows(name: str) -> Iterator[dict[str, str]]:
    """The rows of the bundled word list kg/data/NAME, as dicts keyed by its header."""
    with (resources.files("kg") / "data" / name).open(encoding="utf-8") as handle:
        yield from csv.DictReader(handle, delimiter="\t")


class Resources:
    """The gazetteer and the word lists, loaded once; the extractors compile their patterns from them."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.months, self.short_months = _month_names()
        self.weekdays = _weekday_names()
        # "yesterday", "last night" (lower case) → the first and last day it names, counted from the post's day
        self.relative_days = {row["words"].strip().lower(): (int(row["first"]), int(row["last"]))
                              for row in rows("relative_days.tsv")}
        # words that are prepositions too ("накануне выборов": on the eve of the elections, not the day before the post)
        self.relative_prepositions = frozenset(row["words"].strip().lower() for row in rows("relative_days.tsv")
                                               if (row.get("preposition") or "").strip() == "yes")
        # "New Year's night" (lower case, {year} where a year is written) → the first and last (month, day) it names
        self.calendar_days = {row["words"].strip().lower(): (_month_day(row["first"]), _month_day(row["last"]))
                              for row in rows("calendar_days.tsv")}
        self.future_words = tuple(row["word"].strip() for row in rows("future_words.tsv") if row["word"].strip())
        self.event_triggers = _event_triggers()
        self.event_words = _roles("event_words.tsv")
        self.event_families = {row["type"].strip(): row["family"].strip() for row in rows("event_families.tsv")}
        self.titles = tuple((row["pattern"].strip(), row["lang"].strip(), row["position"].strip())
                            for row in rows("titles.tsv") if row["pattern"].strip() and row["position"].strip())
        # the positions whose title one name follows as a given name ("King Charles", "Sultan Ibrahim"), not a surname
        self.given_name_positions = frozenset(row["position"].strip() for row in rows("titles.tsv")
                                              if (row.get("one_name") or "").strip() == "given")
        # the positions of the media's people (`of_hint` media): who asks in an interview, not who answers
        self.media_positions = frozenset(row["position"].strip() for row in rows("titles.tsv")
                                         if (row["of_hint"] or "").strip() == "media")
        self.name_context = _roles("name_context.tsv")
        self.place_type_words = frozenset(row["word"].strip().lower() for row in rows("place_type_words.tsv"))
        # "regions" after a list of names ("the Kursk and Belgorod regions") → what each name takes to be a region's
        self.region_lists = {row["plural"].strip().lower(): tuple(row["member_takes"].strip().split("|"))
                             for row in rows("region_lists.tsv")}
        self.organisation_words = [{key: (value or "").strip() for key, value in row.items()}
                                   for row in rows("organisation_words.tsv")]
        # names that are the gazetteer's body only where a post names no place outside its country ("МВД")
        self.home_only = frozenset(row["word"] for row in self.organisation_words if row["role"] == "home_only")
        # an organ's word in every case form ("МИД", "Минобороны", "Министерства обороны") → its English, its kind
        self.organs = {form: (row["english"], row["kind"]) for row in self.organisation_words if row["role"] == "organ"
                       for form in ({row["word"]} | case_forms(row["word"], is_person=False))}
        self.country_bodies = _country_bodies(gazetteer, {english for english, _kind in self.organs.values()})
        self.settlement_words = tuple((row["word"], row["lang"], row["name_side"])
                                      for row in rows("settlement_words.tsv"))
        # the endings a surname takes in each case, by the gender of the one who bears it (case_forms)
        self.surname_endings: SurnameEndings = tuple(
            (row["gender"], row["ending"], {case: row[case] for case in CASES[1:]})
            for row in rows("surname_endings.tsv"))
        self.translit = transliteration_table()
        self.title_words = self._title_words()
        self.first_names = self._first_names()
        # English words that are no proper noun too ("city", "show", "accords"): no one's surname
        self.english_words = frozenset(row["word"] for row in rows("english_words.tsv"))
        self.not_name_words = frozenset(self.name_context.get("not_name", ()))
        # capitalised words that are no one's or no place's name, lower case: "President", "March", "Dear", "With"
        self.never_names = self.title_words | frozenset(self.months) | frozenset(self.weekdays) | frozenset(
            word.lower() for words in self.name_context.values() for word in words)

    def _title_words(self) -> frozenset[str]:
        """Words of titles and of organisation names ("Department", "Relations"), never of a person's name: from
        titles.tsv and this gazetteer's organisations, less the words of its people's names and the words for a kind of
        place, which name places too ("Moscow City Court", but "Elizabeth City")."""
        words: set[str] = set()
        for pattern, lang, _ in self.titles:
            if lang == "en":
                words |= _capitalised_words(pattern)
        entries = self.gazetteer.entries.values()
        for entry in entries:
            if entry.type == "Organisation":
                words |= _capitalised_words(entry.label)
        for entry in entries:
            if entry.type == "Person":
                words -= _capitalised_words(entry.label)
        place_kinds = {part for phrase, lang, _side in self.settlement_words if lang == "en" for part in phrase.split()}
        return frozenset(words - self.place_type_words - place_kinds)


    def _first_names(self) -> frozenset[str]:
        """First names, in Cyrillic and in Latin letters: kg/data/first_names.tsv (from pymorphy3's dictionary) and the
        first word of every person's name in this gazetteer that is no word of a title ("Pope", "King")."""
        names = {form for row in rows("first_names.tsv") for form in (row["ru"], row["en"]) if form}
        days = {name.capitalize() for name in (*self.months, *self.weekdays)}  # "Monday Semaya" is no one
        for entry in self.gazetteer.entries.values():
            if entry.type == "Person":
                for name in (entry.label, *entry.aliases_en):
                    words = name.split()
                    if len(words) >= 2 and words[0][:1].isupper() and words[0].lower() not in self.title_words:
                        names.add(words[0])
        return frozenset(names - days)


def _country_bodies(gazetteer: Gazetteer, organ_names: set[str]) -> dict[tuple[str, str], Entry]:
    """(a country's id, an organ's English name) → the one body of that country the gazetteer names so ("Ministry of
    Finance of Russia": the Russian Ministry of Finance), for an organ named with its country ("министерства финансов
    РФ") or by a title whose holder the gazetteer knows by country alone ("глава МИД Сергей Лавров")."""
    found: dict[tuple[str, str], list[Entry]] = {}
    for entry in gazetteer.entries.values():
        country = entry.attributes.get("country")
        if entry.type == "Organisation" and country:
            for english in organ_names:
                if named_as(entry, english):
                    found.setdefault((country, english), []).append(entry)
    return {key: entries[0] for key, entries in found.items() if len(entries) == 1}


def named_as(entry: Entry, english: str) -> bool:
    """One of the body's English names is the organ's, maybe with whose it is: "Ministry of Foreign Affairs of …"."""
    return any(name == english or name.startswith(english + " of ") for name in (entry.label, *entry.aliases_en))


def _capitalised_words(text: str) -> set[str]:
    return {w.lower() for w in re.split(r"[\s-]+", text) if w[:1].isupper()}


def _month_names() -> tuple[dict[str, int], frozenset[str]]:
    """Month names → month number, and which of them are abbreviations (they may end in a dot)."""
    names, short = {}, set()
    for row in rows("months.tsv"):
        for column in ("en", "en_short", "ru", "ru_short"):
            for name in filter(None, row[column].split("|")):
                names[name.lower()] = int(row["month"])
                if column.endswith("_short"):
                    short.add(name.lower())
    return names, frozenset(short)


def _weekday_names() -> dict[str, int]:
    """Weekday names (English; Russian as written after "в"/"на") → date.weekday() (Monday 0)."""
    names = {}
    for row in rows("weekdays.tsv"):
        for column in ("en", "ru"):
            for name in filter(None, row[column].split("|")):
                names[name.lower()] = int(row["weekday"]) - 1
    return names


def _event_triggers() -> dict[str, str]:
    """Trigger word or phrase (lower case) → event type; a trigger listed twice keeps its first type."""
    triggers: dict[str, str] = {}
    for row in rows("event_types.tsv"):
        trigger = row["trigger"].strip().lower()
        if trigger:
            triggers.setdefault(trigger, row["type"].strip())
    return triggers


def _roles(name: str) -> dict[str, set[str]]:
    """Role (introduces, not_name, hosts …) → the words of a word list with a `role` column that play it."""
    roles: dict[str, set[str]] = {}
    for row in rows(name):
        roles.setdefault(row["role"], set()).add(row["word"])
    return roles
