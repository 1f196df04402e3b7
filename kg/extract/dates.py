"""The `dates` extractor: datelines and dates in English and Russian, by pattern (fast, and right on these forms).

`📍 Minsk, June 20, 2023`, `(St Petersburg, June 16, 2023)` and `(January 22, 2026, Moscow)` are datelines: they
date and place the post's main event. `On November 17,`, `20 июня 2023 года`, `Feb 1, 1980`, `September 28-30`
are dates. A date without a year takes the post's year when the post's date is known, and is written `--MM-DD`
otherwise; "today", "yesterday" (сегодня, вчера) and weekdays ("on Tuesday", "в ночь на вторник") count only
when the post's date is known.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import chain

from kg.extract import Context, DateMention, Findings, register
from kg.extract.textutil import finditer_at, line_starts, sentence_bounds
from kg.extract.wordlists import rows
from kg.model import Post


def _month_names() -> tuple[dict[str, int], set[str]]:
    """Month names → month number, and which of them are abbreviations (they may end in a dot)."""
    names, short = {}, set()
    for row in rows("months.tsv"):
        for column in ("en", "en_short", "ru", "ru_short"):
            for name in filter(None, row[column].split("|")):
                names[name.lower()] = int(row["month"])
                if column.endswith("_short"):
                    short.add(name.lower())
    return names, short


def _as_written(names) -> str:
    """Month names as written in text: "June" for English, "июня" for Russian; longest first."""
    forms = [re.escape(n.capitalize() if n.isascii() else n) for n in sorted(names, key=len, reverse=True)]
    return "|".join(forms)


MONTHS, _SHORT = _month_names()
_MONTH = "(?P<month>" + _as_written(set(MONTHS) - _SHORT) + "|(?:" + _as_written(_SHORT) + r")\.?)"
_DAYS = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s*[-–]\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"
_YEAR = r"(?:,?\s+(?P<year>(?:1[89]|20)\d\d)(?:\s*(?:года|год|г\.))?)?"
DATE_FORMS = [
    _MONTH + r"\s+" + _DAYS + _YEAR,  # June 20, 2023 · September 28-30
    _DAYS + r"\s+" + _MONTH + _YEAR,  # 20 June 2023 · 20 июня 2023 года
]
NUMERIC = re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?![\d.])")
NUMERIC_YEARS = (".19", ".20")  # every NUMERIC date holds one: posts without spare the slow scan
DATE_PATTERNS = [re.compile(r"(?<![\w])" + form + r"(?![\w])") for form in DATE_FORMS]
DAYS_CHARACTERS = "-–stndrh"  # with digits and white space, all that `_DAYS + r"\s+"` can match
_PLACE = r"(?P<place>[A-ZА-ЯЁ][^\n,()📍]{1,60}?)"
DATELINES = [
    re.compile(r"📍\s*" + _PLACE + r"\s*,\s*(?P<when>[^\n]+)"),
    re.compile(r"\(\s*" + _PLACE + r"\s*,\s*(?P<when>[^()\n]+?)\)"),
    re.compile(r"\(\s*(?P<when>[^()\n]{4,40}?)\s*,\s*" + _PLACE + r"\s*\)"),  # (January 22, 2026, Moscow)
]
# a line opening with "Place, Date" — alone, or leading into the report: "Казань, 22 октября. Президент …"
LINE_DATELINE = re.compile(r"(?m)^\s*" + _PLACE + r"\s*,\s*(?P<when>[^\n]{4,40}?)\s*(?:$|[.—–]\s)")
RELATIVE = re.compile(r"\b(?P<word>today|yesterday|tomorrow|сегодня|вчера|завтра)\b", re.IGNORECASE)
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "сегодня": 0, "вчера": -1, "завтра": 1}


def _weekday_names() -> dict[str, int]:
    """Weekday names (English; Russian as written after "в"/"на") → date.weekday() (Monday 0)."""
    names = {}
    for row in rows("weekdays.tsv"):
        for column in ("en", "ru"):
            for name in filter(None, row[column].split("|")):
                names[name.lower()] = int(row["weekday"]) - 1
    return names


def _future_words() -> re.Pattern:
    words = [row["word"].strip() for row in rows("future_words.tsv") if row["word"].strip()]
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")(?!\w)",
                      re.IGNORECASE)


WEEKDAYS = _weekday_names()
_EN_DAYS = "|".join(name.capitalize() for name in WEEKDAYS if name.isascii())
_RU_DAYS = "|".join(name for name in WEEKDAYS if not name.isascii())
# "on Tuesday", "last Friday", "в четверг", "в минувшую пятницу", "в ночь на вторник", "в ночь с понедельника на вторник"
WEEKDAY = re.compile(
    r"(?<!\w)(?:(?i:on)\s+(?:(?P<en_which>(?i:last|this|next|the\s+coming))\s+)?|(?P<en_which2>(?i:last|next))\s+)"
    rf"(?P<en_day>{_EN_DAYS})(?!\w)"
    r"|(?<!\w)(?i:в\s+ночь\s+(?:с\s+\w+\s+)?на|во?(?:\s+(?P<ru_which>минувш\w*|прошл\w*|эт\w+|следующ\w*|ближайш\w*"
    rf"|предстоящ\w*))?)\s+(?P<ru_day>(?i:{_RU_DAYS}))(?!\w)"
)
PAST, FUTURE = ("last", "минувш", "прошл"), ("next", "the coming", "следующ", "ближайш", "предстоящ")
FUTURE_WORDS = _future_words()


def _iso(year: int | None, month: int, day: int) -> str | None:
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: --02-29 is a valid date without a year
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def parse_dates(text: str, post_year: int | None, month_starts: list[int] | None = None,
                may_be_numeric: bool = True) -> list[DateMention]:
    """Every absolute date in the text, in order of position.

    `month_starts` (ascending), where given, holds every offset where a month name may start: the patterns are then
    tried only at those (month first) and at the digits just before them (day first). `may_be_numeric` False says
    the text holds none of NUMERIC_YEARS.
    """
    found: list[DateMention] = []
    if month_starts is None:
        matches = [m for p in DATE_PATTERNS for m in p.finditer(text)]
    else:
        matches = (finditer_at(DATE_PATTERNS[0], text, month_starts)
                   + finditer_at(DATE_PATTERNS[1], text, _days_before(text, month_starts)))
    matches.sort(key=lambda m: (m.start(), -m.end()))
    for match in matches:
        if found and match.start() < found[-1].end:
            continue  # "June 20, 2023" also reads as "20, 2023"-less forms; keep the first, longest
        groups = {k: v for k, v in match.groupdict().items() if v}
        month = MONTHS.get(groups["month"].lower().rstrip("."))
        year = int(groups["year"]) if "year" in groups else post_year
        if month is None:
            continue
        first = _iso(year, month, int(groups["day"]))
        if first is None:
            continue
        last = _iso(year, month, int(groups["day2"])) if "day2" in groups else None
        found.append(DateMention(match.start(), match.end(), match.group(), first, end_date=last))
    for match in NUMERIC.finditer(text) if may_be_numeric and any(year in text for year in NUMERIC_YEARS) else ():
        iso = _iso(int(match["year"]), int(match["month"]), int(match["day"]))
        if iso:
            found.append(DateMention(match.start(), match.end(), match.group(), iso))
    return sorted(found, key=lambda d: d.start)


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
        starts.extend(i for i in range(first, month) if text[i].isdecimal())
    return sorted(set(starts))


def parse_datelines(text: str, dates: list[DateMention], every_line: bool = False) -> list[DateMention]:
    """Datelines: a place followed by one of the dates found, on a 📍 line or in brackets. LINE_DATELINE is tried
    only at the line starts where it may give one (or, `every_line`, at every line start, as plain finditer)."""
    if not dates:
        return []  # every dateline is one of the dates
    found: list[DateMention] = []
    starts = line_starts(text) if every_line else _dateline_line_starts(text, dates)
    line_datelines = finditer_at(LINE_DATELINE, text, starts)
    for match in chain(*(p.finditer(text) for p in DATELINES), line_datelines):
        when_start = match.start("when")
        date_here = next((d for d in dates if d.start == when_start or
                          (when_start <= d.start < match.end("when") and not text[when_start:d.start].strip())),
                         None)
        if date_here is None or any(f.start == date_here.start for f in found):
            continue
        found.append(DateMention(date_here.start, date_here.end, date_here.surface, date_here.date,
                                 date_here.end_date, dateline=True, place_span=match.span("place")))
    return found


def parse_weekdays(text: str, post_day: date) -> list[DateMention]:
    """Weekdays relative to the post's day: the last such day on or before it, or — for "next …" and in a
    sentence that speaks of the future ("will", "состоится") — the first on or after it."""
    found = []
    for match in WEEKDAY.finditer(text):
        day = WEEKDAYS[(match["en_day"] or match["ru_day"]).lower()]
        which = (match["en_which"] or match["en_which2"] or match["ru_which"] or "").lower()
        last, coming = which.startswith(PAST), which.startswith(FUTURE)
        future = coming or (not last and FUTURE_WORDS.search(text, *sentence_bounds(text, match.start())) is not None)
        week = 7 if last or coming else 0  # "last Thursday", said on a Thursday, is a week ago
        if future:
            offset = (day - post_day.weekday()) % 7 or week
        else:
            offset = -((post_day.weekday() - day) % 7 or week)
        when = post_day + timedelta(days=offset)
        found.append(DateMention(match.start(), match.end(), match.group(), when.isoformat()))
    return found


def _dateline_line_starts(text: str, dates: list[DateMention]) -> list[int]:
    """The line starts where a LINE_DATELINE match may give a dateline (trying it at every one takes ~25 µs a post).

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


