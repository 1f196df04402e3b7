"""The `dates` extractor: datelines and dates in English and Russian, by pattern (fast, and right on these forms).

`📍 Minsk, June 20, 2023`, `📍 January 15, 2026, Geneva`, `(St Petersburg, June 16, 2023)` and `(January 22, 2026,
Moscow)` closing a title line are datelines: they date and place the post's main event (a name is the place: "(From
the briefing by Maria Zakharova, January 22, 2026)" cites a source). `On November 17,`, `20 июня
2023 года`, `Feb 1, 1980`, `September 28-30` are dates, and "December 29 – January 4" a range. A date without a year
takes the year that puts it nearest the post's day (in a post of January 6, "December 29" is last December's), and is
written `--MM-DD` where the post has no date; "today", "yesterday", "last night" (сегодня, вчера, этой ночью, утром:
kg/data/relative_days.tsv) and weekdays ("on Tuesday", "в ночь на вторник") count only when the post's date is known,
and a weekday written beside a date ("On Wednesday, February 12") is part of that date, not a date of its own, as is
such a word beside a date or weekday ("утром в пятницу"), or one that is a preposition before a genitive ("накануне
выборов": on the eve of the elections, not the day before the post); "On this day, 64 years ago" (and "#OTD 8️⃣ 3️⃣
years ago") is the post's day, so many years back; "the first Saturday of February" is that day in the year written or
the post's; "New Year's Eve", "the first minutes of 2026" (kg/data/calendar_days.tsv) are the days they name, in the
year written or the one nearest the post's day.
"""

from __future__ import annotations

import re
from calendar import isleap
from datetime import date, timedelta
from itertools import chain
from typing import Final, NamedTuple

from kg.extract import Context, DateMention, Findings, register
from kg.extract.cues import CueWords
from kg.extract.textutil import (CLOSES_LINE, finditer_at, ignorecase_twins, line_starts, literal_alternation,
                                 occurrences, sentence_bounds)
from kg.extract.resources import Resources
from kg.extract.russian import is_genitive, verb_tense
from kg.model import Post


# the words that join the ends of a range of days: "с 1 по 8 декабря", "from February 11 till 13", "from 8 September
# 1941 to 27 January 1944"
_RANGE_WORD: Final = r"\s+(?:по|до|to|through|till|until)\s+"
_DAYS: Final = (r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:(?:\s*[-–]\s*|" + _RANGE_WORD
                + r")(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?")
# a year from 1000 to 2099 ("On January 25, 1759, Robert Burns was born"), not the start of a longer number
_YEAR: Final = r"(?:,?\s+(?P<year>(?:1\d|20)\d\d)(?!\d)(?:\s*(?:года|год|г\.))?)?"
NUMERIC: Final = re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?![\d.])")
NUMERIC_YEARS: Final = (".19", ".20")  # every NUMERIC date holds one: posts without spare the slow scan
# what may stand between a weekday and the date it names ("On Wednesday, February 12", "overnight into December 29")
WEEKDAY_GAP: Final = re.compile(r"[\s,(]*(?:(?:into|on)\s+)?", re.IGNORECASE)
WEEKDAY_REACH: Final = 7  # the longest WEEKDAY_GAP that counts: " into "
HALF_YEAR: Final = 182  # days: a day this near the post's day in its year is nearer than in any other year
# "December 29 – January 4", "с 29 ноября по 12 декабря": two dates that make one range
RANGE_JOIN: Final = re.compile(r"\s*[-–—]\s*|" + _RANGE_WORD)
# a day and a range word before the run of a day-first date's day: "1 по " before "8 декабря"
RANGE_START_BEFORE: Final = re.compile(r"(?<![\w])[0-3]?\d(?:st|nd|rd|th)?" + _RANGE_WORD + "$")
RANGE_START_REACH: Final = 16  # characters: "11th through "
# "On this day, 64 years ago", "в этот день 80 лет назад", "#OTD 8️⃣ 3️⃣ years ago" (the years in keycap digits): the
# post's day, so many years back
YEARS_AGO_REACH: Final = 40  # characters: "On this very day, 1234 years" before "ago"
YEARS_AGO_TODAY: Final = re.compile(
    r"(?:(?<!\w)on\s+)?(?:(?<!\w)(?:this\s+(?:very\s+)?day|в\s+этот\s+(?:же\s+)?день)|#OTD(?!\w)),?\s+"
    r"(?P<years>\d{1,4}|(?:\d\ufe0f?\u20e3\s*){1,4})\s*(?:years|год|года|лет)\s+(?:ago|назад)(?!\w)", re.IGNORECASE)
