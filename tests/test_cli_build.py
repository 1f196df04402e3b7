"""`kg build` end to end through the CLI: every real input format, bad input, the output contract."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
import pyoxigraph as ox
from rdflib import Graph
from tqdm import tqdm

from corpus import DESKTOP_EXPORT, MFA_CSV, RIA_JSON, SEED, need
from kg.build import bundled_sample
from kg.cli import main
from kg.extract import REGISTRY, register


def run_build(tmp_path, *args):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", *map(str, args), "--out", str(out), "--no-progress"])
    return result, out


def records(out):
    return [json.loads(line) for line in (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]


def test_no_input_builds_the_bundled_sample(tmp_path):
    result, out = run_build(tmp_path)
    assert result.exit_code == 0, result.output
    posts = records(out)
    summary = json.loads((out / "build.json").read_text())
    assert len(posts) == summary["posts"] > 20
    assert summary["service_messages"] >= 1
    assert [p["ordinal"] for p in posts] == list(range(len(posts)))
    assert "posts read:" in result.output and "triples:" in result.output
    assert len(Graph().parse(out / "graph.ttl")) == summary["triples"]


def test_record_contract(tmp_path):
    result, out = run_build(tmp_path)
    assert result.exit_code == 0, result.output
    for post in records(out):
        assert {"post_id", "message_id", "ordinal", "channel", "date", "forwarded_from", "text", "entities",
                "events", "assertions"} <= post.keys()
        ids = {e["id"] for e in post["entities"]}
        for entity in post["entities"]:
            assert entity["type"] in {"Person", "Organisation", "Location", "Event"}
            assert {"id", "label", "kind", "aliases", "wikidata", "mentions"} <= entity.keys()
            for m in entity["mentions"]:
                assert post["text"][m["start"]:m["end"]] == m["surface"]
                assert 0 < m["confidence"] <= 1 and m["extractor"]
        spans = {e["id"]: {(m["start"], m["end"]) for m in e["mentions"]} for e in post["entities"]}
        for position_id, position in post["positions"].items():
            spans[position_id] = {(m["start"], m["end"]) for m in position["mentions"]}
            assert all(post["text"][m["start"]:m["end"]] == m["surface"] for m in position["mentions"])
        for event in post["events"]:
            assert event["place"] is None or event["place"] in ids
            assert set(event["participants"]) <= ids
            evidence = event.get("evidence", {})
            words = [evidence[k] for k in ("trigger", "date", "place") if k in evidence]
            words += evidence.get("participants", {}).values()
            assert all(post["text"][w["start"]:w["end"]] == w["surface"] for w in words)
            assert set(evidence.get("participants", {})) <= set(event["participants"])
        for assertion in post["assertions"]:
            keys = {"subject", "predicate", "object", "extractor", "confidence"}
            assert keys <= assertion.keys() <= keys | {"evidence"}
            for start, end in assertion.get("evidence", []):  # a mention of the subject or the object
                assert (start, end) in spans.get(assertion["subject"], set()) | spans.get(assertion["object"], set())


def test_seed_dump_gives_eleven_forwarded_posts(tmp_path):
    result, out = run_build(tmp_path, need(SEED))
    assert result.exit_code == 0, result.output
    posts = records(out)
    assert [p["ordinal"] for p in posts] == list(range(11))
    assert all(p["forwarded_from"].startswith("Russian MFA") for p in posts)


@pytest.mark.parametrize("path, expected", [(MFA_CSV, 505), (RIA_JSON, 1000)])
def test_scrapes_give_one_record_per_post(tmp_path, path, expected):
    result, out = run_build(tmp_path, need(path))
    assert result.exit_code == 0, result.output
    posts = records(out)
    assert len(posts) == expected
    assert len({p["post_id"] for p in posts}) == expected


def test_desktop_export_gives_one_record_per_message(tmp_path):
    export = need(DESKTOP_EXPORT)
    messages = json.loads(export.read_text(encoding="utf-8"))["messages"]
    expected = sum(1 for m in messages if m["type"] == "message")
    result, out = run_build(tmp_path, export)
    assert result.exit_code == 0, result.output
    assert len(records(out)) == expected
    summary = json.loads((out / "build.json").read_text())
    assert summary["service_messages"] == sum(1 for m in messages if m["type"] == "service")


def test_truncated_export_is_a_reported_partial_build(tmp_path):
    export = need(DESKTOP_EXPORT).read_bytes()
    cut = tmp_path / "result.json"
    cut.write_bytes(export[: len(export) // 2])
    result, out = run_build(tmp_path, cut)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert str(cut) in result.output and "partial build" in result.output
    summary = json.loads((out / "build.json").read_text())
    assert summary["partial"] and summary["posts"] == len(records(out)) > 0


@pytest.mark.parametrize("content, problem", [
    (b"", "empty"),
    (b"\x00\x01\x02binary\xff\xfe junk" * 20, ""),
    ("Привет, это не формат".encode("cp1251"), ""),
    (b'{"name": "x", "type": "public_channel", "messages": [{"id": 1, "type": "mess', ""),
])
def test_unreadable_input_is_one_clear_line(tmp_path, content, problem):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(content)
    result, out = run_build(tmp_path, bad)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    error_lines = [line for line in result.output.splitlines() if line.startswith("kg: error:")]
    assert len(error_lines) == 1 and str(bad) in error_lines[0] and problem in error_lines[0]
    assert "Traceback" not in result.output


def test_a_bad_message_is_skipped_and_reported_not_fatal(tmp_path):
    export = tmp_path / "result.json"
    export.write_text(json.dumps({"name": "Test channel", "type": "public_channel", "id": 1, "messages": [
        {"id": 1, "type": "message", "date": "2024-06-20T10:00:00", "date_unixtime": "1718877600",
         "from": "Test channel", "from_id": "channel1", "text": "Lavrov visited Minsk on June 20, 2024.",
         "text_entities": [{"type": "plain", "text": "Lavrov visited Minsk on June 20, 2024."}]},
        {"id": 2, "type": "message", "date": "2024-06-21T10:00:00", "text": {"not": "text"}},
        {"id": 3, "type": "message", "date": "2024-06-22T10:00:00", "date_unixtime": "1719050400",
         "from": "Test channel", "text": "The CSTO met.", "text_entities": [{"type": "plain", "text": "The CSTO met."}]},
    ]}), encoding="utf-8")
    result, out = run_build(tmp_path, export)
    assert result.exit_code == 0, result.output
    assert [p["message_id"] for p in records(out)] == ["1", "3"]
    summary = json.loads((out / "build.json").read_text())
    assert summary["skipped"] == 1 and summary["skipped_posts"][0]["where"] in ("2", "#1", "message 2")
    assert "skipped" in result.output


@pytest.fixture
def failing_extractor():
    """An extractor with a bug: it raises on every post."""
    @register("raises_on_every_post")
    def factory(context):
        def extract(post, findings, _context):
            raise ZeroDivisionError("a bug in an extractor")
        return extract
    yield "raises_on_every_post"
    del REGISTRY["raises_on_every_post"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_extractor_that_raises_fails_the_build_with_one_line_and_the_tracebacks(tmp_path, failing_extractor, jobs):
    result, out = run_build(tmp_path, "--extractors", f"gazetteer,{failing_extractor}", "--jobs", jobs)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("kg: error:")]
    assert len(errors) == 1 and "extraction failed on" in errors[0] and "ZeroDivisionError" in errors[0]
    summary = json.loads((out / "build.json").read_text())
    assert summary["partial"] and summary["posts"] == 0 and summary["failed"] == len(summary["failed_posts"]) > 20
    assert summary["skipped"] == 0  # a bug is not the posts' fault
    first = summary["failed_posts"][0]
    assert "Traceback" in first["traceback"] and "ZeroDivisionError: a bug in an extractor" in first["traceback"]


def _statements(path) -> set[str]:
    """An RDF file's statements as N-Quads lines: our RDF has no blank nodes, so equal sets are isomorphic graphs."""
    fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.TURTLE
    return {str(statement) for statement in ox.parse(path=str(path), format=fmt)}


