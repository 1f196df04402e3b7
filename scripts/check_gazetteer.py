#!/usr/bin/env python3
"""Check the bundled gazetteer in kg/data/ (and optionally coverage of a gold set); exit 1 on any problem.

    .venv/bin/python scripts/check_gazetteer.py
    .venv/bin/python scripts/check_gazetteer.py --gold ../shared/annotation/seed-gold.jsonl \
        --aliases ../shared/annotation/seed-aliases.json

What it checks (see kg/data/README.md for the conventions):
  * every file has its header, every row its number of TAB-separated fields, no quoting, no stray spaces,
    no empty `|` segments;
  * ids are lowercase ASCII slugs ([a-z0-9-]+), unique across ALL entity files (the loader resolves the
    parent/country/position_of columns by slug, whatever file the slug is in), labels are non-empty;
  * kinds are from the allowed lists; parent/country/position_of point at rows of the right file;
  * Wikidata ids look like Q123 and no two rows share one; ISO codes are well-formed and unique;
    coordinates are numbers in range;
  * no alias is shared by two entities (unless listed in SHARED_ALIASES below, with the reason), no alias
    is a common English word, and no row repeats a name;
  * titles.tsv and event_types.tsv are well-formed (known languages and event types, lower-case triggers);
  * with --gold/--aliases: every Person, Organisation and Location name of the gold set is a label or an
    alias of an entity of that type (names listed as optional are only reported).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "kg" / "data"
DEFAULT_GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "annotation"

ENTITY_FILES = {
    # file: (entity type, required columns, optional columns)
    "countries.tsv": ("Location", ["id", "label", "iso2", "iso3", "wikidata", "aliases_en", "aliases_ru"], []),
    "regions.tsv": ("Location", ["id", "label", "kind", "parent", "wikidata", "aliases_en", "aliases_ru"], []),
    "cities.tsv": ("Location", ["id", "label", "country", "lat", "long", "geonameid", "wikidata", "aliases_en",
                                "aliases_ru"], []),
    "organisations.tsv": ("Organisation", ["id", "label", "kind", "parent", "country", "wikidata", "aliases_en",
                                           "aliases_ru"], ["flag_code"]),
    "people.tsv": ("Person", ["id", "label", "country", "position", "position_of", "wikidata", "aliases_en",
                              "aliases_ru"], []),
}
OTHER_FILES = {
    "titles.tsv": ["pattern", "lang", "position", "of_hint", "one_name"],
    "event_types.tsv": ["type", "lang", "trigger"],
    "cities.wanted.tsv": ["id", "label", "country", "geonames", "lat", "long", "wikidata", "aliases_en", "aliases_ru"],
}
ORG_KINDS = {"international", "organ", "ministry", "agency", "parliament", "party", "media", "company", "military",
             "ngo", "format", "culture"}
REGION_KINDS = {"continent", "world-region", "subnational", "sea", "disputed", "former-name"}
def _event_types() -> set[str]:
    """The event types of the ontology's SKOS scheme (their skos:notation), the only ones a trigger may give."""
    from rdflib import Graph, Namespace
    from rdflib.namespace import SKOS

    omkg = Namespace("https://w3id.org/omkg/ontology#")
    ontology = Graph().parse(Path(__file__).resolve().parents[1] / "ontology" / "omkg.ttl")
    return {str(ontology.value(concept, SKOS.notation))
            for concept in ontology.subjects(SKOS.inScheme, omkg.EventTypeScheme)}


EVENT_TYPES = _event_types()
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Names that two entities may share because texts really use them for both; the matcher then needs context
# (or the longest match) to decide. Keep this list short and say why.
SHARED_ALIASES = {
    # "Security Council" stays unlisted on purpose; these are the accepted clashes:
}
# capitalised English words that must never be aliases (they would match ordinary prose)
COMMON_WORDS = {
    "nice", "mobile", "reading", "bath", "split", "male", "who", "us", "is", "it", "at", "as", "in", "on", "of",
    "the", "and", "may", "march", "august", "china town", "turkey day", "chad", "victoria", "independence",
    "union", "council", "assembly", "congress", "parliament", "government", "ministry", "state", "states",
    "america", "west", "east", "north", "south", "europeans", "russian", "belarusian", "ukrainian", "american",
    "british", "chinese", "iranian", "french", "german", "soviet", "foreign ministry", "security council",
}
ALLOWED_COMMON = {("Location", "chad"),  # Chad the country: capitalised-only matching keeps it safe enough
                  # the unqualified name of the channel's own ministry: kg/extract/names.py drops it where another
                  # country owns it ("Iran's Foreign Ministry"; organisation_words.tsv, role unqualified)
                  ("Organisation", "foreign ministry")}


