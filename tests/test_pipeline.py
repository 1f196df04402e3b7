"""The extraction pipeline: stage contracts checked when it is assembled, and the user's gazetteer reaching every
extractor that uses names."""

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import KgError
from kg.extract import REGISTRY, FINDINGS, register
from kg.extract.pipeline import DEFAULT_EXTRACTORS, Extraction, assemble
from kg.gazetteer import load_gazetteer
from kg.model import Post


def test_the_default_pipeline_keeps_its_contracts():
    assert [stage.name for stage in assemble(DEFAULT_EXTRACTORS)] == list(DEFAULT_EXTRACTORS)


def test_every_registered_stage_declares_what_it_finds():
    for stage in REGISTRY.values():
        assert stage.assigns, stage.name
        assert set(stage.requires) | set(stage.assigns) <= set(FINDINGS)


def test_a_missing_stage_is_an_error_that_names_what_to_add():
    with pytest.raises(KgError) as error:
        assemble(("gazetteer", "events"))
    message = str(error.value)
    assert "'events' needs dates" in message and "add 'dates' before 'events'" in message


def test_a_stage_out_of_order_is_an_error_that_says_where_to_move_it():
    with pytest.raises(KgError) as error:
        assemble(("gazetteer", "events", "dates"))
    assert "'events' needs dates, which only 'dates' find: put it before 'events'" in str(error.value)


def test_every_stage_alone_is_accepted_or_refused_by_its_requirements():
    for name, stage in REGISTRY.items():
        if stage.requires:
            with pytest.raises(KgError, match=f"'{name}' needs"):
                assemble((name,))
        else:
            assert assemble((name,)) == [stage]


def test_a_stage_with_an_unknown_finding_cannot_be_registered():
    with pytest.raises(ValueError, match="unknown findings"):
        register("broken", requires=("mentions.Persons",))(lambda context: None)
    assert "broken" not in REGISTRY


def test_kg_build_refuses_an_impossible_order(tmp_path):
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out"), "--no-progress",
                                       "--extractors", "gazetteer,events"])
    assert result.exit_code == 1
    assert "add 'dates' before 'events'" in result.output
    assert not (tmp_path / "out" / "mentions.jsonl").exists()


# A user's gazetteer: an organisation with a flag code, a person, a city.
USER_GAZETTEER = """type\tid\tlabel\tkind\tcountry\taliases_en\taliases_ru\tflag_code
Organisation\tvexillary-syndicate\tVexillary Syndicate\tinternational\t\tVexSyn\tВексиллярный синдикат\tXV
Person\tilka-marrowby\tIlka Marrowby\t\t\tMarrowby\t\t
Location\tqorvath\tQorvath\tcity\t\t\tКорват\t
"""

TEXT = ("🇽🇻 Chairman of the Vexillary Syndicate Ivo Braunhelm met Marrowby in Qorvath on March 3, 2026. "
        "#VexSyn #Qorvath\n\nThe talks were held with Syndicate Ostrander.")


def _build(tmp_path, *gazetteer):
    posts = tmp_path / "posts.jsonl"
    posts.write_text(json.dumps({"id": 1, "date": "2026-03-04T10:00:00+00:00", "text": TEXT}) + "\n",
                     encoding="utf-8")
    out = tmp_path / ("with" if gazetteer else "without")
    args = ["build", str(posts), "--out", str(out), "--no-progress"]
    for path in gazetteer:
        args += ["--gazetteer", str(path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return json.loads((out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()[0])


def test_the_users_gazetteer_reaches_every_extractor_that_uses_names(tmp_path):
    user = tmp_path / "user.tsv"
    user.write_text(USER_GAZETTEER, encoding="utf-8")
    without, record = _build(tmp_path), _build(tmp_path, user)
    surfaces = {e["id"]: {m["surface"] for m in e["mentions"]} for e in record["entities"]}
    assert {"Vexillary Syndicate"} <= surfaces["org/vexillary-syndicate"]  # gazetteer
    assert "🇽🇻" in surfaces["org/vexillary-syndicate"]  # flags
    assert "#VexSyn" in surfaces["org/vexillary-syndicate"] and "#Qorvath" in surfaces["place/qorvath"]  # hashtags
    assert "Marrowby" in surfaces["person/ilka-marrowby"]
    # titles: the position belongs to the user's organisation
    assert {"subject": "position/chairman-of-vexillary-syndicate", "predicate": "positionOf",
            "object": "org/vexillary-syndicate"}.items() <= next(
        a for a in record["assertions"] if a["predicate"] == "positionOf").items()
    # people: a word of the user's organisation's name is no word of a person's name
    people = {e["label"] for e in record["entities"] if e["type"] == "Person"}
    assert "Syndicate Ostrander" not in people
    assert "Syndicate Ostrander" in {e["label"] for e in without["entities"] if e["type"] == "Person"}
    # events: the place and the participants are the user's entities
    (event,) = [e for e in record["events"] if e["date"] == "2026-03-03"]
    assert event["place"] == "place/qorvath" and "person/ilka-marrowby" in event["participants"]


def test_resources_come_from_the_gazetteer_of_the_build():
    gazetteer = load_gazetteer()
    extraction = Extraction(gazetteer)
    assert extraction.context.resources.gazetteer is gazetteer
    record = extraction(Post(post_id="t/1", message_id="1", ordinal=0, channel="t", date=None,
                             text="Talks were held with Syndicate Ostrander."))
    assert any(e.label == "Syndicate Ostrander" for e in record.entities)
