"""`kg eval`: scores a build's mentions.jsonl against gold annotations, by ../shared/annotation/GUIDELINES.md.

The figures are those of the reference scorer (score.py beside the guidelines) on the same files: a predicted
entity matches a gold one when the types agree and its label or an alias normalises to one of the gold
entity's accepted names; predictions matching an optional gold name are ignored; one event per post is scored
on its date, place and participants.

A gold set whose events carry an `event` key (tests/data/event-resolution/) scores cross-post event resolution
instead: two posts are joined when they report an event with one id; the pairs of posts a gold event joins are
compared with the pairs the build joins (correctly joined, wrongly joined, missed).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from kg.errors import InputError
from kg.model import NAMED_TYPES

KEYS = ("ordinal", "message_id")


def normalise(name) -> str:
    if name is None:
        return ""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("’", "'").replace("#", "")
    text = re.sub(r"[.\u2019'`\"]", "", text)
    text = re.sub(r"[-_/]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    posts: int
    entities: dict[str, PRF]  # per type and "micro"
    event_date_accuracy: float
    event_place_accuracy: float
    participants: PRF
    events: int
    misses: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        def prf(v: PRF):
            return {"precision": v.precision, "recall": v.recall, "f1": v.f1, "tp": v.tp, "fp": v.fp, "fn": v.fn}

        return {"posts": self.posts, "entities": {k: prf(v) for k, v in self.entities.items()},
                "events": self.events, "event_date_accuracy": self.event_date_accuracy,
                "event_place_accuracy": self.event_place_accuracy, "participants": prf(self.participants),
                "misses": self.misses}


@dataclass
class ResolutionScore:
    posts: int
    pairs: PRF  # tp: pairs joined rightly, fp: pairs joined wrongly, fn: pairs missed
    misses: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"posts": self.posts, "joined_right": self.pairs.tp, "joined_wrong": self.pairs.fp,
                "missed": self.pairs.fn, "precision": self.pairs.precision, "recall": self.pairs.recall,
                "f1": self.pairs.f1, "misses": self.misses}


def is_resolution_gold(gold_path: Path) -> bool:
    """Whether a gold set keys its events by the real event they are (a cross-post resolution set)."""
    return any("event" in event for g in _read_jsonl(gold_path) for event in g.get("events", []))


def evaluate_resolution(gold_path: Path, predictions_path: Path, key: str = "ordinal") -> ResolutionScore:
    if key not in KEYS:
        raise InputError(gold_path, f"unknown key {key!r}; use one of {', '.join(KEYS)}")
    gold = {_key(g, key): g for g in _read_jsonl(gold_path)}
    predicted = {_key(r, key): r for r in _read_jsonl(predictions_path) if _key(r, key) in gold}

    def joined(events_by_post: dict) -> set[tuple]:
        posts_by_event = defaultdict(set)
        for post, events in events_by_post.items():
            for event in events:
                posts_by_event[event].add(post)
        return {pair for posts in posts_by_event.values()
                for pair in combinations(sorted(posts, key=str), 2)}

    wanted = joined({k: {e["event"] for e in g.get("events", [])} for k, g in gold.items()})
    got = joined({k: {e["id"] for e in r.get("events", [])} for k, r in predicted.items()})
    misses = ([f"{a} + {b}: joined, but report different events" for a, b in sorted(got - wanted, key=str)]
              + [f"{a} + {b}: report one event, not joined" for a, b in sorted(wanted - got, key=str)])
    return ResolutionScore(len(gold), PRF(len(got & wanted), len(got - wanted), len(wanted - got)), misses)


def _read_jsonl(path: Path) -> list[dict]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except UnicodeDecodeError as err:
        raise InputError(path, f"not UTF-8 (byte {err.start})") from None
    rows = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except ValueError as err:
                raise InputError(path, f"line {number} is not JSON ({err.msg})") from None
    return rows


def load_aliases(path: Path | None) -> dict[str, set[str]]:
    if path is None:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except ValueError as err:
        raise InputError(path, f"not a JSON object of name → aliases ({err})") from None
    if not isinstance(data, dict):
        raise InputError(path, "aliases must be a JSON object of canonical name → list of other names")
    return {canon: {normalise(canon)} | {normalise(o) for o in others} for canon, others in data.items()}


def _key(record: dict, key: str):
    if key == "ordinal":
        return record.get("ordinal")
    value = record.get("message_id", record.get("id"))
    if value is None and isinstance(record.get("post_id"), str):
        match = re.search(r"(\d+)$", record["post_id"])
        value = match.group(1) if match else None
    return None if value is None else str(value)


def _predicted_names(entity: dict) -> set[str]:
    names = {normalise(entity.get("label"))} | {normalise(a) for a in entity.get("aliases") or []}
    return {n for n in names if n}


def evaluate(gold_path: Path, predictions_path: Path, aliases_path: Path | None = None,
             key: str = "ordinal") -> Score:
    if key not in KEYS:
        raise InputError(gold_path, f"unknown key {key!r}; use one of {', '.join(KEYS)}")
    table = load_aliases(aliases_path)

    def names_of(canon):
        return table.get(canon, {normalise(canon)})

    gold = {_key(g, key): g for g in _read_jsonl(gold_path)}
    predicted = {_key(r, key): r for r in _read_jsonl(predictions_path)}
    tp, fp, fn = defaultdict(int), defaultdict(int), defaultdict(int)
    misses = []
    events = dates_right = places_right = places_scored = 0
    part_tp = part_fp = part_fn = 0
    for k, g in gold.items():
        record = predicted.get(k) or {"entities": [], "events": []}
        entities = [e for e in record.get("entities", [])
                    if e.get("type") in NAMED_TYPES and e.get("mentions", [None]) != []]
        optional = set().union(*(names_of(o) for o in g.get("optional", []))) if g.get("optional") else set()
        used = set()
        for entity_type in NAMED_TYPES:
            for canon in g.get(entity_type, []):
                wanted = names_of(canon)
                hit = next((i for i, e in enumerate(entities)
                            if i not in used and e["type"] == entity_type and _predicted_names(e) & wanted), None)
                if hit is None:
                    fn[entity_type] += 1
                    misses.append(f"{k}: missed {entity_type} {canon}")
                else:
                    used.add(hit)
                    tp[entity_type] += 1
        for i, e in enumerate(entities):
            if i in used or _predicted_names(e) & optional:
                continue
            fp[e["type"]] += 1
            misses.append(f"{k}: spurious {e['type']} {e.get('label')}")

        by_id = {e.get("id"): e for e in record.get("entities", [])}
        for gold_event in g.get("events", []):
            events += 1
            gold_date = gold_event.get("date")
            if gold_date and "/" in gold_date:
                gold_date = gold_date.split("/")[0]
            candidate = next((pe for pe in record.get("events", [])
                              if gold_date and (str(pe.get("date") or "") == gold_date or
                                                (gold_date.startswith("--") and
                                                 str(pe.get("date") or "").endswith(gold_date[1:])))), None)
            if candidate is None:
                misses.append(f"{k}: no event dated {gold_date}")
                part_fn += len(gold_event.get("participants", []))
                places_scored += bool(gold_event.get("place"))
                continue
            dates_right += 1
            if gold_event.get("place"):
                places_scored += 1
                place = candidate.get("place")
                entity = by_id.get(place, {"label": place}) if isinstance(place, str) else (place or {})
                if _predicted_names(entity) & names_of(gold_event["place"]):
                    places_right += 1
                else:
                    misses.append(f"{k}: event place {entity.get('label')} != {gold_event['place']}")
            wanted = [names_of(p) for p in gold_event.get("participants", [])]
            taking_part = [by_id.get(p, {"label": p}) if isinstance(p, str) else p
                           for p in candidate.get("participants", [])]
            got = [_predicted_names(entity) for entity in taking_part]
            matched = set()
            for names in wanted:
                j = next((j for j, have in enumerate(got) if j not in matched and have & names), None)
                if j is None:
                    part_fn += 1
                    misses.append(f"{k}: event participant missed {sorted(names)[0]}")
                else:
                    matched.add(j)
                    part_tp += 1
            for j, entity in enumerate(taking_part):
                if j not in matched:
                    part_fp += 1
                    misses.append(f"{k}: event participant spurious {entity.get('label')}")

    per_type = {t: PRF(tp[t], fp[t], fn[t]) for t in NAMED_TYPES}
    per_type["micro"] = PRF(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return Score(
        posts=len(gold), entities=per_type, events=events,
        event_date_accuracy=dates_right / events if events else 1.0,
        event_place_accuracy=places_right / places_scored if places_scored else 1.0,
        participants=PRF(part_tp, part_fp, part_fn), misses=misses,
    )
