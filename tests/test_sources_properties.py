"""Property tests: whatever bytes a reader is given, it yields only Posts and Skips and raises only InputError.

For every reader (and for format detection): arbitrary bytes, arbitrary text, mutated valid inputs
(truncated, bytes flipped, junk inserted, ranges deleted or duplicated) and, for the record formats,
structurally valid files whose fields hold arbitrary JSON values. Posts are always numbered 0..n-1
in order with unique post ids; text is writable as UTF-8. The readers' safety net (which would turn
an unexpected exception into an InputError saying "bug in omkg") must never be reached.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.model import Post, Skip
from kg.sources import FORMATS, detect_format, read_posts

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SEEDS: dict[str, bytes] = {
    "telegram-json": json.dumps(
        {
            "name": "Демо канал",
            "type": "public_channel",
            "id": 42,
            "messages": [
                {"id": 1, "type": "service", "date": "2024-01-01T00:00:00", "date_unixtime": "1704067200",
                 "action": "create_channel", "text": "", "text_entities": []},
                {"id": 2, "type": "message", "date": "2024-01-02T00:00:00", "date_unixtime": "1704153600",
                 "from": "Демо канал", "forwarded_from": "Russian MFA 🇷🇺",
                 "text": ["Лавров и ", {"type": "hashtag", "text": "#ОДКБ"}, {"type": "text_link", "text": "тут", "href": "https://mid.ru"}],
                 "text_entities": [{"type": "plain", "text": "Лавров и "}, {"type": "hashtag", "text": "#ОДКБ"},
                                   {"type": "text_link", "text": "тут", "href": "https://mid.ru"}]},
                {"id": 3, "type": "message", "date": "2024-01-03T00:00:00", "date_unixtime": "1704240000",
                 "from": "Демо канал", "photo": "photos/1.jpg", "text": "", "text_entities": []},
                {"id": 4, "type": "message", "date": "2024-01-04T00:00:00", "from": "Демо канал", "text": "plain #CSTO"},
            ],
        },
        ensure_ascii=False,
        indent=1,
    ).encode(),
    "tme-html": (
        '<!DOCTYPE html><html><body><div class="tgme_channel_info_header_title"><span>Demo</span></div>'
        '<div class="tgme_widget_message_wrap"><div class="tgme_widget_message service_message" data-post="demo/1">'
        '<div class="tgme_widget_message_text">Channel created</div></div></div>'
        '<div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="demo/2">'
        '<div class="tgme_widget_message_forwarded_from">Forwarded from <a class="tgme_widget_message_forwarded_from_name">'
        'Russian MFA <i class="emoji"><b>🇷🇺</b></i></a></div>'
        '<div class="tgme_widget_message_text">Лавров<br/>и <a href="?q=%23CSTO">#CSTO</a> <a href="https://mid.ru">x</a></div>'
        '<span class="tgme_widget_message_views">5.37K</span>'
        '<a class="tgme_widget_message_date" href="https://t.me/demo/2"><time datetime="2024-06-20T08:04:57+00:00">8</time></a>'
        '</div></div>'
        '<div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="demo/3">'
        '<a class="tgme_widget_message_photo_wrap"></a><span class="tgme_widget_message_views">874</span></div></div>'
        "</body></html>"
    ).encode(),
    "text-dump": (
        "Embassy Demo / Посольство\n7K subscribers\n5.43K photos\nОписание канала.\nDownload Telegram\n"
        "Forwarded from\u00a0 Russian MFA 🇷🇺 \nFirst post #CSTO\n\n📍 Minsk, June 20, 2023\n"
        "Forwarded from Russian MFA 🇷🇺\nВторой пост\n\n\nwith gap\nForwarded from Other\n"
    ).encode(),
    "csv": (
        'message_id,date,text,urls,has_photo,views\n'
        '28614,2026-03-09T08:04:57+00:00,"#Tag \n \n Text, with ""quotes""",?q=%23Tag|https://mid.ru,True,5.37K\n'
        "28615,2026-03-09T09:00:00+00:00,,,True,674\n"
        "t.me/MFARussia/28616,1704067200,Русский текст,,False,\n"
    ).encode(),
    "json": json.dumps(
        [
            {"message_id": 1, "text": "Путин и #ШОС", "date": "2024-12-04T08:55:19+00:00", "channel": "РИА"},
            {"message_id": 2, "text": "two\n\nlines", "date": "2024-12-04T08:55:12+00:00", "channel": "РИА"},
            {"message_id": 3, "text": "", "date": 1704067200, "channel": "РИА", "has_photo": True},
        ],
        ensure_ascii=False,
        indent=2,
    ).encode(),
    "jsonl": (
        '{"message_id": 501, "date": "2024-07-03T17:00:00+00:00", "text": "Astana #SCO", "channel": "demo"}\n'
        '{"message_id": 502, "date": "2024-07-04T09:30:00+00:00", "text": "Минск", "channel": "demo"}\n'
        '{"message_id": 503, "text": "no date"}\n'
    ).encode(),
}

