"""`kg export --format neo4j-admin`: a build as the CSV files from which `neo4j-admin database import full` makes a
new database — the way to a first load of millions of posts, which `kg load`'s transactions would take hours over.

The same nodes, relationships and properties as `kg load` writes (kg.neo4j.loader's rows), so an imported database
reads back as the graph a load gives. Streamed from mentions.jsonl in two passes — the first finds each file's
columns and their types, the second writes the rows — holding only what a streamed build holds: the graph of what
the posts name. One file per label and one per relationship type between two labels (each label is its own id
space, as ids are unique per label in Neo4j too). `import.args` holds the import's options and files, for
`neo4j-admin database import full @import.args DATABASE`; `schema.cypher` the constraints `kg load` makes, to run
once the new database is started.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

import networkx as nx

from kg.errors import KgError
from kg.graph import add_described, add_measures, add_record
from kg.measures import CoMentions
from kg.model import PostRecord
from kg.neo4j.loader import (RECORD_DIGEST, node_label, node_row, record_digest, relationship_row, relationship_type,
                             schema_statements)
from kg.records import RECORDS, read_record_lines

IMPORT_ARGS = "import.args"
SCHEMA = "schema.cypher"
# Between the items of a list property: the unit separator, which no name or text holds (one that does is refused).
ARRAY_DELIMITER = "\x1f"
OPTIONS = ("--multiline-fields=true", "--array-delimiter=U+001F")  # post texts span lines
NEO4J_TYPES = {bool: "boolean", int: "long", float: "double", str: "string", date: "date"}


class _Absent(float):
    """A property a row does not have: an empty, unquoted field (neo4j-admin reads it as no property; a quoted ""
    is an empty string). csv's QUOTE_NONNUMERIC quotes every string and leaves numbers bare, so this is a number
    that prints as nothing."""

    def __str__(self) -> str:
        return ""


ABSENT = _Absent()


@dataclass
class Table:
    """One CSV file: a label's nodes, or the relationships of one type from one label to another."""

    name: str
    fixed: tuple[str, ...]  # the id columns
    types: dict[str, set[str]] = field(default_factory=dict)  # property → the Neo4j types of its values
    rows: int = 0

    def observe(self, properties: dict) -> None:
        for name, value in properties.items():
            self.types.setdefault(name, set()).add(_neo4j_type(value))

    def header(self) -> list[str]:
        return [*self.fixed, *(f"{name}:{self._column_type(name)}" for name in self.types)]

    def row(self, ids: list[str], properties: dict) -> list:
        self.rows += 1
        return [*ids, *(_field(self.name, name, properties[name]) if name in properties else ABSENT
                        for name in self.types)]

    def _column_type(self, name: str) -> str:
        types = self.types[name]
        arrays = {t for t in types if t.endswith("[]")}
        if arrays and arrays != types:
            raise KgError(f"{self.name}: property {name!r} holds both lists and single values, which one "
                          f"neo4j-admin column cannot; load this build with `kg load` instead")
        known = {t.removesuffix("[]") for t in types} - {""}  # "" : an empty list, of any type
        if known == {"long", "double"}:
            known = {"double"}
        if len(known) > 1:
            raise KgError(f"{self.name}: property {name!r} holds values of the types {', '.join(sorted(known))}, "
                          f"which one neo4j-admin column cannot; load this build with `kg load` instead")
        return (known.pop() if known else "string") + ("[]" if arrays else "")


@dataclass
class AdminImport:
    """What `write_admin_import` wrote: the directory, nodes per label, relationships per type."""

    directory: Path
    nodes: Counter
    relationships: Counter

    def command(self, database: str = "neo4j") -> str:
        return f"neo4j-admin database import full @{self.directory / IMPORT_ARGS} {database}"


