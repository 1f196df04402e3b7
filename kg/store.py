"""The query store: a build's graph in an on-disk Oxigraph database (DIR/store), so that `kg sparql --data DIR`
answers in milliseconds instead of parsing the whole export for every query, and `kg serve DIR` serves it as a
standard SPARQL 1.1 endpoint (Oxigraph's own server, the `oxigraph` package: no HTTP code of ours).

The store holds exactly the statements of DIR/graph.trig (it is loaded from that file by Oxigraph's bulk loader);
queries see the union of its graphs, as with the export.
"""

from __future__ import annotations

import os
import shutil
import sys
from itertools import islice
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from kg.errors import KgError

STORE = "store"  # DIR/store
DEFAULT_PORT = 7878  # Oxigraph's
STORE_CHUNK = 50_000  # statements given to the bulk loader at a time: ≈ 125 MB at most


def write_store(trig: Path, directory: Path) -> None:
    """A new store at `directory` holding the statements of the TriG file.

    Oxigraph's bulk loader is given the statements a chunk at a time: given a whole file, it holds a million of
    them per thread in memory (≈ 1.3 GB for 1.4 M statements), so memory would grow with the build."""
    store = ox.Store(str(directory))
    bulk_load(store, ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    del store  # closes the database before the build moves it into place


def bulk_load(store: ox.Store, statements: Iterable[ox.Quad]) -> None:
    """The statements into an on-disk store by Oxigraph's bulk loader, STORE_CHUNK at a time, then flushed."""
    statements = iter(statements)
    while chunk := list(islice(statements, STORE_CHUNK)):
        store.bulk_extend(chunk)
    store.flush()


def open_store(build_dir: Path) -> ox.Store | None:
    """The build's store, read-only (any number of readers at once, while a new build is being written); None for
    a directory without one (a build of an older version, or a copy of mentions.jsonl)."""
    path = Path(build_dir) / STORE
    if not path.is_dir():
        return None
    try:
        return ox.Store.read_only(str(path))
    except OSError as err:
        raise KgError(f"{path}: cannot open the query store ({err}); rebuild with `kg build --out {build_dir}`") \
            from None


def serve_command(build_dir: Path, host: str, port: int) -> list[str]:
    """The command that serves the build's store over HTTP (SPARQL 1.1 Protocol: /query), read-only."""
    path = Path(build_dir) / STORE
    if not path.is_dir():
        raise KgError(f"{build_dir}: no query store ({STORE}/) to serve; build it with `kg build --out {build_dir}`")
    return [_oxigraph(), "serve-read-only", "--location", str(path), "--bind", f"{host}:{port}",
            "--union-default-graph"]


def _oxigraph() -> str:
    """The `oxigraph` program: beside this Python (the same environment), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise KgError("the `oxigraph` program is not installed: `pip install oxigraph` (a dependency of omkg)")
    return found