DAYS_CHARACTERS: Final = "-–stndrh"  # with digits and white space, all that `_DAYS + r"\s+"` can match
_PLACE: Final = r"(?P<place>[A-ZА-ЯЁ][^\n,()📍]{1,60}?)"
# "📍 Minsk, June 20", "(Dushanbe, October 9)", "(January 22, 2026, Moscow)", "📍 January 15, 2026, Geneva"; each
# with the character it opens with: no match starts before its first occurrence (found by str.find in C)
DATELINES: Final = [
    ("📍", re.compile(r"📍\s*" + _PLACE + r"\s*,\s*(?P<when>[^\n]+)")),
    ("(", re.compile(r"\(\s*" + _PLACE + r"\s*,\s*(?P<when>[^()\n]+?)\)")),
    ("(", re.compile(r"\(\s*(?P<when>[^()\n]{4,40}?)\s*,\s*" + _PLACE + r"\s*\)")),
    ("📍", re.compile(r"📍\s*(?P<when>[^\n📍]{4,40}?)\s*,\s*" + _PLACE + r"[ \t]*(?:[,\n]|$)")),
]
DATELINE_LEADS: Final = tuple(dict.fromkeys(lead for lead, _ in DATELINES))
WRITTEN_YEAR: Final = re.compile(r"\d{4}")  # the year in a calendar day's words ("the first hours of 2026")
NEXT_WORD: Final = re.compile(r"\s+(\w+)")  # the word after a position
# letters: "de", "of", "upon" (Newcastle upon Tyne) may stand in lower case in a place's name, no longer word
LINKING_WORD_LENGTH: Final = 4
# a line opening with "Place, Date" — alone, or leading into the report: "Казань, 22 октября. Президент …"
LINE_DATELINE: Final = re.compile(r"(?m)^\s*" + _PLACE + r"\s*,\s*(?P<when>[^\n]{4,40}?)\s*(?:$|[.—–]\s)")


PAST, FUTURE = ("last", "минувш", "прошл"), ("next", "the coming", "следующ", "ближайш", "предстоящ")
CLAUSE_END: Final = re.compile(r"[,.;:!?\n]")  # where the clause of a weekday ends, for the verb after it
CLAUSE_REACH: Final = 80
RUSSIAN_WORD: Final = re.compile(r"[а-яё]+", re.IGNORECASE)
ORDINALS: Final = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}  # "the first Saturday of February"
WEEKDAY_OPENERS: Final = "olnв"  # every match of DateGrammar.weekday opens with on, last, next, в or во


def _as_written(names) -> str:
    """Month names as written in text: "June" for English, "июня" for Russian; longest first (as a trie)."""
    return literal_alternation(n.capitalize() if n.isascii() else n for n in names)


