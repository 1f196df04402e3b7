"""The shipped queries, shared by `kg sparql` and `kg cypher`: list them, find one by name, read its description.

Each question lives in `kg/queries/sparql/NAME.rq` and `kg/queries/cypher/NAME.cypher` (see README.md there); the
first comment line of a file is its one-line description, and `param NAME (type): what it is` comment lines
declare the parameters it takes.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Iterable

from kg.errors import KgError

HERE = Path(__file__).resolve().parent
SUFFIXES = {"sparql": ".rq", "cypher": ".cypher"}
COMMENT = re.compile(r"^\s*(#|//)\s?")
NAME = re.compile(r"^[A-Za-z0-9_-]+$")
DECLARATION = re.compile(r"^\s*(?:#|//)\s*param\s+([A-Za-z0-9_]+)\s*\(\s*([a-z]+)\s*\)\s*:?\s*(.*)$")


def shipped(kind: str) -> dict[str, Path]:
    """Name → file of every shipped query of a kind ("sparql" or "cypher"), sorted by name."""
    suffix = SUFFIXES[kind]
    return {path.stem: path for path in sorted((HERE / kind).glob(f"*{suffix}"))}


def description(path: Path) -> str:
    """The text of the first comment line: what the query answers."""
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if COMMENT.match(line):
            return COMMENT.sub("", line, count=1).strip()
        if line.strip():
            break
    return ""


def declarations(query: str) -> list[tuple[str, str, str]]:
    """(name, type, description) of each parameter the query's comments declare, in order."""
    return [(m.group(1), m.group(2), m.group(3).strip())
            for m in map(DECLARATION.match, query.splitlines()) if m]


def signature(parameters: Iterable[tuple[str, str]]) -> str:
    """`place=<place> from=<date>`: what the `--list` of `kg sparql` and `kg cypher` shows a query takes."""
    return " ".join(f"{name}=<{kind}>" for name, kind in parameters)


def iso_date(name: str, text: str) -> str:
    """A date parameter's value as YYYY-MM-DD; anything else is an error naming the parameter."""
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise KgError(f"--param {name}={text!r}: not an ISO date (YYYY-MM-DD)") from None


def load_query(query: str, kind: str) -> str:
    """The text of a query given as a shipped name, a file path or inline text."""
    queries = shipped(kind)
    if query in queries:
        return queries[query].read_text(encoding="utf-8")
    if "\n" not in query and (_is_file(query) or Path(query).suffix == SUFFIXES[kind]):
        try:
            return Path(query).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise KgError(f"{query}: no such query file") from None
        except (OSError, UnicodeDecodeError) as err:
            raise KgError(f"{query}: cannot read the query file ({err})") from None
    if NAME.match(query):
        names = ", ".join(queries) or "none"
        raise KgError(f"unknown query {query!r}; shipped {kind} queries: {names} (`kg {kind} --list`)")
    return query


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except OSError:  # inline text too long to be a file name
        return False