def write_admin_import(build_dir: Path, out_dir: Path) -> AdminImport:
    """Write the import files of the build in `build_dir` into `out_dir`, replacing an earlier such export there
    whole (written beside it, then moved into place: never half of two)."""
    out_dir = out_dir.resolve()
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir())
                                                       and not (out_dir / IMPORT_ARGS).exists())):
        raise KgError(f"{out_dir}: not empty and not an earlier neo4j-admin export; give a new or empty directory")
    records = Path(build_dir) / RECORDS
    tables: dict[tuple[str, ...], Table] = {}
    described = nx.MultiDiGraph()
    co_mentions = CoMentions()
    for record, line in read_record_lines(records):  # the columns and their types
        add_described(described, record)
        co_mentions.add(record)
        for group, _, properties in _post_rows(record, line):
            _table(tables, group).observe(properties)
    add_measures(described, co_mentions.measures())
    for group, _, properties in _described_rows(described):
        _table(tables, group).observe(properties)

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        with _Writers(staging, tables) as writers:
            for record, line in read_record_lines(records):
                for group, ids, properties in _post_rows(record, line):
                    writers.write(group, ids, properties)
            for group, ids, properties in _described_rows(described):
                writers.write(group, ids, properties)
        # the options last: a file option takes every argument up to the next option (the database's name too)
        _write_lines(staging / IMPORT_ARGS, [*(_file_argument(group, out_dir / tables[group].name)
                                               for group in sorted(tables)), *OPTIONS])
        _write_lines(staging / SCHEMA, [f"{statement};" for statement in schema_statements()])
        _replace(out_dir, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    nodes, relationships = Counter(), Counter()
    for group, table in tables.items():
        (nodes if group[0] == "nodes" else relationships)[group[1]] += table.rows
    return AdminImport(out_dir, nodes, relationships)


def _post_rows(record: PostRecord, line: bytes) -> Iterator[tuple[tuple[str, ...], list[str], dict]]:
    """The post's node (with its record's digest, as `kg load` leaves it) and its relationships: (group, id
    columns, properties) each."""
    one_post = nx.MultiDiGraph()
    add_record(one_post, record)
    one_post.nodes[record.post.post_id][RECORD_DIGEST] = record_digest(line)
    for node_id, data in one_post.nodes(data=True):
        if data["type"] == "Post":
            yield from _node(node_id, data)
    for source, target, key, data in one_post.edges(keys=True, data=True):
        edge_type = relationship_type(source, target, data)
        row = relationship_row(source, target, key, data)
        group = ("relationships", edge_type, one_post.nodes[source]["type"], one_post.nodes[target]["type"])
        yield group, [source, target], {"key": row["key"], **row["properties"]}


def _described_rows(described: nx.MultiDiGraph) -> Iterator[tuple[tuple[str, ...], list[str], dict]]:
    for node_id, data in described.nodes(data=True):
        yield from _node(node_id, data)


def _node(node_id: str, data: dict) -> Iterator[tuple[tuple[str, ...], list[str], dict]]:
    label = node_label(node_id, data)
    row = node_row(node_id, label, data)
    properties = row["properties"] | ({"aliases": row["aliases"]} if "aliases" in row else {})
    yield ("nodes", label), [node_id], properties


def _table(tables: dict[tuple[str, ...], Table], group: tuple[str, ...]) -> Table:
    if group not in tables:
        if group[0] == "nodes":
            tables[group] = Table(f"nodes-{group[1]}.csv", (f"id:ID({group[1]})",))
        else:
            _, edge_type, source, target = group
            tables[group] = Table(f"relationships-{edge_type}-{source}-{target}.csv",
                                  (f":START_ID({source})", f":END_ID({target})"))
    return tables[group]


class _Writers:
    """An open csv writer per table, each started with its header."""

    def __init__(self, directory: Path, tables: dict[tuple[str, ...], Table]) -> None:
        self.tables = tables
        self.handles = {group: open(directory / table.name, "w", encoding="utf-8", newline="")
                        for group, table in tables.items()}
        self.writers = {group: csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
                        for group, handle in self.handles.items()}
        for group, table in tables.items():
            csv.writer(self.handles[group], lineterminator="\n").writerow(table.header())

    def write(self, group: tuple[str, ...], ids: list[str], properties: dict) -> None:
        self.writers[group].writerow(self.tables[group].row(ids, properties))

    def __enter__(self) -> _Writers:
        return self

    def __exit__(self, *_) -> None:
        for handle in self.handles.values():
            handle.close()


def _neo4j_type(value) -> str:
    if isinstance(value, list):
        return (_neo4j_type(value[0]) if value else "") + "[]"
    if isinstance(value, datetime):
        return "datetime" if value.tzinfo is not None else "localdatetime"
    return NEO4J_TYPES[type(value)]


def _field(table: str, name: str, value):
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, date):  # and datetime: ISO 8601, which neo4j-admin reads
        return value.isoformat()
    if isinstance(value, list):
        items = [str(item).lower() if isinstance(item, bool) else str(item) for item in value]
        if any(ARRAY_DELIMITER in item for item in items):
            raise KgError(f"{table}: a value of {name!r} holds the character U+001F, which separates list items "
                          f"in the import files; load this build with `kg load` instead")
        return ARRAY_DELIMITER.join(items)
    return value


def _file_argument(group: tuple[str, ...], path: Path) -> str:
    """One --nodes or --relationships argument, quoted whole as neo4j-admin's argument files read it."""
    kind, name = group[0], group[1]
    argument = f"--{kind}={name}={path}"
    return f'"{argument}"' if any(c.isspace() for c in argument) else argument


def _write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


def _replace(out_dir: Path, staging: Path) -> None:
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
        out_dir.rename(old / out_dir.name)
        staging.rename(out_dir)
        shutil.rmtree(old)
    else:
        staging.rename(out_dir)
