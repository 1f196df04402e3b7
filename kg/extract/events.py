"""The `events` extractor: every happening a post reports — type, date, place, participants — and the words that say
each.

Every date the post writes may date a happening: a dateline, a date, "today", a weekday. The post's main event, the
first of its events, is the one its dateline dates (`📍 Place, Date`, `📍 Date, Place`, or `(Place, Date)` closing a
title line), else the first happening the text dates explicitly (the guidelines' rule); any other date dates a
happening of its own where a trigger word names one in its sentence (kg/data/event_types.tsv). A date that dates no
happening is passed over while the post dates something else: a deadline ("until December 31", "до 31 декабря"), the
day an agreement comes into force (kg/data/event_words.tsv, role not_happening). Dates of one post that name the same
day and kind of happening are one event.

- Type: the first trigger in the event's words (a title's first where a bracketed date closes the title: "Comment by
  … regarding Putin's meeting with … (January 23, 2026)" is a statement); a statement or briefing at a gathering
  ("remarks at the talks", "press conference following the talks") is that gathering.
- Place: the dateline's; else one a trigger's sentence says it happened in: "<place> hosted", "<place> was liberated", a
  city or region in the happening's name ("the Istanbul talks", "the Budapest offensive", "On February 2, 1943, the
  Battle of Stalingrad concluded"), "in/at/near/в <place>" (with at most words such as "the capital" or another place
  between: "in the capital of Niger – Niamey"), "visit to <place>", "visited <place>" (never a place before the visit's
  word: "a flight from Azerbaijan landed"), where a participant came ("who visited Russia"), where the journey of a
  visit, an evacuation or a happening no trigger names ends ("brought … from Egypt to Moscow") — not a place named in a
  title ("Ambassador of Russia to Egypt") or a mission's ("the Embassy in Toronto") unless the mission is the venue
  ("held at the Consulate General … in Montreal", "visited the Embassy … in Moscow") or one in the words of a happening
  the event answers ("in response to the attack … in Novgorod region"); "on the territory of <country>", "on the island
  of <place>" place it there; and for a statement, interview, briefing, greetings or a day of remembrance only a city: a
  statement is not "in" the country it speaks of. Else, for the main event, a city the post's opening paragraph says
  things happen in.
- Participants: the people named in the event's words (the title paragraph of a dateline, the sentence of a date) and
  in what goes on about it — later sentences of the paragraph that speak of it, later paragraphs about the delegation
  or who attended, a list after "Attending the meeting were:" (lines of a few words between them, such as "Read in
  full", passed over) — up to another dated happening's words; not one a thing is named after ("the Pushkin Medal"),
  one named among the words of a short quoted title (the programme “Moscow. Kremlin. Putin”), one remembered ("honours
  were rendered to the fallen …", "the birthday anniversary of …"), a work's author ("compositions by Sergei
  Rachmaninoff"), the one in whose name it is done ("On behalf of the President, Vladimir Putin, …") or one whose life
  the post dates as ended before ("Artamon Matveyev (1625–1682)"); where these name no one, the official the next
  paragraph opens with ("… hosted a reception. ¶ Russian Ambassador Denis Alipov congratulated …"). A title's
  statement about another happening ("Comment by Yury Ushakov following President Putin's videoconference with Xi
  Jinping (February 4, 2026)") has its speakers only: the people of that happening, named after "following" and in the
  paragraphs below that quote the statement, took no part in it. A happening more than a year before the post is
  history: its participants are only those named in its own sentence without a title the post gives them today (a
  minister's message on the anniversary of relations established in 1970 does not put the minister in 1970), or with
  one after the date the sentence opens with: that is their title then ("On February 10, 2007, President of Russia
  Vladimir Putin …").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Final

from kg.extract import Context, DateMention, EventFinding, Findings, register
from kg.extract.textutil import (CLOSES_LINE, POSSESSIVE_ENDINGS, Sentences, character_before,
                                 literal_alternation)
from kg.model import Mention, Post

CONFIDENCE: Final = {"dateline": 0.9, "main": 0.7, "other": 0.6}
PARAGRAPH_BREAK: Final = re.compile(r"\n[ \t\xa0]*\n\s*")
BLANK_LINE_SPACE: Final = " \t\xa0"  # what PARAGRAPH_BREAK lets stand on a blank line
DATELINE_LEAD: Final = re.compile(r"[\s📍(]*")  # what may stand before a dateline's place on its line
# "the Consulate General of Russia in Toronto": the city names the mission, not where something happened
MISSION_WORDS: Final = ("embassy", "consulate", "mission", "посольств", "консульств", "представительств")
# (at a word's start: a "Commissioner" heads no mission)
MISSION_BEFORE: Final = re.compile(r"(?<!\w)(?:" + "|".join(MISSION_WORDS) + r")[^.!?\n]{0,40}$", re.IGNORECASE)
MISSION_REACH: Final = 60  # characters before a city searched for its mission
# … unless the mission is where it happened: "a ceremony was held at the Consulate General of Russia in Montreal",
# "в посольстве России в Каире"
# "at the Russian Embassy in Oslo", "visited the Embassy in Oslo": the mission is the venue
VENUE_BEFORE_MISSION: Final = re.compile(r"(?<!\w)(?:at|в|во|visited|visiting|посетил[аи]?)\s+(?:the\s+)?"
                                        r"(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
CITY_PREPOSITIONS: Final = frozenset({"in", "at", "near", "в", "во", "под"})  # "in Cairo", "в центре Тбилиси"
PREPOSITIONS: Final = frozenset({"in", "at", "near", "в", "во", "на", "под"})  # "in Cairo", "near Moscow", "под Уфой"
# "on the territory of Ukraine", "on the island of Corfu", "на территории Украины"
ON_TERRITORY: Final = re.compile(r"(?:\bon\s+the\s+(?:territory|island)\s+of|(?<!\w)на\s+(?:территории|острове))"
                                 r"\s+(?:the\s+)?$", re.IGNORECASE)
# what opens the words of a happening another answers ("in response to", "в ответ на"): the words found, those before
ANSWER_OPENINGS: Final = (("esponse to", "in r"), ("etaliation for", "in r"), ("ответ на", "в "))
# … and its clause: "… in Novgorod region, launched on the night of 29 December," up to the clause's end
CLAUSE_REST: Final = re.compile(r"[^,;.!?\n]*(?:,\s*(?:launched|carried\s+out|committed|perpetrated|staged|"
                                r"совершенн\w*)\b[^,;.!?\n]*)*", re.IGNORECASE)
JOURNEY_TYPES: Final = frozenset({"visit", "evacuation"})  # … and a happening no trigger names: where its journey ends
FROM_PLACE_TO: Final = re.compile(r"\s+(?:to|в|во)\s+(?:the\s+)?$", re.IGNORECASE)  # "from Egypt| to |Moscow"
FROM_BEFORE: Final = re.compile(r"(?<!\w)(?:from|из|изо)\s+(?:the\s+)?$", re.IGNORECASE)
PLACE_WORDS_BACK: Final = 5  # words (or other places) walked back from a place to its preposition
VISIT_VERB_ENDINGS: Final = ("ed", "ing", "ил", "ила", "или", "ит")  # "visited", "visiting", "посетил", "посетит"
APPOSITION_DASHES: Final = "–—"  # "the capital of Niger – Niamey"
NAMING_REACH: Final = 40  # characters from a date to the place of the battle it opens with
COUNTRY_AFTER_TRIGGER: Final = 12  # characters: "talks in China", "visit to the Republic of Korea"
SPEECH_TYPES: Final = frozenset({"statement", "briefing"})  # spoken at a gathering, they are the gathering
CITY_ONLY_TYPES: Final = frozenset({"statement", "interview", "briefing", "greetings", "national_day", "anniversary"})
# what may stand before the title of the person a paragraph opens with: "🎙 In his welcoming address, Russian Ambassador"
PARAGRAPH_LEAD: Final = re.compile(r"[^\w]*(?:(?:in|during|at)\s[^,.\n]{0,60},\s*)?(?:[A-ZА-ЯЁ]\w+\s+)?",
                                   re.IGNORECASE)
LIST_ITEM: Final = re.compile(r"[^\w\s]|\d\ufe0f?\u20e3")  # a paragraph opening with a flag, a bullet, a dash or 1️⃣
LIST_ITEM_LENGTH: Final = 400
ASIDE_WORDS: Final = 4  # a paragraph of at most so many words (and characters) is an aside: "Read in full"
ASIDE_LENGTH: Final = 40
TITLE_DATE_END: Final = re.compile(r"\s*\)" + CLOSES_LINE.pattern)  # "… (January 23, 2026) #Tag"
HISTORY_DAYS: Final = 366
LIFESPAN: Final = re.compile(r"\s*\(\d{3,4}\s*[–—-]\s*(\d{3,4})\)")  # "(1625–1682)" after a name
# what may stand before a date that opens its sentence: "On February 10, 2007, President … delivered"
DATE_OPENS: Final = re.compile(r"[^\w]*(?:on|in|в|во)?\s*", re.IGNORECASE)
GENERIC_REACH: Final = 40  # characters from a generic trigger ("hosted") to the one that says what was hosted
TRIGGER_REACH: Final = 100  # characters from a date to the trigger of a happening other than the main one
CLAUSE_BREAK: Final = re.compile(r"[,.!?;:\n]|(?<!\w)(?:что|that)(?!\w)", re.IGNORECASE)
DEADLINE_REACH: Final = 40  # characters before a date searched for "until", "into force"
# characters from a reporting verb to the person it cites ("рассказала РИА Новости руководитель …")
SOURCE_REACH: Final = 80
REPORT_AFTER: Final = 20  # characters after a person's name where "said" may follow
NEXT_WORD: Final = re.compile(r"(?:['’]s)?[ \t]+(\w+)")  # the word after a name ("Pushkin| Medal", "Nobel’s| Prize")
PREFIX_BEFORE_HYPHEN: Final = re.compile(r"(?<!\w)\w+$")  # a word right before a hyphen: "anti" of "anti-Hitler"
# a short quotation on one line, a name among its words, is the title of a programme, a book, an exhibition: “Moscow.
# Kremlin. Putin”, “Foreign Policy Meetings in Memory of Vitaly Churkin”
TITLE_OPENERS: Final = "«“„"  # and the straight quote, where no letter or digit stands before it
TITLE_CLOSERS: Final = "»”“"  # and the straight quote, where no letter or digit follows it
QUOTES: Final = "«»“”„\""
QUOTED_TITLE_REACH: Final = 60  # characters from the name to either quote
# what stands between "by" and one of the authors it names: "by Sergei Rachmaninoff and |", "by A.|Pushkin"
AUTHORS_BETWEEN: Final = re.compile(r"(?:[A-ZА-ЯЁ]\.\s*|[A-ZА-ЯЁ][\w.’'-]*,?\s+|(?:and|и)\s+)*")


def _alternation(words) -> str:
    """Any of the words, a space of one matching any white space (for patterns compiled with re.IGNORECASE)."""
    return "(?:" + literal_alternation(words, ignorecase=True, spaces=r"\s+") + ")"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """The spans between PARAGRAPH_BREAK's matches, found from the line breaks (`str.find` in C) rather than by trying
    the pattern at every character."""
    spans, start = [], 0
    newline = text.find("\n")
    while newline != -1:
        second = newline + 1
        while second < len(text) and text[second] in BLANK_LINE_SPACE:
            second += 1
        if second < len(text) and text[second] == "\n":  # a blank line: the break runs over all the white space
            end = second + 1
            while end < len(text) and text[end].isspace():
                end += 1
            spans.append((start, newline))
            start = end
            newline = text.find("\n", end)
        else:
            newline = text.find("\n", newline + 1)
    return spans + [(start, len(text))]


@register("events", requires=("dates", "mentions.Person", "mentions.Location", "mentions.Organisation"),
          assigns=("events",))
def events_extractor(context: Context):
    resources = context.resources
    trigger_types = resources.event_triggers
    trigger_pattern = re.compile(r"(?<!\w)" + literal_alternation(trigger_types, ignorecase=True) + r"(?!\w)",
                                 re.IGNORECASE)
    trigger_cues = context.cues.words(trigger_types, inside_words=False)
    words = resources.event_words
    deadline_words = tuple({w.split()[-1].lower() for w in words["not_happening"]})  # each phrase holds its last
    not_happening = re.compile(r"(?<!\w)" + _alternation(words["not_happening"])
                               + r"\s+(?:(?:on|from|the|с|со)\s+)?$", re.IGNORECASE)
    hosts = re.compile(r"\s+" + _alternation(words["hosts"]) + r"(?!\w)", re.IGNORECASE)
    # a country the guest is in "on a working visit" is where the guest met their host
    on_visit = re.compile(r"\s+" + _alternation(words["on_visit"]) + r"(?!\w)", re.IGNORECASE)
    continues_pattern = re.compile(r"(?<!\w)" + _alternation(words["continues"]) + r"(?!\w)", re.IGNORECASE)
    continues_cues = context.cues.words({w.split()[0].lower() for w in words["continues"]}, inside_words=False)

    def continues(text: str, start: int, end: int) -> bool:
        return continues_cues.search(continues_pattern, text, start, end) is not None
    at_gathering = re.compile(r"\s*" + _alternation(words["at_gathering"]) + r"\s+(?:[^\s.;:!?]+\s+){0,5}",
                              re.IGNORECASE)
    fillers = frozenset(w.lower() for w in words["place_filler"])
    # where a kind of event takes its place after words besides PREPOSITIONS: "visit to Russia", "struck over Kursk"
    kind_prepositions = {kind: frozenset(w.lower() for w in words[role])
                         for kind, role in (("visit", "visit_to"), ("attack", "attack_over"))}
    past_prepositions = frozenset(w.lower() for w in words["past_at"])  # "the sky over Leningrad" (in 1944)
    naming = _Naming(words["named_at_place"], words["place_of_named"])  # "the Istanbul talks", "Battle of Kursk"
    # the words of a visit that take its destination without a preposition: "visited Russia", "посетил Москву"
    visit_verbs = frozenset(word for word, kind in trigger_types.items()
                            if kind == "visit" and word.endswith(VISIT_VERB_ENDINGS))
    generic = frozenset(w.lower() for w in words["generic_trigger"])
    media_positions = resources.media_positions
    reporting = re.compile(r"(?<!\w)" + _alternation(words["reports"]) + r"(?!\w)", re.IGNORECASE)
    reporting_words = tuple(sorted({max(w.split(), key=len).lower() for w in words["reports"]}))  # its longest word
    named_after = frozenset(w.lower() for w in words["named_after"])  # "the Pushkin Medal": no one takes part
    stances = frozenset(w.lower() for w in words["stance_on"])  # "the anti-Hitler coalition": Hitler takes no part
    # after these words in a sentence, the people named are those remembered: "honours were rendered to the fallen
    # crew members – Captains Nikolai Chikov and Vladimir Levin"
    remembered = re.compile(r"(?<!\w)" + _alternation(words["remembered"]) + r"(?!\w)", re.IGNORECASE)
    # "compositions by Sergei Rachmaninoff and Sergei Prokofiev were performed", "a poem by A.Pushkin": the authors
    authored = re.compile(r"(?<!\w)" + _alternation(words["authored"]) + r"\s+by\s+", re.IGNORECASE)
    # each tried only where its first word starts (the cue scan)
    remembered_cues = context.cues.words({w.split()[0].lower() for w in words["remembered"]}, inside_words=False)
    authored_cues = context.cues.words({w.split()[0].lower() for w in words["authored"]}, inside_words=False)
    # "On behalf of the President, Vladimir Putin, medals were presented": the one in whose name it is done is absent
    sent_by = re.compile(r"(?<!\w)" + _alternation(words["sent_by"]) + r"\s+(?:the\s+)?", re.IGNORECASE)
    sent_by_cues = context.cues.words({w.split()[0].lower() for w in words["sent_by"]}, inside_words=False)
    # what a title's statement is about: "Comment by Yury Ushakov following Putin's videoconference with Xi Jinping"
    speech_subject = re.compile(r"(?<!\w)" + _alternation(words["speech_subject"]) + r"(?!\w)", re.IGNORECASE)


    def find_trigger(text: str, start: int, end: int) -> re.Match | None:
        return trigger_cues.search(trigger_pattern, text, start, end)  # tried only where a trigger starts

    def triggers_in(text: str, start: int, end: int) -> list[re.Match]:
        found = []
        while (trigger := find_trigger(text, start, end)) is not None:
            found.append(trigger)
            start = trigger.end()
        return found

    def event_type(text: str, start: int, end: int, when: DateMention, other_dates: list[DateMention],
                   bodies: list[tuple[int, int]]) -> tuple[str, re.Match | None]:
        """The type and trigger of the happening a date dates: in a dateline's words (or a title's, closed by its date
        in brackets) the first trigger, in a sentence the one nearest the date that no other date stands nearer (see
        `_nearest`); a generic word ("hosted") gives way to the trigger just after it ("hosted a reception"), and a
        statement at a gathering is the gathering. A word of a body's name is no trigger ("the Central Election
        Commission")."""
        triggers = [t for t in triggers_in(text, start, end)
                    if not any(s <= t.start() and t.end() <= e for s, e in bodies)]
        if not triggers:
            return "other", None
        index = 0 if when.dateline or _closes_title(text, when) else _nearest(triggers, when, other_dates)
        trigger = triggers[index]
        following = triggers[index + 1] if index + 1 < len(triggers) else None
        if (following is not None and trigger.group().lower() in generic
                and following.start() - trigger.end() <= GENERIC_REACH):
            trigger, following = following, triggers[index + 2] if index + 2 < len(triggers) else None
        kind = trigger_types[trigger.group().lower()]
        if (kind in SPEECH_TYPES and following is not None
                and trigger_types[following.group().lower()] not in SPEECH_TYPES
                and at_gathering.fullmatch(text, trigger.end(), following.start())):
            return trigger_types[following.group().lower()], following
        return kind, trigger

    def extract(post: Post, findings: Findings, _ctx: Context) -> None:
        if not findings.dates:
            return
        text = post.text
        paragraphs = _paragraphs(text)
        sentences = Sentences(text)
        anchors = [d for d in findings.dates if d.dateline or not _deadline(text, d, not_happening, deadline_words)]
        if not anchors:
            anchors = findings.dates[:1]  # a post whose only date is a deadline: that is what it dates
        people = [m for m in findings.mentions if m.type == "Person"]
        places = [m for m in findings.mentions if m.type == "Location"]
        # the names of bodies, but not of gatherings ("East Asia Summit": a format), whose words name a happening
        bodies = [(m.start, m.end) for m in findings.mentions if m.type == "Organisation" and m.kind != "format"]
        titled = _titled(findings, media_positions)
        # what makes a person named after it no participant: the words of the remembered, of a work's authors
        not_taking_part = _NotTakingPart(text, sentences, remembered_cues.finditer(remembered, text),
                                         authored_cues.finditer(authored, text), sent_by_cues.finditer(sent_by, text),
                                         titled.spans, named_after, stances)
        post_day = post.date.date() if post.date else None
        happenings = []
        for number, when in enumerate(anchors):
            start, end = _scope(text, when, paragraphs, sentences, find_trigger)
            kind, trigger = event_type(text, start, max(end, when.end), when, anchors, bodies)
            if number > 0 and (trigger is None or _distance(trigger.span(), when) > TRIGGER_REACH):
                continue  # a date no trigger word names a happening for: "valid until …", "which today, as ever"
            happenings.append((when, start, end, kind, trigger))
        # where another happening's words begin, the words about one end ("a university that today is …" dates none)
        anchor_positions = sorted(when.start for when, *_ in happenings)
        found: list[EventFinding] = []
        for number, (when, start, end, kind, trigger) in enumerate(happenings):
            main = number == 0
            words_about = [(start, end), *_further_words(text, when, end, paragraphs, sentences, anchor_positions,
                                                          continues, find_trigger, later_paragraphs=main)]
            year = int(when.date[:4]) if not when.date.startswith("--") else post_day.year if post_day else None
            named = [m for m in people if _inside(m, words_about) and not not_taking_part(m)
                     and not _dead_by(text, m, year)]
            historical = _historical(when, post_day)
            if historical:  # a title the sentence of history gives after its opening date is the title then
                opens = DATE_OPENS.fullmatch(text, start, when.start) is not None
                named = [m for m in named if m.key not in titled.people or (opens and when.end < m.start < end)]
            if kind not in SPEECH_TYPES and kind != "interview":
                named = [m for m in named
                         if not _source(text, m, reporting, reporting_words) and not _speaker_of(text, m, when)]
            if main and not named and not historical:  # today's official took no part in a happening of 1970
                named = _opening_official(text, end, when, paragraphs, anchor_positions, titled, people)
            if kind == "interview":  # the one who answers takes part, not the journalist who asks
                named = [m for m in named if m.key not in titled.media_people]
            if (kind in SPEECH_TYPES or kind == "interview") and trigger is not None and (
                    when.dateline or _closes_title(text, when)) and (
                    subject := _subject(text, trigger.end(), speech_subject)) is not None:
                named = [m for m in named if start <= m.start < end
                         and not _spoken_about(text, subject, m, people, counterparts=kind != "interview")]
            named = _distinct(named)
            place = _place(text, when, kind, trigger.span() if trigger else None, places, start, end, titled.spans,
                           hosts, on_visit, naming, fillers, kind_prepositions, visit_verbs)
            if place is None and main and historical:
                place = _past_place(text, places, start, end, titled.spans, fillers, past_prepositions)
            if place is None and main:
                place = _opening_city(text, places, titled.spans, fillers)
            if place is None and main and trigger is None:
                place = (_flagged_country(text, places, start, end, titled.spans, fillers)
                         or _flagged_country(text, places, *paragraphs[0], titled.spans, fillers))
            confidence = CONFIDENCE["dateline" if when.dateline else "main" if main else "other"]
            found.append(EventFinding(kind, when, place, tuple(named), confidence, trigger.span() if trigger else None))
        findings.events.extend(_one_per_happening(found))

    return extract


