"""RDF files in the formats omkg writes: writing the graph in any of them, and finding and reading one back.

Every format is the one quad stream of `kg.rdf.quads()` serialised by pyoxigraph as it is generated, so a
million-triple export takes seconds and never holds an rdflib graph (rdflib's Turtle writer slows down
super-linearly on large graphs, rdflib issue #2135). JSON-LD is the exception: it is compacted by rdflib with
the published context `ontology/context.jsonld`, which suits the small graphs it is meant for.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import networkx as nx
import pyoxigraph as ox

from kg.build_dir import require_complete
from kg.errors import KgError
from kg.graph import graph_of_build
from kg.rdf import DEFAULT_BASE, PREFIXES, QuadTerms, dataset_from_quads, flatten, ontology_file, quads
from kg.records import RECORDS


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    syntax: ox.RdfFormat
    named_graphs: bool  # False: the dataset is flattened into one graph


FORMATS = {f.name: f for f in (
    Format("turtle", ".ttl", ox.RdfFormat.TURTLE, named_graphs=False),
    Format("ntriples", ".nt", ox.RdfFormat.N_TRIPLES, named_graphs=False),
    Format("trig", ".trig", ox.RdfFormat.TRIG, named_graphs=True),
    Format("nquads", ".nq", ox.RdfFormat.N_QUADS, named_graphs=True),
    Format("jsonld", ".jsonld", ox.RdfFormat.JSON_LD, named_graphs=True),
)}
ALIASES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "nq": "nquads", "n-quads": "nquads",
           "json-ld": "jsonld", "json": "jsonld"}
BY_SUFFIX = {f.suffix: f for f in FORMATS.values()} | {".json": FORMATS["jsonld"]}
GRAPH_FILE = "graph"  # DIR/graph.ttl, DIR/graph.trig…
DEFAULT_FORMATS = ("turtle", "trig")  # what `kg build` writes: flattened, and with provenance


def is_rdf_format(name: str) -> bool:
    return ALIASES.get(name.lower(), name.lower()) in FORMATS


def format_named(name: str) -> Format:
    key = ALIASES.get(name.lower(), name.lower())
    if key not in FORMATS:
        raise KgError(f"unknown RDF format {name!r}; choose from {', '.join(FORMATS)}")
    return FORMATS[key]


def format_of(path: Path) -> Format:
    """The format a file's extension names."""
    fmt = BY_SUFFIX.get(Path(path).suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(BY_SUFFIX))
        raise KgError(f"{path}: cannot tell the RDF format from the extension; use one of {known}")
    return fmt


# ---- writing ------------------------------------------------------------------------------------------------------

def export(graph: nx.MultiDiGraph, formats: Iterable[Format], out: Path | None, base: str = DEFAULT_BASE,
           default_dir: Path | None = None) -> dict[str, tuple[str, int]]:
    """Write the graph in each format: to `out` when it is a file path (one format), else as DIR/graph.<ext>
    in the directory `out` (or `default_dir`). Returns format → (where, statements written)."""
    formats = list(dict.fromkeys(formats))
    written = {}
    for fmt, target in zip(formats, targets([f"{GRAPH_FILE}{fmt.suffix}" for fmt in formats], out, default_dir)):
        written[fmt.name] = (str(target), write(quads(graph, base), target, fmt))
    return written


def targets(files: list[str], out: Path | None, default_dir: Path | None) -> list[Path | str]:
    """Where each of the files named goes: to `out` itself when it is "-" (standard output) or names a file —
    one file only —, else into the directory `out` (or `default_dir`), made if missing."""
    if out is not None and str(out) == "-":
        if len(files) != 1:
            raise KgError(f"--out - (standard output) takes one file only, not {len(files)} ({', '.join(files)})")
        return ["-"]
    if out is not None and not out.is_dir() and out.suffix:
        if len(files) != 1:
            raise KgError(f"--out {out} names a file; {len(files)} files ({', '.join(files)}) need a directory")
        out.parent.mkdir(parents=True, exist_ok=True)
        return [out]
    directory = out or default_dir
    if directory is None:
        raise KgError("say where to write with --out")
    if directory.exists() and not directory.is_dir():
        raise KgError(f"{directory}: not a directory; give a directory for several formats")
    directory.mkdir(parents=True, exist_ok=True)
    return [directory / name for name in files]


def write(quads_: Iterable[QuadTerms], target: Path | str, fmt: Format) -> int:
    """Stream the quads to `target` ("-" for standard output) in `fmt`; returns the statements written."""
    counted = Counter(quads_ if fmt.named_graphs else flatten(quads_))
    if fmt.name == "jsonld":
        text = dataset_from_quads(counted).serialize(format="json-ld", context=json_ld_context(), indent=1)
        data = text.encode("utf-8")
        if target == "-":
            sys.stdout.buffer.write(data)
        else:
            Path(target).write_bytes(data)
        return counted.count
    output = sys.stdout.buffer if target == "-" else str(target)
    prefixes = {"prefixes": PREFIXES} if fmt.syntax in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    statement = ox.Quad if fmt.named_graphs else ox.Triple
    ox.serialize((statement(*terms) for terms in counted), output, fmt.syntax, **prefixes)
    return counted.count


def json_ld_context() -> dict:
    return json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]


class Counter:
    """Passes items through and counts them, so a streamed export can report its size."""

    def __init__(self, items: Iterable):
        self.items = items
        self.count = 0

    def __iter__(self) -> Iterator:
        for item in self.items:
            self.count += 1
            yield item


# ---- reading ------------------------------------------------------------------------------------------------------

def rdf_file(path: Path) -> Path | None:
    """The RDF file behind --data/DIR: the file itself, a build directory's graph.trig, or None when a build
    directory has only mentions.jsonl (read it with `graph_of_build`)."""
    path = Path(path)
    if path.is_dir():
        require_complete(path)
        for candidate in (path / f"{GRAPH_FILE}.trig", path / f"{GRAPH_FILE}.nq"):
            if candidate.is_file():
                return candidate
        if (path / RECORDS).is_file():
            return None
        raise KgError(f"{path}: not a build directory (no graph.trig or mentions.jsonl); run `kg build --out {path}`")
    if not path.exists():
        raise KgError(f"{path}: no such file or build directory (`kg build --out {path}` makes a build)")
    format_of(path)
    return path


def read_quads(path: Path, base: str = DEFAULT_BASE) -> Iterator[QuadTerms]:
    """The quads of an RDF file or build directory; a file that does not parse is one clear error."""
    file = rdf_file(path)
    if file is None:
        yield from quads(graph_of_build(path), base)
        return
    fmt = format_of(file)
    with reading(file, fmt):
        for quad in ox.parse(path=str(file), format=fmt.syntax):
            yield quad.subject, quad.predicate, quad.object, quad.graph_name


@contextmanager
def reading(file: Path, fmt: Format) -> Iterator[None]:
    """An RDF file that does not parse, or cannot be read, is one clear error naming it."""
    try:
        yield
    except SyntaxError as err:
        raise KgError(f"{file}: not valid {fmt.name}: {err}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise KgError(f"{file}: cannot read it: {err}") from None
