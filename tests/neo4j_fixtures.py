"""Pytest fixtures that give tests a real Neo4j.

The server is the one named by NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE)
when that is set, otherwise the local test server of scripts/neo4j-test-server.
Neo4j tests are never skipped: when no server can be had, the fixture fails.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from neo4j import Driver, GraphDatabase

REPO_ROOT = Path(__file__).resolve().parent.parent
TEST_SERVER_SCRIPT = REPO_ROOT / "scripts" / "neo4j-test-server"
DEFAULT_TEST_PASSWORD = "omkg-test-password"  # keep in step with scripts/neo4j-test-server
# Covers a first run's Maven download plus the script's own 180 s wait for Bolt.
START_TIMEOUT_SECONDS = 900


class Neo4jServer(NamedTuple):
    uri: str
    user: str
    password: str
    database: str


def server_from_environment() -> Neo4jServer | None:
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None
    password = os.environ.get("NEO4J_PASSWORD")
    if password is None:
        pytest.fail("NEO4J_URI is set but NEO4J_PASSWORD is not", pytrace=False)
    return Neo4jServer(
        uri=uri,
        user=os.environ.get("NEO4J_USER", "neo4j"),
        password=password,
        database=os.environ.get("NEO4J_DATABASE", "neo4j"),
    )


def run_test_server_script(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TEST_SERVER_SCRIPT), command],
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_SECONDS,
        check=False,
    )


def wipe_database(driver: Driver, database: str) -> None:
    """Leave the database as a new one is: no data, no constraints, only the lookup indexes."""
    # Constraints first: dropping one also drops the index that backs it.
    constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database)
    for record in constraints:
        driver.execute_query(f"DROP CONSTRAINT {quote_name(record['name'])}", database_=database)
    indexes, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name", database_=database
    )
    for record in indexes:
        driver.execute_query(f"DROP INDEX {quote_name(record['name'])}", database_=database)
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)


def quote_name(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    external_server = server_from_environment()
    if external_server is not None:
        yield external_server
        return

    # Only a server this session started is stopped at its end; one started by hand stays up.
    already_running = run_test_server_script("status").returncode == 0
    started = run_test_server_script("start")
    if started.returncode != 0:
        pytest.fail(
            f"{TEST_SERVER_SCRIPT} start failed (exit {started.returncode}):\n{started.stderr}",
            pytrace=False,
        )
    try:
        yield Neo4jServer(
            uri=started.stdout.strip().splitlines()[-1],
            user="neo4j",
            password=os.environ.get("NEO4J_TEST_PASSWORD", DEFAULT_TEST_PASSWORD),
            database="neo4j",
        )
    finally:
        if not already_running:
            run_test_server_script("stop")


@pytest.fixture
def neo4j_driver(neo4j_server: Neo4jServer) -> Iterator[Driver]:
    """A driver to an emptied database; each test starts from a clean slate."""
    with GraphDatabase.driver(
        neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)
    ) as driver:
        wipe_database(driver, neo4j_server.database)
        yield driver