class _Titles:
    """What the titles of a post say: the people given a title today, those of them the media's ("presenter"), and
    the words of each title up to the name (a place there names the office, not a venue: "Ambassador of Russia to
    Egypt")."""

    def __init__(self, people: set[str], media_people: set[str], spans: list[tuple[int, int]]) -> None:
        self.people, self.media_people, self.spans = people, media_people, spans


def _titled(findings: Findings, media_positions: frozenset[str]) -> _Titles:
    people, media_people, spans = set(), set(), []
    for relation in findings.relations:
        if relation.predicate == "holdsPosition" and len(relation.evidence) == 2:
            people.add(relation.subject)
            if relation.position is not None and relation.position[1] in media_positions:
                media_people.add(relation.subject)
            (title_start, _), (name_start, _) = relation.evidence
            spans.append((title_start, name_start))
    return _Titles(people, media_people, spans)


def _paragraph_index(paragraphs: list[tuple[int, int]], position: int) -> int:
    """The index of the first paragraph whose span holds the position, ends included (the last where none does)."""
    return next((i for i, (s, e) in enumerate(paragraphs) if s <= position <= e), len(paragraphs) - 1)


def _opening_official(text: str, end: int, when: DateMention, paragraphs: list[tuple[int, int]],
                      anchors: list[int], titled: _Titles, people: list[Mention]) -> list[Mention]:
    """The official the paragraph after the event's words opens with ("On March 6, the Embassy hosted a reception. ¶
    Russian Ambassador Denis Alipov congratulated …"): where the event's own words name no one, the official who
    speaks or acts first in the next paragraph takes part — unless that paragraph dates a happening of its own."""
    index = _paragraph_index(paragraphs, end)
    if index + 1 >= len(paragraphs):
        return []
    start, stop = paragraphs[index + 1]
    if any(start <= anchor < stop and anchor != when.start for anchor in anchors):
        return []
    for title_start, name_start in titled.spans:
        if start <= title_start < stop and PARAGRAPH_LEAD.fullmatch(text, start, title_start):
            return [m for m in people if m.start == name_start]
    return []


