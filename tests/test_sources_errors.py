"""File-level problems: each is one InputError naming the file, raised after the good posts before it."""

from __future__ import annotations

import json
import random
import re

import pytest

from kg.errors import InputError
from kg.model import Post, Skip
from kg.sources import FORMATS, ReaderOptions, detect_format, read_posts

from corpus import DESKTOP_EXPORT as TDESKTOP, REPO as ROOT

SAMPLE = ROOT / "kg" / "sample" / "result.json"

RUSSIAN = (
    "Министр иностранных дел России Сергей Лавров провел переговоры с коллегой из Белоруссии. "
    "Стороны обсудили сотрудничество в рамках ОДКБ, СНГ и ЕАЭС, а также подготовку к саммиту ШОС. "
)


def read_until_error(path, fmt=None, options=ReaderOptions()):
    """(posts yielded, skips yielded, the InputError or None)."""
    posts, skips = [], []
    try:
        for item in read_posts(path, fmt, options):
            assert isinstance(item, (Post, Skip))
            (posts if isinstance(item, Post) else skips).append(item)
    except InputError as e:
        return posts, skips, e
    return posts, skips, None


def export_bytes(n=300) -> bytes:
    messages = [
        {
            "id": i,
            "type": "message",
            "date": "2024-01-01T10:00:00",
            "date_unixtime": str(1704103200 + i),
            "from": "Канал",
            "from_id": "channel1",
            "text": f"{RUSSIAN} #{i}",
            "text_entities": [{"type": "plain", "text": f"{RUSSIAN} #{i}"}],
        }
        for i in range(1, n + 1)
    ]
    return json.dumps({"name": "Канал", "type": "public_channel", "id": 1, "messages": messages}, ensure_ascii=False, indent=1).encode()


def export_source() -> bytes:
    """A real export when the corpus is present, else a generated one of similar shape."""
    if TDESKTOP.is_file():
        return TDESKTOP.read_bytes()
    return export_bytes(3000)


# ---------------------------------------------------------------- truncated JSON ---


@pytest.mark.parametrize("fraction", [0.001, 0.1, 0.37, 0.5, 0.9, 0.9999])
def test_truncated_telegram_export_yields_posts_then_names_the_file(tmp_path, fraction):
    data = export_source()
    full = tmp_path / "full.json"
    full.write_bytes(data)
    full_ids = [p.post_id for p in read_posts(full) if isinstance(p, Post)]
    cut = tmp_path / "result.json"
    cut.write_bytes(data[: int(len(data) * fraction)])
    posts, _, error = read_until_error(cut, "telegram-json")
    assert error is not None
    message = str(error)
    assert str(cut) in message
    assert "truncated" in message
    assert error.posts_read == len(posts)
    assert f"{len(posts)} posts were read before it" in message or len(posts) <= 1
    # what came before the cut is exactly the start of the full read
    assert [p.post_id for p in posts] == full_ids[: len(posts)]
    if fraction >= 0.1:
        assert len(posts) > 0.5 * fraction * len(full_ids)


def test_truncated_export_detected_without_format(tmp_path):
    cut = tmp_path / "result.json"
    cut.write_bytes(export_bytes(200)[:30_000])
    posts, _, error = read_until_error(cut)
    assert error is not None and posts and "ends early" in str(error) or "middle of a character" in str(error)


def test_truncated_in_the_middle_of_a_character(tmp_path):
    data = export_bytes(50)
    at = data.index("Министр".encode()) + 1  # inside the two-byte "М"
    cut = tmp_path / "result.json"
    cut.write_bytes(data[:at])
    _, _, error = read_until_error(cut, "telegram-json")
    assert error is not None and str(cut) in str(error)


def test_invalid_json_names_byte_and_line(tmp_path):
    text = '{\n "name": "C",\n "messages": [\n  {"id": 1, "type": "message", "text": "a"},\n  {"id": 2 "type": "message"}\n ]\n}\n'
    path = tmp_path / "result.json"
    path.write_text(text, encoding="utf-8")
    posts, _, error = read_until_error(path, "telegram-json")
    assert [p.message_id for p in posts] == ["1"]
    message = str(error)
    error_at = text.index('"type": "message"}')  # the key after the missing comma
    reported = int(re.search(r"near byte (\d+) \(line 5\)", message).group(1))
    assert str(path) in message and abs(reported - error_at) <= 8
    assert "1 post was read before it" in message


