"""`kg sparql` and the shipped SPARQL queries.

Each shipped query runs on the golden build (tests/data/golden-build) and must give exactly the rows computed here,
independently, from the same build's mentions.jsonl; the seed corpus checks two facts a reader can verify by eye.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus import SEED, need
from kg.build import build
from kg.cli import main
from kg.queries import description, load_query, shipped
from kg.records import read_records
from kg.sparql import load_store, run_query

GOLDEN = Path(__file__).parent / "data" / "golden-build"
README = Path(__file__).resolve().parents[1] / "kg" / "queries" / "README.md"


@pytest.fixture(scope="module")
def records():
    return list(read_records(GOLDEN / "mentions.jsonl"))


@pytest.fixture(scope="module")
def labels(records) -> dict[str, str]:
    return {e.id: e.label for r in records for e in r.entities}


@pytest.fixture(scope="module")
def store():
    return load_store(GOLDEN)


def rows(store, name: str, **params) -> list[tuple]:
    return run_query(store, load_query(name, "sparql"), params).rows


def mentioned(record, entity_type: str | None = None) -> set[str]:
    return {e.id for e in record.entities if e.mentions and (entity_type is None or e.type == entity_type)}


# ---- the shipped queries, against answers computed from mentions.jsonl ---------------------------------------------

def test_officials_by_events(store, records, labels):
    events = defaultdict(set)
    for record in records:
        for a in record.assertions:
            if a.predicate == "participatedIn" and a.subject.startswith("person/"):
                events[a.subject].add(a.object)
    expected = sorted(((p, labels[p], len(e)) for p, e in events.items()), key=lambda r: (-r[2], r[1], r[0]))
    assert len(expected) >= 5
    assert rows(store, "officials-by-events") == expected


def test_co_mentioned(store, records, labels):
    posts_of = defaultdict(set)
    for record in records:
        for org in mentioned(record, "Organisation"):
            posts_of[org].add(record.post.post_id)
    given = max(posts_of, key=lambda org: (len(posts_of[org]), org))
    expected = sorted(((o, labels[o], len(posts_of[o] & posts_of[given])) for o in posts_of
                       if o != given and posts_of[o] & posts_of[given]), key=lambda r: (-r[2], r[1], r[0]))
    assert expected
    assert rows(store, "co-mentioned", organisation=given) == expected
    assert rows(store, "co-mentioned", organisation=labels[given]) == expected


def test_events_at_minsk_in_june_2024(store, records, labels):
    expected = sorted((e.id, e.type, e.date, "Minsk") for r in records for e in r.events
                      if e.place == "place/minsk" and e.date and "2024-06-01" <= e.date <= "2024-06-30")
    assert expected, "the sample reports an event in Minsk in June 2024"
    assert rows(store, "events-by-place-period", place="Minsk", **{"from": "2024-06-01", "to": "2024-06-30"}) \
        == sorted(expected, key=lambda r: (r[2], r[0]))


def test_events_by_period_bounds_are_inclusive_and_exclude_yearless_dates(store, records):
    dated = sorted((e.date, e.id) for r in records for e in r.events if e.place == "place/moscow" and e.date)
    first, last = dated[0][0], dated[-1][0]
    answer = rows(store, "events-by-place-period", place="place/moscow", **{"from": first, "to": last})
    assert [(date, event) for event, _, date, _ in answer] == [d for d in dated if not d[0].startswith("--")]
    assert rows(store, "events-by-place-period", place="place/moscow", **{"from": last, "to": first}) == []


def test_official_timeline(store, records, labels):
    events = {e.id: e for r in records for e in r.events}
    expected = []
    for record in records:
        for a in record.assertions:
            if a.predicate == "participatedIn" and a.subject == "person/sergey-lavrov":
                event = events[a.object]
                expected.append((event.id, event.type, event.date, labels.get(event.place), record.post.post_id))
    expected.sort(key=lambda r: (r[2] is not None, r[2] or "", r[0], r[4]))
    assert len(expected) >= 5
    assert rows(store, "official-timeline", person="Sergey Lavrov") == expected


def test_members(store, records, labels):
    posts = defaultdict(set)
    for record in records:
        for a in record.assertions:
            if a.predicate == "memberOf" and a.object == "org/sco":
                posts[a.subject].add(record.post.post_id)
    expected = sorted(((m, labels[m], len(p)) for m, p in posts.items()), key=lambda r: (r[1], r[0]))
    assert len(expected) >= 5
    assert rows(store, "members", organisation="SCO") == expected


def test_evidence(store, records):
    expected = sorted({(r.post.post_id, m.surface, m.start, m.end, m.extractor, m.confidence)
                       for r in records for e in r.entities if e.id == "person/sergey-lavrov" for m in e.mentions},
                      key=lambda row: (row[0], row[2], row[3], row[4]))
    answer = rows(store, "evidence", entity="person/sergey-lavrov")
    assert answer == expected
    texts = {r.post.post_id: r.post.text for r in records}
    assert all(texts[post][start:end] == surface for post, surface, start, end, *_ in answer)


CLAIMS = {"reports": "reports", "place": "place", "participatedIn": "participant"}


def test_event_evidence(store, records):
    """For each event: every evidence span of every post's reports/place/participatedIn assertion, with what the
    span is a mention of (found among the post's entities)."""
    events = sorted({e.id for r in records for e in r.events})
    assert events
    for event in events:
        expected = set()
        for record in (r for r in records if any(e.id == event for e in r.events)):
            spans = {(m.start, m.end, e.id): m.surface for e in record.entities for m in e.mentions}
            for a in record.assertions:
                if a.predicate in CLAIMS and event in (a.subject, a.object):
                    for start, end in a.evidence:
                        for about in (a.subject, a.object):
                            if (start, end, about) in spans:
                                value = a.subject if a.predicate == "participatedIn" else a.object
                                expected.add((record.post.post_id, CLAIMS[a.predicate], value, about,
                                              spans[start, end, about], start, end))
        assert expected, event
        answer = rows(store, "event-evidence", event=event)
        assert answer == sorted(expected, key=lambda row: (row[0], row[5], row[6], row[1], row[2]))


def test_met(store, records):
    """The words of the participation assertions of a post that names both people as taking part in one event."""
    expected = set()
    for record in records:
        spans = {(m.start, m.end, e.id): m.surface for e in record.entities for m in e.mentions}
        dates = {e.id: e.date for e in record.events}
        taking_part = [a for a in record.assertions if a.predicate == "participatedIn"]
        for event in dates:
            people = {a.subject: a for a in taking_part if a.object == event}
            if {"person/sergey-lavrov", "person/maxim-ryzhenkov"} <= people.keys():
                for person in ("person/sergey-lavrov", "person/maxim-ryzhenkov"):
                    for start, end in people[person].evidence:
                        for about in (person, event):
                            if (start, end, about) in spans:
                                kind = next(e.type for e in record.events if e.id == event)
                                expected.add((event, dates[event], kind, record.post.post_id, person,
                                              spans[start, end, about], start, end))
    assert len({row[0] for row in expected}) >= 1
    answer = rows(store, "met", person="Sergey Lavrov", other="Maxim Ryzhenkov")
    assert answer == sorted(expected, key=lambda row: (row[1] or "", row[0], row[3], row[6], row[7], row[4]))


def test_every_shipped_query_matches_the_spec_table():
    """Names, one-line descriptions and columns as kg/queries/README.md lists them, and a Cypher twin of each."""
    table = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`"):
            table[cells[0].strip("`")] = (cells[1], re.findall(r"`([a-z_]+)`", cells[3]))
    queries = shipped("sparql")
    assert set(queries) == set(table) == set(shipped("cypher"))
    store = load_store(GOLDEN)
    defaults = {"organisation": "org/sco", "place": "place/minsk", "from": "2024-01-01", "to": "2024-12-31",
                "person": "person/sergey-lavrov", "entity": "org/csto", "other": "person/maxim-ryzhenkov",
                "event": "event/embassy-digest-omkg-sample/15/1"}
    for name, path in queries.items():
        question, columns = table[name]
        assert description(path).rstrip(".").lower() == question.lower()
        text = path.read_text(encoding="utf-8")
        params = {p: v for p, v in defaults.items() if f"?param_{p}" in text}
        assert run_query(store, text, params).columns == columns, name


# ---- the seed corpus --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed")
    build([need(SEED)], out, progress=False)
    return out


def test_eleven_seed_posts_mention_the_csto(seed_build):
    result = CliRunner().invoke(main, ["sparql", "evidence", "--data", str(seed_build), "-p", "entity=CSTO",
                                       "--output", "json"])
    assert result.exit_code == 0, result.output
    assert len({row["post"] for row in json.loads(result.output)}) == 11


def test_seed_events_in_minsk_are_dated_from_their_datelines(seed_build):
    query = """# param place (place): declared, so the value is resolved to the place's IRI
        SELECT DISTINCT ?date WHERE {
        ?event schema:location ?param_place . OPTIONAL { ?event schema:startDate ?d } BIND(STR(?d) AS ?date) }"""
    answer = run_query(load_store(seed_build), query, {"place": "place/minsk"})
    assert {date for (date,) in answer.rows} == {"2023-06-20", "2023-10-25"}


# ---- the command line ---------------------------------------------------------------------------------------------

def invoke(*args: str):
    return CliRunner().invoke(main, ["sparql", *args])


def test_list_shows_every_shipped_query_with_its_description():
    result = invoke("--list")
    assert result.exit_code == 0
    for name, path in shipped("sparql").items():
        assert re.search(rf"^{re.escape(name)}\s+{re.escape(description(path))}", result.output, re.M)
    assert "place=<place> [from=<date>] [to=<date>]" in result.output


def test_data_defaults_to_the_build_directory_and_may_be_a_builds_records(store, tmp_path, monkeypatch):
    expected = rows(store, "members", organisation="org/sco")
    (tmp_path / "build").mkdir()
    shutil.copyfile(GOLDEN / "mentions.jsonl", tmp_path / "build" / "mentions.jsonl")
    monkeypatch.chdir(tmp_path)
    for data in ([], ["--data", "build/mentions.jsonl"]):
        answer = invoke("members", *data, "-p", "organisation=SCO", "--output", "json")
        assert answer.exit_code == 0, answer.output
        assert [(r["member"], r["label"], r["posts"]) for r in json.loads(answer.output)] == expected
    shutil.rmtree(tmp_path / "build")
    missing = invoke("members", "-p", "organisation=SCO")
    assert missing.exit_code == 1
    assert "build: no such file or build directory; build one with `kg build --out build`, or point --data" in \
        missing.output


def test_output_cut_short_by_its_reader_is_no_error(tmp_path):
    """`kg … | head`: the reader stops; kg stops with it, without an error message or a traceback."""
    kg = Path(sys.executable).parent / "kg"
    done = subprocess.run(f"'{kg}' export '{GOLDEN}' -f nt --out - | head -c 100", shell=True, capture_output=True,
                          text=True)
    assert len(done.stdout) == 100 and done.stderr == ""


def test_outputs_table_csv_and_json_agree(store):
    expected = rows(store, "members", organisation="org/sco")
    table = invoke("members", "--data", str(GOLDEN), "-p", "organisation=SCO")
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].split() == ["member", "label", "posts"] and set(lines[1]) <= {"-", " "}
    assert lines[-1] == f"({len(expected)} rows)"
    as_csv = invoke("members", "--data", str(GOLDEN), "-p", "organisation=SCO", "--output", "csv")
    parsed = list(csv.reader(io.StringIO(as_csv.output)))
    assert parsed[0] == ["member", "label", "posts"]
    assert [(m, label, int(n)) for m, label, n in parsed[1:]] == expected
    as_json = invoke("members", "--data", str(GOLDEN), "-p", "organisation=SCO", "--output", "json")
    assert [tuple(row.values()) for row in json.loads(as_json.output)] == expected