def _deadline(text: str, when: DateMention, not_happening: re.Pattern, words: tuple[str, ...]) -> bool:
    """A deadline or the day something comes into force: "until December 31", "вступает в силу с 1 января"."""
    return _search_by_words(not_happening, text, max(0, when.start - DEADLINE_REACH), when.start, words) is not None


def _search_by_words(pattern: re.Pattern, text: str, start: int, end: int, words: tuple[str, ...]) -> re.Match | None:
    """`pattern.search(text, start, end)` for a pattern every match of which holds one of the (lower-case) words: where
    none stands there, found by substring searches in C, the pattern, tried at every place, is not run at all."""
    window = text[start:end].lower()
    if not any(word in window for word in words):
        return None
    return pattern.search(text, start, end)


def _closes_title(text: str, when: DateMention) -> bool:
    """The date is bracketed at the end of its line, as a title's date is: "Comment by Yury Ushakov regarding Putin's
    meeting with Steve Witkoff (January 23, 2026)" — the title's first trigger says what happened, as a dateline's."""
    return TITLE_DATE_END.match(text, when.end) is not None and character_before(text, when.start) == "("


def _nearest(triggers: list[re.Match], when: DateMention, dates: list[DateMention]) -> int:
    """The index of the trigger nearest the date, among those no other date stands between ("24 декабря … встречу
    …, а 25 декабря … заседание": each date its own)."""
    best, best_distance = 0, None
    for index, trigger in enumerate(triggers):
        low, high = sorted((trigger.start(), when.start))
        if any(low < other.start < high and other is not when for other in dates):
            continue
        distance = _distance(trigger.span(), when)
        if best_distance is None or distance < best_distance:
            best, best_distance = index, distance
    return best


