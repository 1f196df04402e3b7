"""Each reader on small inputs written in tmp_path: the format rules, field by field."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from click.testing import CliRunner

import kg.sources
from kg.cli import main
from kg.errors import InputError
from kg.model import Draft, Post, Skip
from kg.sources import FORMATS, ReaderOptions, detect_format, read_posts, register_reader, registry
from kg.sources._common import FieldError, find_hashtags, message_id_of, parse_date, parse_views


def read(path, fmt=None, options=ReaderOptions()):
    items = list(read_posts(path, fmt, options))
    assert all(isinstance(i, (Post, Skip)) for i in items)
    posts = [i for i in items if isinstance(i, Post)]
    assert [p.ordinal for p in posts] == list(range(len(posts)))
    assert len({p.post_id for p in posts}) == len(posts)
    return posts, [i for i in items if isinstance(i, Skip)]


def write(tmp_path, name, content, encoding="utf-8"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding=encoding, newline="")
    return path


def tg_message(i, text="Post", **extra):
    message = {
        "id": i,
        "type": "message",
        "date": "2024-01-01T10:00:00",
        "date_unixtime": str(1704103200 + i),
        "from": "Demo Channel",
        "from_id": "channel1",
        "text": text,
        "text_entities": [{"type": "plain", "text": text}] if isinstance(text, str) else text,
    }
    message.update(extra)
    return message


def tg_export(tmp_path, messages, name="Demo Channel", chat_type="public_channel", name_last=False, file="result.json"):
    doc = {"type": chat_type, "id": 1, "messages": messages}
    doc = {**doc, "name": name} if name_last else {"name": name, **doc}
    return write(tmp_path, file, json.dumps(doc, ensure_ascii=False, indent=1))


# ---------------------------------------------------------------- field parsers ---


@pytest.mark.parametrize(
    "shown, expected",
    [("674", 674), ("5.37K", 5370), ("1.2M", 1200000), ("2.1k", 2100), ("1,234", 1234), ("", None), ("n/a", None),
     (15, 15), (Decimal("7"), 7), (None, None), (True, None), ("3,5K", 3500)],
)
def test_parse_views(shown, expected):
    assert parse_views(shown) == expected


def test_parse_date_forms():
    utc = timezone.utc
    assert parse_date("2026-03-09T08:04:57+00:00") == datetime(2026, 3, 9, 8, 4, 57, tzinfo=utc)
    assert parse_date("2026-03-09T08:04:57Z") == datetime(2026, 3, 9, 8, 4, 57, tzinfo=utc)
    assert parse_date("2024-09-29T14:14:24").tzinfo is None
    assert parse_date("1727604864") == datetime(2024, 9, 29, 10, 14, 24, tzinfo=utc)
    assert parse_date(1727604864000) == datetime(2024, 9, 29, 10, 14, 24, tzinfo=utc)  # milliseconds
    assert parse_date("04.12.2024 08:55") == datetime(2024, 12, 4, 8, 55)
    assert parse_date("Wed, 04 Dec 2024 08:55:19 +0300").utcoffset() == timedelta(hours=3)
    assert parse_date("") is None and parse_date(None) is None
    for bad in ("yesterday", "2024-13-45", [1], {"a": 1}, True, "9" * 30):
        with pytest.raises(FieldError):
            parse_date(bad)


def test_message_id_forms():
    assert message_id_of(28614) == ("28614", None)
    assert message_id_of("28614") == ("28614", None)
    assert message_id_of("007") == ("7", None)
    assert message_id_of("t.me/MFARussia/28614") == ("28614", "MFARussia")
    assert message_id_of("https://t.me/s/MFARussia/28614?single") == ("28614", "MFARussia")
    assert message_id_of("https://example.org/news/123/") == ("123", None)
    assert message_id_of("abc-1") == ("abc-1", None)
    assert message_id_of("") == (None, None) and message_id_of(None) == (None, None)
    assert message_id_of(Decimal("12")) == ("12", None)
    for bad in (True, [1], {"a": 1}, 1.5, "a b"):
        with pytest.raises(FieldError):
            message_id_of(bad)


def test_hashtags_from_text():
    text = "#CSTO and #ОДКБ, not C#, not https://x.org/#frag, not #1 or #2024, but #G20 and #CSTO again"
    assert find_hashtags(text) == ("#CSTO", "#ОДКБ", "#G20")


# ---------------------------------------------------------------- Telegram Desktop JSON ---


def test_telegram_fields(tmp_path):
    messages = [
        tg_message(1, "plain #Tag text", author="Jane Editor", views=1500),
        tg_message(
            2,
            [
                {"type": "plain", "text": "See "},
                {"type": "text_link", "text": "this", "href": "https://mid.ru/x"},
                {"type": "plain", "text": " and "},
                {"type": "link", "text": "https://t.me/MFARussia/1"},
                {"type": "hashtag", "text": "#BRICS"},
            ],
            forwarded_from="  Russian MFA 🇷🇺 ",
            photo="(File not included. Change data exporting settings to download.)",
        ),
        {"id": 3, "type": "service", "date": "2024-01-01T10:00:00", "action": "pin_message", "text": ""},
        tg_message(4, "", file="video.mp4", media_type="video_file"),
        tg_message(5, ""),
    ]
    posts, skips = read(tg_export(tmp_path, messages))
    assert [p.message_id for p in posts] == ["1", "2", "4", "5"]
    assert [s.reason for s in skips] == ["service message: pin_message"]
    p1, p2, p4, p5 = posts
    assert p1.author == "Jane Editor" and p1.views == 1500 and p1.hashtags == ()  # entities given: none is a hashtag
    assert p1.date == datetime(2024, 1, 1, 10, 0, 1, tzinfo=timezone.utc)  # date_unixtime, not the local date
    assert p2.text == "See this and https://t.me/MFARussia/1#BRICS"
    assert p2.links == ("https://mid.ru/x", "https://t.me/MFARussia/1")
    assert p2.hashtags == ("#BRICS",)
    assert p2.forwarded_from == "Russian MFA 🇷🇺" and p2.has_media
    assert p2.author is None  # a channel: "from" is the channel itself
    assert p4.text == "" and p4.has_media
    assert p5.text == "" and not p5.has_media
    assert {p.channel for p in posts} == {"Demo Channel"}
    assert p1.post_id == "demo-channel/1"


def test_telegram_text_without_entities_uses_regex_hashtags(tmp_path):
    message = tg_message(1, "x")
    del message["text_entities"]
    message["text"] = "Old export #CSTO #1"
    posts, _ = read(tg_export(tmp_path, [message]))
    assert posts[0].hashtags == ("#CSTO",)


def test_telegram_name_after_messages(tmp_path):
    posts, _ = read(tg_export(tmp_path, [tg_message(1), tg_message(2)], name="Late Name", name_last=True))
    assert {p.channel for p in posts} == {"Late Name"}


def test_telegram_bad_messages_are_skipped(tmp_path):
    messages = [
        tg_message(1),
        "not an object",
        {"type": "message", "text": "no id"},
        tg_message(4, text=42),
        tg_message(5, date_unixtime="soon"),
        {**tg_message(6), "type": "unsupported"},
        tg_message(7, text=[{"type": "bold", "text": 5}]),
        tg_message(1, "duplicate id"),
        tg_message(9, "x" * 150_000),
        {k: v for k, v in tg_message(10).items() if k != "type"},
    ]
    posts, skips = read(tg_export(tmp_path, messages))
    assert [p.message_id for p in posts] == ["1", "9"]
    assert len(posts[1].text) == 150_000  # huge posts are kept whole
    reasons = {s.where: s.reason for s in skips}
    assert reasons["message #2"].startswith("not a message object")
    assert "id" in reasons["message #3"]
    assert "text" in reasons["message 4"]
    assert "date" in reasons["message 5"]
    assert "unknown message type" in reasons["message 6"]
    assert "text part" in reasons["message 7"]
    assert reasons["message 1"].startswith("duplicate")
    assert reasons["message 10"] == "no message type"
    assert not any(s.reason.startswith("service message") for s in skips)


def test_telegram_group_author_is_from(tmp_path):
    message = tg_message(1, "hello", **{"from": "Alice"})
    posts, _ = read(tg_export(tmp_path, [message], name="Group", chat_type="private_group"))
    assert posts[0].author == "Alice"


def test_telegram_full_account_export(tmp_path):
    doc = {
        "about": "Here is the data you requested.",
        "personal_information": {"first_name": "A"},
        "chats": {
            "about": "This page lists all chats from this export.",
            "list": [
                {"name": "Channel One", "type": "public_channel", "id": 1, "messages": [tg_message(1, "one"), tg_message(2, "two")]},
                {"name": "Bob", "type": "personal_chat", "id": 2, "messages": [tg_message(1, "hi", **{"from": "Bob"}), 7]},
            ],
        },
        "left_chats": {"about": "", "list": [{"name": "Old Group", "type": "private_group", "id": 3, "messages": [tg_message(5, "bye")]}]},
    }
    path = write(tmp_path, "result.json", json.dumps(doc))
    assert detect_format(path) == "telegram-json"
    posts, skips = read(path)
    assert [(p.channel, p.message_id, p.text) for p in posts] == [
        ("Channel One", "1", "one"),
        ("Channel One", "2", "two"),
        ("Bob", "1", "hi"),
        ("Old Group", "5", "bye"),
    ]
    assert posts[2].author == "Bob"
    assert len(skips) == 1 and "not a message object" in skips[0].reason


def test_telegram_reader_refuses_other_json(tmp_path):
    array = write(tmp_path, "a.json", '[{"text": "x"}]')
    with pytest.raises(InputError, match="--format json"):
        list(read_posts(array, "telegram-json"))
    other = write(tmp_path, "o.json", '{"name": "x", "data": []}')
    with pytest.raises(InputError, match="messages"):
        list(read_posts(other, "telegram-json"))


def test_channel_option_overrides_everywhere(tmp_path):
    posts, _ = read(tg_export(tmp_path, [tg_message(1)]), options=ReaderOptions(channel="Override"))
    assert posts[0].channel == "Override" and posts[0].post_id == "override/1"


# ---------------------------------------------------------------- text dump ---


def test_dump_without_header_or_markers_splits_at_double_blank_lines(tmp_path):
    text = "First post line one\nline two\n\nsame post, new paragraph\n\n\nSecond post #Tag\n\n\n\n\nThird post\n"
    path = write(tmp_path, "dump.txt", text)
    posts, skips = read(path, "text-dump")
    assert skips == []
    assert [p.text for p in posts] == [
        "First post line one\nline two\n\nsame post, new paragraph",
        "Second post #Tag",
        "Third post",
    ]
    assert all(p.channel == "dump" and p.forwarded_from is None for p in posts)
    assert posts[1].hashtags == ("#Tag",)
    assert posts[0].post_id == "dump/n0"


def test_dump_markers_header_and_own_post(tmp_path):
    text = (
        "My Channel\r\n1.2K subscribers\r\nA channel about things.\r\n\r\n"
        "Our own post before any forward.\r\n"
        "Forwarded from\u00a0 Russian MFA 🇷🇺 \r\n"
        "Forwarded text\r\n\r\n#RussiaCSTO\r\n   \r\n"
        "Forwarded from\r\n"
        "Embassy Name\r\n"
        "Second forwarded\r\n"
        "Forwarded from Empty One\r\n"
        "Forwarded from Last\r\nLast text"
    )
    posts, _ = read(write(tmp_path, "d.txt", text))
    assert {p.channel for p in posts} == {"My Channel"}
    assert [(p.forwarded_from, p.text) for p in posts] == [
        (None, "Our own post before any forward."),
        ("Russian MFA 🇷🇺", "Forwarded text\n\n#RussiaCSTO"),
        ("Embassy Name", "Second forwarded"),
        ("Empty One", ""),
        ("Last", "Last text"),
    ]


def test_dump_header_ends_at_download_telegram(tmp_path):
    text = "Chan\n5 subscribers\n12 photos\nDescription line\nmore description\nDownload Telegram\nBody post\n"
    posts, _ = read(write(tmp_path, "d.txt", text), "text-dump")
    assert [p.text for p in posts] == ["Body post"] and posts[0].channel == "Chan"


# ---------------------------------------------------------------- t.me HTML ---

TME_PAGE = """<!DOCTYPE html><html><body>
<div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="demo_chan/7">
 <div class="tgme_widget_message_author"><a class="tgme_widget_message_owner_name"><span>Demo Chan</span></a></div>
 <a class="tgme_widget_message_reply" href="https://t.me/demo_chan/5"><div class="tgme_widget_message_text">quoted reply</div></a>
 <div class="tgme_widget_message_text js-message_text">Line one<br/>Line <b>two</b> <a href="?q=%23NATO">#NATO</a>
 <a href="https://example.org/a">link</a> <a href="/demo_chan/3">rel</a><!-- a comment --></div>
 <div class="tgme_widget_message_footer"><span class="tgme_widget_message_views">1.5K</span>
 <span class="tgme_widget_message_from_author">Ann Author</span>
 <a class="tgme_widget_message_date" href="https://t.me/demo_chan/7"><time datetime="2024-05-01T10:00:00+03:00">10:00</time></a></div>
