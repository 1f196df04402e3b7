"""Resolution: every surface form of one thing in a post becomes one entity with a stable id.

Gazetteer names, hashtags, flags, Russian case forms and acronyms already carry the gazetteer id. Here:
overlapping spans of one entity collapse to the longest; a person found by title is recognised again by
surname alone (or as a hashtag) elsewhere in the post; things the post relies on without naming them (the
country of a city, the parent of an organ, the holder of a position) join the record as context entities with
no text span, so the graph can link them without the post being said to mention them.
"""

from __future__ import annotations

from kg.extract import Findings
from kg.gazetteer import Entry, Gazetteer
from kg.model import Assertion, Entity, EntityMention, Event, Mention, Post, PostRecord

SURNAME_CONFIDENCE = 0.75
# the gazetteer column → the relation it gives: a place's parent is where it lies, an organisation's its parent body
CONTEXT_LINKS = {"country": "locatedIn", "parent": "subOrganizationOf"}
PLACE_LINKS = {"country": "locatedIn", "parent": "locatedIn"}


def resolve(post: Post, findings: Findings, gazetteer: Gazetteer) -> PostRecord:
    mentions = _collapse(findings.mentions + _surname_mentions(post.text, findings.mentions))
    entries = gazetteer.entries
    entities: dict[str, Entity] = {}
    for mention in mentions:
        entity = entities.get(mention.key)
        if entity is None:
            entry = entries.get(mention.key)
            entity = entities[mention.key] = _entry_entity(entry) if entry else _mention_entity(mention)
        entity.mentions.append(EntityMention(mention.start, mention.end, mention.surface, mention.extractor,
                                             mention.confidence))
        for written in (mention.surface.lstrip("#"), mention.alias):
            if written and written != entity.label and written not in entity.aliases and not _is_flag(written):
                entity.aliases.append(written)

    assertions: dict[tuple, None] = {}  # (subject, predicate, object, extractor, confidence): each once, in order
    positions: dict[str, dict] = {}
    for relation in findings.relations:
        for key in (relation.subject, relation.object):
            _add_context_entity(key, entities, entries)
        if relation.position:
            label, title = relation.position
            key = relation.object if relation.predicate == "holdsPosition" else relation.subject
            positions[key] = {"label": label, "title": title}
        assertions[relation.subject, relation.predicate, relation.object, relation.extractor,
                   relation.confidence] = None

    for entity in list(entities.values()):
        attributes = entity.attributes
        if not attributes:
            continue
        for column, predicate in (PLACE_LINKS if entity.type == "Location" else CONTEXT_LINKS).items():
            target = attributes.get(column)
            if target and _add_context_entity(target, entities, entries):
                assertions[entity.id, predicate, target, "gazetteer", 1.0] = None

    events = []
    for number, finding in enumerate(findings.events, start=1):
        event_id = f"event/{post.post_id}/{number}"
        evidence = finding.date
        events.append(Event(
            id=event_id, type=finding.type, date=evidence.date if evidence else None,
            place=finding.place_key if finding.place_key in entities else None,
            participants=[k for k in finding.participant_keys if k in entities],
            confidence=finding.confidence, end_date=evidence.end_date if evidence else None,
            evidence=EntityMention(evidence.start, evidence.end, evidence.surface, "dates", finding.confidence)
            if evidence else None,
        ))
        span = finding.trigger or (evidence.start, evidence.end)  # type: ignore[union-attr]  # no trigger: a date
        entities[event_id] = Entity(
            id=event_id, type="Event", label=_event_label(finding, entities, evidence), kind=finding.type,
            mentions=[EntityMention(span[0], span[1], post.text[span[0]:span[1]], "events", finding.confidence)],
        )
        assertions[post.post_id, "reports", event_id, "events", finding.confidence] = None
        if events[-1].place:
            assertions[event_id, "place", events[-1].place, "events", finding.confidence] = None
        for person in events[-1].participants:
            assertions[person, "participatedIn", event_id, "events", finding.confidence] = None
    return PostRecord(post=post, entities=list(entities.values()), events=events,
                      assertions=[Assertion(s, p, o, e, c) for s, p, o, e, c in assertions], positions=positions)


def _mention_entity(mention: Mention) -> Entity:
    """An entity the gazetteer does not know, as its first mention describes it."""
    return Entity(mention.key, mention.type, mention.label or mention.surface.lstrip("#"), mention.kind)


def _entry_entity(entry: Entry) -> Entity:
    """A fresh entity for a gazetteer entry: its own copies of the entry's aliases and attributes, as the post adds
    to them."""
    return Entity(entry.id, entry.type, entry.label, entry.kind, list(entry.other_names), entry.wikidata, [],
                  entry.attributes.copy())


def _add_context_entity(key: str, entities: dict[str, Entity], entries: dict[str, Entry]) -> bool:
    """Make sure an entity a relation points at is in the record; False if it is unknown."""
    if key in entities:
        return True
    entry = entries.get(key)
    if entry is None:
        return key.startswith("position/")  # positions are named by their relation, not the gazetteer
    entities[key] = _entry_entity(entry)
    return True


def _surname_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """Surname alone (or #Surname) after a full name anywhere in the post: "Sergey Lavrov … Lavrov"."""
    found = []
    for person in {m.key: m for m in mentions if m.type == "Person" and " " in m.surface.strip()}.values():
        surname = person.surface.split()[-1]
        if len(surname) < 3 or not surname[0].isupper():
            continue
        for start, end in _whole_words(text, surname):
            found.append(Mention(start, end, surname, "Person", person.key, "resolve",
                                 SURNAME_CONFIDENCE, person.label, person.kind))
    return found


def _whole_words(text: str, word: str):
    """Where `word` stands on its own (no letter, digit or _ either side), left to right without overlaps.

    `str.find` jumps to each occurrence in C; a regex with a look-behind in front would be tried at every character.
    """
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not _is_word_char(text[start - 1])) and (end == len(text) or not _is_word_char(text[end])):
            yield start, end
            start = text.find(word, end)
        else:
            start = text.find(word, start + 1)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `\w` matches


def _collapse(mentions: list[Mention]) -> list[Mention]:
    """One span per place in the text and entity: overlapping spans of the same entity keep the longest."""
    kept: list[Mention] = []
    spans: dict[str, list[tuple[int, int]]] = {}  # the kept spans of each entity: only those compete
    for mention in sorted(mentions, key=_longest_surest_first):
        taken = spans.get(mention.key)
        if taken is None:
            spans[mention.key] = [(mention.start, mention.end)]
        elif _overlaps_any(taken, mention.start, mention.end):
            continue
        else:
            taken.append((mention.start, mention.end))
        kept.append(mention)
    kept.sort(key=_position)
    return kept


def _longest_surest_first(mention: Mention) -> tuple[int, float, int]:
    return mention.start - mention.end, -mention.confidence, mention.start


def _position(mention: Mention) -> tuple[int, int]:
    return mention.start, mention.end


def _overlaps_any(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    for taken_start, taken_end in spans:
        if taken_start < end and start < taken_end:
            return True
    return False


def _event_label(finding, entities: dict[str, Entity], evidence) -> str:
    parts = [finding.type.replace("_", " ")]
    if finding.place_key in entities:
        parts.append(entities[finding.place_key].label)
    if evidence:
        parts.append(evidence.date)
    return ", ".join(parts)


def _is_flag(text: str) -> bool:
    return all(0x1F1E6 <= ord(ch) <= 0x1F1FF for ch in text)