@pytest.mark.parametrize("source", [None, MFA_CSV], ids=["bundled sample", "MFA posts"])
def test_the_streamed_build_writes_the_rdf_of_the_whole_graph(tmp_path, source):
    """The build writes its RDF a post at a time, descriptions last; exporting the graph assembled from all of
    mentions.jsonl at once must give the same statements — events joined across posts included."""
    inputs = [] if source is None else [str(need(source))]
    assert CliRunner().invoke(main, ["build", "--out", str(tmp_path / "b"), *inputs]).exit_code == 0
    if source is not None:
        records = (tmp_path / "b" / "mentions.jsonl").read_text(encoding="utf-8").splitlines()
        event_ids = [event["id"] for line in records for event in json.loads(line)["events"]]
        assert len(set(event_ids)) < len(event_ids), "no event reported by two posts: the case is not exercised"
    for suffix in (".trig", ".ttl"):
        whole = tmp_path / f"whole{suffix}"
        result = CliRunner().invoke(main, ["export", str(tmp_path / "b"), "--format", suffix[1:], "--out", str(whole)])
        assert result.exit_code == 0, result.output
        streamed = _statements(tmp_path / "b" / f"graph{suffix}")
        assert streamed == _statements(whole)
        assert len(streamed) == sum(1 for _ in ox.parse(path=str(tmp_path / "b" / f"graph{suffix}"),
                                                        format=ox.RdfFormat.TRIG if suffix == ".trig" else
                                                        ox.RdfFormat.TURTLE)), "a statement written twice"