def _distance(span: tuple[int, int], when: DateMention) -> int:
    return max(0, span[0] - when.end, when.start - span[1])


def _source(text: str, person: Mention, reporting: re.Pattern, words: tuple[str, ...]) -> bool:
    """The person only reports the happening: "Ушаков сообщил, что …", "рассказала РИА Новости руководитель клиники
    Светлана Бучнева", "according to Peskov". (The reporting `words` are first looked for in the words around the name,
    lower-cased: substring searches in C, before the pattern is tried at every place.)"""
    window = text[max(0, person.start - SOURCE_REACH):person.end + REPORT_AFTER].lower()
    if not any(word in window for word in words):
        return False
    if reporting.match(text, person.end + 1 if text[person.end:person.end + 1] == " " else person.end):
        return True
    cited = None
    for cited in reporting.finditer(text, max(0, person.start - SOURCE_REACH), person.start):
        pass
    # "сообщил, что Путин …": the content of the report, not its source
    return cited is not None and not CLAUSE_BREAK.search(text, cited.end(), person.start)


def _speaker_of(text: str, person: Mention, when: DateMention) -> bool:
    """The person opens the quotation ("💬 Maria Zakharova : On December 17 in Maputo …") in which the date stands:
    the speaker tells of the happening."""
    colon = person.end
    while colon < len(text) and text[colon] in " \t":
        colon += 1
    if colon >= len(text) or text[colon] != ":" or colon > when.start:
        return False
    line_start = text.rfind("\n", 0, person.start) + 1
    return (not any(c.isalnum() for c in text[line_start:person.start])
            and "\n\n" not in text[colon:when.start].replace(" ", ""))


