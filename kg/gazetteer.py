"""The gazetteer: what we know about named things, loaded from the TSV files in kg/data/ (and the user's).

Every row becomes an Entry with a stable id (`person/…`, `org/…`, `place/…`). Extractors match its aliases;
the graph takes labels, Wikidata ids, coordinates and parent links from it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Final

from kg.errors import InputError

ID_PREFIX: Final = {"Person": "person", "Organisation": "org", "Location": "place"}

# file name → (entity type, location kind); a kind of None means the row's own `kind` column says it
BUNDLED_FILES: Final = {
    "countries.tsv": ("Location", "country"),
    "regions.tsv": ("Location", "region"),
    "cities.tsv": ("Location", "city"),
    "organisations.tsv": ("Organisation", None),
    "people.tsv": ("Person", None),
}
FORMER_NAME: Final = "former-name"  # the kind of a place's former name in regions.tsv (Leningrad)
# columns that hold ids of other rows, and the type those rows have
REFERENCES: Final = {"parent": None, "country": "Location", "position_of": None}


@dataclass(frozen=True)
class Entry:
    id: str
    type: str  # Person | Organisation | Location
    label: str
    kind: str | None
    wikidata: str | None
    aliases_en: tuple[str, ...]
    aliases_ru: tuple[str, ...]
    attributes: dict = field(default_factory=dict, hash=False, compare=False)
    # the names besides the label, English first: what a resolved entity starts with as its aliases (worked out once,
    # not for every post that mentions the entry)
    other_names: tuple[str, ...] = field(init=False, hash=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "other_names",
                           tuple(name for name in (*self.aliases_en, *self.aliases_ru) if name != self.label))

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the entry may be written as, label first."""
        return (self.label, *self.aliases_en, *self.aliases_ru)


@dataclass
class Gazetteer:
    entries: dict[str, Entry]
    by_iso2: dict[str, str]  # ISO 3166 alpha-2 (and flag-only codes such as EU, UN) → entry id

    def __getitem__(self, entry_id: str) -> Entry:
        return self.entries[entry_id]

    def get(self, entry_id: str | None) -> Entry | None:
        return self.entries.get(entry_id) if entry_id else None


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


def _rows(path: Path | resources.abc.Traversable):
    try:
        with path.open(encoding="utf-8", newline="") as handle:  # type: ignore[call-overload]  # a Path works
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            if not reader.fieldnames or "label" not in reader.fieldnames:
                raise InputError(path, "a gazetteer file needs a tab-separated header with at least `id` and `label`")
            for line, row in enumerate(reader, start=2):
                yield line, row
    except UnicodeDecodeError as err:
        raise InputError(path, f"gazetteer files must be UTF-8 ({err.reason} at byte {err.start})") from None
    except OSError as err:
        raise InputError(path, f"cannot read the gazetteer file: {err.strerror}") from None


def _entry(row: dict, entity_type: str, kind: str | None, where: str) -> Entry:
    slug = (row.get("id") or "").strip()
    label = (row.get("label") or "").strip()
    if not slug or not label:
        raise InputError(where, "every gazetteer row needs an `id` and a `label`")
    attributes = {
        key: value.strip()
        for key, value in row.items()
        if key not in {"id", "label", "kind", "type", "wikidata", "aliases_en", "aliases_ru"} and value and value.strip()
    }
    row_kind = (row.get("kind") or "").strip() or None
    return Entry(
        id=f"{ID_PREFIX[entity_type]}/{slug}",
        type=entity_type,
        label=label,
        kind=row_kind if row_kind == FORMER_NAME else kind or row_kind,
        wikidata=(row.get("wikidata") or "").strip() or None,
        aliases_en=_split(row.get("aliases_en")),
        aliases_ru=_split(row.get("aliases_ru")),
        attributes=attributes,
    )