def test_query_from_a_file_and_inline_text(tmp_path):
    rq = tmp_path / "count.rq"
    rq.write_text("# Posts.\nSELECT (COUNT(?p) AS ?posts) WHERE { ?p a schema:SocialMediaPosting }\n", encoding="utf-8")
    from_file = invoke(str(rq), "--data", str(GOLDEN / "graph.trig"), "--output", "json")
    inline = invoke(rq.read_text(encoding="utf-8"), "--data", str(GOLDEN), "--output", "json")
    assert json.loads(from_file.output) == json.loads(inline.output) == [{"posts": 39}]


def test_data_from_records_alone(tmp_path, store):
    (tmp_path / "mentions.jsonl").write_bytes((GOLDEN / "mentions.jsonl").read_bytes())
    assert run_query(load_store(tmp_path), load_query("officials-by-events", "sparql")).rows \
        == rows(store, "officials-by-events")


def test_parameter_values_are_terms_never_query_text():
    hostile = 'x" } } ; DELETE WHERE { ?s ?p ?o } #'
    result = invoke("SELECT ?echo WHERE { BIND (?param_text AS ?echo) }", "--data", str(GOLDEN),
                    "-p", f"text={hostile}", "--output", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"echo": hostile}]
    result = invoke("members", "--data", str(GOLDEN), "-p", f"organisation={hostile}")
    assert result.exit_code == 1
    assert "no organisation has the id, label or alias" in result.output