def test_a_folder_builds_every_file_a_reader_takes_and_lists_the_others(tmp_path):
    folder = tmp_path / "export"
    (folder / "photos").mkdir(parents=True)
    shutil.copyfile(bundled_sample(), folder / "result.json")
    (folder / "photos" / "photo_1.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    (folder / "notes.txt").write_text("", encoding="utf-8")
    out = folder / "build"  # the output inside the folder is never read as input
    for _ in range(2):
        result = CliRunner().invoke(main, ["build", str(folder), "--out", str(out), "--no-store"])
        assert result.exit_code == 0, result.output
        assert "files skipped in input folders: 2 (no reader takes them)" in result.output
        assert f"skipped {folder / 'notes.txt'}: file is empty" in result.output
        assert f"skipped {folder / 'photos' / 'photo_1.jpg'}: not UTF-8 text" in result.output
        summary = json.loads((out / "build.json").read_text(encoding="utf-8"))
        assert summary["posts"] == len(records(out)) == 39 and len(summary["skipped_files"]) == 2


def test_a_saved_t_me_pages_posts_keep_their_address_in_the_records_and_the_rdf(tmp_path):
    page = Path(__file__).parent / "data" / "tme_channel.html"
    result, out = run_build(tmp_path, page)
    assert result.exit_code == 0, result.output
    urls = {post["post_id"]: post["url"] for post in records(out)}
    assert urls and all(url == f"https://t.me/omkg_demo/{pid.rpartition('/')[2]}" for pid, url in urls.items())
    schema_url = ox.NamedNode("https://schema.org/url")
    quads = ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
    assert sorted(quad.object.value for quad in quads if quad.predicate == schema_url) == sorted(urls.values())
    validated = CliRunner().invoke(main, ["validate", str(out)])
    assert validated.exit_code == 0 and "0 violations" in validated.output, validated.output


def test_the_progress_bar_counts_the_bytes_of_the_files_read_and_the_posts(tmp_path):
    folder = tmp_path / "export"
    (folder / "photos").mkdir(parents=True)
    shutil.copyfile(bundled_sample(), folder / "result.json")
    (folder / "photos" / "photo_1.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(300_000))  # no reader takes it
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(tmp_path / "out"), "--progress"])
    assert result.exit_code == 0, result.output
    frames = [frame.strip() for frame in result.stderr.replace("\r", "\n").splitlines() if "extracting" in frame]
    total = tqdm.format_sizeof(bundled_sample().stat().st_size, divisor=1024)  # the photo is not in the total
    assert frames and all(f"/{total} [" in frame for frame in frames), frames
    assert frames[-1].endswith(", 39 posts]"), frames


