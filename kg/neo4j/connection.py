"""Where the Neo4j server is and how to log in, and the one-line errors when that does not work.

Settings come from options first, then NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE, then defaults.
Every driver error becomes a Neo4jError (a KgError) that says what went wrong and how to fix it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlparse

from neo4j import Driver, GraphDatabase
from neo4j import exceptions as driver_errors

from kg.errors import KgError

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
CONNECTION_TIMEOUT_SECONDS = 10


class Neo4jError(KgError):
    """Neo4j cannot be reached, rejects us, or refuses a statement; the message says how to fix it."""


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = None
    database: str | None = None  # None: the server's default database

    @classmethod
    def resolve(cls, uri: str | None = None, user: str | None = None, password: str | None = None,
                database: str | None = None, environ: Mapping[str, str] = os.environ) -> Neo4jSettings:
        """Options win over NEO4J_* environment variables, which win over the defaults."""
        return cls(uri=uri or environ.get("NEO4J_URI") or DEFAULT_URI,
                   user=user or environ.get("NEO4J_USER") or DEFAULT_USER,
                   password=password if password is not None else environ.get("NEO4J_PASSWORD"),
                   database=database or environ.get("NEO4J_DATABASE") or None)

    @property
    def database_name(self) -> str:
        return self.database or "(the server's default)"


@contextmanager
def connect(settings: Neo4jSettings) -> Iterator[Driver]:
    """A driver whose server answers, accepts the password and has the database — or a Neo4jError saying which not."""
    if urlparse(settings.uri).scheme not in SCHEMES:
        raise Neo4jError(f"{settings.uri!r} is not a Neo4j Bolt URI; use bolt://HOST:7687 (or neo4j://…) "
                         f"in --uri or NEO4J_URI")
    if settings.password is None:
        raise Neo4jError("no Neo4j password given; pass --password or set NEO4J_PASSWORD")
    try:
        driver = GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password),
                                      connection_timeout=CONNECTION_TIMEOUT_SECONDS)
    except (driver_errors.ConfigurationError, ValueError) as err:
        raise Neo4jError(f"{settings.uri!r} is not a usable Neo4j URI ({err}); fix --uri or NEO4J_URI") from None
    try:
        with translated_errors(settings), driver.session(database=settings.database) as session:
            session.run("RETURN 1").consume()  # a plain run, not execute_query: no 30 s of retries when down
        yield driver
    finally:
        driver.close()


@contextmanager
def translated_errors(settings: Neo4jSettings) -> Iterator[None]:
    """Driver exceptions → one Neo4jError line naming the server, the problem and the fix."""
    try:
        yield
    except driver_errors.AuthError:
        raise Neo4jError(f"Neo4j at {settings.uri} rejected user {settings.user!r}: wrong user name or password; "
                         f"pass --user/--password or set NEO4J_USER/NEO4J_PASSWORD") from None
    except (driver_errors.ServiceUnavailable, driver_errors.SessionExpired) as err:
        raise Neo4jError(f"cannot reach Neo4j at {settings.uri} ({unreachable_reason(err)}); start the server "
                         f"(see docker/README.md) or point --uri / NEO4J_URI at a running one") from None
    except driver_errors.Neo4jError as err:
        if err.code == "Neo.ClientError.Database.DatabaseNotFound":
            raise Neo4jError(f"Neo4j at {settings.uri} has no database {settings.database!r}; pass --database or "
                             f"set NEO4J_DATABASE to one that exists (SHOW DATABASES lists them)") from None
        raise Neo4jError(f"Neo4j refused the statement: {first_line(err.message or str(err))}") from None


def unreachable_reason(err: Exception) -> str:
    """The socket's own words ("[Errno 111] Connection refused") out of the driver's several lines."""
    lines = [line.strip() for line in str(err).splitlines() if line.strip()] or [type(err).__name__]
    reason = re.search(r"\(reason (.+)\)$", lines[-1])
    return reason.group(1) if reason else lines[-1].rstrip(":")


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text