def test_a_parameter_that_is_not_name_equals_value_is_a_usage_error():
    result = invoke("members", "--data", str(GOLDEN), "-p", "organisation")
    assert result.exit_code == 2
    assert "'organisation' is not NAME=VALUE (e.g. --param organisation=CSTO)" in result.output


@pytest.mark.parametrize("args, message", [
    (["members", "--data", "no/such/dir", "-p", "organisation=SCO"], "no/such/dir: no such file or build directory"),
    (["no-such-query", "--data", "{golden}"], "unknown query 'no-such-query'"),
    (["members", "--data", "{golden}", "-p", "org=SCO"], "the query has no parameter org (it takes organisation)"),
    (["members", "--data", "{golden}"], "the query needs --param organisation=…"),
    (["members", "--data", "{golden}", "-p", "organisation=Nowhere Org"], "no organisation has the id, label or alias"),
    (["events-by-place-period", "--data", "{golden}", "-p", "place=Minsk", "-p", "from=June", "-p", "to=2024-06-30"],
     "--param from='June': not an ISO date"),
    (["SELECT ?x WHERE { ?x ?y }", "--data", "{golden}"], "the query is not valid SPARQL"),
    (["missing.rq", "--data", "{golden}"], "missing.rq: no such query file"),
    ([], "give a QUERY"),
])
def test_errors_are_one_clear_line(args, message):
    result = invoke(*[a.replace("{golden}", str(GOLDEN)) for a in args])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: ") and message in lines[0], result.output


def test_unparseable_rdf_data_is_one_clear_line(tmp_path):
    bad = tmp_path / "broken.nq"
    bad.write_text("<http://a> <http://b> .\n", encoding="utf-8")
    result = invoke("officials-by-events", "--data", str(bad))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "broken.nq: not valid nquads" in lines[0]


# ---- kg.queries: the loader shared with `kg cypher` -----------------------------------------------------------------

def test_load_query_takes_a_name_a_path_or_text(tmp_path):
    path = shipped("sparql")["members"]
    assert load_query("members", "sparql") == path.read_text(encoding="utf-8") == load_query(str(path), "sparql")
    assert load_query("SELECT * WHERE { ?s ?p ?o }", "sparql") == "SELECT * WHERE { ?s ?p ?o }"
    assert description(path) == "Members of an organisation, as the posts state."
