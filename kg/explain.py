"""`kg explain`: why the tool said what it said about one post — its text with every mention highlighted by type, its
events with the words behind their kind, date, place and participants, and its assertions with their extractor,
confidence and the words that state them. Read from the build's records (mentions.jsonl), as a structure for tools
(`explanation`) and as a terminal rendering of it (`render`, with rich).
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.errors import KgError
from kg.model import EntityMention, PostRecord
from kg.queries import close_names
from kg.records import RECORDS, read_records

STYLES = {"Person": "bold magenta", "Organisation": "bold cyan", "Location": "bold green", "Event": "bold yellow",
          "Position": "bold blue"}
EVENT_WORDS_STYLE = "underline"  # an event's trigger and date words, under whatever mention style they have


def find_record(build_dir: Path, post: str) -> PostRecord:
    """The record of the post: by its post id, or by its message id where one post of the build has it."""
    by_message = []
    ids = []
    for record in read_records(Path(build_dir) / RECORDS):
        if record.post.post_id == post:
            return record
        if record.post.message_id == post:
            by_message.append(record)
        ids.append(record.post.post_id)
    if len(by_message) == 1:
        return by_message[0]
    if by_message:
        raise KgError(f"{len(by_message)} posts have message id {post}: give the post id "
                      f"({', '.join(r.post.post_id for r in by_message[:5])})")
    close = close_names(post, ids)
    hint = f"; did you mean {' or '.join(close)}?" if close else f" (its {len(ids)} posts: {', '.join(ids[:3])}…)"
    raise KgError(f"{build_dir}: no post {post!r}{hint}")


def explanation(record: PostRecord) -> dict:
    """What the tool found in the post, with the words behind each finding (offsets into the post's text)."""
    text = record.post.text
    labels = {entity.id: entity.label for entity in record.entities}
    labels.update({key: position["label"] for key, position in record.positions.items()})
    labels.update({event.id: f"{event.type}, {event.date or 'undated'}" for event in record.events})

    def words(found: EntityMention | None) -> dict | None:
        return None if found is None else {"start": found.start, "end": found.end, "text": text[found.start:found.end]}

    mentions = [{"start": m.start, "end": m.end, "text": text[m.start:m.end], "type": entity.type,
                 "entity": entity.id, "label": entity.label, "extractor": m.extractor, "confidence": m.confidence}
                for entity in record.entities for m in entity.mentions]
    mentions += [{"start": m["start"], "end": m["end"], "text": text[m["start"]:m["end"]], "type": "Position",
                  "entity": key, "label": position["label"], "extractor": "titles", "confidence": None}
                 for key, position in record.positions.items() for m in position.get("mentions") or ()]
    mentions.sort(key=lambda m: (m["start"], -m["end"]))
    events = [{"id": event.id, "type": event.type, "date": event.date, "end_date": event.end_date,
               "confidence": event.confidence, "trigger": words(event.trigger), "date_words": words(event.date_words),
               "place": None if event.place is None else {"id": event.place, "label": labels.get(event.place),
                                                          "words": words(event.place_words)},
               "participants": [{"id": person, "label": labels.get(person),
                                 "words": words(event.participant_words.get(person))} for person in event.participants]}
              for event in record.events]
    assertions = [{"subject": a.subject, "subject_label": labels.get(a.subject), "predicate": a.predicate,
                   "object": a.object, "object_label": labels.get(a.object), "extractor": a.extractor,
                   "confidence": a.confidence,
                   "evidence": [{"start": start, "end": end, "text": text[start:end]} for start, end in a.evidence]}
                  for a in record.assertions]
    post = record.post
    return {"post": {"id": post.post_id, "channel": post.channel, "message_id": post.message_id,
                     "date": post.date.isoformat() if post.date else None, "forwarded_from": post.forwarded_from,
                     "source": post.source, "text": text},
            "mentions": mentions, "events": events, "assertions": assertions}


def highlighted(explained: dict) -> Text:
    """The post's text with each mention in its type's style (nested mentions over the ones around them) and the
    words of each event's trigger and date underlined."""
    text = Text(explained["post"]["text"])
    for mention in explained["mentions"]:  # outer before inner: the inner one's style wins
        text.stylize(STYLES[mention["type"]], mention["start"], mention["end"])
    for event in explained["events"]:
        for found in (event["trigger"], event["date_words"]):
            if found:
                text.stylize(EVENT_WORDS_STYLE, found["start"], found["end"])
    return text


def render(explained: dict, console: Console) -> None:
    post = explained["post"]
    header = f"{post['id']} — {post['channel'] or 'no channel'}, {post['date'] or 'undated'}"
    if post["forwarded_from"]:
        header += f", forwarded from {post['forwarded_from']}"
    console.rule(header)
    console.print(highlighted(explained))
    console.print(Text(" ").join(Text(kind, style=style) for kind, style in STYLES.items())
                  + Text("  event words", style=EVENT_WORDS_STYLE))

    mentions = Table("words", "type", "entity", "extractor", "confidence", title="Mentions", title_justify="left")
    for m in explained["mentions"]:
        mentions.add_row(_quoted(m), Text(m["type"], style=STYLES[m["type"]]), f"{m['label']} ({m['entity']})",
                         m["extractor"], _confidence(m["confidence"]))
    console.print(mentions)

    if explained["events"]:
        events = Table("event", "date", "place", "participants", "confidence", title="Events", title_justify="left")
        for e in explained["events"]:
            place = e["place"]
            events.add_row(f"{e['type']}\n{_quoted(e['trigger'])}\n{e['id']}",
                           f"{e['date'] or '—'}{' – ' + e['end_date'] if e['end_date'] else ''}\n"
                           f"{_quoted(e['date_words'])}",
                           "—" if place is None else f"{place['label'] or place['id']}\n{_quoted(place['words'])}",
                           "\n".join(f"{p['label'] or p['id']} {_quoted(p['words'])}" for p in e["participants"])
                           or "—",
                           _confidence(e["confidence"]))
        console.print(events)

    if explained["assertions"]:
        assertions = Table("subject", "relation", "object", "extractor", "confidence", "words",
                           title="Assertions", title_justify="left")
        for a in explained["assertions"]:
            assertions.add_row(a["subject_label"] or a["subject"], a["predicate"], a["object_label"] or a["object"],
                               a["extractor"], _confidence(a["confidence"]),
                               " … ".join(_quoted(w) for w in a["evidence"]) or "—")
        console.print(assertions)


def _quoted(words: dict | None) -> str:
    return "—" if words is None else f"“{words['text']}” @{words['start']}"


def _confidence(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
