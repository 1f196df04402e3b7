"""Dates and datelines: the forms the channels use, and no crash on any text."""

from datetime import date, datetime, timezone

import pytest
from hypothesis import given, settings, strategies as st

from kg.extract import Context, Findings
from kg.extract.dates import DateGrammar, _day, dates_extractor, parse_datelines
from kg.extract.resources import Resources
from kg.gazetteer import load_gazetteer
from kg.model import Post

RESOURCES = Resources(load_gazetteer())
GRAMMAR = DateGrammar(RESOURCES)
WEEKDAYS = GRAMMAR.weekday_numbers


def parse_dates(text, year=None):
    """The dates of a text in a post of `year` (its first of July: a date without a year takes that year)."""
    return GRAMMAR.dates(text, date(year, 7, 1) if year else None)


def parse_weekdays(text, day):
    return GRAMMAR.weekdays(text, day)


def _dates(text, year=None):
    return [(d.surface, d.date) for d in parse_dates(text, year)]


def _extracted(text, day):
    """The dates the extractor finds in a post of `day` (a datetime) that says `text`."""
    post = Post(post_id="c/1", message_id="1", ordinal=0, channel="c", date=day.replace(tzinfo=timezone.utc), text=text)
    context = Context(resources=RESOURCES)
    findings = Findings()
    dates_extractor(context)(post, findings, context)
    return findings.dates


def test_english_forms_with_and_without_year():
    assert _dates("📍 Minsk, June 20, 2023") == [("June 20, 2023", "2023-06-20")]
    assert _dates("On November 17, the minister met") == [("November 17", "--11-17")]
    assert _dates("On November 17, the minister met", 2024) == [("November 17", "2024-11-17")]
    assert _dates("46 years ago, on Feb 1, 1980, they") == [("Feb 1, 1980", "1980-02-01")]
    assert _dates("on 20 June 2023 in") == [("20 June 2023", "2023-06-20")]


def test_russian_forms():
    assert _dates("20 июня 2023 года в Минске") == [("20 июня 2023 года", "2023-06-20")]
    assert _dates("Москва, 3 июля", 2024) == [("3 июля", "2024-07-03")]


def test_range_gives_first_day_and_end():
    (found,) = parse_dates("on September 28-30 in Sochi", 2024)
    assert (found.date, found.end_date) == ("2024-09-28", "2024-09-30")


@pytest.mark.parametrize("text, dated", [
    ("Дефицит авиатоплива с 1 по 8 декабря отменен.", [("1 по 8 декабря", "2024-12-01", "2024-12-08")]),
    ("Обмен пройдет с 29 ноября по 12 декабря.", [("29 ноября по 12 декабря", "2024-11-29", "2024-12-12")]),
    ("Прием заявок продлится с 1 до 15 декабря.", [("1 до 15 декабря", "2024-12-01", "2024-12-15")]),
    ("Days of Russian Culture, from February 11 till 13, in Doha.", [("February 11 till 13", "2025-02-11",
                                                                     "2025-02-13")]),
    ("The siege lasted from 8 September 1941 to 27 January 1944.", [("8 September 1941 to 27 January 1944",
                                                                     "1941-09-08", "1944-01-27")]),
    ("Срок увеличен с 7 до 11 лет 5 декабря.", [("5 декабря", "2024-12-05", None)]),  # years, not days
])
def test_days_joined_by_a_range_word_are_one_range(text, dated):
    assert [(d.surface, d.date, d.end_date) for d in _extracted(text, datetime(2024, 12, 1, 9))] == dated
    # the scan of the whole text (no month starts given) reads them alike
    assert [(d.surface, d.date, d.end_date) for d in GRAMMAR.dates(text, date(2024, 12, 1))] == dated


def test_impossible_dates_and_lowercase_english_months_are_not_dates():
    assert _dates("February 30, 2023 and may 5 people") == []
    assert _dates("February 29") == [("February 29", "--02-29")]


def test_datelines_name_their_place():
    text = "Talks held\n\n📍 Minsk, June 20, 2023\n\nText (St Petersburg, June 16, 2023)"
    lines = parse_datelines(text, parse_dates(text, None), frozenset())
    places = {text[slice(*d.place_span)]: d.date for d in lines}
    assert places == {"Minsk": "2023-06-20", "St Petersburg": "2023-06-16"}


def test_a_bracketed_source_with_a_date_is_no_dateline():
    text = ("🌟 On January 27, 1944, Leningrad was liberated.\n\n(From the briefing by Russian MFA Spokeswoman Maria "
            "Zakharova, January 22, 2026)")
    assert parse_datelines(text, parse_dates(text, 2026), frozenset({"region"})) == []
    for place in ("Moscow region", "Newcastle upon Tyne", "Rio de Janeiro"):
        text = f"Remarks by the Minister ({place}, January 22, 2026)\n\nColleagues,"
        (line,) = parse_datelines(text, parse_dates(text, 2026), frozenset({"region"}))
        assert text[slice(*line.place_span)] == place


