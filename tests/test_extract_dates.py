"""Dates and datelines: the forms the channels use, and no crash on any text."""

from datetime import date, datetime, timezone

from hypothesis import given, settings, strategies as st

from kg.extract import Context, Findings
from kg.extract.dates import dates_extractor, parse_datelines, parse_dates
from kg.model import Post


def _dates(text, year=None):
    return [(d.surface, d.date) for d in parse_dates(text, year)]


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


def test_impossible_dates_and_lowercase_english_months_are_not_dates():
    assert _dates("February 30, 2023 and may 5 people") == []
    assert _dates("February 29") == [("February 29", "--02-29")]


def test_datelines_name_their_place():
    text = "Talks held\n\n📍 Minsk, June 20, 2023\n\nText (St Petersburg, June 16, 2023)"
    lines = parse_datelines(text, parse_dates(text, None))
    places = {text[slice(*d.place_span)]: d.date for d in lines}
    assert places == {"Minsk": "2023-06-20", "St Petersburg": "2023-06-16"}


def test_relative_days_need_the_post_date():
    post = Post("c/1", "1", 0, "c", datetime(2024, 3, 5, 9, tzinfo=timezone.utc), "Yesterday, the talks began.")
    findings = Findings()
    dates_extractor(Context(gazetteer=None))(post, findings, None)
    assert [d.date for d in findings.dates] == ["2024-03-04"]
    undated = Post("c/2", "2", 1, "c", None, "Yesterday, the talks began.")
    findings = Findings()
    dates_extractor(Context(gazetteer=None))(undated, findings, None)
    assert findings.dates == []


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