def _dead_by(text: str, person: Mention, year: int | None) -> bool:
    """The person is written with the years of a life that ended before the year: "a video tour dedicated to Artamon
    Matveyev (1625–1682)" in 2026 is about him, he takes no part."""
    life = LIFESPAN.match(text, person.end)
    return life is not None and year is not None and int(life.group(1)) < year


def _historical(when: DateMention, post_day: date | None) -> bool:
    if post_day is None or when.date.startswith("--"):
        return False
    return (post_day - date.fromisoformat(when.date)).days > HISTORY_DAYS


def _scope(text: str, when: DateMention, paragraphs: list[tuple[int, int]], sentences: Sentences,
           find_trigger: Callable[[str, int, int], re.Match | None]) -> tuple[int, int]:
    """The words an event is described in.

    For a dateline: its paragraph, with the title paragraph above when the dateline opens its paragraph, and
    the paragraph below when the dateline stands alone and that paragraph speaks of the event ("The meeting
    was attended by …"). For a date in the text: its sentence.
    """
    if not when.dateline:
        return sentences.bounds(when.start)
    anchor, words_end = when.start, when.end
    if when.place_span:  # the dateline's words: its place, then its date ("📍 Minsk, June 20"), or the other way round
        anchor, words_end = min(anchor, when.place_span[0]), max(words_end, when.place_span[1])
    index = _paragraph_index(paragraphs, anchor)
    start, end = paragraphs[index]
    if not DATELINE_LEAD.fullmatch(text[start:anchor]) or index == 0:
        return start, end
    if not text[words_end:end].strip(" \t)") and index + 1 < len(paragraphs):
        below = paragraphs[index + 1]
        if find_trigger(text, *below):
            end = below[1]
    return paragraphs[index - 1][0], end


def _further_words(text: str, when: DateMention, end: int, paragraphs: list[tuple[int, int]], sentences: Sentences,
                   anchors: list[int], continues: Callable[[str, int, int], bool],
                   find_trigger: Callable[[str, int, int], re.Match | None],
                   later_paragraphs: bool) -> list[tuple[int, int]]:
    """The words that go on about an event after its own: the later sentences of its paragraph that speak of a
    happening (a trigger or a word of `continues`: "The delegation was led by …"), and for the post's main event later
    paragraphs about its delegation or who attended, and the list after such a paragraph ending in a colon
    ("Attending the meeting were:").
    Words that date another happening are not about this one; a paragraph that speaks of no happening ends them."""
    def dates_another(start: int, stop: int) -> bool:
        return any(start <= a < stop and a != when.start for a in anchors)

    found: list[tuple[int, int]] = []
    index = _paragraph_index(paragraphs, end)
    paragraph_end = paragraphs[index][1]
    sentence_start = end
    for break_start, break_end in (*sentences.breaks(end, paragraph_end), (paragraph_end, paragraph_end)):
        if break_start > sentence_start and not dates_another(sentence_start, break_start) and (
                continues(text, sentence_start, break_start) or find_trigger(text, sentence_start, break_start)):
            found.append((sentence_start, break_start))  # a later sentence of the paragraph that speaks of it
        sentence_start = break_end
    listing = False
    for start, stop in paragraphs[index + 1:] if later_paragraphs else ():
        if listing and LIST_ITEM.match(text, start) and stop - start <= LIST_ITEM_LENGTH:
            found.append((start, stop))
            continue
        listing = False
        if dates_another(start, stop):
            continue
        if continues(text, start, stop):
            found.append((start, stop))
            listing = text[start:stop].rstrip().endswith(":")
        elif not _aside(text, start, stop) and find_trigger(text, start, stop) is None:
            break
    return found