def test_truncated_json_array(tmp_path):
    data = json.dumps([{"message_id": i, "text": f"post {i}"} for i in range(100)]).encode()
    path = tmp_path / "posts.json"
    path.write_bytes(data[: len(data) // 2])
    posts, _, error = read_until_error(path)
    assert error is not None and "ends early" in str(error) and str(path) in str(error)
    assert 40 < len(posts) <= 50


def test_truncated_jsonl_last_line_is_a_skip(tmp_path):
    lines = [json.dumps({"id": i, "text": f"post {i}"}) for i in range(5)]
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(lines)[:-10], encoding="utf-8")
    posts, skips, error = read_until_error(path)
    assert error is None and len(posts) == 4 and skips[0].where == "line 5"


def test_json_nested_absurdly_deep(tmp_path):
    path = tmp_path / "bomb.json"
    path.write_bytes(b'{"name": "x", "messages": [{"id": 1, "type": "message", "text": "ok"}, ' + b"[" * 200_000)
    for fmt in ("telegram-json", "json", None):
        posts, _, error = read_until_error(path, fmt)
        assert error is not None and "levels deep" in str(error)


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path):
    text = "[" * 2000 + ' \\" \\\\' + "{" * 2000
    data = json.dumps({"name": "x", "messages": [{"id": i, "type": "message", "text": text} for i in range(1, 40)]})
    path = tmp_path / "result.json"
    path.write_text(data, encoding="utf-8")
    posts, _, error = read_until_error(path)
    assert error is None and len(posts) == 39 and posts[0].text == text


# ---------------------------------------------------------------- encodings ---

CP1251_INPUTS = {
    "csv": "message_id,text\n1,\"{t}\"\n2,\"{t}\"\n",
    "jsonl": '{{"id": 1, "text": "{t}"}}\n{{"id": 2, "text": "{t}"}}\n',
    "json": '[{{"id": 1, "text": "{t}"}}]',
    "telegram-json": '{{"name": "Канал", "messages": [{{"id": 1, "type": "message", "text": "{t}"}}]}}',
    "text-dump": "Канал\n7K subscribers\nForwarded from МИД России\n{t}\n",
    "tme-html": '<html><div class="tgme_widget_message" data-post="c/1"><div class="tgme_widget_message_text">{t}</div></div></html>',
}


@pytest.mark.parametrize("fmt", sorted(CP1251_INPUTS))
def test_cp1251_file_is_refused_naming_the_encoding(tmp_path, fmt):
    path = tmp_path / "input.dat"
    path.write_bytes(CP1251_INPUTS[fmt].format(t=RUSSIAN * 3).encode("cp1251"))
    with pytest.raises(InputError) as info:
        detect_format(path)
    assert str(path) in str(info.value) and "cp1251" in str(info.value) and "UTF-8" in str(info.value)
    posts, _, error = read_until_error(path, fmt)
    assert error is not None and str(path) in str(error) and "cp1251" in str(error)
    assert posts == []


def test_bad_bytes_late_in_a_file_come_after_the_good_posts(tmp_path):
    good = "".join(json.dumps({"id": i, "text": RUSSIAN}, ensure_ascii=False) + "\n" for i in range(2000))
    bad = "".join(json.dumps({"id": i, "text": RUSSIAN}, ensure_ascii=False) + "\n" for i in range(2000, 2100))
    path = tmp_path / "p.jsonl"
    path.write_bytes(good.encode() + bad.encode("cp1251"))
    assert detect_format(path) == "jsonl"  # the first 64 KB are fine
    posts, _, error = read_until_error(path)
    assert error is not None and error.posts_read == len(posts) > 100
    message = str(error)
    assert str(path) in message and "not UTF-8" in message and "cp1251" in message and "line" in message


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_bom_encodings_are_read(tmp_path, encoding):
    for name, content, fmt in (
        ("result.json", export_bytes(3).decode(), "telegram-json"),
        ("p.jsonl", '{"id": 1, "text": "Привет #ОДКБ"}\n', "jsonl"),
        ("d.txt", "Канал\n7K subscribers\nDownload Telegram\nForwarded from МИД\nТекст\n", "text-dump"),
    ):
        path = tmp_path / name
        path.write_bytes(content.encode(encoding))
        assert detect_format(path) == fmt
        posts, _, error = read_until_error(path)
        assert error is None and posts and all("\ufeff" not in p.text for p in posts)
        assert posts[0].channel != "\ufeffКанал"


def test_utf16_without_bom_is_named(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("text\nПривет, мир\n".encode("utf-16-le"))
    with pytest.raises(InputError, match="UTF-16"):
        detect_format(path)


# ---------------------------------------------------------------- empty, junk, unknown ---


@pytest.mark.parametrize("fmt", [None, *FORMATS])
def test_empty_file(tmp_path, fmt):
    path = tmp_path / "empty.json"
    path.write_bytes(b"")
    _, _, error = read_until_error(path, fmt)
    assert error is not None and str(path) in str(error) and "empty" in str(error)


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text("  \n\n\t\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        detect_format(path)


@pytest.mark.parametrize("fmt", [None, *FORMATS])
def test_binary_junk(tmp_path, fmt):
    rng = random.Random(7)
    path = tmp_path / "junk.bin"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(20_000)))
    _, _, error = read_until_error(path, fmt)
    assert error is not None and str(path) in str(error)


def test_binary_junk_is_described_as_binary(tmp_path):
    path = tmp_path / "junk.bin"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError, match="binary"):
        detect_format(path)