def _last_before(text: str, position: int) -> int:
    """The offset of the last character before `position` that is not white space; -1 when there is none."""
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return position - 1


@register("dates")
def dates_extractor(context: Context):
    months = context.cues.words(MONTHS)
    numeric_years = context.cues.words(NUMERIC_YEARS)
    relative_words = context.cues.words(RELATIVE_DAYS)  # every RELATIVE match is one of these words
    weekday_names = context.cues.words(WEEKDAYS)  # every WEEKDAY match holds one

    def extract(post: Post, findings: Findings, _ctx: Context) -> None:
        text = post.text
        dates = parse_dates(text, post.date.year if post.date else None, months.starts(text),
                            numeric_years.occur_in(text))
        datelines = parse_datelines(text, dates)
        taken = {d.start for d in datelines}
        findings.dates.extend(datelines)
        findings.dates.extend(d for d in dates if d.start not in taken)
        if post.date is not None:
            for match in relative_words.finditer(RELATIVE, text):
                day = post.date.date() + timedelta(days=RELATIVE_DAYS[match["word"].lower()])
                findings.dates.append(DateMention(match.start(), match.end(), match.group(), day.isoformat()))
            if weekday_names.occur_in(text):
                findings.dates.extend(parse_weekdays(text, post.date.date()))
        findings.dates.sort(key=lambda d: (not d.dateline, d.start))

    return extract
