"""The bundled word lists the extractors read: kg/data/*.tsv, UTF-8, tab-separated, one header row (kg/data/README.md)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib import resources


def rows(name: str) -> Iterator[dict[str, str]]:
    """The rows of kg/data/NAME, as dicts keyed by its header."""
    with (resources.files("kg") / "data" / name).open(encoding="utf-8") as handle:
        yield from csv.DictReader(handle, delimiter="\t")