def norm(text: str) -> str:
    """The normalisation of /work/shared/annotation/score.py (accents, case, quotes, dots, hyphens)."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("’", "'").replace("#", "")
    text = re.sub(r"[.\u2019'`\"]", "", text)
    text = re.sub(r"[-_/]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def match_key(name: str) -> str:
    """Two names clash when the matcher cannot tell them apart: exact case for acronyms, folded otherwise."""
    return name if is_acronym(name) else norm(name)


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.notes: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"ERROR {where}: {message}")

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"warning {where}: {message}")


def read(path: Path, columns: list[str], optional: list[str], report: Report) -> list[tuple[int, dict]]:
    rows = []
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.error(path.name, "missing")
        return rows
    except UnicodeDecodeError as err:
        report.error(path.name, f"not UTF-8: {err}")
        return rows
    if text and not text.endswith("\n"):
        report.warn(path.name, "no newline at the end of the file")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        report.error(path.name, "empty")
        return rows
    header = lines[0].split("\t")
    if header[:len(columns)] != columns or any(h not in optional for h in header[len(columns):]):
        report.error(f"{path.name}:1", f"header should be {columns} (+ optional {optional}), is {header}")
        return rows
    for number, line in enumerate(lines[1:], start=2):
        where = f"{path.name}:{number}"
        if not line.strip():
            report.error(where, "empty line")
            continue
        fields = line.split("\t")
        if len(fields) != len(header):
            report.error(where, f"{len(fields)} fields, the header has {len(header)}")
            continue
        for name, value in zip(header, fields):
            if value != value.strip():
                report.error(where, f"{name} has leading/trailing spaces: {value!r}")
            if value.startswith('"') and value.endswith('"') and len(value) > 1:
                report.error(where, f"{name} looks quoted: {value!r}")
            if "|" in value and name not in ("aliases_en", "aliases_ru"):
                report.error(where, f"{name} holds a `|`: {value!r}")
            if name in ("aliases_en", "aliases_ru") and value and any(not a.strip() for a in value.split("|")):
                report.error(where, f"{name} has an empty `|` segment")
        rows.append((number, dict(zip(header, (f.strip() for f in fields)))))
    return rows


def aliases(row: dict) -> list[str]:
    return [a.strip() for col in ("aliases_en", "aliases_ru") for a in (row.get(col) or "").split("|") if a.strip()]


def check(report: Report) -> dict:
    tables = {name: read(DATA / name, cols, opt, report) for name, (_t, cols, opt) in ENTITY_FILES.items()}
    ids_by_file = {name: {row["id"] for _n, row in rows} for name, rows in tables.items()}
    country_ids = ids_by_file["countries.tsv"]
    org_ids = ids_by_file["organisations.tsv"]
    city_ids = ids_by_file["cities.tsv"]

    seen_ids: dict[str, str] = {}
    seen_q: dict[str, str] = {}
    seen_iso: dict[str, str] = {}
    names_of: dict[str, tuple[str, list[str]]] = {}  # entity key → (type, all names)
    for name, rows in tables.items():
        entity_type = ENTITY_FILES[name][0]
        for number, row in rows:
            where = f"{name}:{number}"
            slug, label = row["id"], row["label"]
            if not SLUG.match(slug):
                report.error(where, f"id {slug!r} is not a lowercase ASCII slug")
            if slug in seen_ids:
                report.error(where, f"id {slug!r} already used in {seen_ids[slug]}")
            seen_ids[slug] = where
            if not label:
                report.error(where, "empty label")
            q = row.get("wikidata", "")
            if q:
                if not re.fullmatch(r"Q[1-9][0-9]*", q):
                    report.error(where, f"wikidata {q!r} is not a Q-id")
                elif q in seen_q:
                    report.error(where, f"wikidata {q} already used in {seen_q[q]}")
                seen_q[q] = where
            # references
            if name == "countries.tsv":
                for col, size in (("iso2", 2), ("iso3", 3)):
                    code = row[col]
                    if code and not re.fullmatch(rf"[A-Z]{{{size}}}", code):
                        report.error(where, f"{col} {code!r} is malformed")
                    if code:
                        if (col, code) in seen_iso:
                            report.error(where, f"{col} {code} already used in {seen_iso[(col, code)]}")
                        seen_iso[(col, code)] = where
            if name == "regions.tsv":
                if row["kind"] not in REGION_KINDS:
                    report.error(where, f"kind {row['kind']!r} not in {sorted(REGION_KINDS)}")
                if row["kind"] == "subnational" and not row["parent"]:
                    report.error(where, "a subnational region needs its parent country")
                if row["kind"] == "former-name":
                    if row["parent"] not in country_ids | city_ids:
                        report.error(where, f"a former name needs the place it names today, not {row['parent']!r}")
                elif row["parent"] and row["parent"] not in country_ids:
                    report.error(where, f"parent {row['parent']!r} is not a country id")
            if name == "cities.tsv":
                if row["country"] and row["country"] not in country_ids:
                    report.error(where, f"country {row['country']!r} is not a country id")
                for col, bound in (("lat", 90), ("long", 180)):
                    try:
                        if not -bound <= float(row[col]) <= bound:
                            report.error(where, f"{col} {row[col]} out of range")
                    except ValueError:
                        report.error(where, f"{col} {row[col]!r} is not a number")
                if row["geonameid"] and not row["geonameid"].isdigit():
                    report.error(where, f"geonameid {row['geonameid']!r} is not a number")
            if name == "organisations.tsv":
                if row["kind"] not in ORG_KINDS:
                    report.error(where, f"kind {row['kind']!r} not in {sorted(ORG_KINDS)}")
                if row["parent"] and row["parent"] not in org_ids:
                    report.error(where, f"parent {row['parent']!r} is not an organisation id")
                if row["parent"] == slug:
                    report.error(where, "an organisation cannot be its own parent")
                if row["kind"] == "organ" and not row["parent"]:
                    report.error(where, "an organ needs its parent organisation")
                if row["country"] and row["country"] not in country_ids:
                    report.error(where, f"country {row['country']!r} is not a country id")
                flag = row.get("flag_code", "")
                if flag and not re.fullmatch(r"[A-Z]{2}", flag):
                    report.error(where, f"flag_code {flag!r} is malformed")
            if name == "people.tsv":
                if row["country"] and row["country"] not in country_ids:
                    report.error(where, f"country {row['country']!r} is not a country id")
                target = row["position_of"]
                if target and target not in country_ids and target not in org_ids:
                    report.error(where, f"position_of {target!r} is neither a country nor an organisation id")
                if target and not row["position"]:
                    report.error(where, "position_of without a position")
            # names
            names = [label, *aliases(row)]
            # a name written all in lower case matches where the text writes it so ("госдеп"): not a repeat
            keys = [n if is_acronym(n) else f"lower case: {n}" if n.islower() else n.casefold() for n in names]
            dupes = {k for k in keys if keys.count(k) > 1}
            if dupes:
                report.warn(where, f"repeats names {sorted(dupes)}")
            for alias in names:
                if "\t" in alias or "\n" in alias:
                    report.error(where, f"name {alias!r} holds a TAB or newline")
                if norm(alias) in COMMON_WORDS and not is_acronym(alias) and (entity_type, norm(alias)) not in ALLOWED_COMMON:
                    report.error(where, f"name {alias!r} is a common word")
                if is_acronym(alias) and len(alias) < 2:
                    report.error(where, f"name {alias!r} is too short")
            names_of[f"{name}:{slug}"] = (entity_type, names)

    # organisations' flag codes must not collide with countries' ISO codes
    flags = {row.get("flag_code") for _n, row in tables["organisations.tsv"] if row.get("flag_code")}
    for code in flags & {row["iso2"] for _n, row in tables["countries.tsv"]}:
        report.error("organisations.tsv", f"flag_code {code} is also a country's iso2")

    # shared names
    owners: dict[str, set[str]] = defaultdict(set)
    for key, (_type, names) in names_of.items():
        for alias in names:
            owners[match_key(alias)].add(key)
    for alias_key, keys in sorted(owners.items()):
        if len(keys) > 1 and alias_key not in SHARED_ALIASES:
            report.error("aliases", f"{alias_key!r} names {len(keys)} entities: {sorted(keys)}")
    for alias_key, reason in SHARED_ALIASES.items():
        report.notes.append(f"shared on purpose: {alias_key!r} ({reason})")

    # titles and event types
    for name, columns in OTHER_FILES.items():
        rows = read(DATA / name, columns, [], report)
        if name == "titles.tsv":
            seen = set()
            for number, row in rows:
                where = f"{name}:{number}"
                if row["lang"] not in ("en", "ru"):
                    report.error(where, f"lang {row['lang']!r} is not en or ru")
                if not row["pattern"] or not row["position"]:
                    report.error(where, "pattern and position are required")
                if row["lang"] == "ru" and row["pattern"][:1].isupper():
                    report.error(where, "Russian title patterns are lower-case nominative")
                if row["one_name"] not in ("", "given"):
                    report.error(where, f"one_name {row['one_name']!r} is not empty or given")
                key = (row["lang"], row["pattern"].casefold())
                if key in seen:
                    report.error(where, f"pattern {row['pattern']!r} repeated")
                seen.add(key)
        if name == "event_types.tsv":
            seen = {}
            for number, row in rows:
                where = f"{name}:{number}"
                if row["type"] not in EVENT_TYPES:
                    report.error(where, f"type {row['type']!r} not in {sorted(EVENT_TYPES)}")
                if row["lang"] not in ("en", "ru"):
                    report.error(where, f"lang {row['lang']!r} is not en or ru")
                if not row["trigger"] or row["trigger"] != row["trigger"].lower():
                    report.error(where, "triggers are non-empty and lower-case")
                if row["trigger"] in seen:
                    report.error(where, f"trigger {row['trigger']!r} already given for {seen[row['trigger']]}")
                seen[row["trigger"]] = row["type"]
        if name == "cities.wanted.tsv":
            built = {row["label"] for _n, row in tables["cities.tsv"]}
            wanted = {row["label"] for _n, row in rows}
            for label in sorted(wanted ^ built):
                report.error(name, f"{label!r} is in only one of cities.wanted.tsv and cities.tsv "
                                   "(run scripts/make_cities_tsv.py)")
    return names_of


def check_gold(names_of: dict, gold_path: Path, alias_path: Path, report: Report) -> None:
    """Every gold name must be a label or alias of an entity of its type."""
    known: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for key, (entity_type, names) in names_of.items():
        for name in names:
            known[entity_type][norm(name)].add(key)
    accepted = json.loads(alias_path.read_text(encoding="utf-8")) if alias_path.exists() else {}
    wanted: dict[tuple[str, str], str] = {}
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        post = json.loads(line)
        for entity_type in ("Person", "Organisation", "Location"):
            for name in post.get(entity_type, []):
                wanted[(entity_type, name)] = "required"
        for name in post.get("optional", []):
            wanted.setdefault(("optional", name), "optional")
    for (entity_type, name), status in sorted(wanted.items()):
        forms = {norm(name)} | {norm(a) for a in accepted.get(name, [])}
        types = ("Person", "Organisation", "Location") if entity_type == "optional" else (entity_type,)
        hits = {key for t in types for form in forms for key in known[t].get(form, ())}
        if not hits:
            message = f"gold {entity_type} name {name!r} is no label or alias in the gazetteer"
            (report.notes.append(message) if status == "optional" else report.error("gold", message))
        elif len(hits) > 1:
            report.error("gold", f"gold name {name!r} matches several entities: {sorted(hits)}")
        else:
            entity = next(iter(hits))
            names = {norm(n) for n in names_of[entity][1]}
            missing = [a for a in accepted.get(name, []) if norm(a) not in names and not re.fullmatch(r"[A-Z]{2}", a)]
            if missing:
                report.notes.append(f"{name!r} ({entity}) does not list the accepted forms {missing}")
    report.notes.append(f"gold names checked: {len(wanted)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, help="a gold JSONL file (seed-gold.jsonl)")
    parser.add_argument("--aliases", type=Path, help="its accepted alternative names (seed-aliases.json)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    args = parser.parse_args(argv)
    report = Report()
    names_of = check(report)
    gold = args.gold
    if gold is None and (DEFAULT_GOLD / "seed-gold.jsonl").exists():
        gold = DEFAULT_GOLD / "seed-gold.jsonl"
    if gold is not None:
        check_gold(names_of, gold, args.aliases or gold.with_name("seed-aliases.json"), report)
    if not args.quiet:
        for line in report.notes + report.warnings:
            print(line)
    for line in report.errors:
        print(line, file=sys.stderr)
    counts = ", ".join(f"{name} {sum(1 for k in names_of if k.startswith(name + ':'))}" for name in ENTITY_FILES)
    print(f"{len(report.errors)} errors, {len(report.warnings)} warnings ({counts})")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