def _former_names_as_today(entries: dict[str, Entry]) -> None:
    """A place by its former name ("Leningrad", "Ceylon") is the kind of place it is today (its parent: a city, a
    country), so that the extractors' rules and the RDF take it as one."""
    for entry_id, entry in entries.items():
        if entry.kind == FORMER_NAME:
            today = entries.get(entry.attributes.get("parent", ""))
            entries[entry_id] = Entry(entry.id, entry.type, entry.label, today.kind if today else None, entry.wikidata,
                                      entry.aliases_en, entry.aliases_ru, entry.attributes)


def _with_possessive_names(entries: dict[str, Entry]) -> None:
    """A national body named "… of <country>" is also "<country>'s …" ("Ministry of Transport of Russia" → "Russia's
    Ministry of Transport"; the matcher finds it with either apostrophe)."""
    for entry_id, entry in entries.items():
        country = entries.get(entry.attributes.get("country") or "")
        if entry.type != "Organisation" or country is None:
            continue
        endings = [f" of {name}" for name in (country.label, *country.aliases_en)]
        endings += [f" of the {name}" for name in (country.label, *country.aliases_en)]
        heads = [name[:-len(ending)] for name in (entry.label, *entry.aliases_en) for ending in endings
                 if name.endswith(ending) and len(name) > len(ending)]
        names = set(entry.names)
        added = [form for head in heads if (form := f"{country.label}'s {head}") not in names]
        if added:
            entries[entry_id] = Entry(entry.id, entry.type, entry.label, entry.kind, entry.wikidata,
                                      entry.aliases_en + tuple(dict.fromkeys(added)), entry.aliases_ru,
                                      entry.attributes)


def _resolve_references(entries: dict[str, Entry]) -> None:
    """Turn slugs in parent/country/position_of columns into entry ids, so users never write prefixes."""
    by_slug: dict[str, list[str]] = {}
    for entry_id in entries:
        by_slug.setdefault(entry_id.split("/", 1)[1], []).append(entry_id)
    for entry in entries.values():
        for column in REFERENCES:
            slug = entry.attributes.get(column)
            if not slug:
                continue
            candidates = by_slug.get(slug, [])
            if entry.type == "Location" and column == "parent":
                candidates = [c for c in candidates if c.startswith("place/")] or candidates
            if column == "parent" and entry.type == "Organisation":
                candidates = [c for c in candidates if c.startswith("org/")] or candidates
            if column == "country":
                candidates = [c for c in candidates if c.startswith("place/")]
            if candidates:
                entry.attributes[column] = candidates[0]
            else:
                del entry.attributes[column]


def load_gazetteer(extra_files: tuple[Path, ...] = ()) -> Gazetteer:
    """The bundled gazetteer plus the user's files (rows with an existing id replace the bundled row)."""
    entries: dict[str, Entry] = {}
    data = resources.files("kg") / "data"
    for name, (entity_type, kind) in BUNDLED_FILES.items():
        for line, row in _rows(data / name):
            entry = _entry(row, entity_type, kind, f"{name}:{line}")
            if entry.id in entries and entries[entry.id].kind != entry.kind:
                entry = _with_id(entry, f"{entry.id}-{entry.kind}")  # Luxembourg the city beside the country
            entries[entry.id] = entry
    for path in extra_files:
        for line, row in _rows(Path(path)):
            entity_type = (row.get("type") or "").strip()
            if entity_type not in ID_PREFIX:
                raise InputError(f"{path}:{line}", "the `type` column must be Person, Organisation or Location")
            entry = _entry(row, entity_type, None, f"{path}:{line}")
            entries[entry.id] = entry
    _resolve_references(entries)
    _former_names_as_today(entries)
    _with_possessive_names(entries)
    by_iso2 = {}
    for entry in entries.values():
        code = entry.attributes.get("iso2") or entry.attributes.get("flag_code")
        if code:
            by_iso2[code.upper()] = entry.id
    return Gazetteer(entries=entries, by_iso2=by_iso2)


def _with_id(entry: Entry, new_id: str) -> Entry:
    return Entry(new_id, entry.type, entry.label, entry.kind, entry.wikidata, entry.aliases_en, entry.aliases_ru,
                 entry.attributes)