SUFFIX = {"telegram-json": ".json", "tme-html": ".html", "text-dump": ".txt", "csv": ".csv", "json": ".json", "jsonl": ".jsonl"}
FORMATS_AND_DETECT = [*FORMATS, None]
JUNK = [b'"', b"{", b"}", b"[", b"]", b"\\", b",", b"\n", b"\r\n", b"<", b">", b"\x00", b"\xd0", b"\xff\xfe", b"\xef\xbb\xbf",
        b"Forwarded from X\n", b'"messages": [', b"\\ud800", b"\\u0000", b"1e999", b"-", b";", b"\t", b"#", b"<br/>",
        b'<div class="tgme_widget_message">', b"</div>", b"\n\n\n", b"1" + b"0" * 4500, b"9" * 70000]


def check(path, fmt) -> list[Post]:
    """Read everything; only Posts/Skips come out and only an InputError (naming the file) stops it."""
    posts: list[Post] = []
    try:
        for item in read_posts(path, fmt):
            assert isinstance(item, (Post, Skip)), item
            if isinstance(item, Skip):
                assert isinstance(item.where, str) and isinstance(item.reason, str) and item.reason
                assert item.source == str(path)
                continue
            posts.append(item)
    except InputError as e:
        message = str(e)
        assert "bug in omkg" not in message, message
        assert str(path) in message
        assert getattr(e, "posts_read", len(posts)) == len(posts)
    assert [p.ordinal for p in posts] == list(range(len(posts)))
    assert len({p.post_id for p in posts}) == len(posts)
    for p in posts:
        assert isinstance(p.text, str)
        p.text.encode("utf-8")  # writable: no lone surrogates
        for value in (p.channel, p.author, p.forwarded_from, p.message_id):
            assert value is None or (isinstance(value, str) and value.encode("utf-8"))
        assert p.date is None or isinstance(p.date, datetime)
        assert all(isinstance(t, str) for t in p.hashtags) and all(isinstance(u, str) for u in p.links)
        assert p.views is None or (isinstance(p.views, int) and p.views >= 0)
        assert isinstance(p.has_media, bool)
        assert p.source == str(path)
    return posts


def check_detect(path):
    try:
        assert detect_format(path) in FORMATS
    except InputError as e:
        assert "bug in omkg" not in str(e) and str(path) in str(e)


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "duplicate"]))
        pos = draw(st.integers(0, len(data)))
        if op == "truncate":
            del data[pos:]
        elif op == "flip" and pos < len(data):
            data[pos] ^= draw(st.integers(1, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.sampled_from(JUNK) | st.binary(min_size=1, max_size=12))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 40))]
        elif op == "duplicate":
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 200))]
    return bytes(data)


# ---------------------------------------------------------------- arbitrary input ---


def _write(tmp_path, fmt, data: bytes):
    path = tmp_path / f"input{SUFFIX.get(fmt, '.dat')}"
    path.write_bytes(data)
    return path


@SETTINGS
@given(data=st.binary(max_size=3000), fmt=st.sampled_from(FORMATS_AND_DETECT))
def test_arbitrary_bytes(tmp_path, data, fmt):
    path = _write(tmp_path, fmt, data)
    check(path, fmt)
    check_detect(path)


@SETTINGS
@given(text=st.text(max_size=2000), fmt=st.sampled_from(FORMATS_AND_DETECT))
def test_arbitrary_text(tmp_path, text, fmt):
    path = _write(tmp_path, fmt, text.encode("utf-8", "surrogatepass"))
    check(path, fmt)
    check_detect(path)


@SETTINGS
@given(lines=st.lists(st.sampled_from(["", " ", "Forwarded from X", "Forwarded from", "7K subscribers", "Download Telegram",
                                       "#Tag text", "Переслано от Y", "5 photos"]) | st.text(max_size=40), max_size=40))