def test_since_until_and_limit_choose_the_posts_and_say_what_they_left_out(tmp_path):
    everything = records(run_build(tmp_path / "all")[1])
    june = [r for r in everything if r["date"] and "2024-06-01" <= r["date"][:10] <= "2024-06-30"]
    assert 1 < len(june) < len(everything)
    out = tmp_path / "june"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--no-store", "--since", "2024-06-01", "--until",
                                       "2024-06-30"])
    assert result.exit_code == 0, result.output
    assert [r["post_id"] for r in records(out)] == [r["post_id"] for r in june]
    undated = sum(1 for r in everything if not r["date"])
    assert (f"left out by --since/--until: {len(everything) - len(june) - undated} posts outside the period, "
            f"{undated} without a date") in result.output

    limited = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "two"), "--no-store", "--since",
                                        "2024-06-01", "--limit", "2"])
    assert limited.exit_code == 0, limited.output
    after = [r["post_id"] for r in everything if r["date"] and r["date"][:10] >= "2024-06-01"]
    assert [r["post_id"] for r in records(tmp_path / "two")] == after[:2]
    assert "stopped reading after 2 posts (--limit)" in limited.output
    assert json.loads((tmp_path / "two" / "build.json").read_text(encoding="utf-8"))["limit_reached"] is True


@pytest.mark.parametrize("args, message", [
    (["--since", "2024-07-01", "--until", "2024-06-01"], "--since 2024-07-01 is after --until 2024-06-01"),
    (["--since", "June"], "'June' does not match the format '%Y-%m-%d'"),
    (["--limit", "0"], "0 is not in the range x>=1"),
])
def test_a_wrong_period_or_limit_is_a_usage_error(tmp_path, args, message):
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "b"), *args])
    assert result.exit_code == 2 and message in result.output, result.output


def test_channel_names_every_inputs_posts_or_one_inputs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(bundled_sample(), tmp_path / "a.json")
    (tmp_path / "b.csv").write_text("id,text,date\n1,Sergey Lavrov met Wang Yi in Beijing.,2024-05-01\n",
                                    encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "a.json", "b.csv", "--channel", "b.csv=Second", "--channel",
                                       "Digest = all", "--no-store", "--out", "out"])
    assert result.exit_code == 0, result.output
    channels = {(r["channel"], r["post_id"].split("/")[0]) for r in records(tmp_path / "out")}
    assert channels == {("Digest = all", "digest-all"), ("Second", "second")}

    twice = CliRunner().invoke(main, ["build", "a.json", "--channel", "One", "--channel", "Two", "--out", "x"])
    assert twice.exit_code == 2 and "two channel names for every input ('One', 'Two')" in twice.output


def test_a_cyrillic_channel_name_gives_readable_ids(tmp_path):
    posts = tmp_path / "posts.csv"
    posts.write_text("id,text,date\n7,Sergey Lavrov met Wang Yi in Beijing.,2024-05-01\n", encoding="utf-8")
    result, out = run_build(tmp_path, posts, "--channel", "МИД России")
    assert result.exit_code == 0, result.output
    assert [r["post_id"] for r in records(out)] == ["mid-rossii/7"]
    assert "/channel/mid-rossii>" in (out / "graph.ttl").read_text(encoding="utf-8")  # the channel node's IRI
