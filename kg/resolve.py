"""Resolution: every surface form of one thing in a post becomes one entity with a stable id.

Gazetteer names, hashtags, flags, Russian case forms and acronyms already carry the gazetteer id. Here:
overlapping spans of one entity collapse to the longest; a person found by title is recognised again by
surname alone (or as a hashtag) elsewhere in the post; things the post relies on without naming them (the
country of a city, the parent of an organ, the holder of a position) join the record as context entities with
no text span, so the graph can link them without the post being said to mention them.
"""

from __future__ import annotations

from typing import Final

from kg.extract import EventFinding, Findings
from kg.gazetteer import Entry, Gazetteer
from kg.model import Assertion, Entity, EntityMention, Event, Mention, Post, PostRecord

SURNAME_CONFIDENCE: Final = 0.75
# the gazetteer column → the relation it gives: a place's parent is where it lies, an organisation's its parent body
CONTEXT_LINKS: Final = {"country": "locatedIn", "parent": "subOrganizationOf"}
PLACE_LINKS: Final = {"country": "locatedIn", "parent": "locatedIn"}


def resolve(post: Post, findings: Findings, gazetteer: Gazetteer) -> PostRecord:
    entries = gazetteer.entries
    named, joined = _shorter_forms(findings.mentions, entries)
    surnames, replaced = _surname_mentions(post.text, named)
    kept = [m for m in named if id(m) not in replaced] if replaced else named
    mentions = _collapse(kept + surnames, len(post.text))
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

    assertions: dict[tuple, tuple[tuple[int, int], ...]] = {}  # (s, p, o, extractor, confidence) → evidence, in order
    positions: dict[str, dict] = {}
    for relation in findings.relations:
        subject, object = joined.get(relation.subject, relation.subject), joined.get(relation.object, relation.object)
        for key in (subject, object):
            _add_context_entity(key, entities, entries)
        if relation.position:
            label, title = relation.position
            key = relation.object if relation.predicate == "holdsPosition" else relation.subject
            position = positions.setdefault(key, {"label": label, "title": title, "mentions": []})
            if relation.position_words and relation.position_words not in [tuple(m) for m in position["mentions"]]:
                position["mentions"].append(relation.position_words)
        evidence = _kept_spans(relation.evidence, (subject, object), entities, positions)
        claim = (subject, relation.predicate, object, relation.extractor, relation.confidence)
        assertions[claim] = _merged(assertions.get(claim, ()), evidence)
    for position in positions.values():
        position["mentions"] = [{"start": start, "end": end, "surface": post.text[start:end]}
                                for start, end in sorted(position["mentions"])]

    for entity in list(entities.values()):
        attributes = entity.attributes
        if not attributes:
            continue
        for column, predicate in (PLACE_LINKS if entity.type == "Location" else CONTEXT_LINKS).items():
            target = attributes.get(column)
            if target and _add_context_entity(target, entities, entries):
                assertions.setdefault((entity.id, predicate, target, "gazetteer", 1.0), ())

    events = []
    for number, finding in enumerate(findings.events, start=1):
        event = _event(post, f"event/{post.post_id}/{number}", finding, entities, joined)
        events.append(event)
        entities[event.id] = Entity(
            id=event.id, type="Event", label=_event_label(event, entities), kind=event.type,
            mentions=[words for words in (event.trigger, event.date_words) if words is not None],
        )
        assertions[post.post_id, "reports", event.id, "events", event.confidence] = _spans(event.trigger,
                                                                                          event.date_words)
        if event.place:
            assertions[event.id, "place", event.place, "events", event.confidence] = _spans(event.place_words,
                                                                                            event.trigger)
        for person in event.participants:
            assertions[person, "participatedIn", event.id, "events", event.confidence] = _spans(
                event.participant_words.get(person), event.trigger)
    return PostRecord(post=post, entities=list(entities.values()), events=events,
                      assertions=[Assertion(s, p, o, e, c, evidence) for (s, p, o, e, c), evidence in assertions.items()],
                      positions=positions)