def test_arbitrary_dump_lines(tmp_path, lines):
    check(_write(tmp_path, "text-dump", "\n".join(lines).encode("utf-8", "surrogatepass")), "text-dump")


# ---------------------------------------------------------------- mutated valid input ---


def _mutation_test(fmt):
    @SETTINGS
    @given(data=mutated(SEEDS[fmt]), detect=st.booleans())
    def test(tmp_path, data, detect):
        path = _write(tmp_path, fmt, data)
        check(path, None if detect else fmt)
        check_detect(path)

    test.__name__ = f"test_mutated_{fmt.replace('-', '_')}"
    return test


test_mutated_telegram_json = _mutation_test("telegram-json")
test_mutated_tme_html = _mutation_test("tme-html")
test_mutated_text_dump = _mutation_test("text-dump")
test_mutated_csv = _mutation_test("csv")
test_mutated_json = _mutation_test("json")
test_mutated_jsonl = _mutation_test("jsonl")


def test_seeds_are_valid(tmp_path):
    expected = {"telegram-json": 3, "tme-html": 2, "text-dump": 3, "csv": 3, "json": 3, "jsonl": 3}
    for fmt, seed in SEEDS.items():
        path = _write(tmp_path, fmt, seed)
        assert detect_format(path) == fmt
        assert len(check(path, fmt)) == expected[fmt], fmt


# ---------------------------------------------------------------- valid structure, arbitrary fields ---

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30) | st.sampled_from(["1704067200", "2024-01-01T00:00:00", "2024-01-01T00:00:00+03:00", "5.37K",
                                              "t.me/chan/5", "message", "service", "#Tag", "", "https://x.org/1"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["type", "text", "href", "x"]), children, max_size=3),
    max_leaves=12,
)
entity = st.fixed_dictionaries(
    {"type": st.sampled_from(["plain", "hashtag", "link", "text_link", "bold"]) | json_values},
    optional={"text": st.text(max_size=20) | json_values, "href": st.text(max_size=20) | json_values},
)
tg_message = st.fixed_dictionaries(
    {},
    optional={
        "id": st.integers(-5, 30) | json_values,
        "type": st.sampled_from(["message", "service"]) | json_values,
        "date": json_values,
        "date_unixtime": st.integers(0, 2**40).map(str) | json_values,
        "from": json_values,
        "author": json_values,
        "forwarded_from": json_values,
        "photo": json_values,
        "file": json_values,
        "media_type": json_values,
        "views": json_values,
        "action": json_values,
        "text": st.text(max_size=40) | st.lists(st.text(max_size=10) | entity, max_size=5) | json_values,
        "text_entities": st.lists(entity, max_size=5) | json_values,
    },
)
record = st.dictionaries(
    st.sampled_from(["text", "message_id", "id", "date", "channel", "urls", "has_photo", "views", "hashtags", "author",
                     "forwarded_from", "Text", "body"]),
    json_values,
    max_size=8,
)


@SETTINGS
@given(messages=st.lists(tg_message | json_values, max_size=8), name=json_values, chat_type=json_values)
def test_telegram_messages_with_arbitrary_fields(tmp_path, messages, name, chat_type):
    doc = {"name": name, "type": chat_type, "id": 1, "messages": messages}
    path = _write(tmp_path, "telegram-json", json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    check(path, "telegram-json")
    check(path, None)


@SETTINGS
@given(records=st.lists(record | json_values, max_size=8), shape=st.sampled_from(["array", "posts", "jsonl"]))
def test_records_with_arbitrary_fields(tmp_path, records, shape):
    if shape == "jsonl":
        text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
        fmt = "jsonl"
    else:
        text = json.dumps(records if shape == "array" else {"channel": "c", "posts": records}, ensure_ascii=False)
        fmt = "json"
    path = _write(tmp_path, fmt, text.encode("utf-8", "surrogatepass"))
    check(path, fmt)
    check(path, None)


@SETTINGS
@given(
    header=st.lists(st.sampled_from(["text", "message_id", "date", "urls", "has_photo", "views", "channel"]) | st.text(max_size=8),
                    min_size=1, max_size=6),
    rows=st.lists(st.lists(st.text(max_size=20) | st.sampled_from(["5.37K", "True", "1704067200", "t.me/c/1", "?q=%23X|https://a"]),
                           max_size=7), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
)
def test_csv_with_arbitrary_cells(tmp_path, header, rows, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    path = _write(tmp_path, "csv", buffer.getvalue().encode("utf-8", "surrogatepass"))
    check(path, "csv")
    check(path, None)