def test_a_dateline_may_give_the_date_before_the_place():
    text = "Opening remarks by the President (January 22, 2026, Moscow)\n\nRelations between"
    (line,) = parse_datelines(text, parse_dates(text, 2026), frozenset())
    assert (line.date, text[slice(*line.place_span)]) == ("2026-01-22", "Moscow")


THURSDAY = date(2024, 11, 28)


def _weekdays(text, day=THURSDAY):
    return [(d.surface, d.date) for d in parse_weekdays(text, day)]


def test_weekdays_are_the_last_such_day_or_in_the_future_the_next():
    assert _weekdays("там в ночь на вторник выпали осадки") == [("в ночь на вторник", "2024-11-26")]
    assert _weekdays("Информация появилась в четверг.") == [("в четверг", "2024-11-28")]
    assert _weekdays("Забастовки начались в понедельник, закончились во вторник") == [
        ("в понедельник", "2024-11-25"), ("во вторник", "2024-11-26")]
    assert _weekdays("Lavrov met him on Friday.") == [("on Friday", "2024-11-22")]
    assert _weekdays("Talks will be held on Monday.") == [("on Monday", "2024-12-02")]
    assert _weekdays("Переговоры состоятся в пятницу.") == [("в пятницу", "2024-11-29")]
    assert _weekdays("last Thursday and next Thursday") == [("last Thursday", "2024-11-21"),
                                                            ("next Thursday", "2024-12-05")]
    assert _weekdays("a Monday morning, the tuesday group") == []  # no "on"/"в" before it, an English one in lower case
    # the night into the post's next day is the night under way ("в ночь на пятницу" posted late on a Thursday)
    assert _weekdays("В ночь на пятницу СМИ сообщали о взрывах") == [("В ночь на пятницу", "2024-11-29")]
    assert _weekdays("В пятницу СМИ сообщали о взрывах") == [("В пятницу", "2024-11-22")]
    # the verb after a Russian weekday in its clause: the present or future says the coming one, the past the last
    assert _weekdays("Боррель сообщил, что в пятницу завершает работу на посту.") == [("в пятницу", "2024-11-29")]
    assert _weekdays("В пятницу Путин подпишет указ.") == [("В пятницу", "2024-11-29")]
    assert _weekdays("Лавров в пятницу заявил об этом, в пятницу, 22 ноября.") == [("в пятницу", "2024-11-22"),
                                                                                ("в пятницу", "2024-11-22")]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(WEEKDAYS)), st.sampled_from(["on", "last", "next", "в", "во", "в ночь на",
                                                           "в минувшую", "в следующий"]),
       st.sampled_from(["", "will ", "будет "]), st.dates(date(1990, 1, 1), date(2100, 1, 1)))
def test_a_weekday_lands_on_that_weekday_within_a_week_of_the_post(name, lead, tense, day):
    written = name.capitalize() if name.isascii() else name
    for found in parse_weekdays(f"{tense}{lead} {written}", day):
        when = date.fromisoformat(found.date)
        assert when.weekday() == WEEKDAYS[name]
        assert abs((when - day).days) <= 7
        future = lead in ("next", "в следующий") or (bool(tense) and lead not in ("last", "в минувшую")) or (
            lead == "в ночь на" and (WEEKDAYS[name] - day.weekday()) % 7 == 1)  # the night into tomorrow
        assert when >= day if future else when <= day
        if lead in ("next", "в следующий", "last", "в минувшую"):
            assert when != day  # "next"/"last" Thursday, said on a Thursday, is a week away


def test_relative_days_need_the_post_date():
    post = Post(post_id="c/1", message_id="1", ordinal=0, channel="c", date=datetime(2024, 3, 5, 9, tzinfo=timezone.utc),
                text="Yesterday, the talks began.")
    context = Context(resources=RESOURCES)
    findings = Findings()
    dates_extractor(context)(post, findings, context)
    assert [d.date for d in findings.dates] == ["2024-03-04"]
    undated = Post(post_id="c/2", message_id="2", ordinal=1, channel="c", date=None, text="Yesterday, the talks began.")
    findings = Findings()
    dates_extractor(context)(undated, findings, context)
    assert findings.dates == []


@pytest.mark.parametrize("text, dated", [
    ("Инцидент произошел утром, погибла женщина.", [("утром", "2024-03-05")]),  # this morning: the post's day
    ("Ракета уничтожена утром в пятницу.", [("в пятницу", "2024-03-01")]),  # the weekday says which morning
    ("Утром 3 марта ракета уничтожена.", [("3 марта", "2024-03-03")]),  # and so does a date
    ("The drones attacked the region overnight into March 3.", [("March 3", "2024-03-03")]),  # which night
    ("The talks were held yesterday, on March 2.", [("March 2", "2024-03-02")]),
    ("ПВО за ночь уничтожила 25 беспилотников.", [("за ночь", "2024-03-04")]),  # the night that ends on the post's day
    ("Новый разрыв кабеля произошел ночью.", [("ночью", "2024-03-04")]),  # the night just ended: its first day
    ("Этой ночью ПВО уничтожила 10 БПЛА.", [("Этой ночью", "2024-03-04")]),  # one date, not two
    ("Накануне корреспондент РИА Новости передавал об этом.", [("Накануне", "2024-03-04")]),  # the day before
    ("Накануне выборов президент выступил с обращением.", []),  # a preposition: on the eve of the elections
])
def test_a_time_of_day_dates_the_post_day_unless_a_date_beside_it_says_which(text, dated):
    assert [(d.surface, d.date) for d in _extracted(text, datetime(2024, 3, 5, 9))] == dated