class DateGrammar:
    """The date patterns, compiled from the build's word lists: month and weekday names, words of the future."""

    def __init__(self, resources: Resources) -> None:
        self.months = resources.months
        self.weekday_numbers = resources.weekdays
        month = ("(?P<month>" + _as_written(set(self.months) - resources.short_months) + "|(?:"
                 + _as_written(resources.short_months) + r")\.?)")
        self.patterns = [re.compile(r"(?<![\w])" + form + r"(?![\w])") for form in (
            month + r"\s+" + _DAYS + _YEAR,  # June 20, 2023 · September 28-30
            _DAYS + r"\s+" + month + _YEAR,  # 20 June 2023 · 20 июня 2023 года
        )]
        en_days = "|".join(name.capitalize() for name in self.weekday_numbers if name.isascii())
        ru_days = "|".join(name for name in self.weekday_numbers if not name.isascii())
        # "on Tuesday", "last Friday", "в четверг", "в минувшую пятницу", "в ночь на вторник", "в ночь с понедельника на
        # вторник"
        self.weekday = re.compile(
            r"(?<!\w)(?:(?i:on)\s+(?:(?P<en_which>(?i:last|this|next|the\s+coming))\s+)?|(?P<en_which2>(?i:last|next))\s+)"
            rf"(?P<en_day>{en_days})(?!\w)"
            r"|(?<!\w)(?i:(?P<night>в\s+ночь\s+(?:с\s+\w+\s+)?на)|во?(?:\s+(?P<ru_which>минувш\w*|прошл\w*|эт\w+|следующ\w*"
            rf"|ближайш\w*|предстоящ\w*))?)\s+(?P<ru_day>(?i:{ru_days}))(?!\w)"
        )
        # a letter a weekday match opens with, where a word opens (its class first: the engine finds it at C speed)
        letters = frozenset(WEEKDAY_OPENERS + WEEKDAY_OPENERS.upper()) | ignorecase_twins(frozenset(WEEKDAY_OPENERS))
        self.weekday_opening = re.compile("[" + "".join(sorted(letters)) + r"](?<!\w.)")
        # "(on) the first Saturday of February (2026)": a weekday of a month, counted from its start or end
        en_months = "|".join(name for name in self.months if name.isascii() and name not in resources.short_months)
        self.nth_weekday = re.compile(
            r"(?<!\w)(?P<nth>" + "|".join(ORDINALS) + rf")\s+(?P<day>{en_days})\s+(?:of|in)\s+(?P<month>{en_months})"
            r"(?:,?\s+(?P<year>(?:1\d|20)\d\d))?(?!\w)", re.IGNORECASE)
        self.relative_days = resources.relative_days
        self.relative_prepositions = resources.relative_prepositions
        self.relative = re.compile(r"(?<!\w)(?P<words>" + "|".join(
            re.escape(words).replace(r"\ ", r"\s+") for words in sorted(self.relative_days, key=len, reverse=True))
            + r")(?!\w)", re.IGNORECASE)
        self.calendar_days = resources.calendar_days
        self.calendar = re.compile(r"(?<!\w)(?:" + "|".join(
            re.escape(words).replace(r"\ ", r"\s+").replace("'", "['’]").replace(r"\{year\}", r"(?:1\d|20)\d\d")
            for words in sorted(self.calendar_days, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)
        self.future_words = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                                                                for w in resources.future_words) + r")(?!\w)",
                                       re.IGNORECASE)

    def dates(self, text: str, post_day: date | None, month_starts: list[int] | None = None,
              may_be_numeric: bool = True) -> list[DateMention]:
        """Every absolute date in the text, in order of position. A date the text gives no year takes the year that
        puts it nearest the post's day ("December 29" in a post of January 6 is last December's); without the post's
        day it is written --MM-DD. Two dates joined by a dash or a range word are one range ("December 29 – January 4",
        "с 29 ноября по 12 декабря").

        `month_starts` (ascending), where given, holds every offset where a month name may start: the patterns are
        then tried only at those (month first) and at the digits just before them (day first), and NUMERIC only
        before its years. `may_be_numeric` False says the text holds none of NUMERIC_YEARS.
        """
        found: list[_Written] = []
        if month_starts is None:
            matches = [m for p in self.patterns for m in p.finditer(text)]
        else:
            matches = (finditer_at(self.patterns[0], text, month_starts)
                       + finditer_at(self.patterns[1], text, _days_before(text, month_starts)))
        matches.sort(key=lambda m: (m.start(), -m.end()))
        for match in matches:
            if found and match.start() < found[-1].end:
                continue  # "June 20, 2023" also reads as "20, 2023"-less forms; keep the first, longest
            groups = {k: v for k, v in match.groupdict().items() if v}
            month = self.months.get(groups["month"].lower().rstrip("."))
            if month is None:
                continue
            found.append(_Written(match.start(), match.end(), month, int(groups["day"]),
                                  int(groups["day2"]) if "day2" in groups else None,
                                  int(groups["year"]) if "year" in groups else None))
        if may_be_numeric and any(year in text for year in NUMERIC_YEARS):
            for match in (NUMERIC.finditer(text) if month_starts is None
                          else finditer_at(NUMERIC, text, _numeric_starts(text))):
                found.append(_Written(match.start(), match.end(), int(match["month"]), int(match["day"]), None,
                                      int(match["year"])))
        found.sort(key=lambda w: w.start)
        return [mention for mention in _ranges(text, found, post_day) if mention is not None]

    def calendar_day(self, match: re.Match, post_day: date | None) -> DateMention | None:
        """The days a calendar_days.tsv phrase names: in the year written, else the one nearest the post's day ("New
        Year's night" in a post of January 1 is the night just past, in one of December 29 the coming one); a night
        that ends in the next year, December 31 to January 1, as one range."""
        words = " ".join(match.group().lower().replace("’", "'").split())
        year = WRITTEN_YEAR.search(words)
        (month, day), (last_month, last_day) = self.calendar_days[words.replace(year.group(), "{year}") if year
                                                                  else words]
        first = _day(int(year.group()) if year else None, month, day, post_day)
        if first is None:
            return None
        last = date(first.year + ((last_month, last_day) < (month, day)), last_month, last_day)
        return DateMention(match.start(), match.end(), match.group(), first.isoformat(),
                           last.isoformat() if last != first else None)

    def weekdays_of_months(self, text: str, post_day: date, ordinal_starts: list[int] | None = None
                           ) -> list[DateMention]:
        """"the first Saturday of February": that day in the year written, else in the post's year. `ordinal_starts`
        (ascending), where given, holds every offset where one of ORDINALS may start: the pattern is tried there only
        (tried at every character, it cost ~200 instructions a character)."""
        found = []
        matches = (self.nth_weekday.finditer(text) if ordinal_starts is None
                   else finditer_at(self.nth_weekday, text, ordinal_starts))
        for match in matches:
            year = int(match["year"]) if match["year"] else post_day.year
            month = self.months[match["month"].lower()]
            weekday = self.weekday_numbers[match["day"].lower()]
            nth = ORDINALS[match["nth"].lower()]
            if nth > 0:
                first = date(year, month, 1)
                day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
            else:
                last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
                day = last - timedelta(days=(last.weekday() - weekday) % 7)
            found.append(DateMention(match.start(), match.end(), match.group(), day.isoformat()))
        return found

    def weekdays(self, text: str, post_day: date, every_place: bool = False) -> list[DateMention]:
        """Weekdays relative to the post's day: the last such day on or before it, or — for "next …", in a sentence
        that speaks of the future ("will", "состоится"), before a Russian verb in the present or future ("в пятницу
        завершает"), and for the night into the post's next day ("в ночь на пятницу" posted on a Thursday night: the
        night under way, not one six days past) — the first on or after it. The pattern is tried only where
        `weekday_opening` finds a word open with the letter of its first word (tried at every character, it cost ~400
        instructions a character), or, `every_place`, as plain finditer."""
        found = []
        matches = (self.weekday.finditer(text) if every_place else
                   finditer_at(self.weekday, text, [m.start() for m in self.weekday_opening.finditer(text)]))
        for match in matches:
            day = self.weekday_numbers[(match["en_day"] or match["ru_day"]).lower()]
            which = (match["en_which"] or match["en_which2"] or match["ru_which"] or "").lower()
            last, coming = which.startswith(PAST), which.startswith(FUTURE)
            future = coming or (not last and (
                self.future_words.search(text, *sentence_bounds(text, match.start())) is not None
                or (match["ru_day"] is not None and _present_verb_after(text, match.end()))))
            week = 7 if last or coming else 0  # "last Thursday", said on a Thursday, is a week ago
            if future or (match["night"] and (day - post_day.weekday()) % 7 == 1):
                offset = (day - post_day.weekday()) % 7 or week  # the night into tomorrow: the night now beginning
            else:
                offset = -((post_day.weekday() - day) % 7 or week)
            when = post_day + timedelta(days=offset)
            found.append(DateMention(match.start(), match.end(), match.group(), when.isoformat()))
        return found


