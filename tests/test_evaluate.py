"""`kg eval` gives the reference scorer's figures on the same files, and lists what it missed."""

import argparse
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from corpus import SEED_ALIASES, SEED_GOLD, SHARED, need
from kg.cli import main
from kg.evaluate import evaluate

SCORER = SHARED / "annotation" / "score.py"
NAMES = ["Sergey Lavrov", "Lavrov", "CSTO", "ОДКБ", "Minsk", "Russia", "Belarus", "UN", "United Nations", "SCO",
         "Vladimir Putin", "Kazakhstan", "Almaty", "New York", "Moscow", "Atlantis", "Nobody"]


def reference(gold, aliases, predictions, key="ordinal"):
    out = subprocess.run([sys.executable, str(need(SCORER)), str(gold), str(aliases), str(predictions), "--key", key,
                          "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def assert_same(ours, theirs):
    for name, (p, r, f) in theirs["entities"].items():
        got = ours.entities[name]
        assert (got.precision, got.recall, got.f1) == pytest.approx((p, r, f))
    assert ours.event_date_accuracy == pytest.approx(theirs["event_date_acc"])
    assert ours.event_place_accuracy == pytest.approx(theirs["event_place_acc"])
    assert ours.participants.f1 == pytest.approx(theirs["participants"][2])


entity = st.fixed_dictionaries({
    "id": st.sampled_from(["a", "b", "c", "d"]),
    "type": st.sampled_from(["Person", "Organisation", "Location", "Event"]),
    "label": st.sampled_from(NAMES),
    "aliases": st.lists(st.sampled_from(NAMES), max_size=2),
    "mentions": st.sampled_from([[], [{"start": 0, "end": 1}]]),
})
event = st.fixed_dictionaries({
    "date": st.sampled_from(["2023-06-20", "--06-20", "2024-07-16", "2023-10-25", None]),
    "place": st.sampled_from(["a", "b", None]),
    "participants": st.lists(st.sampled_from(["a", "b", "c"]), max_size=2),
})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.lists(entity, max_size=6), st.lists(event, max_size=2)), min_size=11, max_size=11))
def test_same_figures_as_the_reference_scorer(tmp_path, posts):
    gold = need(SEED_GOLD)
    predictions = tmp_path / "mentions.jsonl"
    predictions.write_text("".join(json.dumps({"ordinal": i, "entities": e, "events": v}) + "\n"
                                   for i, (e, v) in enumerate(posts)), encoding="utf-8")
    assert_same(evaluate(gold, predictions, need(SEED_ALIASES)), reference(gold, SEED_ALIASES, predictions))


def test_cli_scores_a_build_and_lists_misses(tmp_path):
    gold = need(SEED_GOLD)
    build = tmp_path / "build"
    build.mkdir()
    (build / "mentions.jsonl").write_text(json.dumps({"ordinal": 0, "entities": [
        {"id": "x", "type": "Organisation", "label": "CSTO", "aliases": [], "mentions": [{"start": 0, "end": 4}]},
        {"id": "y", "type": "Location", "label": "Atlantis", "aliases": [], "mentions": [{"start": 5, "end": 9}]},
        {"id": "z", "type": "Person", "label": "Nobody", "aliases": [], "mentions": [{"start": 10, "end": 16}]},
    ], "events": [{"date": "2023-06-20", "place": "y", "participants": ["z"]}]}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(gold), "--build", str(build), "--aliases", str(SEED_ALIASES)])
    assert result.exit_code == 0, result.output
    assert "0: spurious Location Atlantis" in result.output
    assert "0: missed Person Alexander Lukashenko" in result.output
    assert "0: event place Atlantis != Minsk" in result.output
    assert "0: event participant missed aleksandr lukashenko" in result.output  # (the first of its names)
    assert "0: event participant spurious Nobody" in result.output
    assert "entities_f1=" in result.output


def test_cli_reports_a_broken_gold_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"ordinal": 0}\n{broken\n', encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "mentions.jsonl").write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(gold), "--build", str(tmp_path / "b")])
    assert result.exit_code == 1
    assert "line 2 is not JSON" in result.output and "Traceback" not in result.output


def test_the_annotation_sample_is_drawn_from_unannotated_posts_and_says_when_too_few_are_left():
    spec = importlib.util.spec_from_file_location("draw", Path(__file__).resolve().parents[1] / "scripts"
                                                  / "draw_annotation_sample.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    posts = [{"message_id": str(i), "text": "x" * (150 if i % 5 == 0 else 400)} for i in range(1, 21)]
    picked = script.draw(posts, {"1", "2"}, 5, 7, window=False)
    ids = [int(p["message_id"]) for p in picked]
    assert ids == sorted(ids) and len(set(ids)) == 5 and not {1, 2, 5, 10, 15, 20} & set(ids)
    assert picked == script.draw(posts, {"1", "2"}, 5, 7, window=False)  # the seed decides
    with pytest.raises(SystemExit, match="only 14 of 200–3,000 characters"):  # 20 posts, 4 short, 2 annotated
        script.draw(posts, {"1", "2"}, 15, 7, window=False)
    short = script.draw(posts, {"1", "2"}, 4, 7, window=False, lengths=script.lengths_range("100-200"))
    assert sorted(int(p["message_id"]) for p in short) == [5, 10, 15, 20]  # only the posts of 100–200 characters
    with pytest.raises(argparse.ArgumentTypeError, match="not MIN-MAX"):
        script.lengths_range("3001")
    with pytest.raises(argparse.ArgumentTypeError, match="at most MAX"):
        script.lengths_range("5000-3001")
