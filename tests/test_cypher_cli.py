"""`kg cypher`: shipped queries, files and inline text on the real test server; parameters; outputs; errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase

from kg.build import build
from kg.cli import main
from kg.graph import build_graph
from kg.neo4j import Neo4jSettings, load_graph
from kg.queries import description, shipped
from kg.records import read_records
from neo4j_fixtures import wipe_database

COLUMNS = {  # kg/queries/README.md
    "officials-by-events": ["person", "label", "events"],
    "co-mentioned": ["organisation", "label", "posts"],
    "events-by-place-period": ["event", "type", "date", "place"],
    "official-timeline": ["event", "type", "date", "place", "post"],
    "members": ["member", "label", "posts"],
    "evidence": ["post", "surface", "start", "end", "extractor", "confidence"],
    "event-evidence": ["post", "claim", "value", "about", "surface", "start", "end"],
    "met": ["event", "date", "type", "post", "person", "surface", "start", "end"],
}
SAMPLE_PARAMETERS = {  # values that have answers in the bundled sample
    "officials-by-events": {},
    "co-mentioned": {"organisation": "org/csto"},
    "events-by-place-period": {"place": "place/astana", "from": "2024-01-01", "to": "2024-12-31"},
    "official-timeline": {"person": "person/sergey-lavrov"},
    "members": {"organisation": "org/sco"},
    "evidence": {"entity": "org/csto"},
    "event-evidence": {"event": "event/embassy-digest-omkg-sample/15/1"},
    "met": {"person": "Sergey Lavrov", "other": "person/hakan-fidan"},
}
NO_NEO4J_ENVIRONMENT = {name: None for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")}


@pytest.fixture(scope="module")
def loaded(neo4j_server, tmp_path_factory):
    """The bundled sample, loaded once into the emptied test database; the tests here only read it."""
    out = tmp_path_factory.mktemp("sample-build")
    build([], out, progress=False)
    settings = Neo4jSettings(neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database)
    with GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as driver:
        wipe_database(driver, settings.database)
        load_graph(driver, settings, build_graph(read_records(out / "mentions.jsonl")))
    return settings


def kg_cypher(settings, *args):
    connection = ["--uri", settings.uri, "--user", settings.user, "--password", settings.password,
                  "--database", settings.database]
    return CliRunner(env=NO_NEO4J_ENVIRONMENT).invoke(main, ["cypher", *map(str, args), *connection])


def rows_of(settings, query, parameters=None):
    options = [item for name, value in (parameters or {}).items() for item in ("--param", f"{name}={value}")]
    result = kg_cypher(settings, query, *options, "--output", "json")
    assert result.exit_code == 0, result.output
    assert not result.stderr, result.stderr  # a shipped query draws no warning from the server
    return json.loads(result.stdout)


def test_list_shows_every_shipped_query_with_its_description_without_a_server():
    result = CliRunner().invoke(main, ["cypher", "--list"])
    assert result.exit_code == 0, result.output
    listed = dict(line.split(None, 1) for line in result.output.strip().splitlines())
    assert listed.keys() == COLUMNS.keys()
    for name, path in shipped("cypher").items():
        assert listed[name].startswith(description(path)) and description(path).endswith(".")
    assert listed["events-by-place-period"].endswith("[place=<place> [from=<date>] [to=<date>]]")
    assert listed["evidence"].endswith("[entity=<entity>]")


@pytest.mark.parametrize("name", COLUMNS)
def test_each_shipped_query_answers_in_its_documented_columns(loaded, name):
    rows = rows_of(loaded, name, SAMPLE_PARAMETERS[name])
    assert rows, f"{name} found nothing in the sample"
    assert all(list(row) == COLUMNS[name] for row in rows)


def test_officials_are_ranked_by_events_then_label(loaded):
    rows = rows_of(loaded, "officials-by-events")
    assert rows == sorted(rows, key=lambda r: (-r["events"], r["label"]))
    assert rows[0]["person"] == "person/sergey-lavrov"


def test_an_entity_parameter_takes_an_id_or_a_label(loaded):
    by_id = rows_of(loaded, "co-mentioned", {"organisation": "org/csto"})
    assert rows_of(loaded, "co-mentioned", {"organisation": "CSTO"}) == by_id
    assert "org/csto" not in {row["organisation"] for row in by_id}
    assert by_id == sorted(by_id, key=lambda r: (-r["posts"], r["label"]))


def test_a_period_includes_both_ends(loaded):
    def events(start, end):
        return [r["date"] for r in rows_of(loaded, "events-by-place-period",
                                           {"place": "Astana", "from": start, "to": end})]

    everything = events("2000-01-01", "2100-01-01")
    assert everything == sorted(everything) and len(everything) >= 2
    assert events(everything[0], everything[-1]) == everything
    assert events(everything[0], everything[0]) == [everything[0]]
    assert events(" " + everything[0], everything[0] + " ") == [everything[0]]  # normalised, as kg sparql does


def test_evidence_gives_the_exact_words_of_each_mention(loaded):
    rows = rows_of(loaded, "evidence", {"entity": "CSTO"})
    text = {r["id"]: r["text"] for r in rows_of(loaded, "MATCH (p:Post) RETURN p.id AS id, p.text AS text")}
    assert all(text[r["post"]][r["start"]:r["end"]] == r["surface"] for r in rows)
    assert rows == sorted(rows, key=lambda r: (r["post"], r["start"]))


def test_table_csv_and_json_say_the_same(loaded):
    parameters = ["--param", "organisation=CSTO"]
    as_json = rows_of(loaded, "co-mentioned", {"organisation": "CSTO"})
    as_csv = kg_cypher(loaded, "co-mentioned", *parameters, "--output", "csv").output
    assert list(csv.DictReader(io.StringIO(as_csv))) == [{k: str(v) for k, v in row.items()} for row in as_json]
    table = kg_cypher(loaded, "co-mentioned", *parameters).output.splitlines()
    assert table[0].split() == ["organisation", "label", "posts"]
    assert table[-1] == f"({len(as_json)} rows)"
    assert all(row["organisation"] in "\n".join(table) for row in as_json)


def test_inline_text_and_a_cypher_file_run_alike(loaded, tmp_path):
    query = "MATCH (p:Post) RETURN count(p) AS posts"
    (tmp_path / "posts.cypher").write_text(f"// How many posts\n{query}\n", encoding="utf-8")
    assert rows_of(loaded, query) == rows_of(loaded, tmp_path / "posts.cypher") == [{"posts": 39}]


def test_parameters_are_bound_never_pasted_into_the_query(loaded):
    sneaky = "x'}) DETACH DELETE n //"
    assert rows_of(loaded, "RETURN $text AS text", {"text": sneaky}) == [{"text": sneaky}]
    refused = kg_cypher(loaded, "co-mentioned", "--param", f"organisation={sneaky}")
    assert refused.exit_code == 1 and "no Organisation has this id, label or alias" in refused.output
    assert rows_of(loaded, "MATCH (p:Post) RETURN count(p) AS posts") == [{"posts": 39}]


@pytest.mark.parametrize("args, exit_code, phrase", [
    (["no-such-query"], 1, "unknown query 'no-such-query'; shipped cypher queries: co-mentioned"),
    (["co-mentioned"], 1, "Expected parameter(s): organisation; give each with --param NAME=VALUE"),
    (["co-mentioned", "--param", "organisation"], 2, "'organisation' is not NAME=VALUE"),
    (["co-mentioned", "--param", "organisation=No Such Organisation"], 1,
     "--param organisation=No Such Organisation: no Organisation has this id, label or alias"),
    (["MATCH (n RETURN n"], 1, "the query is not valid Cypher"),
    (["events-by-place-period", "--param", "place=Astana", "--param", "from=June 2023", "--param", "to=2023-06-30"],
     1, "--param from='June 2023': not an ISO date (YYYY-MM-DD)"),
    (["events-by-place-period", "--param", "place=Astana", "--param", "from=2023-06-01", "--param", "to=2023-06-31"],
     1, "--param to='2023-06-31': not an ISO date"),
    ([], 2, "give a QUERY"),
])
def test_bad_queries_and_parameters_are_one_clear_message(loaded, args, exit_code, phrase):
    result = kg_cypher(loaded, *args)
    assert result.exit_code == exit_code
    assert phrase in result.output
    assert "Traceback" not in result.output


def test_a_server_warning_is_one_readable_line_and_a_table_keeps_one_row_per_line(loaded):
    result = kg_cypher(loaded, 'MATCH (n:NoSuchLabel) RETURN n.id AS id UNION RETURN "two\nlines\tand a tab" AS id')
    assert result.exit_code == 0, result.output
    assert "kg: warning from Neo4j: Label does not exist. The label `NoSuchLabel` does not exist" in result.stderr
    assert "(line 1, column 10)" in result.stderr and "GqlStatusObject" not in result.output
    assert result.stdout.splitlines() == ["id", "-" * len("two\\nlines\\tand a tab"), "two\\nlines\\tand a tab",
                                          "(1 row)"]
    as_json = kg_cypher(loaded, 'RETURN "two\nlines" AS id', "--output", "json")
    assert json.loads(as_json.stdout) == [{"id": "two\nlines"}]


def test_dates_are_neo4j_dates_so_its_date_functions_work(loaded):
    (row,) = rows_of(loaded, "MATCH (e:Event) WHERE e.date IS NOT NULL WITH collect(e) AS events "
                             "RETURN size(events) AS n, [e IN events | valueType(e.date)] AS types, "
                             "[e IN events WHERE e.date.year = 2024 AND e.date >= date('2024-06-01') | e.id] "
                             "AS june_on")
    assert row["n"] > 10 and set(row["types"]) == {"DATE NOT NULL"}
    after = {r["event"] for r in rows_of(loaded, "MATCH (e:Event) WHERE toString(e.date) >= '2024-06-01' "
                                                 "RETURN e.id AS event")}
    assert set(row["june_on"]) == after and after
    (posts,) = rows_of(loaded, "MATCH (p:Post) WHERE p.date IS NOT NULL "
                               "RETURN collect(DISTINCT valueType(p.date)) AS types, min(p.date.year) AS first")
    assert posts["types"] == ["ZONED DATETIME NOT NULL"] and posts["first"] >= 2000
    (iso,) = rows_of(loaded, "MATCH (p:Post {id: 'embassy-digest-omkg-sample/4'}) RETURN p.date AS date")
    assert iso["date"] == "2024-01-10T11:20:00+00:00"  # given back as the graph writes it