def _event(post: Post, event_id: str, finding: EventFinding, entities: dict[str, Entity],
           joined: dict[str, str]) -> Event:
    """The event a finding describes, with the words behind each part: those of the post's resolved mentions (a
    participant named by a shorter form, as the person resolution joined it to)."""
    when = finding.date
    confidence = finding.confidence
    trigger = None
    if finding.trigger is not None:
        start, end = finding.trigger
        trigger = EntityMention(start, end, post.text[start:end], "events", confidence)
    place = finding.place if finding.place is not None and finding.place.key in entities else None
    participants: dict[str, Mention] = {}  # each person once, named first
    for mention in finding.participants:
        if (key := joined.get(mention.key, mention.key)) in entities:
            participants.setdefault(key, mention)
    return Event(
        id=event_id, type=finding.type, date=when.date if when else None, place=place.key if place else None,
        participants=list(participants), confidence=confidence, end_date=when.end_date if when else None,
        trigger=trigger,
        date_words=EntityMention(when.start, when.end, when.surface, "dates", confidence) if when else None,
        place_words=_kept(entities[place.key], place, confidence) if place else None,
        participant_words={key: words for key, m in participants.items()
                           if (words := _kept(entities[key], m, confidence)) is not None},
    )


def _kept(entity: Entity, mention: Mention, confidence: float) -> EntityMention | None:
    """The words of the entity's resolved mention that covers a finding's span (resolution keeps the longest of
    overlapping ones), as the event's evidence."""
    kept = next((m for m in entity.mentions if m.start < mention.end and mention.start < m.end), None)
    return EntityMention(kept.start, kept.end, kept.surface, "events", confidence) if kept else None


def _kept_spans(spans: tuple[tuple[int, int], ...], ends: tuple[str, str], entities: dict[str, Entity],
                positions: dict[str, dict]) -> tuple[tuple[int, int], ...]:
    """Each evidence span as the span of the resolved mention of the relation's subject or object that covers it
    (a position's mentions are its title's words); spans no such mention covers are dropped."""
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        for key in ends:
            found = _covering(entities.get(key), positions.get(key), start, end)
            if found is not None and found not in kept:
                kept.append(found)
                break
    return tuple(kept)


def _covering(entity: Entity | None, position: dict | None, start: int, end: int) -> tuple[int, int] | None:
    if entity is not None:
        for mention in entity.mentions:
            if mention.start < end and start < mention.end:
                return mention.start, mention.end
    elif position is not None:
        for words_start, words_end in position["mentions"]:
            if words_start < end and start < words_end:
                return words_start, words_end
    return None


def _spans(first: EntityMention | None, second: EntityMention | None) -> tuple[tuple[int, int], ...]:
    if first is None:
        return () if second is None else ((second.start, second.end),)
    if second is None or (second.start, second.end) == (first.start, first.end):
        return ((first.start, first.end),)
    return (first.start, first.end), (second.start, second.end)