def _place(text: str, when: DateMention, kind: str, trigger: tuple[int, int] | None, places: list[Mention],
           start: int, end: int, titled: list[tuple[int, int]], hosts: re.Pattern, on_visit: re.Pattern,
           naming: _Naming, fillers: frozenset[str], kind_prepositions: dict[str, frozenset[str]],
           visit_verbs: frozenset[str]) -> Mention | None:
    """The dateline's place; else the place the event's words say it happened in (see the module's docstring). A
    country only after the trigger ("talks in China"; after the date where no word names the happening: "отключения в
    четверг на Украине"), or as where a visit goes — the event's own or a participant's
    ("talks with the minister, who visited Russia on a working visit", "who will be in Russia on a working visit"):
    "ambassadors of Central Asian States in Russia" is where the ambassadors serve, not where they met."""
    if when.place_span:
        p_start, p_end = when.place_span
        inside = [m for m in places if p_start <= m.start and m.end <= p_end]
        if inside:
            return inside[0]
    prepositions = PREPOSITIONS | kind_prepositions[kind] if kind in kind_prepositions else PREPOSITIONS
    hosting: list[Mention] = []
    candidates: list[Mention] = []
    ends = {m.end: m for m in places}  # where each place ends: another may stand before one
    answered = [span for span in _answered(text, start, end) if not span[0] <= when.start < span[1]]
    for m in places:
        if not start <= m.start < end or _inside(m, titled) or _inside(m, answered):
            continue
        if kind in CITY_ONLY_TYPES and m.kind != "city":
            continue
        if hosts.match(text, m.end) or (kind == "visit" and trigger is not None and _visited(text, trigger, m)) or (
                (kind in JOURNEY_TYPES or trigger is None) and _destination(text, m, ends)) or (
                naming(text, m, trigger, when)):
            # "Moscow hosted …", "visited Pyongyang", "посетил Пхеньян", "from Egypt to Moscow", "the Istanbul talks"
            chosen = hosting
        elif (_after_preposition(text, m, ends, fillers, prepositions) and (
                m.kind != "country" or kind == "visit" or _near(trigger or (when.start, when.end), m)
                or on_visit.match(text, m.end))) or (
                ON_TERRITORY.search(text, max(0, m.start - 24), m.start)) or _visit_verb_before(text, m, visit_verbs):
            chosen = candidates  # "in Cairo", "talks in China", "on the territory of Ukraine", "who visited Russia"
        else:
            continue
        if not _names_a_mission(text, m):
            chosen.append(m)
    if hosting:
        return hosting[0]
    candidates.sort(key=lambda m: m.kind != "city")
    return candidates[0] if candidates else None


def _after_preposition(text: str, place: Mention, ends: dict[int, Mention], fillers: frozenset[str],
                       prepositions: frozenset[str]) -> bool:
    """"in Cairo", "в столицу Лаоса Вьентьян", "visit to the Republic of Korea", "in the capital of Niger – Niamey",
    "in Russia's Kamchatka": walking back from the place over white space, filler words and other places (also one set
    off by a dash or owning it), the first other word is a preposition."""
    cursor = place.start
    for _ in range(PLACE_WORDS_BACK):
        while cursor > 0 and text[cursor - 1].isspace():
            cursor -= 1
        other = ends.get(cursor)
        if other is None and text[cursor - 2:cursor] in POSSESSIVE_ENDINGS:
            other = ends.get(cursor - 2)  # "in Russia's Kamchatka"
        if other is None and cursor > 0 and text[cursor - 1] in APPOSITION_DASHES:
            before_dash = cursor - 1
            while before_dash > 0 and text[before_dash - 1].isspace():
                before_dash -= 1
            other = ends.get(before_dash)
        if other is not None and other is not place:
            cursor = other.start
            continue
        word_start = cursor
        while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] in "-'’"):
            word_start -= 1
        word = text[word_start:cursor].lower()
        if not word:
            return False
        if word in prepositions:
            return True
        if word not in fillers:
            return False
        cursor = word_start
    return False


def _aside(text: str, start: int, stop: int) -> bool:
    """A line of a few words between the paragraphs of a report ("Read in full", "***", "#Victory81"): it neither goes
    on about an event nor ends the words about it."""
    return stop - start <= ASIDE_LENGTH and len(text[start:stop].split()) <= ASIDE_WORDS


