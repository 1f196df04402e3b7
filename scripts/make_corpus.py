#!/usr/bin/env python3
"""A large, realistic Telegram Desktop export, generated — for benchmarks and scale tests of `kg build`:

    .venv/bin/python scripts/make_corpus.py --posts 1000000 --seed 7 --out /tmp/corpus-1m.json

The same --posts and --seed give the same file, byte for byte. Posts are written by us: the sentences are the
templates of scripts/corpus_templates.tsv (English and, one post in seven, Russian, in the manner of ministry and
news-agency channels: datelines, flags, hashtags, quotes, "on this day"), filled with the people, countries, cities
and organisations of the gazetteer (kg/data/). Among the messages: forwarded posts, media-only posts (a photo, no
text), edited posts and service messages (pins), as real exports have them. The file is written as it is
generated, so its size is bounded by the disk, not by memory.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "kg" / "data"
TEMPLATES = Path(__file__).resolve().parent / "corpus_templates.tsv"
CHANNEL = "Synthetic Diplomatic Digest (omkg)"
CHANNEL_ID = 1700000001
START = datetime(2022, 1, 1, 7, 0, tzinfo=timezone.utc)
SHARES = {"media_only": 0.04, "service": 0.02, "forwarded": 0.10, "edited": 0.05}  # of the messages
HASHTAG = re.compile(r"(#\w+)")
FORWARDED_FROM = ("Russian MFA 🇷🇺", "МИД России 🇷🇺", "CSTO Press", "SCO Secretariat")


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


class Vocabulary:
    """What the templates are filled with, from the gazetteer."""

    def __init__(self) -> None:
        self.people = [row for row in rows(DATA / "people.tsv") if row["aliases_ru"]]
        self.countries = [row for row in rows(DATA / "countries.tsv") if row["iso2"] and row["aliases_ru"]]
        self.cities = [row for row in rows(DATA / "cities.tsv") if row["aliases_ru"]]
        # organisations with an indeclinable Russian acronym (ООН, ОДКБ): they read right in any Russian template
        self.organisations = [row for row in rows(DATA / "organisations.tsv")
                              if any(alias.isupper() for alias in row["aliases_ru"].split("|"))]
        self.months = rows(DATA / "months.tsv")
        templates = rows(TEMPLATES)
        self.templates = [row["template"].replace("\\n", "\n") for row in templates]
        self.weights = [int(row["weight"]) for row in templates]  # how often each is drawn


def flag(iso2: str) -> str:
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in iso2.upper())


def russian(row: dict[str, str]) -> str:
    return row["aliases_ru"].split("|")[0]


def russian_acronym(row: dict[str, str]) -> str:
    return next(alias for alias in row["aliases_ru"].split("|") if alias.isupper())


def hashtag(row: dict[str, str]) -> str:
    return "#" + "".join(ch for ch in row["label"] if ch.isalnum())


def post_text(vocabulary: Vocabulary, chance: random.Random, when: datetime) -> str:
    template = chance.choices(vocabulary.templates, vocabulary.weights)[0]
    person, other = chance.sample(vocabulary.people, 2)
    country, country2 = chance.sample(vocabulary.countries, 2)
    city = chance.choice(vocabulary.cities)
    org, org2 = chance.sample(vocabulary.organisations, 2)
    day = when - timedelta(days=chance.choice((0, 0, 1, 2)))
    month = vocabulary.months[day.month - 1]
    values = {
        "person": person["label"], "other": other["label"], "position": person["position"] or "Minister",
        "country": country["label"], "country2": country2["label"], "city": city["label"],
        "org": org["label"], "org2": org2["label"], "flag": flag(country["iso2"]), "flag2": flag(country2["iso2"]),
        "date": f"{month['en']} {day.day}", "date_year": f"{month['en']} {day.day}, {day.year}",
        "year": str(chance.randrange(1950, 2000)), "hashtag": hashtag(org), "hashtag2": hashtag(country2),
        "person_ru": russian(person), "other_ru": russian(other), "city_ru": russian(city),
        "org_ru": russian_acronym(org), "org2_ru": russian_acronym(org2),
        "date_ru": f"{day.day} {month['ru'].split('|')[0]}",
    }
    return template.format(**values)


def text_parts(text: str) -> list:
    """Telegram Desktop's `text`: plain strings, with hashtags as their own parts."""
    return [{"type": "hashtag", "text": piece} if piece.startswith("#") else piece
            for piece in HASHTAG.split(text) if piece]


def entities(parts: list) -> list[dict]:
    return [part if isinstance(part, dict) else {"type": "plain", "text": part} for part in parts]


def messages(count: int, seed: int):
    """The export's messages, one at a time."""
    chance = random.Random(seed)
    vocabulary = Vocabulary()
    when = START
    for number in range(1, count + 1):
        when += timedelta(minutes=chance.randrange(5, 240))
        base = {"id": number, "date": when.strftime("%Y-%m-%dT%H:%M:%S"),
                "date_unixtime": str(int(when.timestamp()))}
        roll = chance.random()
        if roll < SHARES["service"]:
            yield {**base, "type": "service", "actor": CHANNEL, "actor_id": f"channel{CHANNEL_ID}",
                   "action": "pin_message", "message_id": max(1, number - 1), "text": "", "text_entities": []}
            continue
        message = {**base, "type": "message", "from": CHANNEL, "from_id": f"channel{CHANNEL_ID}"}
        if roll < SHARES["service"] + SHARES["media_only"]:
            message.update({"photo": "(File not included. Change data exporting settings to download.)",
                            "photo_file_size": chance.randrange(50_000, 400_000), "width": 1280, "height": 853,
                            "text": "", "text_entities": []})
            yield message
            continue
        if chance.random() < SHARES["forwarded"]:
            message["forwarded_from"] = chance.choice(FORWARDED_FROM)
        if chance.random() < SHARES["edited"]:
            edited = when + timedelta(minutes=chance.randrange(1, 30))
            message.update({"edited": edited.strftime("%Y-%m-%dT%H:%M:%S"),
                            "edited_unixtime": str(int(edited.timestamp()))})
        parts = text_parts(post_text(vocabulary, chance, when))
        message.update({"text": parts[0] if len(parts) == 1 and isinstance(parts[0], str) else parts,
                        "text_entities": entities(parts)})
        yield message


def write_export(path: Path, count: int, seed: int) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps({"name": CHANNEL, "type": "public_channel", "id": CHANNEL_ID}, ensure_ascii=False)[:-1])
        out.write(',\n "messages": [\n')
        for number, message in enumerate(messages(count, seed)):
            out.write((",\n  " if number else "  ") + json.dumps(message, ensure_ascii=False))
        out.write("\n ]\n}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, required=True, help="messages to write (posts, media, service)")
    parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same file")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.posts < 1:
        parser.error("--posts must be at least 1")
    write_export(args.out, args.posts, args.seed)
    print(f"wrote {args.out}: {args.posts} messages (seed {args.seed})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