</div></div>
<div class="tgme_widget_message_wrap"><div class="tgme_widget_message">
 <div class="tgme_widget_message_video_player"></div>
 <a class="tgme_widget_message_date" href="https://t.me/demo_chan/8?single"><time datetime="2024-05-02T10:00:00+00:00">x</time></a>
</div></div>
<div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="demo_chan/9">
 <div class="tgme_widget_message_text">bad date</div><time datetime="not a date">?</time>
</div></div>
</body></html>"""


def test_tme_page_details(tmp_path):
    path = write(tmp_path, "page.html", TME_PAGE)
    assert detect_format(path) == "tme-html"
    posts, skips = read(path)
    assert [p.message_id for p in posts] == ["7", "8"]
    p7, p8 = posts
    assert p7.text.startswith("Line one\nLine two #NATO")
    assert "quoted reply" not in p7.text and "comment" not in p7.text
    assert p7.hashtags == ("#NATO",)
    assert p7.links == ("https://example.org/a", "https://t.me/demo_chan/3")
    assert p7.views == 1500 and p7.author == "Ann Author"
    assert p7.date.utcoffset() == timedelta(hours=3)
    assert p7.channel == "Demo Chan"  # no page header: the owner name
    assert p8.channel == "demo_chan" and p8.has_media and p8.text == ""  # id from the date link
    assert len(skips) == 1 and skips[0].where == "message 9" and "date" in skips[0].reason


def test_html_that_is_not_a_tme_page(tmp_path):
    path = write(tmp_path, "x.html", "<html><body><p>Hello</p></body></html>")
    with pytest.raises(InputError, match="t.me/s"):
        detect_format(path)
    with pytest.raises(InputError, match="t.me/s"):
        list(read_posts(path, "tme-html"))


# ---------------------------------------------------------------- CSV ---


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiters_and_case_insensitive_columns(tmp_path, delimiter):
    rows = [["ID", "Date", "Message", "Channel"], ["1", "2024-01-01T00:00:00Z", "Hello, world; #Tag | x", "Chan"]]
    text = "\n".join(delimiter.join(f'"{c}"' for c in row) for row in rows) + "\n"
    posts, _ = read(write(tmp_path, "p.csv", text))
    assert posts[0].text == "Hello, world; #Tag | x" and posts[0].channel == "Chan" and posts[0].message_id == "1"


def test_csv_ids_that_are_t_me_links_give_each_post_its_url(tmp_path):
    path = write(tmp_path, "posts.csv", "id,text\nhttps://t.me/s/MFARussia/28614?single,One\n28615,Two\n"
                                        "https://example.org/news/7,Three\n")
    posts, _ = read(path)
    assert [(p.message_id, p.url) for p in posts] == [
        ("28614", "https://t.me/MFARussia/28614"), ("28615", None), ("7", None)]


def test_csv_without_text_column(tmp_path):
    path = write(tmp_path, "p.csv", "id,when,words\n1,2024-01-01,hello\n")
    with pytest.raises(InputError) as info:
        list(read_posts(path, "csv"))
    message = str(info.value)
    assert str(path) in message and "'words'" in message and "--text-column" in message
    posts, _ = read(path, "csv", ReaderOptions(text_column="words", date_column="when"))
    assert posts[0].text == "hello" and posts[0].date == datetime(2024, 1, 1)


def test_csv_rows_with_wrong_field_count_and_duplicates(tmp_path):
    text = "message_id,text\n1,one\n2,two,extra\n\n1,again\nt.me/SomeChan/5,five\n3,\"multi\nline\"\n4\n"
    posts, skips = read(write(tmp_path, "p.csv", text))
    assert [(p.message_id, p.text) for p in posts] == [("1", "one"), ("5", "five"), ("3", "multi\nline")]
    assert posts[1].channel == "SomeChan"
    reasons = {s.where.split(" (")[0]: s.reason for s in skips}
    assert reasons["line 3"] == "has 3 fields, the header has 2"
    assert reasons["line 5"].startswith("duplicate")
    assert reasons["line 9"] == "has 1 fields, the header has 2"


def test_csv_huge_field_and_epoch_dates(tmp_path):
    big = "word " * 60_000
    posts, _ = read(write(tmp_path, "p.csv", f"text,timestamp\n\"{big}\",1704067200\n"))
    assert posts[0].text == big and posts[0].date == datetime(2024, 1, 1, tzinfo=timezone.utc)


def test_csv_with_bom_and_utf16(tmp_path):
    text = "text,channel\nПривет,Канал\n"
    for name, data in (("bom.csv", b"\xef\xbb\xbf" + text.encode()), ("u16.csv", text.encode("utf-16"))):
        path = write(tmp_path, name, data)
        assert detect_format(path) == "csv"
        posts, _ = read(path)
        assert posts[0].text == "Привет" and posts[0].channel == "Канал"


# ---------------------------------------------------------------- JSON / JSONL ---


def test_json_object_with_posts_list_and_default_channel(tmp_path):
    doc = {"channel": "Top Chan", "posts": [{"id": 1, "body": "a"}, {"id": 2, "body": "b", "channel": "Own"}, "junk"]}
    path = write(tmp_path, "p.json", json.dumps(doc))
    assert detect_format(path) == "json"
    posts, skips = read(path)
    assert [(p.channel, p.text) for p in posts] == [("Top Chan", "a"), ("Own", "b")]
    assert skips[0].where == "item 3" and "not a JSON object" in skips[0].reason


def test_json_items_with_telegram_style_text(tmp_path):
    doc = {"items": [{"message": ["Hi ", {"type": "hashtag", "text": "#X"}], "urls": ["https://a.b", "?q=%23X"], "has_photo": "true"}]}
    posts, _ = read(write(tmp_path, "p.json", json.dumps(doc)))
    assert posts[0].text == "Hi #X" and posts[0].hashtags == ("#X",) and posts[0].links == ("https://a.b",)
    assert posts[0].has_media


def test_json_without_post_list_or_text(tmp_path):
    with pytest.raises(InputError, match="no list of posts"):
        list(read_posts(write(tmp_path, "a.json", '{"meta": 1}'), "json"))
    with pytest.raises(InputError) as info:
        list(read_posts(write(tmp_path, "b.json", '[{"foo": 1, "bar": 2}]')))
    assert "'foo'" in str(info.value) and "--text-column" in str(info.value)


def test_jsonl_bad_lines(tmp_path):
    lines = [
        '{"text": "one", "id": 1}',
        "",
        "[1, 2]",
        '{"text": "broken',
        '{"text": "\\ud800 lone surrogate", "id": 5}',
        "[" * 5000 + "]" * 5000,
        '{"text": "six", "id": 6}',
    ]
    posts, skips = read(write(tmp_path, "p.jsonl", "\n".join(lines)))
    assert [p.text for p in posts] == ["one", "six"]
    reasons = {s.where.split(" (")[0]: s.reason for s in skips}
    assert "not a JSON object" in reasons["line 3"]
    assert "invalid JSON" in reasons["line 4"]
    assert "undecodable" in reasons["line 5"]
    assert "invalid JSON" in reasons["line 6"]


def test_jsonl_detection_vs_compact_json(tmp_path):
    one_line_doc = write(tmp_path, "a.json", json.dumps({"name": "C", "messages": [tg_message(1)]}))
    assert detect_format(one_line_doc) == "telegram-json"
    single_record = write(tmp_path, "b.jsonl", json.dumps({"text": "only one"}))
    assert detect_format(single_record) == "jsonl"
    generic = write(tmp_path, "c.json", json.dumps({"messages": [{"text": "x"}]}, indent=2))
    assert detect_format(generic) == "json"


def test_all_formats_are_known():
    assert FORMATS == ("telegram-json", "tme-html", "text-dump", "csv", "json", "jsonl")


# A toy format, as a plugin would add one: a magic first line, then one post a line.
def sniff_lines(sample, path):
    return sample.startswith("#lines\n")


def read_lines(path, options):
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if number > 1 and line.strip():
                yield Draft(where=f"line {number}", message_id=None, channel=None, date=None, text=line.strip())


@pytest.fixture
def lines_format(monkeypatch):
    monkeypatch.setattr(registry, "_READERS", dict(registry._READERS))  # the registration ends with the test
    register_reader("lines", sniff_lines, read_lines)


def test_a_registered_reader_is_detected_read_and_named_by_format(tmp_path, lines_format):
    path = write(tmp_path, "talks.txt", "#lines\nLavrov met Wang Yi in Beijing.\n\nThe talks went on.\n")
    assert kg.sources.FORMATS[-1] == "lines" and detect_format(path) == "lines"
    posts, _ = read(path, "lines")
    assert [(p.post_id, p.text) for p in posts] == [("talks/n0", "Lavrov met Wang Yi in Beijing."),
                                                     ("talks/n1", "The talks went on.")]
    for args in ([], ["--format", "lines"]):
        out = tmp_path / f"out{len(args)}"
        result = CliRunner().invoke(main, ["build", str(path), *args, "--out", str(out), "--no-progress"])
        assert result.exit_code == 0, result.output
        assert "posts read: 2 " in result.output
        assert len((out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    assert "lines]" in CliRunner().invoke(main, ["build", "--help"]).output


def test_a_reader_registered_before_another_is_asked_first(tmp_path, lines_format):
    path = write(tmp_path, "p.txt", "#lines\nForwarded from MFA Russia\nText\n")
    assert detect_format(path) == "text-dump"  # "lines" is asked last, after the text dump's "Forwarded from"
    register_reader("lines-first", sniff_lines, read_lines, before="text-dump")
    assert detect_format(path) == "lines-first"
    assert kg.sources.FORMATS[-2:] == ("lines", "lines-first")  # listed in the order registered
    with pytest.raises(ValueError, match="already registered"):
        register_reader("lines", sniff_lines, read_lines)
