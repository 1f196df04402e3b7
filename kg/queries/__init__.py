"""The shipped queries, shared by `kg sparql` and `kg cypher`: list them, find one by name, read its description.

Each question lives in `kg/queries/sparql/NAME.rq` and `kg/queries/cypher/NAME.cypher` (see README.md there); the
first comment line of a file is its one-line description, and `param NAME (type): what it is` comment lines
declare the parameters it takes.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path
from typing import Iterable

from kg.errors import KgError

HERE = Path(__file__).resolve().parent
SUFFIXES = {"sparql": ".rq", "cypher": ".cypher"}
COMMENT = re.compile(r"^\s*(#|//)\s?")
NAME = re.compile(r"^[A-Za-z0-9_-]+$")
DECLARATION = re.compile(r"^\s*(?:#|//)\s*param\s+([A-Za-z0-9_]+)\s*\(\s*([a-z]+)\s*(,\s*optional\s*)?\)\s*:?\s*(.*)$")


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
    """(name, type, description) of each parameter the query's comments declare, in order (`# param NAME (TYPE):
    …`, or `(TYPE, optional)` for one the query does without)."""
    return [(m.group(1), m.group(2), m.group(4).strip())
            for m in map(DECLARATION.match, query.splitlines()) if m]


def optional_parameters(query: str) -> set[str]:
    """The declared parameters the query does without: unbound in SPARQL, null in Cypher."""
    return {m.group(1) for m in map(DECLARATION.match, query.splitlines()) if m and m.group(3)}


def signature(query: str) -> str:
    """`place=<place> [from=<date>]`: what the `--list` of `kg sparql` and `kg cypher` shows a query takes (an
    optional parameter in brackets)."""
    optional = optional_parameters(query)
    return " ".join(f"[{name}=<{kind}>]" if name in optional else f"{name}=<{kind}>"
                    for name, kind, _ in declarations(query))


def entity_text(value: str) -> str:
    """An entity parameter as it is matched: trimmed, a hashtag's # dropped (#CSTO names CSTO)."""
    return value.strip().removeprefix("#").strip()


def best_entities(value: str, candidates: Iterable[tuple[str, str | None, Iterable[str]]]) -> list[str]:
    """The ids among (id, label, aliases) candidates that `value` names best: an id, else a label, else an alias,
    each first as written and then regardless of case. More than one id: the value is ambiguous."""
    folded = value.casefold()
    ranked: dict[int, set[str]] = {}
    for entity_id, label, aliases in candidates:
        names = [alias for alias in aliases if alias]
        rank = (0 if entity_id == value else 1 if label == value else 2 if value in names
                else 3 if label and label.casefold() == folded else 4 if any(a.casefold() == folded for a in names)
                else None)
        if rank is not None:
            ranked.setdefault(rank, set()).add(entity_id)
    return sorted(ranked[min(ranked)]) if ranked else []


def close_names(value: str, names: Iterable[str], count: int = 3) -> list[str]:
    """The names most like `value` (difflib's ratio, regardless of case): suggestions for one that matched none."""
    by_folded = {name.casefold(): name for name in names if name}
    return [by_folded[n] for n in difflib.get_close_matches(value.casefold(), list(by_folded), n=count, cutoff=0.6)]


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