def _present_verb_after(text: str, position: int) -> bool:
    """The first verb after a Russian weekday, in its clause, is in the present or the future: "в пятницу завершает
    работу" is the coming Friday's (Russian news tells what is past in the past tense: "в пятницу заявил")."""
    clause_end = CLAUSE_END.search(text, position, position + CLAUSE_REACH)
    end = clause_end.start() if clause_end else min(len(text), position + CLAUSE_REACH)
    for word in RUSSIAN_WORD.findall(text, position, end):
        tense = verb_tense(word)
        if tense is not None:
            return tense != "past"
    return False


class _Written(NamedTuple):
    """A date as the text writes it: the year is None where the text gives none."""

    start: int
    end: int
    month: int
    day: int
    last_day: int | None  # "September 28-30"
    year: int | None


def _ranges(text: str, written: list[_Written], post_day: date | None) -> list[DateMention | None]:
    """The written dates as DateMentions (None for an impossible one: February 30), two dates with a dash between
    them joined into one range."""
    mentions: list[DateMention | None] = []
    index = 0
    while index < len(written):
        first = written[index]
        second = written[index + 1] if index + 1 < len(written) else None
        if (second is not None and first.last_day is None and second.last_day is None
                and RANGE_JOIN.fullmatch(text, first.end, second.start)):
            end = _day(second.year, second.month, second.day, post_day)
            if end is not None and first.year is None and second.year is not None:
                start = _day(second.year, first.month, first.day, None)
                if start is not None and start > end:
                    start = _day(second.year - 1, first.month, first.day, None)
            else:
                start = _day(first.year, first.month, first.day, post_day)
                if start is not None and end is not None and second.year is None and end < start:
                    end = _day(start.year + 1, second.month, second.day, None)  # "December 29 – January 4"
            mentions.append(_mention(text, first.start, second.end, start, end, without_year=first.month, day=first.day))
            index += 2
            continue
        start = _day(first.year, first.month, first.day, post_day)
        end = _day(start.year, first.month, first.last_day, None) if start and first.last_day else None
        mentions.append(_mention(text, first.start, first.end, start, end, without_year=first.month, day=first.day,
                                 last_day=first.last_day))
        index += 1
    return mentions


