"""Run a Cypher query with bound parameters and return plain rows (no driver types) for any output format.

Entity parameters — those a query declares as a person, organisation, place, event or entity (`// param other
(person): …`), and in a query that declares nothing those so named — take an entity's id, label or alias (Lavrov,
Лавров, #CSTO), chosen as `kg sparql` chooses; it is resolved to the id here, so queries only ever compare ids.
Parameters a query declares as dates (`// param from (date): …`) must be ISO dates, as in `kg sparql`, and are
passed as Neo4j DATE values, which the events' dates are (kg/neo4j/loader.py). A parameter declared optional
(`(date, optional)`) and not given is null.
"""

from __future__ import annotations

import logging
from datetime import date
from dataclasses import dataclass, field

from neo4j import Driver, NotificationSeverity, ResultSummary
from neo4j import exceptions as driver_errors
from neo4j.graph import Node, Path, Relationship

from kg.model import NAMED_TYPES
from kg.neo4j.connection import Neo4jError, Neo4jSettings, first_line, translated_errors
from kg.queries import best_entities, close_names, declarations, entity_text, iso_date, optional_parameters

logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)  # the driver logs them raw: `server_warnings`
ENTITY_PARAMETERS = {  # parameter type → the labels its entity may carry
    "organisation": ("Organisation",),
    "person": ("Person",),
    "place": ("Location",),
    "event": ("Event",),
    "entity": NAMED_TYPES,
}
FIND_ENTITY = """MATCH (n:{labels})
WHERE toLower(n.id) = toLower($value) OR toLower(n.label) = toLower($value)
   OR any(alias IN coalesce(n.aliases, []) WHERE toLower(alias) = toLower($value))
RETURN n.id AS id, n.label AS label, coalesce(n.aliases, []) AS aliases
ORDER BY id"""
ENTITY_NAMES = "MATCH (n:{labels}) RETURN n.label AS label, coalesce(n.aliases, []) AS aliases"


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[list]
    warnings: list[str] = field(default_factory=list)  # the server's, one line each ("label NoSuchLabel…")


def run_cypher(driver: Driver, settings: Neo4jSettings, query: str, parameters: dict[str, str]) -> QueryResult:
    parameters = resolve_entities(driver, settings, query, checked_dates(query, parameters))
    parameters |= {name: None for name in optional_parameters(query) if name not in parameters}  # null: not given
    with translated_errors(settings):
        try:
            records, summary, columns = driver.execute_query(query, parameters, database_=settings.database)
        except driver_errors.ClientError as err:
            if err.code == "Neo.ClientError.Statement.ParameterMissing":
                raise Neo4jError(f"{first_line(err.message)}; give each with --param NAME=VALUE") from None
            if err.code == "Neo.ClientError.Statement.SyntaxError":
                raise Neo4jError(f"the query is not valid Cypher: {first_line(err.message)}") from None
            raise
    return QueryResult(list(columns), [[plain(record[column]) for column in columns] for record in records],
                       server_warnings(summary))


def server_warnings(summary: ResultSummary) -> list[str]:
    """The server's warnings about the query (an unknown label, a deprecated function), one readable line each."""
    lines = []
    for status in summary.gql_status_objects:
        if status.is_notification and status.severity == NotificationSeverity.WARNING:
            text = status.status_description.removeprefix("warn: ")
            position = status.position
            lines.append(f"{text[:1].upper()}{text[1:]}" + (f" (line {position.line}, column {position.column})"
                                                             if position else ""))
    return lines


def checked_dates(query: str, parameters: dict[str, str]) -> dict:
    """The declared date parameters as dates (Neo4j's DATE, as the graph's dates are); a value that is no ISO date
    is an error."""
    checked: dict = dict(parameters)
    for name, kind, _ in declarations(query):
        if kind == "date" and name in parameters:
            checked[name] = date.fromisoformat(iso_date(name, parameters[name]))
    return checked


def resolve_entities(driver: Driver, settings: Neo4jSettings, query: str, parameters: dict[str, str]) -> dict[str, str]:
    """Entity parameters given by label or alias become ids, as in `kg sparql` (kg.queries.best_entities); an unknown
    one is an error that suggests the closest names, an ambiguous one an error that lists what fits."""
    resolved = dict(parameters)
    declared = {name: kind for name, kind, _ in declarations(query)}
    for name, text in parameters.items():
        labels = ENTITY_PARAMETERS.get(declared.get(name, name))
        if labels is None:
            continue
        value = entity_text(text)
        with translated_errors(settings):
            records, _, _ = driver.execute_query(FIND_ENTITY.format(labels="|".join(labels)), value=value,
                                                 database_=settings.database)
        found = best_entities(value, ((r["id"], r["label"], r["aliases"]) for r in records))
        if not found:
            with translated_errors(settings):
                everything, _, _ = driver.execute_query(ENTITY_NAMES.format(labels="|".join(labels)),
                                                        database_=settings.database)
            close = close_names(value, (n for r in everything for n in (r["label"], *r["aliases"])))
            hint = f"did you mean {' or '.join(close)}?" if close else "check the spelling"
            raise Neo4jError(f"--param {name}={text}: no {' or '.join(labels)} has this id, label or alias in Neo4j; "
                             f"{hint} (or load the build first: `kg load DIR`)")
        if len(found) > 1:
            raise Neo4jError(f"--param {name}={text}: names several entities ({', '.join(found)}); give one id")
        resolved[name] = found[0]
    return resolved


def plain(value):
    """Driver values → JSON-friendly Python: nodes and relationships become their properties, times ISO text."""
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"type": value.type, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return [plain(node) for node in value.nodes]
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "to_native"):  # neo4j.time values: as the graph writes them (no nanoseconds)
        return value.to_native().isoformat()
    return value
