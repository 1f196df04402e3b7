"""Extraction quality on annotated real posts, scored as the guidelines say (kg eval = the reference scorer).

The seed gold comes with the guidelines; the development set (tests/data/devset/) and the held-out set
(tests/data/heldout/, annotated blind) are our own annotation of real MFA and RIA posts, read from ../shared. The
floors sit a little under today's figures, so a change that makes extraction worse fails here.
"""

import json

import pytest
from click.testing import CliRunner

from corpus import MFA_CSV, REPO, RIA_JSON, SEED, SEED_ALIASES, SEED_GOLD, need
from kg.cli import main
from kg.evaluate import evaluate, evaluate_resolution

DEVSET = REPO / "tests" / "data" / "devset"
HELDOUT = REPO / "tests" / "data" / "heldout"
HELDOUT_2 = REPO / "tests" / "data" / "heldout-20261203"
HELDOUT_3 = REPO / "tests" / "data" / "heldout-20261204"
HELDOUT_4 = REPO / "tests" / "data" / "heldout-20261205"
HELDOUT_5 = REPO / "tests" / "data" / "heldout-20261205b"
HELDOUT_6 = REPO / "tests" / "data" / "heldout-20261206"
HELDOUT_7 = REPO / "tests" / "data" / "heldout-20261206b"
HELDOUT_8 = REPO / "tests" / "data" / "heldout-20261206c"
HELDOUT_9 = REPO / "tests" / "data" / "heldout-20261206d"
HELDOUT_10 = REPO / "tests" / "data" / "heldout-20261207"
HELDOUT_11 = REPO / "tests" / "data" / "heldout-20261207b"
HELDOUT_12 = REPO / "tests" / "data" / "heldout-20261208"
HELDOUT_13 = REPO / "tests" / "data" / "heldout-20261208b"
HELDOUT_14 = REPO / "tests" / "data" / "heldout-20261209"
HELDOUT_15 = REPO / "tests" / "data" / "heldout-20261210"
HELDOUT_16 = REPO / "tests" / "data" / "heldout-20261211"
HELDOUT_17 = REPO / "tests" / "data" / "heldout-20261212"
HELDOUT_18 = REPO / "tests" / "data" / "heldout-20261213"
HELDOUT_19 = REPO / "tests" / "data" / "heldout-20261214"
HELDOUT_20 = REPO / "tests" / "data" / "heldout-20261215"
HELDOUT_21 = REPO / "tests" / "data" / "heldout-20261216"
HELDOUT_22 = REPO / "tests" / "data" / "heldout-20261217"
HELDOUT_23 = REPO / "tests" / "data" / "heldout-20261218"
HELDOUT_24 = REPO / "tests" / "data" / "heldout-20261219"
HELDOUT_25 = REPO / "tests" / "data" / "heldout-20261220"
EVENT_RESOLUTION = REPO / "tests" / "data" / "event-resolution"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build each corpus once for all the tests here."""
    cache = {}

    def build(path):
        if path not in cache:
            out = tmp_path_factory.mktemp(path.stem)
            result = CliRunner().invoke(main, ["build", str(need(path)), "--out", str(out), "--no-progress"])
            assert result.exit_code == 0, result.output
            cache[path] = out
        return cache[path]

    return build


def test_seed_gold(built):
    score = evaluate(need(SEED_GOLD), built(SEED) / "mentions.jsonl", need(SEED_ALIASES), "ordinal")
    assert score.entities["micro"].f1 >= 0.97, score.misses
    assert score.event_date_accuracy == 1.0 and score.event_place_accuracy == 1.0, score.misses
    assert score.participants.f1 >= 0.95, score.misses


@pytest.mark.parametrize("annotated, corpus, gold, entity_floor, date_floor", [
    (DEVSET, MFA_CSV, "mfa-gold.jsonl", 0.95, 0.95),
    (DEVSET, RIA_JSON, "ria-gold.jsonl", 0.95, 0.95),
    (HELDOUT, MFA_CSV, "mfa-gold.jsonl", 0.90, 0.95),
    (HELDOUT, RIA_JSON, "ria-gold.jsonl", 0.92, 0.95),
    (HELDOUT_2, MFA_CSV, "mfa-gold.jsonl", 0.95, 0.95),
    (HELDOUT_2, RIA_JSON, "ria-gold.jsonl", 0.92, 0.95),
    (HELDOUT_3, MFA_CSV, "mfa-gold.jsonl", 0.92, 0.9),
    (HELDOUT_3, RIA_JSON, "ria-gold.jsonl", 0.85, 0.95),
    (HELDOUT_4, MFA_CSV, "mfa-gold.jsonl", 0.92, 0.95),
    (HELDOUT_4, RIA_JSON, "ria-gold.jsonl", 0.92, 0.95),
    (HELDOUT_5, MFA_CSV, "mfa-gold.jsonl", 0.95, 0.95),
    (HELDOUT_5, RIA_JSON, "ria-gold.jsonl", 0.92, 0.95),
    (HELDOUT_6, MFA_CSV, "mfa-gold.jsonl", 0.95, 0.95),
    (HELDOUT_6, RIA_JSON, "ria-gold.jsonl", 0.95, 0.5),  # "в пятницу завершает" (a present tense of the future) missed
    (HELDOUT_7, MFA_CSV, "mfa-gold.jsonl", 0.95, 0.95),
    (HELDOUT_7, RIA_JSON, "ria-gold.jsonl", 0.95, 0.95),
    (HELDOUT_8, MFA_CSV, "mfa-gold.jsonl", 0.95, 0.95),
    (HELDOUT_8, RIA_JSON, "ria-gold.jsonl", 0.92, 0.95),
    (HELDOUT_9, MFA_CSV, "mfa-gold.jsonl", 0.95, 0.95),
    (HELDOUT_9, RIA_JSON, "ria-gold.jsonl", 0.97, 0.95),
    (HELDOUT_10, MFA_CSV, "mfa-gold.jsonl", 0.95, 0.95),
    (HELDOUT_10, RIA_JSON, "ria-gold.jsonl", 0.95, 0.0),  # its posts date no happening
    (HELDOUT_11, MFA_CSV, "mfa-gold.jsonl", 0.97, 0.95),
    (HELDOUT_11, RIA_JSON, "ria-gold.jsonl", 0.9, 0.95),
    (HELDOUT_12, MFA_CSV, "mfa-gold.jsonl", 0.95, 0.95),
    (HELDOUT_12, RIA_JSON, "ria-gold.jsonl", 0.92, 0.95),
    (HELDOUT_13, MFA_CSV, "mfa-gold.jsonl", 0.94, 0.9),
    (HELDOUT_13, RIA_JSON, "ria-gold.jsonl", 0.9, 0.75),  # five events
    (HELDOUT_14, MFA_CSV, "mfa-gold.jsonl", 0.93, 0.95),
    (HELDOUT_14, RIA_JSON, "ria-gold.jsonl", 0.93, 0.75),  # four events
    (HELDOUT_15, MFA_CSV, "mfa-gold.jsonl", 0.93, 0.9),
    (HELDOUT_15, RIA_JSON, "ria-gold.jsonl", 0.9, 0.65),  # three events
    (HELDOUT_16, MFA_CSV, "mfa-gold.jsonl", 0.95, 0.95),
    (HELDOUT_16, RIA_JSON, "ria-gold.jsonl", 0.95, 0.75),  # four events
    (HELDOUT_17, MFA_CSV, "mfa-gold.jsonl", 0.95, 0.95),  # one event
    (HELDOUT_17, RIA_JSON, "ria-gold.jsonl", 0.95, 0.8),  # six events
    (HELDOUT_18, RIA_JSON, "ria-gold.jsonl", 0.9, 0.95),  # three events; blind 0.925
    (HELDOUT_19, RIA_JSON, "ria-gold.jsonl", 0.93, 0.95),  # four events; blind 0.951
    (HELDOUT_20, RIA_JSON, "ria-gold.jsonl", 0.95, 0.95),  # four events; blind 0.969
    (HELDOUT_21, RIA_JSON, "ria-gold.jsonl", 0.92, 0.75),  # five events; blind 0.939, dates 4 of 5
    (HELDOUT_22, RIA_JSON, "ria-gold.jsonl", 0.91, 0.95),  # five events; blind 0.929
    (HELDOUT_23, RIA_JSON, "ria-gold.jsonl", 0.91, 0.95),  # four events; blind 0.929
    (HELDOUT_24, RIA_JSON, "ria-gold.jsonl", 0.94, 0.85),  # seven events; blind 0.907, dates 6 of 7
    (HELDOUT_25, RIA_JSON, "ria-gold.jsonl", 0.94, 0.95),  # two events; blind 0.951
])
def test_annotated_real_posts(built, annotated, corpus, gold, entity_floor, date_floor):
    score = evaluate(annotated / gold, built(corpus) / "mentions.jsonl", annotated / "aliases.json", "message_id")
    assert score.posts >= 10
    assert score.entities["micro"].f1 >= entity_floor, score.misses
    assert score.event_date_accuracy >= date_floor, score.misses


def test_bundled_sample_gold(tmp_path):
    sample = REPO / "kg" / "sample"
    out = tmp_path / "sample"
    assert CliRunner().invoke(main, ["build", "--out", str(out), "--no-progress"]).exit_code == 0
    score = evaluate(sample / "gold.jsonl", out / "mentions.jsonl", sample / "aliases.json", "message_id")
    assert score.entities["micro"].f1 >= 0.97 and score.event_date_accuracy >= 0.9, score.misses


def test_russian_mentions_resolve_to_the_english_entities(built):
    by_id = {}
    for line in (built(RIA_JSON) / "mentions.jsonl").read_text(encoding="utf-8").splitlines():
        for entity in json.loads(line)["entities"]:
            by_id.setdefault(entity["id"], []).extend(m["surface"] for m in entity["mentions"])
    assert {"Лавров", "Лаврова"} & set(by_id["person/sergey-lavrov"])
    assert "ОДКБ" in by_id["org/csto"]
    assert any(s.startswith("Путин") for s in by_id["person/vladimir-putin"])
    assert any(s.startswith("Астан") for s in by_id["place/astana"])


@pytest.mark.parametrize("annotated, corpus, gold, place_floor, participant_floor", [
    (HELDOUT_2, MFA_CSV, "mfa-gold.jsonl", 0.95, 0.9),
    (HELDOUT_2, RIA_JSON, "ria-gold.jsonl", 0.75, None),  # its four events name no participant
    (HELDOUT_3, MFA_CSV, "mfa-gold.jsonl", 0.95, 0.9),
    (HELDOUT_4, MFA_CSV, "mfa-gold.jsonl", 0.85, 0.9),
    (HELDOUT_5, MFA_CSV, "mfa-gold.jsonl", 0.85, 0.75),  # seven events with a place
    (HELDOUT_6, MFA_CSV, "mfa-gold.jsonl", 0.85, 0.8),  # seven events with a place
    (HELDOUT_7, MFA_CSV, "mfa-gold.jsonl", 0.95, 0.95),  # six events with a place
    (HELDOUT_8, MFA_CSV, "mfa-gold.jsonl", 0.8, 0.95),  # six events with a place
    (HELDOUT_9, MFA_CSV, "mfa-gold.jsonl", 0.8, 0.9),  # six events with a place
    (HELDOUT_10, MFA_CSV, "mfa-gold.jsonl", 0.7, 0.95),  # eleven events with a place
    (HELDOUT_11, MFA_CSV, "mfa-gold.jsonl", 0.85, 0.9),  # seven events with a place
    (HELDOUT_12, MFA_CSV, "mfa-gold.jsonl", 0.75, 0.75),  # fourteen events with a place
    (HELDOUT_13, MFA_CSV, "mfa-gold.jsonl", 0.7, 0.75),  # eleven events with a place
    (HELDOUT_14, MFA_CSV, "mfa-gold.jsonl", 0.85, 0.85),  # nine events with a place
    (HELDOUT_15, MFA_CSV, "mfa-gold.jsonl", 0.75, 0.75),  # nine events with a place
    (HELDOUT_16, MFA_CSV, "mfa-gold.jsonl", 0.95, 0.95),  # six events with a place
])
def test_the_event_layer_on_the_sets_annotated_for_it(built, annotated, corpus, gold, place_floor, participant_floor):
    score = evaluate(annotated / gold, built(corpus) / "mentions.jsonl", annotated / "aliases.json", "message_id")
    assert score.event_place_accuracy >= place_floor, score.misses
    if participant_floor is not None:
        assert score.participants.f1 >= participant_floor, score.misses


@pytest.mark.parametrize("corpus, gold, precision_floor, recall_floor", [
    (MFA_CSV, "mfa-events.jsonl", 0.8, 0.45),
    (RIA_JSON, "ria-events.jsonl", 1.0, 0.0),
])
def test_cross_post_event_resolution(built, corpus, gold, precision_floor, recall_floor):
    score = evaluate_resolution(EVENT_RESOLUTION / gold, built(corpus) / "mentions.jsonl", "message_id")
    assert score.posts >= 60
    assert score.pairs.precision >= precision_floor and score.pairs.recall >= recall_floor, score.misses