def _day(year: int | None, month: int, day: int, post_day: date | None) -> date | None:
    """The date; without a year, in the year that puts it nearest the post's day (None without either, or where no
    such day exists)."""
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if post_day is None:
        return None
    try:  # most often this year's: no other year's can be nearer than half a year
        this_year = date(post_day.year, month, day)
        if abs((this_year - post_day).days) <= HALF_YEAR:
            return this_year
    except ValueError:
        pass
    candidates = []
    for candidate_year in (post_day.year - 1, post_day.year, post_day.year + 1):
        try:
            candidates.append(date(candidate_year, month, day))
        except ValueError:
            continue  # February 29 outside a leap year
    return min(candidates, key=lambda d: abs((d - post_day).days)) if candidates else None


def _mention(text: str, start: int, end: int, first: date | None, last: date | None, without_year: int = 0,
             day: int = 0, last_day: int | None = None) -> DateMention | None:
    """A DateMention of the span; without its dates (no year to be had), --MM-DD as written, where that day exists."""
    if first is not None:
        return DateMention(start, end, text[start:end], first.isoformat(), last.isoformat() if last else None)
    if not without_year or not _exists(without_year, day):
        return None
    last_written = f"--{without_year:02d}-{last_day:02d}" if last_day and _exists(without_year, last_day) else None
    return DateMention(start, end, text[start:end], f"--{without_year:02d}-{day:02d}", last_written)


def _exists(month: int, day: int) -> bool:
    try:
        date(2000, month, day)  # 2000 is a leap year: --02-29 is a valid date without a year
    except ValueError:
        return False
    return True


def _days_before(text: str, month_starts: list[int]) -> list[int]:
    """Where a day-first date (`20 June`) may start: a digit in the run of day characters before a month name.

    A month name not preceded by white space ends no day-first date (they read `20 June`); the digits of its run
    can only start one with an earlier month name, whose own run holds them.
    """
    starts: list[int] = []
    for month in month_starts:
        if month == 0 or not text[month - 1].isspace():
            continue
        first = month
        while first > 0 and (text[first - 1] in DAYS_CHARACTERS or text[first - 1].isspace()
                             or text[first - 1].isdecimal()):  # str.isdecimal and str.isspace: exactly \d and \s
            first -= 1
        digits = [i for i in range(first, month) if text[i].isdecimal()]
        starts.extend(digits)
        joined = RANGE_START_BEFORE.search(text, max(0, digits[0] - RANGE_START_REACH), digits[0]) if digits else None
        if joined is not None:
            starts.append(joined.start())
    return sorted(set(starts))


