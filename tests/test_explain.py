"""`kg explain DIR POST`: a post's text with every mention highlighted by type, its events with the words behind
their date, place and participants, its assertions with extractor and confidence — in the terminal or as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus import SEED, SEED_ALIASES, SEED_GOLD, need
from kg.cli import main
from kg.explain import EVENT_WORDS_STYLE, STYLES, explanation, find_record, highlighted

SAMPLE_POST = "embassy-digest-omkg-sample/4"  # Lavrov's call with Wang Yi, January 9


def explained(build: Path, post: str) -> dict:
    result = CliRunner().invoke(main, ["explain", str(build), post, "--output", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_gives_every_mention_event_and_assertion_with_the_words_behind_it(sample_build):
    found = explained(sample_build, SAMPLE_POST)
    text = found["post"]["text"]
    record = find_record(sample_build, SAMPLE_POST)
    assert len(found["mentions"]) == sum(len(e.mentions) for e in record.entities) + sum(
        len(p.get("mentions") or ()) for p in record.positions.values())
    for mention in found["mentions"]:
        assert text[mention["start"]:mention["end"]] == mention["text"]
    assert {"text": "Sergey Lavrov", "type": "Person", "entity": "person/sergey-lavrov"}.items() <= next(
        m for m in found["mentions"] if m["entity"] == "person/sergey-lavrov").items()
    assert any(m["type"] == "Position" and m["text"] == "Foreign Minister" for m in found["mentions"])

    (call,) = found["events"]
    assert (call["type"], call["date"], call["date_words"]["text"]) == ("phone_call", "2024-01-09", "January 9")
    assert call["trigger"]["text"] == "held a telephone conversation"
    assert {p["label"]: p["words"]["text"] for p in call["participants"]} == {"Sergey Lavrov": "Sergey Lavrov",
                                                                             "Wang Yi": "Wang Yi"}
    holds = {(a["subject_label"], a["object_label"], a["extractor"]) for a in found["assertions"]
             if a["predicate"] == "holdsPosition"}
    assert ("Sergey Lavrov", "Minister of Foreign Affairs of Russia", "titles") in holds
    assert all(0 < a["confidence"] <= 1 for a in found["assertions"])
    for assertion in found["assertions"]:
        for words in assertion["evidence"]:
            assert text[words["start"]:words["end"]] == words["text"]


def test_the_text_is_highlighted_by_type_and_the_events_words_underlined(sample_build):
    found = explanation(find_record(sample_build, SAMPLE_POST))
    styled = {(span.start, span.end, str(span.style)) for span in highlighted(found).spans}
    for mention in found["mentions"]:
        assert (mention["start"], mention["end"], STYLES[mention["type"]]) in styled
    trigger = found["events"][0]["trigger"]
    assert (trigger["start"], trigger["end"], EVENT_WORDS_STYLE) in styled


def test_the_terminal_rendering_shows_the_post_and_its_tables(sample_build):
    result = CliRunner().invoke(main, ["explain", str(sample_build), SAMPLE_POST])
    assert result.exit_code == 0, result.output
    output = result.output
    assert "held a telephone conversation" in output and "Mentions" in output and "Events" in output
    assert "Assertions" in output and "phone_call" in output and "“January 9” @8" in output
    for label in ("Sergey Lavrov", "Wang Yi", "BRICS", "Beijing"):
        assert label in output


def test_a_post_is_found_by_its_message_id_and_a_wrong_id_gets_suggestions(sample_build, build_dir):
    assert explained(sample_build, "4")["post"]["id"] == SAMPLE_POST

    result = CliRunner().invoke(main, ["explain", str(sample_build), SAMPLE_POST + "x"])
    assert result.exit_code == 1
    assert f"no post '{SAMPLE_POST}x'; did you mean {SAMPLE_POST}" in result.output

    records = build_dir / "mentions.jsonl"
    first = json.loads(records.read_text(encoding="utf-8").splitlines()[0])
    with open(records, "a", encoding="utf-8") as handle:  # a second channel with the same message id
        handle.write(json.dumps({**first, "post_id": "other-channel/" + first["message_id"]}) + "\n")
    result = CliRunner().invoke(main, ["explain", str(build_dir), first["message_id"]])
    assert result.exit_code == 1
    assert f"2 posts have message id {first['message_id']}: give the post id" in result.output


def test_a_missing_build_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["explain", str(tmp_path), "x/1"])
    assert result.exit_code == 1 and "kg: error:" in result.output and "Traceback" not in result.output


def test_on_a_seed_post_every_gold_mention_and_the_event_are_shown_with_their_words(tmp_path):
    """The issue's acceptance: the first post of the seed dump, against its gold annotation."""
    gold = json.loads(need(SEED_GOLD).read_text(encoding="utf-8").splitlines()[0])
    aliases = json.loads(need(SEED_ALIASES).read_text(encoding="utf-8"))
    build = tmp_path / "seed"
    result = CliRunner().invoke(main, ["build", str(need(SEED)), "--out", str(build), "--no-store"])
    assert result.exit_code == 0, result.output
    post = next(json.loads(line)["post_id"] for line in (build / "mentions.jsonl").open(encoding="utf-8")
                if json.loads(line)["ordinal"] == gold["ordinal"])
    found = explained(build, post)
    assert found["post"]["text"].startswith(gold["starts_with"])

    shown = {(m["type"], name) for m in found["mentions"]
             for name in [m["label"], *[k for k, v in aliases.items() if m["label"] in v]]}
    for kind in ("Person", "Organisation", "Location"):
        for name in gold[kind]:
            assert (kind, name) in shown, (kind, name)
    (expected,) = gold["events"]
    (event,) = found["events"]
    assert event["date"] == expected["date"] and event["date_words"]["text"]
    assert event["place"]["label"] == expected["place"] and event["place"]["words"]["text"] == expected["place"]
    assert {p["label"] for p in event["participants"]} == set(expected["participants"])
    assert all(p["words"]["text"] for p in event["participants"])
    rendered = CliRunner().invoke(main, ["explain", str(build), post]).output
    assert f"“{expected['place']}”" in rendered and "Alexander Lukashenko" in rendered


@pytest.mark.parametrize("post", ["", " "])
def test_an_empty_post_argument_is_refused_clearly(sample_build, post):
    result = CliRunner().invoke(main, ["explain", str(sample_build), post])
    assert result.exit_code == 1 and "no post" in result.output
