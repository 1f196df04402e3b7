"""`kg sparql`: SPARQL over an export with pyoxigraph, parameters bound as RDF terms, rows of plain values.

A query runs over the union of the dataset (the default graph and every post's named graph). `--param NAME=VALUE`
binds the query variable `?param_NAME`; parameters get their own variables because the shipped queries return
columns of the same name (`co-mentioned` takes an `organisation` and answers organisations). The value becomes
an RDF term (a date, a string, or the IRI of the entity an id or label names) and enters the query as a VALUES
block at the head of its WHERE clause, written in N-Triples syntax — never pasted into the text as it came.
A shipped query declares its parameters in its opening comment: `# param NAME (TYPE): what it is`, TYPE one of
person, organisation, place, event, entity, date, text; `(TYPE, optional)` for one it does without, which stays
unbound when not given (the query tests it with BOUND). An entity is given by id, label or alias.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.build_dir import require_complete
from kg.errors import KgError
from kg.export import format_of, rdf_file, reading
from kg.graph import build_graph, graph_of_build
from kg.queries import best_entities, close_names, declarations, entity_text, iso_date, optional_parameters
from kg.rdf import DCTERMS, DEFAULT_BASE, FOAF, ORG, PREFIXES, RDFS, SCHEMA, SEM, SKOS, XSD, quads
from kg.records import read_records
from kg.store import open_store

PARAM_VARIABLE = re.compile(r"[?$]param_([A-Za-z0-9_]+)")
ENTITY_CLASSES = {"person": (FOAF.Person,), "organisation": (ORG.Organization,), "place": (SCHEMA.Place,),
                  "event": (SEM.Event,), "entity": (FOAF.Person, ORG.Organization, SCHEMA.Place)}  # as in Cypher
PARAM_TYPES = (*ENTITY_CLASSES, "date", "text")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # one of PARAM_TYPES
    doc: str = ""


@dataclass
class Answer:
    columns: list[str]
    rows: list[tuple]


def load_store(path: Path, base: str = DEFAULT_BASE) -> ox.Store:
    """The store of a build directory (kg/store.py), else an in-memory store of an RDF file, of a build's records
    (a mentions.jsonl) or of a build directory (its graph.trig, else its mentions.jsonl)."""
    path = Path(path)
    if path.is_dir():
        require_complete(path)
        built = open_store(path)
        if built is not None:
            return built
    store = ox.Store()
    if path.suffix == ".jsonl":
        store.bulk_extend(ox.Quad(*terms) for terms in quads(build_graph(read_records(path)), base))
        return store
    file = rdf_file(path)
    if file is None:
        store.bulk_extend(ox.Quad(*terms) for terms in quads(graph_of_build(path), base))
        return store
    fmt = format_of(file)
    with reading(file, fmt):
        store.bulk_load(path=str(file), format=fmt.syntax)
    return store


def declared_parameters(query: str) -> dict[str, Parameter]:
    """The parameters a query takes: those its comments declare, then any other ?param_NAME it uses (as text)."""
    declared = {}
    for name, kind, doc in declarations(query):
        if kind not in PARAM_TYPES:
            raise KgError(f"parameter {name} has unknown type {kind!r}; use one of {', '.join(PARAM_TYPES)}")
        declared[name] = Parameter(name, kind, doc)
    for name in PARAM_VARIABLE.findall(_code(query)):
        declared.setdefault(name, Parameter(name, "text"))
    return declared


def run_query(store: ox.Store, query: str, params: dict[str, str] | None = None) -> Answer:
    """Run a query with its parameters bound; rows hold ints, decimals as floats, strings, IRIs as strings."""
    params = params or {}
    wanted = declared_parameters(query)
    unknown = sorted(set(params) - set(wanted))
    if unknown:
        takes = ", ".join(wanted) or "no parameters"
        raise KgError(f"the query has no parameter {', '.join(unknown)} (it takes {takes})")
    missing = [name for name in wanted if name not in params and name not in optional_parameters(query)]
    if missing:
        raise KgError("the query needs " + " ".join(f"--param {name}=…" for name in missing))
    terms = {name: bind(store, wanted[name], value) for name, value in params.items()}
    text = with_values(query, terms) if terms else query
    try:
        result = store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)
    except SyntaxError as err:
        raise KgError(f"the query is not valid SPARQL: {err}") from None
    if isinstance(result, ox.QueryBoolean):
        return Answer(["answer"], [(bool(result),)])
    if isinstance(result, ox.QueryTriples):
        return Answer(["subject", "predicate", "object"], [tuple(value(t) for t in triple) for triple in result])
    columns = [v.value for v in result.variables]
    return Answer(columns, [tuple(value(solution[c]) for c in columns) for solution in result])


def bind(store: ox.Store, parameter: Parameter, text: str) -> ox.NamedNode | ox.Literal:
    """The RDF term a parameter value stands for."""
    if parameter.type == "date":
        return ox.Literal(iso_date(parameter.name, text), datatype=XSD.date)
    if parameter.type == "text":
        return ox.Literal(text)
    return resolve_entity(store, parameter, text.strip())


def resolve_entity(store: ox.Store, parameter: Parameter, text: str) -> ox.NamedNode:
    """The entity an id (org/csto), canonical label (CSTO; an event's label) or alias (Lavrov, Лавров, #CSTO)
    names — ids first, then labels, then aliases, each as written and then regardless of case; a name that matches
    nothing gets the closest labels and aliases suggested."""
    typed = f"?entity a ?class . VALUES ?class {{ {' '.join(map(str, ENTITY_CLASSES[parameter.type]))} }}"
    value = entity_text(text)
    query = f"""SELECT DISTINCT ?entity ?id ?label ?alias WHERE {{
        ?entity {DCTERMS.identifier} ?id . {typed}
        OPTIONAL {{ ?entity {SKOS.prefLabel}|{RDFS.label} ?label }}
        OPTIONAL {{ ?entity {SKOS.altLabel} ?alias }}
        FILTER (LCASE(?id) = LCASE(?value) || LCASE(STR(?label)) = LCASE(?value) || LCASE(STR(?alias)) = LCASE(?value))
    }}"""
    iris: dict[str, ox.NamedNode] = {}
    names: dict[str, tuple[str | None, set[str]]] = {}
    for s in store.query(with_values(query, {"value": ox.Literal(value)}, prefix=""), use_default_graph_as_union=True):
        entity_id = s["id"].value
        iris[entity_id] = s["entity"]
        label, aliases = names.setdefault(entity_id, (s["label"].value if s["label"] else None, set()))
        if s["alias"]:
            aliases.add(s["alias"].value)
    found = best_entities(value, ((entity_id, label, aliases) for entity_id, (label, aliases) in names.items()))
    if not found:
        close = close_names(value, _names_of(store, typed))
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise KgError(f"--param {parameter.name}: no {parameter.type} has the id, label or alias {text!r}{hint}")
    if len(found) > 1:
        raise KgError(f"--param {parameter.name}: {text!r} names several entities ({', '.join(found)}); give an id")
    return iris[found[0]]


def _names_of(store: ox.Store, typed: str) -> set[str]:
    """The labels and aliases of the entities of the classes the pattern `typed` gives."""
    query = f"""SELECT DISTINCT ?name WHERE {{ ?entity {DCTERMS.identifier} ?id . {typed}
        ?entity {SKOS.prefLabel}|{SKOS.altLabel} ?name }}"""
    return {s["name"].value for s in store.query(query, use_default_graph_as_union=True)}


def with_values(query: str, terms: dict[str, ox.NamedNode | ox.Literal], prefix: str = "param_") -> str:
    """The query with `VALUES (?param_a …) { (term …) }` opening its WHERE clause. Terms are written in N-Triples
    syntax by pyoxigraph, which escapes them; nothing the user typed reaches the query unescaped."""
    at = _where_brace(query)
    if at is None:
        raise KgError("the query has no WHERE clause to bind parameters in")
    variables = " ".join(f"?{prefix}{name}" for name in terms)
    row = " ".join(str(term) for term in terms.values())
    return f"{query[:at + 1]} VALUES ({variables}) {{ ({row}) }} {query[at + 1:]}"


TOKENS = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^\\]|\\.)*?\"\"\"|'''(?:[^\\]|\\.)*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<where>(?<![?$:\w])WHERE(?![\w:-]))
  | (?P<brace>\{)
""", re.VERBOSE | re.IGNORECASE)


def _where_brace(query: str) -> int | None:
    """Where the WHERE clause's group opens: the first `{` after the WHERE keyword (or the first `{` at all, for
    `SELECT * {…}` and `ASK {…}`), skipping comments, strings and IRIs."""
    first = None
    after_where = False
    for match in TOKENS.finditer(query):
        kind = match.lastgroup
        if kind == "where":
            after_where = True
        elif kind == "brace":
            if after_where:
                return match.start()
            first = match.start() if first is None else first
    return first


def _code(query: str) -> str:
    """The query without its comments, strings and IRIs, to find the variables it uses."""
    return TOKENS.sub(lambda m: " " if m.lastgroup in ("comment", "string", "iri") else m.group(0), query)


def value(term):
    """A result term as a plain value: numbers as numbers, strings and dates as text, IRIs as text, unbound None."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == XSD.integer.value:
            return int(term.value)
        if datatype in (XSD.decimal.value, XSD.double.value, XSD.float.value):
            return float(term.value)
        if datatype == XSD.boolean.value:
            return term.value == "true"
        return term.value
    return term.value if isinstance(term, (ox.NamedNode, ox.BlankNode)) else str(term)

