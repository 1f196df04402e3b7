"""The gazetteer as data: bundled files load into consistent entries; users extend it with their own TSV."""

import importlib.util
import json
from pathlib import Path

from click.testing import CliRunner
from pymorphy3 import MorphAnalyzer

from kg.cli import main
from kg.extract.pipeline import Extraction
from kg.extract.resources import rows
from kg.gazetteer import load_gazetteer
from kg.ids import transliterate
from kg.model import Post

REPO = Path(__file__).resolve().parents[1]


def test_bundled_gazetteer_is_consistent():
    gazetteer = load_gazetteer()
    types = {e.type for e in gazetteer.entries.values()}
    assert types == {"Person", "Organisation", "Location"}
    assert len(gazetteer.entries) > 1500
    for entry in gazetteer.entries.values():
        for column in ("parent", "country", "position_of"):
            target = entry.attributes.get(column)
            assert target is None or target in gazetteer.entries, (entry.id, column, target)
    assert gazetteer.by_iso2["BY"] == "place/belarus"
    assert gazetteer["org/un-security-council"].attributes["parent"] == "org/un"


def test_user_gazetteer_adds_and_overrides(tmp_path):
    extra = tmp_path / "mine.tsv"
    extra.write_text("type\tid\tlabel\tkind\twikidata\taliases_en\taliases_ru\n"
                     "Organisation\tzeta-forum\tZeta Forum\tngo\t\tZeta|ZF\tЗета\n"
                     "Person\tsergey-lavrov\tSergey V. Lavrov\t\t\tLavrov\tЛавров\n", encoding="utf-8")
    gazetteer = load_gazetteer((extra,))
    assert gazetteer["org/zeta-forum"].aliases_ru == ("Зета",)
    assert gazetteer["person/sergey-lavrov"].label == "Sergey V. Lavrov"

    posts = tmp_path / "posts.jsonl"
    posts.write_text(json.dumps({"message_id": 1, "text": "The ZF met Lavrov."}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(posts), "--gazetteer", str(extra), "--out", str(tmp_path / "o"),
                                       "--no-progress"])
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "o" / "mentions.jsonl").read_text(encoding="utf-8"))
    assert {e["label"] for e in record["entities"] if e["mentions"]} == {"Zeta Forum", "Sergey V. Lavrov"}


def test_bad_user_gazetteer_is_one_clear_line(tmp_path):
    extra = tmp_path / "bad.tsv"
    extra.write_text("type\tid\tlabel\nAlien\tx\tX\n", encoding="utf-8")
    posts = tmp_path / "posts.jsonl"
    posts.write_text(json.dumps({"message_id": 1, "text": "x"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(posts), "--gazetteer", str(extra), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert f"{extra}:2" in result.output and "Person, Organisation or Location" in result.output


def test_the_first_names_file_is_what_its_script_makes_of_the_dictionary():
    spec = importlib.util.spec_from_file_location("make_first_names", REPO / "scripts" / "make_first_names.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)  # (it imports what it needs: a renamed helper breaks it here)
    morph = MorphAnalyzer()
    assert script._common_word(morph, "вера") and not script._common_word(morph, "виктор")  # faith, not a name
    assert not script._common_word(morph, "варвара")  # only another case of a word ("of a barbarian")
    assert script._spellings("Aleksey") == ["Aleksey", "Aleksei", "Alexey", "Alexei"]
    assert script._spellings("Evgeny") == ["Evgeny", "Evgeni", "Yevgeny", "Yevgeni"]
    assert script._spellings("Agakshi") == ["Agakshi"]  # к before ш is no кс
    table = sorted(((row["cyrillic"], row["latin"] or "") for row in rows("translit.tsv")), key=lambda p: -len(p[0]))
    names = [row for row in rows("first_names.tsv") if row["ru"]]
    assert len(names) > 10_000
    assert all(row["en"] in script._spellings(transliterate(row["ru"], table)) for row in names)
    assert {(row["ru"], row["en"]) for row in names} == {
        (row["ru"], spelling) for row in names for spelling in script._spellings(transliterate(row["ru"], table))}
    # the names of other languages: gender-guesser's, less those the Russian rows spell and the English words
    lower_case, common = script._english_words()
    other = [row["en"] for row in rows("first_names.tsv") if not row["ru"]]
    assert other == sorted(script._other_first_names(lower_case) - {form for row in names for form in row.values()})
    assert {"Kenneth", "Wolfgang", "Melania"} <= set(other) and not {"Will", "Rose", "Young"} & set(other)
    assert [row["word"] for row in rows("english_words.tsv")] == sorted(common)
    assert {"city", "show", "accords"} <= common and not {"brown", "trump"} & common  # (names too)


def test_names_are_found_with_either_apostrophe_and_a_national_body_by_its_countrys_name():
    extraction = Extraction(load_gazetteer())
    text = ("The Democratic People’s Republic of Korea and the Donetsk People’s Republic replied. Russia's Ministry "
            "of Transport and Russia’s Ministry of Defence agreed.")
    record = extraction(Post(post_id="t/1", message_id="1", ordinal=0, channel="t", date=None, text=text))
    found = {e.label for e in record.entities if e.mentions}
    assert {"North Korea", "Donetsk People's Republic", "Russian Ministry of Transport",
            "Russian Ministry of Defence"} <= found
    assert not {"South Korea", "Donetsk"} & found  # not the "Republic of Korea", the city inside the names