@pytest.mark.parametrize("text, day, dated", [
    ("On the first Saturday of February, Russia marks Diplomatic Courier Remembrance Day.", datetime(2026, 2, 7, 6),
     [("first Saturday of February", "2026-02-07")]),
    ("Mother's Day falls on the last Sunday of November.", datetime(2025, 11, 3, 9),
     [("last Sunday of November", "2025-11-30")]),  # not "last Sunday" before the post
    ("The forum opens on the second Monday of March 2027.", datetime(2026, 2, 7, 9),
     [("second Monday of March 2027", "2027-03-08")]),
])
def test_a_weekday_of_a_month_is_that_day_in_the_year_written_or_the_post_s(text, day, dated):
    assert [(d.surface, d.date) for d in _extracted(text, day)] == dated


@pytest.mark.parametrize("text, day, dated", [
    ("On this day, 64 years ago, the World Food Programme was established.", datetime(2025, 12, 19, 16),
     [("On this day, 64 years ago", "1961-12-19")]),
    ("🗓 On this very day, 12 years ago, Kiev became ground zero for a coup.", datetime(2026, 2, 22, 6),
     [("On this very day, 12 years ago", "2014-02-22")]),
    ("В этот день 80 лет назад завершился процесс.", datetime(2024, 2, 29, 9),
     [("В этот день 80 лет назад", "1944-02-29")]),
    ("В этот день 81 год назад завершился процесс.", datetime(2024, 2, 29, 9),
     [("В этот день 81 год назад", "1943-02-28")]),  # 1943 had no 29 February
    ("Ten years ago the talks failed.", datetime(2024, 3, 5, 9), []),  # no day: not a date
    # "#OTD" (on this day), the years in keycap digits
    ("🥇 #OTD 8️⃣ 3️⃣ years ago, the Red Army liberated Voroshilovgrad.", datetime(2026, 2, 14, 15),
     [("#OTD 8️⃣ 3️⃣ years ago", "1943-02-14")]),
])
def test_this_day_so_many_years_ago_is_the_post_day_that_many_years_back(text, day, dated):
    assert [(d.surface, d.date) for d in _extracted(text, day)] == dated


@pytest.mark.parametrize("text, day, dated", [
    ("In the very first minutes of the New Year, the regime struck a café.", datetime(2026, 1, 1, 9),
     [("first minutes of the New Year", "2026-01-01", None)]),
    ("In the first hours of 2026, the regime committed a terrorist act.", datetime(2026, 2, 11, 9),
     [("first hours of 2026", "2026-01-01", None)]),  # the year written
    ("The strike carried out on New Year’s night killed 24.", datetime(2026, 1, 1, 9),
     [("New Year’s night", "2025-12-31", "2026-01-01")]),  # a night across the turn of the year
    ("We will stand together on this New Year's night.", datetime(2025, 12, 29, 9),
     [("New Year's night", "2025-12-31", "2026-01-01")]),  # the coming one, the nearest
    ("On New Year's Eve, December 31, the city celebrated.", datetime(2026, 1, 3, 9),
     [("December 31", "2025-12-31", None)]),  # the date beside it says the day
    ("В новогоднюю ночь ВСУ атаковали кафе.", datetime(2026, 1, 2, 9),
     [("новогоднюю ночь", "2025-12-31", "2026-01-01")]),
])
def test_a_day_of_the_calendar_is_the_one_nearest_the_post_or_of_the_year_written(text, day, dated):
    assert [(d.surface, d.date, d.end_date) for d in _extracted(text, day)] == dated


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-–()📍\nJuneJulyиюня года Minsk")), max_size=80),
       st.one_of(st.none(), st.integers(1900, 2100)))
def test_any_text_yields_only_valid_dates(text, year):
    for found in parse_dates(text, year):
        assert text[found.start:found.end] == found.surface
        value = found.date
        if value.startswith("--"):
            date(2000, int(value[2:4]), int(value[5:7]))
        else:
            date.fromisoformat(value)


@settings(max_examples=500, deadline=None)
@given(st.dates(date(1901, 1, 1), date(2098, 12, 31)), st.integers(1, 12), st.integers(1, 31))
def test_a_day_without_a_year_is_in_the_year_nearest_the_post(post_day, month, day):
    candidates = []
    for year in (post_day.year - 1, post_day.year, post_day.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            pass
    nearest = min(candidates, key=lambda d: abs((d - post_day).days)) if candidates else None
    assert _day(None, month, day, post_day) == nearest