def parse_datelines(text: str, dates: list[DateMention], place_type_words: frozenset[str],
                    every_line: bool = False) -> list[DateMention]:
    """Datelines: a place with one of the dates found (before it or after it), on a 📍 line or in brackets — a name,
    whose words open in capitals but for short linking words ("Rio de Janeiro") and `place_type_words` ("Moscow
    region"): "(From the briefing by Spokeswoman Maria Zakharova, January 22, 2026)" cites a source.
    LINE_DATELINE is tried only at the line starts where it may give one, the bracketed ones only at the brackets that
    may open one (or, `every_line`, everywhere, as plain finditer)."""
    if not dates:
        return []  # every dateline is one of the dates
    found: list[DateMention] = []
    starts = line_starts(text) if every_line else _dateline_line_starts(text, dates)
    line_datelines = finditer_at(LINE_DATELINE, text, starts)
    leads = {lead: text.find(lead) for lead in DATELINE_LEADS}
    # a bracketed dateline holds no other bracket, and one of the dates: it opens at the last "(" before that date
    brackets = sorted({at for at in (text.rfind("(", 0, d.start) for d in dates) if at != -1})
    for match in chain(*(finditer_at(pattern, text, brackets) if lead == "(" and not every_line
                         else pattern.finditer(text, leads[lead]) for lead, pattern in DATELINES if leads[lead] >= 0),
                       line_datelines):
        if text[match.start()] == "(" and not CLOSES_LINE.match(text, match.end()):
            continue  # "… approved at the summit (Dushanbe, October 9), as well as …": a date inside the report
        if any(len(word) > LINKING_WORD_LENGTH and word[0].islower() and word not in place_type_words
               for word in text[slice(*match.span("place"))].split()):
            continue  # not a place's name
        when_start = match.start("when")
        date_here = next((d for d in dates if d.start == when_start or
                          (when_start <= d.start < match.end("when") and not text[when_start:d.start].strip())),
                         None)
        if date_here is None or any(f.start == date_here.start for f in found):
            continue
        found.append(DateMention(date_here.start, date_here.end, date_here.surface, date_here.date,
                                 date_here.end_date, dateline=True, place_span=match.span("place")))
    return found


def _beside_a_date(text: str, weekday: DateMention, dates: list[DateMention]) -> bool:
    """"On Wednesday, February 12", "12 февраля, в среду", "overnight into December 29": the weekday (or "утром",
    "overnight") only names the day of the date beside it."""
    return any(WEEKDAY_GAP.fullmatch(text, weekday.end, d.start) or WEEKDAY_GAP.fullmatch(text, d.end, weekday.start)
               for d in dates if d.start - WEEKDAY_REACH <= weekday.end and weekday.start <= d.end + WEEKDAY_REACH)


def _numeric_starts(text: str) -> list[int]:
    """Where a NUMERIC date may start: its day, full stop and month take three to five characters before the full
    stop of its year (one of NUMERIC_YEARS)."""
    return sorted({start for year in NUMERIC_YEARS for at in occurrences(text, year)
                   for start in range(max(0, at - 5), max(0, at - 2))})


def _dateline_line_starts(text: str, dates: list[DateMention]) -> list[int]:
    """The line starts where a LINE_DATELINE match may give a dateline (instead of trying it at every one).

    A match gives one only when a date starts at the first character after the first comma after its place that is
    not white space (its `when` starts there or in the white space before). So each date leads back to at most one
    line: back over white space to a comma, over the place to the first character of its line that is not white
    space, and to every line start before it with only white space between (where the pattern's leading white space
    may start). A match at any other line start gives no dateline, and hides no line start that could give one —
    unless that one follows a comma across white space (the white space after the comma of a match above may reach
    over its line break): then every line start is tried, as plain finditer would.
    """
    starts = set()
    for date_start in {d.start for d in dates}:
        comma = _last_before(text, date_start)
        if comma < 0 or text[comma] != ",":
            continue
        place_end = _last_before(text, comma)
        if place_end < 0:
            continue
        first = text.rfind("\n", 0, place_end) + 1
        while text[first].isspace():  # stops at place_end at the latest
            first += 1
        run = _last_before(text, first) + 1
        lines = [i + 1 for i in range(run, first) if text[i] == "\n"] + ([0] if run == 0 else [])
        if lines and run > 0 and text[run - 1] == ",":
            return line_starts(text)
        starts.update(lines)
    return sorted(starts)


