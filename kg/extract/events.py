"""The `events` extractor: the post's main event — its type, date, place and participants.

The main event is the one the dateline dates (`📍 Place, Date` or `(Place, Date)` after a title); without a
dateline, the first happening the text dates explicitly. Its type comes from the wording near it
(kg/data/event_types.tsv, first trigger wins), its place from the dateline or an "in <place>" in its sentence
(else a city the post's first paragraph says things happen in), its participants from the people named in the
title paragraph (dateline) or in the sentence (inline date).
A post that dates nothing has no event.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.extract import Context, DateMention, EventFinding, Findings, register
from kg.extract.textutil import literal_alternation, sentence_bounds
from kg.extract.wordlists import rows
from kg.model import Mention, Post

# "in Cairo", "arrives in Kazakhstan", "в Минске", "в столицу Лаоса Вьентьян": a preposition, then at most two words
IN_PLACE = re.compile(r"(?:\b(?:in|at|to)|(?<!\w)(?:в|во|на))\s+(?:the\s+)?(?:[^\s.,;:!?]+\s+){0,2}$", re.IGNORECASE)
PLACE_REACH = 40
IN_CITY = re.compile(r"(?:\b(?:in|at)|(?<!\w)(?:в|во))\s+$", re.IGNORECASE)  # "in Cairo", "In St Petersburg,"
# "the Consulate General of Russia in Toronto": the city names the mission, not where something happened
MISSION_BEFORE = re.compile(r"(?:Embassy|Consulate|Mission|посольств|консульств|представительств)[^.!?\n]{0,40}$",
                            re.IGNORECASE)
CONFIDENCE = {"dateline": 0.9, "date": 0.7}
PARAGRAPH_BREAK = re.compile(r"\n[ \t\xa0]*\n\s*")
DATELINE_LEAD = re.compile(r"[\s📍(]*")  # what may stand before a dateline's place on its line


def _load_triggers() -> tuple[re.Pattern, dict[str, str]]:
    """The pattern of any trigger (as a trie: the same matches as the longest-first alternation), trigger → type."""
    triggers: dict[str, str] = {}
    for row in rows("event_types.tsv"):
        trigger = row["trigger"].strip().lower()
        if trigger:
            triggers.setdefault(trigger, row["type"].strip())
    pattern = re.compile(r"(?<!\w)" + literal_alternation(triggers, ignorecase=True) + r"(?!\w)", re.IGNORECASE)
    return pattern, triggers


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for gap in PARAGRAPH_BREAK.finditer(text):
        spans.append((start, gap.start()))
        start = gap.end()
    return spans + [(start, len(text))]


def _scope(text: str, when: DateMention, find_trigger: Callable[[str, int, int], re.Match | None]) -> tuple[int, int]:
    """The words an event is described in.

    For a dateline: its paragraph, with the title paragraph above when the dateline opens its paragraph, and
    the paragraph below when the dateline stands alone and that paragraph speaks of the event ("The meeting
    was attended by …"). For a date in the
    text: its sentence.
    """
    if not when.dateline:
        return sentence_bounds(text, when.start)
    paragraphs = _paragraphs(text)
    anchor = when.place_span[0] if when.place_span else when.start
    index = next(i for i, (s, e) in enumerate(paragraphs) if s <= anchor <= e)
    start, end = paragraphs[index]
    if not DATELINE_LEAD.fullmatch(text[start:anchor]) or index == 0:
        return start, end
    if not text[when.end:end].strip(" \t)") and index + 1 < len(paragraphs):
        below = paragraphs[index + 1]
        if find_trigger(text, *below):
            end = below[1]
    return paragraphs[index - 1][0], end


@register("events")
def events_extractor(context: Context):
    trigger_pattern, trigger_types = _load_triggers()
    trigger_cues = context.cues.words(trigger_types)

    def find_trigger(text: str, start: int, end: int) -> re.Match | None:
        return trigger_cues.search(trigger_pattern, text, start, end)  # tried only where a trigger starts

    def extract(post: Post, findings: Findings, _ctx: Context) -> None:
        if not findings.dates:
            return
        when = findings.dates[0]  # the dates extractor puts datelines first, then dates in text order
        text = post.text
        start, end = _scope(text, when, find_trigger)
        trigger = find_trigger(text, start, max(end, when.end))
        event_type = trigger_types[trigger.group().lower()] if trigger else "other"
        people = _distinct(m.key for m in findings.mentions if m.type == "Person" and start <= m.start < end)
        findings.events.append(EventFinding(
            type=event_type, date=when, place_key=_place(text, when, findings.mentions, start, end),
            participant_keys=people, confidence=CONFIDENCE["dateline" if when.dateline else "date"],
            trigger=trigger.span() if trigger else None,
        ))

    return extract


def _place(text: str, when: DateMention, mentions: list[Mention], start: int, end: int) -> str | None:
    """The dateline's place; else a place after "in"/"в" in the event's words, a city before a country
    ("в столицу Лаоса Вьентьян" is Vientiane)."""
    places = [m for m in mentions if m.type == "Location"]
    if when.place_span:
        p_start, p_end = when.place_span
        inside = [m for m in places if p_start <= m.start and m.end <= p_end]
        if inside:
            return inside[0].key
    candidates = [m for m in places if start <= m.start < end
                  and IN_PLACE.search(text[max(start, m.start - PLACE_REACH):m.start])]
    candidates.sort(key=lambda m: m.kind != "city")
    if candidates:
        return candidates[0].key
    return _opening_city(text, places)


def _opening_city(text: str, places: list[Mention]) -> str | None:
    """A city the post's first paragraph says things happen in ("The conference concluded in Cairo."): where the
    event's own words name no place, that is where the post's story happened. Only a city, right after in/at/в:
    "the situation in Ukraine" is a subject, not a venue."""
    first_break = PARAGRAPH_BREAK.search(text)  # where the first paragraph ends: no need to find the others
    first_end = first_break.start() if first_break else len(text)
    return next((m.key for m in places if m.start < first_end and m.kind == "city"
                 and IN_CITY.search(text, max(0, m.start - 6), m.start)
                 and not MISSION_BEFORE.search(text, max(0, m.start - 60), m.start)), None)


def _distinct(keys) -> tuple[str, ...]:
    return tuple(dict.fromkeys(keys))
