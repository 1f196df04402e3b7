"""The Neo4j that tests run against: reachable, password-protected, emptied between tests."""

import os
import subprocess

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from neo4j_fixtures import TEST_SERVER_SCRIPT, wipe_database


def count_nodes(driver, database):
    records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS nodes", database_=database)
    return records[0]["nodes"]


def schema_names(driver, database):
    constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database)
    indexes, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name", database_=database
    )
    # A uniqueness constraint and the index backing it share a name.
    return {r["name"] for r in constraints} | {r["name"] for r in indexes}


def create_data_and_schema(driver, database):
    driver.execute_query(
        "CREATE (:Organisation {name: 'ACME'})-[:MENTIONED_IN]->(:Post {id: 1})",
        database_=database,
    )
    driver.execute_query(
        "CREATE CONSTRAINT organisation_name IF NOT EXISTS "
        "FOR (o:Organisation) REQUIRE o.name IS UNIQUE",
        database_=database,
    )
    driver.execute_query(
        "CREATE INDEX post_id IF NOT EXISTS FOR (p:Post) ON (p.id)", database_=database
    )


def test_driver_runs_a_query(neo4j_driver, neo4j_server):
    records, _, _ = neo4j_driver.execute_query("RETURN 1 AS one", database_=neo4j_server.database)
    assert records[0]["one"] == 1


def test_wrong_password_is_rejected(neo4j_server):
    wrong_auth = (neo4j_server.user, neo4j_server.password + "-wrong")
    with GraphDatabase.driver(neo4j_server.uri, auth=wrong_auth) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_wipe_removes_data_and_schema(neo4j_driver, neo4j_server):
    create_data_and_schema(neo4j_driver, neo4j_server.database)
    assert count_nodes(neo4j_driver, neo4j_server.database) == 2
    assert schema_names(neo4j_driver, neo4j_server.database) == {"organisation_name", "post_id"}

    wipe_database(neo4j_driver, neo4j_server.database)

    assert count_nodes(neo4j_driver, neo4j_server.database) == 0
    assert schema_names(neo4j_driver, neo4j_server.database) == set()


# The next two run in file order: the first leaves data behind for the fixture to wipe
# before the second. In any other order the second still passes, just without that proof.
def test_leaves_data_behind(neo4j_driver, neo4j_server):
    create_data_and_schema(neo4j_driver, neo4j_server.database)


def test_starts_with_an_empty_database(neo4j_driver, neo4j_server):
    assert count_nodes(neo4j_driver, neo4j_server.database) == 0
    assert schema_names(neo4j_driver, neo4j_server.database) == set()


def test_status_reports_the_running_test_server(neo4j_server):
    if os.environ.get("NEO4J_URI"):
        pytest.skip("NEO4J_URI names another server; the local test server is not in use")
    status = subprocess.run(
        [str(TEST_SERVER_SCRIPT), "status"], capture_output=True, text=True, check=False
    )
    assert status.returncode == 0
    assert status.stdout.strip() == f"running {neo4j_server.uri}"