def _years_ago_today(text: str, years_ago: CueWords) -> list[re.Match]:
    """YEARS_AGO_TODAY's matches: the phrase ends in "ago" (назад), so it is tried over the words before each only."""
    words = years_ago.starts(text)
    if words is None:
        return list(YEARS_AGO_TODAY.finditer(text))  # a text the cue scan cannot read
    found = (YEARS_AGO_TODAY.search(text, max(0, word - YEARS_AGO_REACH), word + len("назад") + 1) for word in words)
    return [match for word, match in zip(words, found) if match is not None and match.end() > word]


def _years_before(match: re.Match, post_day: date) -> DateMention:
    """The post's day so many years back (29 February, in a year without one, is the 28th)."""
    year = max(post_day.year - int("".join(c for c in match["years"] if c.isdigit())), 1)
    day = 28 if (post_day.month, post_day.day) == (2, 29) and not isleap(year) else post_day.day
    return DateMention(match.start(), match.end(), match.group(), date(year, post_day.month, day).isoformat(), None)


def _last_before(text: str, position: int) -> int:
    """The offset of the last character before `position` that is not white space; -1 when there is none."""
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return position - 1


@register("dates", assigns=("dates",))
def dates_extractor(context: Context):
    grammar = DateGrammar(context.resources)
    place_type_words = context.resources.place_type_words
    months = context.cues.words(grammar.months, inside_words=False)  # (day-first dates need white space before)
    numeric_years = context.cues.words(NUMERIC_YEARS)
    relative_words = context.cues.words({words.split()[0] for words in grammar.relative_days},  # they open each one
                                        inside_words=False)
    weekday_names = context.cues.words(grammar.weekday_numbers, inside_words=False)  # every weekday match holds one,
    # after white space
    ordinals = context.cues.words(ORDINALS, inside_words=False)
    years_ago = context.cues.words({"ago", "назад"}, inside_words=False)
    calendar_words = context.cues.words({words.split()[0] for words in grammar.calendar_days}, inside_words=False)

    def extract(post: Post, findings: Findings, _ctx: Context) -> None:
        text = post.text
        post_day = post.date.date() if post.date else None
        dates = grammar.dates(text, post_day, months.starts(text), numeric_years.occur_in(text))
        datelines = parse_datelines(text, dates, place_type_words)
        taken = {d.start for d in datelines}
        findings.dates.extend(datelines)
        findings.dates.extend(d for d in dates if d.start not in taken)
        if post_day is not None:
            weekdays = []
            if weekday_names.occur_in(text):
                # not "last Saturday" of "last Saturday of June"
                of_months = grammar.weekdays_of_months(text, post_day, ordinals.starts(text))
                weekdays = of_months + [w for w in grammar.weekdays(text, post_day)
                                        if not _beside_a_date(text, w, dates)
                                        and not any(o.start <= w.start < o.end for o in of_months)]
            for match in relative_words.finditer(grammar.relative, text):
                words = " ".join(match["words"].lower().split())
                if words in grammar.relative_prepositions and _genitive_follows(text, match.end()):
                    continue  # "накануне выборов": the eve of what the genitive names
                first, last = grammar.relative_days[words]
                relative = DateMention(
                    match.start(), match.end(), match.group(), (post_day + timedelta(days=first)).isoformat(),
                    (post_day + timedelta(days=last)).isoformat() if last != first else None)
                if not _beside_a_date(text, relative, dates + weekdays):  # "утром в среду": the weekday says which
                    findings.dates.append(relative)
            findings.dates.extend(weekdays)
            findings.dates.extend(_years_before(found, post_day) for found in _years_ago_today(text, years_ago))
        for match in calendar_words.finditer(grammar.calendar, text):
            day = grammar.calendar_day(match, post_day)
            if day is not None and not _beside_a_date(text, day, dates):  # "on New Year's Eve, December 31"
                findings.dates.append(day)
        findings.dates.sort(key=lambda d: (not d.dateline, d.start))

    return extract


def _genitive_follows(text: str, end: int) -> bool:
    """The word after a relative day's words is a noun or adjective in the genitive: the words are a preposition."""
    following = NEXT_WORD.match(text, end)
    return following is not None and is_genitive(following.group(1))