def test_prose_is_not_guessed(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Just some notes I took.\nNothing here is a post export, as far as I can tell, really.\n" * 5)
    with pytest.raises(InputError) as info:
        detect_format(path)
    message = str(info.value)
    assert str(path) in message and "--format" in message and all(f in message for f in FORMATS)


def test_unknown_format_name(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("text\nhello\n")
    with pytest.raises(InputError) as info:
        list(read_posts(path, "xml"))
    assert "'xml'" in str(info.value) and "telegram-json" in str(info.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="not found"):
        list(read_posts(tmp_path / "nope.json"))
    with pytest.raises(InputError, match="not found"):
        detect_format(tmp_path / "nope.json")
    with pytest.raises(InputError, match="directory"):
        list(read_posts(tmp_path, "csv"))


def test_wrong_forced_format_raises_input_error_only(tmp_path):
    path = tmp_path / "result.json"
    path.write_bytes(export_bytes(5))
    for fmt in FORMATS:
        posts, skips, error = read_until_error(path, fmt)
        assert error is None or str(path) in str(error)
        assert "bug in omkg" not in str(error or "")


# ---------------------------------------------------------------- numbers no export has ---


def test_numbers_of_thousands_of_digits_never_crash(tmp_path):
    """ijson's C backend kills the interpreter on integers over 4300 digits; the guard refuses them first."""
    huge = "1" + "0" * 5000
    tg = tmp_path / "result.json"
    tg.write_text('{"name": "c", "messages": [{"id": 1, "type": "message", "text": "ok"}, {"id": ' + huge + "}]}")
    for fmt in ("telegram-json", "json", None):
        _, _, error = read_until_error(tg, fmt)
        assert error is not None and "digits" in str(error)
    array = tmp_path / "a.json"
    array.write_text('[{"text": "x", "views": ' + huge + "}]")
    _, _, error = read_until_error(array)
    assert error is not None and "digits" in str(error)
    # the same number split across two 64 KB chunks
    split = tmp_path / "split.json"
    split.write_text('[{"text": "' + "x" * (65536 - 2500) + '", "views": ' + huge + "}]")
    _, _, error = read_until_error(split)
    assert error is not None and "digits" in str(error)
    # long digit runs elsewhere are only bad fields
    lines = tmp_path / "p.jsonl"
    lines.write_text('{"text": "a", "id": ' + "9" * 4200 + '}\n{"text": "b", "id": "' + "9" * 6000 + '"}\n{"text": "c", "id": 3}\n')
    posts, skips, error = read_until_error(lines)
    assert error is None and [p.text for p in posts] == ["c"] and len(skips) == 2
    table = tmp_path / "p.csv"
    table.write_text("message_id,text,views\n" + "7" * 6000 + ",a," + "5" * 6000 + "\n2,b,1.5K\n")
    posts, skips, error = read_until_error(table)
    assert error is None and [(p.message_id, p.views) for p in posts] == [("2", 1500)] and len(skips) == 1
    page = tmp_path / "p.html"
    page.write_text(f'<div class="tgme_widget_message" data-post="c/{"1" * 6000}"><div class="tgme_widget_message_text">t</div></div>')
    posts, _, error = read_until_error(page)
    assert error is None and posts[0].message_id is None


# ---------------------------------------------------------------- no slow paths ---


def test_adversarial_lines_and_fields_read_in_linear_time(tmp_path):
    """Long runs of spaces, digits, slashes and '#' (which trip backtracking regexes) stay fast."""
    import time

    spaces = " " * 60_000
    nasty = [
        "1" + spaces + "x",
        "Forwarded from x" + spaces + "y",
        "#" + "1" * 60_000 + "a",
        "https://a.b/" + "1/" * 30_000,
        "7K" + spaces + "subscriberz",
        "\u00a0" * 60_000 + "Forwarded from",
    ]
    dump = tmp_path / "d.txt"
    dump.write_text("Chan\n7K subscribers\nDownload Telegram\nForwarded from X\n" + "\n".join(nasty) + "\n", encoding="utf-8")
    table = tmp_path / "t.csv"
    table.write_text(
        "message_id,date,text,views,urls\n" + "\n".join(f'"{v}","{v}","{v}","{v}","{v}"' for v in nasty) + "\n",
        encoding="utf-8",
    )
    lines = tmp_path / "l.jsonl"
    lines.write_text("\n".join(json.dumps({"id": v, "date": v, "text": v, "views": v}) for v in nasty), encoding="utf-8")
    export = tmp_path / "result.json"
    export.write_text(
        json.dumps({"name": "C", "messages": [{"id": i, "type": "message", "date": v, "text": v, "views": v} for i, v in enumerate(nasty)]}),
        encoding="utf-8",
    )
    digits = tmp_path / "digits.json"
    digits.write_text("[" + ",".join(["1" * 3990] * 200) + "]", encoding="utf-8")
    for path in (dump, table, lines, export, digits):
        start = time.perf_counter()
        read_until_error(path)
        read_until_error(path, "text-dump")
        assert time.perf_counter() - start < 10, path