def _answered(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The words of a happening another one answers, up to the clause's end: "in response to the attack on the
    residence in Novgorod region, the forces struck …" — its places are that happening's (the one its words date), not
    the answer's."""
    spans = []
    for opening, before in ANSWER_OPENINGS:
        found = text.find(opening, start, end)  # str.find, not the pattern tried at every character
        while found >= 0:
            if text[max(0, found - len(before)):found].lower() == before:
                clause = CLAUSE_REST.match(text, found + len(opening))
                spans.append((found - len(before), clause.end() if clause else found + len(opening)))
            found = text.find(opening, found + 1, end)
    return spans


def _destination(text: str, place: Mention, ends: dict[int, Mention]) -> bool:
    """Where a journey ends: "brought Russian nationals from Egypt to Moscow", "из Каира в Москву"."""
    to = FROM_PLACE_TO.search(text, max(0, place.start - 8), place.start)
    if to is None:
        return False
    origin = ends.get(to.start())
    return origin is not None and FROM_BEFORE.search(text, max(0, origin.start - 8), origin.start) is not None


def _names_a_mission(text: str, place: Mention) -> bool:
    """The city only says which mission ("the Embassy in Toronto"), unless the mission is the venue."""
    mission = _search_by_words(MISSION_BEFORE, text, max(0, place.start - MISSION_REACH), place.start, MISSION_WORDS)
    return mission is not None and not VENUE_BEFORE_MISSION.search(text, max(0, mission.start() - 40),
                                                                     mission.start())


def _visited(text: str, trigger: tuple[int, int], place: Mention) -> bool:
    """The place is what the visit word takes: "visited Pyongyang", "visiting the UAE" (after it, not "a flight from
    Azerbaijan landed")."""
    if place.start < trigger[1]:
        return False
    between = text[trigger[1]:place.start]
    return not between.strip() or between.strip().lower() == "the"


def _visit_verb_before(text: str, place: Mention, visit_verbs: frozenset[str]) -> bool:
    """The place is what a word of a visit takes, as "visited Russia", "посетил Москву"."""
    words = text[max(0, place.start - 24):place.start].split()
    if words[-1:] == ["the"]:
        words.pop()
    return bool(words) and words[-1].lower() in visit_verbs


class _Naming:
    """Whether the name of the happening holds its place: a city or region right before its trigger ("the Istanbul
    talks") or, where no trigger names it, before a word such as "offensive" ("the Budapest offensive operation"); a
    place after "Battle of" where the battle is what the date opens with ("On February 2, 1943, the #BattleOfStalingrad
    concluded", "27 января 1944 года завершилась битва за Ленинград"; not "… marks the anniversary of the Battle of
    Stalingrad"). A country before the trigger is a party, not the venue ("the Russia–Africa Summit")."""

    def __init__(self, after_place: set[str], before_place: set[str]) -> None:
        self.after = re.compile(r"[^\S\n]*(?:-[^\S\n]*)?" + _alternation(after_place) + r"(?!\w)", re.IGNORECASE)
        # after the date at most "the" or one word; the words may run together in a hashtag: "#BattleOfStalingrad"
        self.opening = re.compile(r"[\s,]*(?:the\s+|[^\W\d_]+\s+)?#?(?:" + "|".join(
            r"\s*".join(map(re.escape, phrase.split())) for phrase in before_place) + r")\s*", re.IGNORECASE)

    def __call__(self, text: str, place: Mention, trigger: tuple[int, int] | None, when: DateMention) -> bool:
        if trigger is not None:
            return (place.kind != "country" and place.end <= trigger[0]
                    and not text[place.end:trigger[0]].strip(" -\xa0"))
        if place.kind != "country" and self.after.match(text, place.end):
            return True
        return (0 <= place.start - when.end <= NAMING_REACH
                and self.opening.fullmatch(text, when.end, place.start) is not None)


def _near(trigger: tuple[int, int] | None, place: Mention) -> bool:
    return trigger is not None and 0 <= place.start - trigger[1] <= COUNTRY_AFTER_TRIGGER


class _NotTakingPart:
    """Whether a person is named, but not as one who takes part: in the name of a thing called after them, in a
    quoted title, as one remembered ("honours were rendered to the fallen crew members – Captains Nikolai Chikov and
    …"), as the author of a work ("compositions by Sergei Rachmaninoff were performed"), as the one in whose name or on
    whose instructions it is done ("On behalf of the President of the Russian Federation, Vladimir Putin, …": right
    after those words, or after a title that follows them). Made per post from where those words stand in it."""

    def __init__(self, text: str, sentences: Sentences, remembered: list[re.Match], works: list[re.Match],
                 senders: list[re.Match], titles: list[tuple[int, int]], named_after: frozenset[str],
                 stances: frozenset[str]) -> None:
        self.text, self.sentences, self.remembered, self.works = text, sentences, remembered, works
        self.named_after, self.stances = named_after, stances
        # where the one sent by is named: right after the words, or where a title that starts there names them
        self.senders_named_at = {match.end() for match in senders} | {
            name_start for title_start, name_start in titles if any(m.end() == title_start for m in senders)}
        self.quoted = any(quote in text for quote in QUOTES)

    def __call__(self, person: Mention) -> bool:
        text, sentences = self.text, self.sentences
        if (person.start in self.senders_named_at or _names_a_thing(text, person, self.named_after)
                or _stance_on(text, person, self.stances)
                or (self.quoted and _in_quoted_title(text, person))):
            return True
        remembered = _last_before(self.remembered, person.start)
        if remembered is not None and not sentences.breaks(remembered.end(), person.start, first_only=True):
            return True
        work = _last_before(self.works, person.start)
        return (work is not None and AUTHORS_BETWEEN.fullmatch(text, work.end(), person.start) is not None
                and not sentences.breaks(work.end(), person.start, first_only=True))


def _last_before(matches: list[re.Match], position: int) -> re.Match | None:
    """The last of the matches (in the order of the text) that ends by the position."""
    found = None
    for match in matches:
        if match.end() > position:
            break
        found = match
    return found


def _names_a_thing(text: str, person: Mention, named_after: frozenset[str]) -> bool:
    """The person's name is part of the name of a thing called after them: "the Pushkin Medal", "Lenin Street"."""
    following = NEXT_WORD.match(text, person.end)
    return following is not None and following.group(1).lower() in named_after


def _stance_on(text: str, person: Mention, stances: frozenset[str]) -> bool:
    """The person's name ends a word of a stance on them: "the anti-Hitler coalition", "a pro-Bandera orientation"."""
    if person.start < 2 or text[person.start - 1] != "-":
        return False
    before = PREFIX_BEFORE_HYPHEN.search(text, max(0, person.start - 12), person.start - 1)
    return before is not None and before.group().lower() in stances


def _subject(text: str, trigger_end: int, speech_subject: re.Pattern) -> re.Match | None:
    """The words on a title's line that say what its statement is about ("… following", "… regarding"): the words that
    follow it, and the paragraphs below, which quote the statement, tell of another happening."""
    line_end = text.find("\n", trigger_end)
    return speech_subject.search(text, trigger_end, len(text) if line_end < 0 else line_end)


def _spoken_about(text: str, subject: re.Match, person: Mention, people: list[Mention], counterparts: bool) -> bool:
    """The person is named in what a title's statement is about: "Comment by Yury Ushakov following President Vladimir
    Putin's videoconference with Xi Jinping", "… answer regarding the talks between Lavrov and Cassis". Not, where
    `counterparts`, the speaker's own counterpart: "Statement by Sergey Lavrov at a press conference following talks
    with Badr Abdelatty" (no one named between those words and "with"); an answer to a media question is the
    answerer's alone, though it follows talks."""
    if person.start < subject.end():
        return False
    if not counterparts:
        return True
    counterpart = text.rfind(" with ", subject.end(), person.start)
    return counterpart < 0 or any(subject.end() <= m.start < counterpart for m in people)


def _in_quoted_title(text: str, person: Mention) -> bool:
    """The person is named among other words of a short quotation on one line: the title of something, not a
    happening they take part in."""
    line_start = text.rfind("\n", 0, person.start) + 1
    opening = max(text.rfind(quote, max(line_start, person.start - QUOTED_TITLE_REACH), person.start)
                  for quote in QUOTES)
    if opening < 0 or not (text[opening] in TITLE_OPENERS or (
            text[opening] == '"' and (opening == 0 or not text[opening - 1].isalnum()))):
        return False
    line_end = text.find("\n", person.end)
    reach = min(len(text) if line_end < 0 else line_end, person.end + QUOTED_TITLE_REACH)
    closing = min((found for quote in QUOTES if (found := text.find(quote, person.end, reach)) >= 0), default=-1)
    if closing < 0 or not (text[closing] in TITLE_CLOSERS or (
            text[closing] == '"' and (closing + 1 == len(text) or not text[closing + 1].isalnum()))):
        return False
    return any(c.isalpha() for c in text[opening + 1:person.start] + text[person.end:closing])


def _inside(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(start <= mention.start < end for start, end in spans)


def _opening_city(text: str, places: list[Mention], titled: list[tuple[int, int]],
                  fillers: frozenset[str]) -> Mention | None:
    """A city the post's first paragraph says things happen in ("The conference concluded in Cairo.", "разгон в
    центре Тбилиси"): where the event's own words name no place, that is where the post's story happened. Only a city,
    after in/at/в and filler words: "the situation in Ukraine" is a subject, not a venue."""
    first_break = PARAGRAPH_BREAK.search(text)  # where the first paragraph ends: no need to find the others
    first_end = first_break.start() if first_break else len(text)
    ends = {m.end: m for m in places}
    return next((m for m in places if m.start < first_end and m.kind == "city" and not _inside(m, titled)
                 and _after_preposition(text, m, ends, fillers, CITY_PREPOSITIONS)
                 and not _names_a_mission(text, m)), None)


def _past_place(text: str, places: list[Mention], start: int, end: int, titled: list[tuple[int, int]],
                fillers: frozenset[str], prepositions: frozenset[str]) -> Mention | None:
    """Where a happening long past took place: a place its sentence puts it in, at or over ("the evening sky over
    Leningrad was lit by a victory salute", "events that took place in Latvia on February 5, 1926"). A sentence of
    history tells what happened, so a country after "in" is where, not what today's talks are about ("talks on the
    situation in Ukraine"), as `_place` must fear; past_at in event_words.tsv holds the words."""
    return _first_after_preposition(text, places, start, end, titled, fillers, prepositions,
                                    lambda m: not _names_a_mission(text, m))


def _first_after_preposition(text: str, places: list[Mention], start: int, end: int, titled: list[tuple[int, int]],
                             fillers: frozenset[str], prepositions: frozenset[str],
                             keep: Callable[[Mention], bool]) -> Mention | None:
    """The first place in [start, end) that `keep` keeps, outside the titles, after one of the prepositions."""
    ends = {m.end: m for m in places}
    return next((m for m in places if start <= m.start < end and keep(m) and not _inside(m, titled)
                 and _after_preposition(text, m, ends, fillers, prepositions)), None)


def _flagged_country(text: str, places: list[Mention], start: int, end: int, titled: list[tuple[int, int]],
                     fillers: frozenset[str]) -> Mention | None:
    """Where no word names the happening, a country after "in" is its place only if it is one of the countries the
    post's flags pair ("🇷🇺 🇶🇦 … the Days of Russian Culture in Qatar"): a country after "in" alone is as often what
    is talked about ("the situation in Ukraine"), and a lone flag marks a channel's own country ("🇷🇺 February 10 is
    Diplomatic Workers' Day in Russia": a day kept there, not a venue). Looked for in the event's words, then in the
    post's opening paragraph, which says what the post is about ("🇷🇺 🇭🇺 On the launch of … the Paks Nuclear Power
    Plant in Hungary" over "On February 5, a ceremonial pouring was held")."""
    flagged = {m.key for m in places if m.extractor == "flags"}
    if len(flagged) < 2:
        return None
    return _first_after_preposition(text, places, start, end, titled, fillers, PREPOSITIONS,
                                    lambda m: m.kind == "country" and m.key in flagged and m.extractor != "flags")


def _distinct(mentions) -> list[Mention]:
    """The first mention of each person."""
    first: dict[str, Mention] = {}
    for mention in mentions:
        first.setdefault(mention.key, mention)
    return list(first.values())


def _same_days(first: DateMention | None, second: DateMention | None) -> bool:
    """The two dates name one day, or one is a night ("New Year's night": December 31 to January 1) and the other
    one of its two days."""
    if first is None or second is None:
        return first is second
    if first.date == second.date:
        return True
    return any(night.end_date is not None and not night.date.startswith("--")
               and (date.fromisoformat(night.end_date) - date.fromisoformat(night.date)).days == 1
               and other.end_date is None and night.date <= other.date <= night.end_date
               for night, other in ((first, second), (second, first)))


def _one_per_happening(found: list[EventFinding]) -> list[EventFinding]:
    """Events of one post on the same day and of the same kind are one; an event no trigger names joins a named one
    of its day. The main event stays first."""
    kept: list[EventFinding] = []
    for event in found:
        same = next((k for k in kept if _same_days(k.date, event.date)
                     and (k.type == event.type or k.trigger is None or event.trigger is None)), None)
        if same is None:
            kept.append(event)
            continue
        named, other = (same, event) if same.trigger is not None or event.trigger is None else (event, same)
        people = _distinct([*same.participants, *event.participants])
        # the place where the named happening took place ("Белоусов прибыл с визитом в КНДР"), not one of a digest's
        kept[kept.index(same)] = EventFinding(named.type, same.date, named.place or other.place, tuple(people),
                                              max(same.confidence, event.confidence), named.trigger)
    return kept
