"""mentions.jsonl: one JSON object per post — the build's output contract, and what later commands read back."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Iterator

from kg.build_dir import require_complete
from kg.errors import InputError
from kg.model import Assertion, Entity, EntityMention, Event, Post, PostRecord


RECORDS = "mentions.jsonl"  # a build directory's records


def record_to_json(record: PostRecord) -> dict:
    post = record.post
    return {
        "post_id": post.post_id,
        "message_id": post.message_id,
        "ordinal": post.ordinal,
        "channel": post.channel,
        "date": post.date.isoformat() if post.date else None,
        "forwarded_from": post.forwarded_from,
        "text": post.text,
        "author": post.author,
        "hashtags": list(post.hashtags),
        "links": list(post.links),
        "has_media": post.has_media,
        "views": post.views,
        "url": post.url,
        "source": post.source,
        "entities": [_entity_json(e) for e in record.entities],
        "events": [_event_json(e) for e in record.events],
        "assertions": [_assertion_json(a) for a in record.assertions],
        "positions": record.positions,
    }


def _entity_json(entity: Entity) -> dict:
    return {
        "id": entity.id, "type": entity.type, "label": entity.label, "kind": entity.kind,
        "aliases": entity.aliases, "wikidata": entity.wikidata,
        "mentions": [{"start": m.start, "end": m.end, "surface": m.surface, "extractor": m.extractor,
                      "confidence": m.confidence} for m in entity.mentions],
        "attributes": entity.attributes,
    }


def _assertion_json(assertion: Assertion) -> dict:
    data = {"subject": assertion.subject, "predicate": assertion.predicate, "object": assertion.object,
            "extractor": assertion.extractor, "confidence": assertion.confidence}
    if assertion.evidence:
        data["evidence"] = [list(span) for span in assertion.evidence]
    return data


def _event_json(event: Event) -> dict:
    data = {"id": event.id, "type": event.type, "date": event.date, "place": event.place,
            "participants": event.participants, "confidence": event.confidence}
    if event.end_date:
        data["end_date"] = event.end_date
    evidence = {role: _words_json(words) for role, words in
                (("trigger", event.trigger), ("date", event.date_words), ("place", event.place_words)) if words}
    if event.participant_words:
        evidence["participants"] = {person: _words_json(words) for person, words in event.participant_words.items()}
    if evidence:
        data["evidence"] = evidence
    return data


def _words_json(words: EntityMention) -> dict:
    return {"start": words.start, "end": words.end, "surface": words.surface}


def _words(data: dict | None, extractor: str, confidence: float) -> EntityMention | None:
    return EntityMention(data["start"], data["end"], data["surface"], extractor, confidence) if data else None


def record_from_json(data: dict) -> PostRecord:
    post = Post(
        post_id=data["post_id"], message_id=data.get("message_id"), ordinal=data["ordinal"],
        channel=data.get("channel"), date=datetime.fromisoformat(data["date"]) if data.get("date") else None,
        text=data.get("text") or "", author=data.get("author"), forwarded_from=data.get("forwarded_from"),
        hashtags=tuple(data.get("hashtags") or ()), links=tuple(data.get("links") or ()),
        has_media=bool(data.get("has_media")), views=data.get("views"), url=data.get("url"),
        source=data.get("source") or "",
    )
    entities = [
        Entity(id=e["id"], type=e["type"], label=e["label"], kind=e.get("kind"), aliases=list(e.get("aliases") or []),
               wikidata=e.get("wikidata"), attributes=dict(e.get("attributes") or {}),
               mentions=[EntityMention(m["start"], m["end"], m["surface"], m["extractor"], m["confidence"])
                         for m in e.get("mentions") or []])
        for e in data.get("entities") or []
    ]
    events = []
    for e in data.get("events") or []:
        evidence, confidence = e.get("evidence") or {}, e["confidence"]
        events.append(Event(
            id=e["id"], type=e["type"], date=e.get("date"), place=e.get("place"),
            participants=list(e.get("participants") or []), confidence=confidence, end_date=e.get("end_date"),
            trigger=_words(evidence.get("trigger"), "events", confidence),
            date_words=_words(evidence.get("date"), "dates", confidence),
            place_words=_words(evidence.get("place"), "events", confidence),
            participant_words={person: _words(words, "events", confidence)
                               for person, words in (evidence.get("participants") or {}).items()},
        ))
    assertions = [Assertion(a["subject"], a["predicate"], a["object"], a["extractor"], a["confidence"],
                            tuple(tuple(span) for span in a.get("evidence") or ()))
                  for a in data.get("assertions") or []]
    return PostRecord(post=post, entities=entities, events=events, assertions=assertions,
                      positions=dict(data.get("positions") or {}))


def write_record(handle, record: PostRecord) -> None:
    handle.write(json.dumps(record_to_json(record), ensure_ascii=False) + "\n")


def read_records(path: Path) -> Iterator[PostRecord]:
    """Read a build's mentions.jsonl back; a damaged line is an error naming the line, not a traceback."""
    for record, _ in read_record_lines(path):
        yield record


def read_record_lines(path: Path) -> Iterator[tuple[PostRecord, bytes]]:
    """Each record of a build's mentions.jsonl with the line it was read from (what a digest of it is taken of)."""
    require_complete(Path(path).parent)
    try:
        with open(path, "rb") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield record_from_json(json.loads(line)), line
                except (ValueError, KeyError, TypeError) as err:
                    if isinstance(err, UnicodeDecodeError):
                        raise InputError(path, f"not UTF-8 at line {number}; rebuild with `kg build`") from None
                    raise InputError(path, f"line {number} is not a post record ({err}); rebuild with `kg build`")
    except FileNotFoundError:
        raise InputError(path, "no such file; run `kg build … --out DIR` first") from None
