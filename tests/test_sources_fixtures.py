"""The readers on the fixtures in tests/data (counts from tests/data/README.md) and on kg/sample."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ids import post_id
from kg.model import Post, Skip
from kg.sources import ReaderOptions, detect_format, read_posts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLE = ROOT / "kg" / "sample" / "result.json"


def fixture(name: str) -> Path:
    path = DATA / name if not name.startswith("/") else Path(name)
    if not path.is_file():
        pytest.skip(f"fixture {path} is not present yet")
    return path


def read(path: Path, fmt=None, options=ReaderOptions()):
    items = list(read_posts(path, fmt, options))
    posts = [i for i in items if isinstance(i, Post)]
    skips = [i for i in items if isinstance(i, Skip)]
    assert len(posts) + len(skips) == len(items)
    assert [p.ordinal for p in posts] == list(range(len(posts)))
    assert len({p.post_id for p in posts}) == len(posts)
    for p in posts:
        assert p.post_id == post_id(p.channel, p.message_id, p.ordinal, path.stem)
        assert p.source == str(path)
    return posts, skips


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("tme_channel.html", "tme-html"),
        ("dump.txt", "text-dump"),
        ("posts.csv", "csv"),
        ("posts_custom_columns.csv", "csv"),
        ("posts.jsonl", "jsonl"),
        ("posts_bad_line.jsonl", "jsonl"),
        ("posts_array.json", "json"),
        (str(SAMPLE), "telegram-json"),
    ],
)
def test_detect_format_on_fixtures(name, fmt):
    assert detect_format(fixture(name)) == fmt


def test_tme_channel_page():
    posts, skips = read(fixture("tme_channel.html"))
    assert len(posts) == 5
    assert [p.message_id for p in posts] == ["101", "102", "103", "105", "106"]
    assert len(skips) == 1
    assert skips[0].where == "message 100"
    assert skips[0].reason.startswith("service message") and "Channel created" in skips[0].reason
    assert {p.channel for p in posts} == {"Embassy Digest Demo"}
    assert [p.url for p in posts] == [f"https://t.me/omkg_demo/{p.message_id}" for p in posts]  # data-post names it
    p101, p102, p103, p105, p106 = posts
    assert p101.text == (
        "🇷🇺🇰🇿 Foreign Minister Sergey Lavrov arrives in Astana for the meeting of the #CSTO Council of Foreign"
        " Ministers.\n\n📍 Astana, June 20, 2024\n\n#RussiaCSTO"
    )
    assert p101.forwarded_from == "Russian MFA 🇷🇺"
    assert p101.views == 5370
    assert p101.date == datetime(2024, 6, 20, 8, 4, 57, tzinfo=timezone.utc)
    assert p101.hashtags == ("#CSTO", "#RussiaCSTO")
    assert [p.forwarded_from for p in posts[1:]] == [None] * 4
    assert "#ОДКБ" in p102.hashtags and p102.views == 1200
    assert p103.text == "" and p103.has_media and p103.views == 874
    assert '"The #SCO and #BRICS are open' in p105.text and "international law & the sovereign" in p105.text
    assert "https://mid.ru/en/press_service/" in p105.links
    assert p105.views == 3050
    assert p106.has_media and p106.text and p106.views == 2100
    assert all(p.date.tzinfo is not None for p in posts)


def test_text_dump_fixture():
    posts, skips = read(fixture("dump.txt"))
    assert skips == []
    assert len(posts) == 5
    assert [p.forwarded_from for p in posts] == [
        "Russian MFA 🇷🇺",
        "Russian MFA 🇷🇺",
        "Embassy of Russia in Kazakhstan",
        "Russian MFA 🇷🇺",
        "Russian MFA 🇷🇺",
    ]
    assert {p.channel for p in posts} == {"Embassy Digest Demo / Дайджест посольства (демо)"}
    assert all(p.message_id is None and p.date is None for p in posts)
    assert "📍 Minsk, June 20, 2024" in posts[0].text
    assert "\n\n" in posts[0].text  # inner blank lines kept
    assert posts[1].text.endswith("Read in full")
    assert "#OnThisDay" in posts[4].hashtags
    assert not any("subscribers" in p.text or "Forwarded from" in p.text for p in posts)


def test_posts_csv():
    posts, skips = read(fixture("posts.csv"))
    assert skips == []
    assert [p.message_id for p in posts] == ["3101", "3102", "3104", "3105", "3108", "3110"]
    assert [p.has_media for p in posts] == [True, False, True, False, True, False]
    assert [p.views for p in posts] == [5370, 3050, 874, 1200, 2100, 967]
    assert all(p.date.utcoffset() == timedelta(0) for p in posts)
    assert posts[0].hashtags == ("#CSTO", "#RussiaCSTO")
    assert posts[0].links == ()  # ?q= hashtag links are not links
    assert '""' not in posts[1].text and '"The #SCO' in posts[1].text and "," in posts[1].text
    assert posts[2].text == "" and posts[2].has_media
    assert posts[3].hashtags == ("#СоюзноеГосударство",)
    assert posts[5].links == ("https://mid.ru/en/press_service/deputy_ministers_speeches/",)
    assert all(p.channel == "posts" for p in posts)  # no channel column: the file names the channel
    assert posts[0].post_id == "posts/3101"


def test_posts_csv_channel_option():
    posts, _ = read(fixture("posts.csv"), options=ReaderOptions(channel="Russian MFA"))
    assert {p.channel for p in posts} == {"Russian MFA"}
    assert posts[0].post_id == "russian-mfa/3101"


def test_custom_columns_csv_by_candidates_and_by_options():
    path = fixture("posts_custom_columns.csv")
    posts, skips = read(path)  # id / published / body are all known column names
    assert skips == []
    assert [p.message_id for p in posts] == ["701", "702", "703", "704"]
    assert posts[0].date == datetime(2024, 3, 5, 14, 20)  # no zone given: naive
    assert posts[0].text == "Sergey Lavrov met Wang Yi in Beijing; the ministers discussed the SCO agenda."
    mapped, _ = read(path, "csv", ReaderOptions(text_column="body", id_column="id", date_column="published"))
    assert mapped == posts


def test_custom_columns_csv_wrong_option_names_the_columns():
    path = fixture("posts_custom_columns.csv")
    with pytest.raises(InputError) as info:
        list(read_posts(path, "csv", ReaderOptions(text_column="text")))
    message = str(info.value)
    assert str(path) in message and "'body'" in message and "--text-column" in message


def test_posts_jsonl():
    posts, skips = read(fixture("posts.jsonl"))
    assert skips == []
    assert [p.message_id for p in posts] == ["501", "502", "503", "504", "505"]
    assert {p.channel for p in posts} == {"omkg_demo"}
    assert all(p.date.utcoffset() == timedelta(0) for p in posts)


def test_posts_bad_line_jsonl():
    posts, skips = read(fixture("posts_bad_line.jsonl"))
    assert [p.message_id for p in posts] == ["501", "502", "504"]
    assert len(skips) == 1
    assert skips[0].where == "line 3" and "invalid JSON" in skips[0].reason


def test_posts_array_json():
    posts, skips = read(fixture("posts_array.json"))
    assert skips == []
    assert [p.message_id for p in posts] == ["90214", "90213", "90211", "90208"]
    assert {p.channel for p in posts} == {"Дайджест новостей (omkg)"}
    assert "\n\n" in posts[1].text
    assert all(p.date.utcoffset() == timedelta(0) for p in posts)


def test_bundled_sample_export():
    posts, skips = read(fixture(str(SAMPLE)))
    assert len(posts) == 39
    assert sorted((s.where, s.reason) for s in skips) == [
        ("message 1", "service message: create_channel"),
        ("message 33", "service message: pin_message"),
    ]
    assert all(p.date is not None and p.date.utcoffset() == timedelta(0) for p in posts)
    assert len({p.channel for p in posts}) == 1