def _merged(first: tuple[tuple[int, int], ...], second: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    return tuple(dict.fromkeys((*first, *second))) if first else second


def _mention_entity(mention: Mention) -> Entity:
    """An entity the gazetteer does not know, as its first mention describes it."""
    return Entity(mention.key, mention.type, mention.label or mention.surface.lstrip("#"), mention.kind)


def _entry_entity(entry: Entry) -> Entity:
    """A fresh entity for a gazetteer entry: its own copy of the entry's aliases, as the post adds to them; the
    attributes (coordinates, parent, …) are the entry's own, which nothing changes once the gazetteer is loaded."""
    return Entity(entry.id, entry.type, entry.label, entry.kind, list(entry.other_names), entry.wikidata, [],
                  entry.attributes)


def _add_context_entity(key: str, entities: dict[str, Entity], entries: dict[str, Entry]) -> bool:
    """Make sure an entity a relation points at is in the record; False if it is unknown."""
    if key in entities:
        return True
    entry = entries.get(key)
    if entry is None:
        return key.startswith("position/")  # positions are named by their relation, not the gazetteer
    entities[key] = _entry_entity(entry)
    return True


def _shorter_forms(mentions: list[Mention], entries: dict[str, Entry]) -> tuple[list[Mention], dict[str, str]]:
    """The mentions, each shorter form of a longer name of the post as that person — a name of two words that the
    longer one begins and ends with ("Hugh Todd" before or after "Hugh Hilton Todd"), a surname a title named alone
    ("Minister Nafti" … "Mohamed Ali Nafti", where no other name of the post ends in it) — but not a name the
    gazetteer knows as someone of its own; and the keys so joined, each to the longer name's, for the relations and
    events that name them."""
    shorter = {m.key: words for m in mentions if m.type == "Person" and m.key not in entries
               and len(words := (m.label or m.surface).split()) < 3}
    if not shorter:
        return mentions, {}
    longer = [(m, words) for m in mentions if m.type == "Person" and len(words := (m.label or m.surface).split()) > 1]
    fuller: dict[str, Mention] = {}
    for key, names in shorter.items():
        if len(names) == 2:
            full = next((m for m, words in longer if m.key != key and len(words) > 2 and words[0] == names[0]
                         and words[-1] == names[1]), None)
        else:
            ending = {m.key: m for m, words in longer if words[-1] == names[0]}
            full = next(iter(ending.values())) if len(ending) == 1 else None
        if full is not None:
            fuller[key] = full
    if not fuller:
        return mentions, {}
    return [m if (full := fuller.get(m.key)) is None or m.type != "Person" else
            Mention(m.start, m.end, m.surface, "Person", full.key, m.extractor, m.confidence, full.label, full.kind,
                    m.alias) for m in mentions], {key: full.key for key, full in fuller.items()}


def _surname_mentions(text: str, mentions: list[Mention]) -> tuple[list[Mention], set[int]]:
    """Surname alone (or #Surname) after a full name anywhere in the post: "Sergey Lavrov … Lavrov" — unless that word
    is already another person's ("Ivanka Trump … President Trump"); a surname two people of the post share goes to
    the one named last before it ("Ibrahim Traoré … Karamoko Traoré … Traoré"), and before both to neither.
    The gazetteer's reading of a bare surname gives way where the post names someone else of that surname in full and
    not its own person, and no capitalised word (a title) stands before it ("Fyodor Ushakov … honoured Ushakov" is
    not Yury Ushakov): the surname mentions, and the ids of the mentions they replace."""
    people = [m for m in mentions if m.type == "Person"]
    by_surname: dict[str, list[Mention]] = {}
    named_in_full: set[str] = set()
    for person in people:
        words = person.surface.split()
        if len(words) > 1:
            named_in_full.add(person.key)
        if len(words) > 1 and len(words[-1]) >= 3 and words[-1][0].isupper():
            by_surname.setdefault(words[-1], []).append(person)
    found: list[Mention] = []
    replaced: set[int] = set()
    for surname, named in by_surname.items():
        keys = {person.key for person in named}
        for start, end in _whole_words(text, surname):
            others = [other for other in people if other.key not in keys and other.start < end and start < other.end]
            if others and (_after_capitalised_word(text, start, surname, named) or not all(
                    other.start == start and other.end == end and other.extractor == "gazetteer"
                    and other.key not in named_in_full for other in others)):
                continue
            if len(keys) == 1:
                person = named[0]
            else:
                before = [person for person in named if person.start < start]
                if not before:
                    continue
                person = max(before, key=_position)
            replaced.update(id(other) for other in others)
            found.append(Mention(start, end, surname, "Person", person.key, "resolve",
                                 SURNAME_CONFIDENCE, person.label, person.kind))
    return found, replaced


def _after_capitalised_word(text: str, start: int, surname: str, named: list[Mention]) -> bool:
    """A capitalised word stands just before (across white space), "President Trump", "Mr Ushakov", that is not the
    word before the surname in a full name of the post ("Mojtaba Hosseini Khamenei … Mr Hosseini Khamenei")."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    word_start = end
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    if not (end > word_start and end < start and text[word_start].isupper()):
        return False
    return not any(person.surface.split()[-2:] == [text[word_start:end], surname] for person in named)


def _whole_words(text: str, word: str) -> list[tuple[int, int]]:
    """Where `word` stands on its own (no letter, digit or _ either side), left to right without overlaps.

    `str.find` jumps to each occurrence in C; a regex with a look-behind in front would be tried at every character.
    A list, not a generator: compiled, a generator costs an object and a call per item.
    """
    found: list[tuple[int, int]] = []
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not _is_word_char(text[start - 1])) and (end == len(text) or not _is_word_char(text[end])):
            found.append((start, end))
            start = text.find(word, end)
        else:
            start = text.find(word, start + 1)
    return found


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `\w` matches


def _collapse(mentions: list[Mention], size: int) -> list[Mention]:
    """One span per place in the text and entity: overlapping spans of the same entity keep the longest (of equally
    long ones the surest, then the one that starts first); in order of position (of one span, the surest first, then
    the first in the list). `size`: the text's length.

    Only the mentions of one entity compete, and most entities' mentions come in order of position and apart: those
    are kept without sorting (sorting every mention by a tuple was ~5 % of the extraction's instructions)."""
    by_key: dict[str, list[int]] = {}  # entity → the indexes of its mentions, in order
    for index, mention in enumerate(mentions):
        same = by_key.get(mention.key)
        if same is None:
            by_key[mention.key] = [index]
        else:
            same.append(index)
    kept_flags = [True] * len(mentions)
    for same in by_key.values():
        if len(same) > 1 and not _apart_in_order(mentions, same):
            taken: list[tuple[int, int]] = []
            for index in sorted(same, key=lambda i: _longest_surest_first(mentions[i])):
                mention = mentions[index]
                if _overlaps_any(taken, mention.start, mention.end):
                    kept_flags[index] = False
                else:
                    taken.append((mention.start, mention.end))
    kept = [mention for mention, keep in zip(mentions, kept_flags) if keep]
    width = size + 1
    places = [mention.start * width + mention.end for mention in kept]  # (start, end) as one number: cheap to sort
    order = sorted(range(len(kept)), key=places.__getitem__)
    ordered = [kept[index] for index in order]
    for index in range(1, len(order)):
        if places[order[index]] == places[order[index - 1]]:  # one span twice (other entities): the surest first
            return _surest_first_in_place(ordered)
    return ordered


def _apart_in_order(mentions: list[Mention], indexes: list[int]) -> bool:
    """Whether the mentions come in order of position, none overlapping the one before (so none overlaps another)."""
    reach = 0
    for index in indexes:
        mention = mentions[index]
        if mention.start < reach:
            return False
        reach = mention.end
    return True


def _surest_first_in_place(ordered: list[Mention]) -> list[Mention]:
    """Mentions in order of position, those of one span ordered by confidence, highest first (stable)."""
    return sorted(ordered, key=lambda m: (m.start, m.end, -m.confidence))


def _longest_surest_first(mention: Mention) -> tuple[int, float, int]:
    return mention.start - mention.end, -mention.confidence, mention.start


def _position(mention: Mention) -> tuple[int, int]:
    return mention.start, mention.end


def _overlaps_any(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    for taken_start, taken_end in spans:
        if taken_start < end and start < taken_end:
            return True
    return False


def _event_label(event: Event, entities: dict[str, Entity]) -> str:
    parts = [event.type.replace("_", " ")]
    if event.place in entities:
        parts.append(entities[event.place].label)
    if event.date:
        parts.append(event.date)
    return ", ".join(parts)


def _is_flag(text: str) -> bool:
    return all(0x1F1E6 <= ord(ch) <= 0x1F1FF for ch in text)
