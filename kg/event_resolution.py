"""Cross-post event resolution: events of different posts that are one real event get one id.

Extraction names every event by its post (`event/<post id>/<n>`). Two events are taken to be the same real event
when they fall on the same day (or their ranges overlap), their types may name one happening (the same type, or
one family: talks and a meeting — kg/data/event_families.tsv), their places agree (the same place, one lying in the
other as the gazetteer or a post says — Khorly, "Khorly, Kherson Region", in the Kherson Region —, or one post names
none), and they share what identifies them:

- the same people: the participants one post names are all among the other's, with at least one in common (two
  meetings of one minister on one day, with different guests, stay two);
- or, where at most one of them names people, the same city or region as the place (or a city and a region it lies
  in) and the same type, other than a bare statement, greetings or "other" (two reports of one drone attack on one
  town).

What is said (a statement, a briefing, an interview, greetings) must also be said about the same things: the posts
must share a fifth of the organisations and places they mention, the bodies the speakers speak for left out — a
spokeswoman's two comments of one day, on Yemen and on sanctions, are two events, though each names her ministry.

Language does not matter: participants and places are entity ids, the same for "Lavrov" and "Лавров".

Events are clustered complete-link in a canonical order (by day, then post date, post id and number), so the result
does not depend on the order of the input: an event joins the cluster every event of which it agrees with (of
several, the one it shares most people with, then the earliest); two events of one post are never joined. A
cluster takes the id of its first report (the earliest post, then its number): the id stays while no earlier post
joins. Only these small summaries are held, not the posts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from sys import intern

from kg.model import Assertion, Entity, PostRecord

MAX_RANGE_DAYS = 14  # a longer range is indexed by its first days only
PLACE_KINDS = frozenset({"city", "region"})  # a country is too large to identify an event by
UNIDENTIFYING_TYPES = frozenset({"other", "statement", "greetings"})  # by place alone, these may be anything
SAID_TYPES = frozenset({"statement", "briefing", "interview", "greetings"})  # one person says many things a day
SHARED_TOPICS = 0.2  # of the organisations and places two posts mention, what they must share to report one saying
NO_TOPICS: frozenset[str] = frozenset()
NO_PLACES: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Report:
    """What one post says of one event, as much as resolution needs: a build holds one for every event it reads, so
    they are kept small (slots; ids interned, so that the reports of one entity share its id)."""

    event_id: str
    post_id: str
    published: str  # the post's date, ISO; "" when unknown
    number: int  # the event's place among the post's events
    type: str
    first_day: date
    last_day: date
    place: str | None
    place_kind: str | None
    place_within: frozenset[str]  # the places the record says the place lies in, near and far (Kherson Region, Russia)
    participants: frozenset[str]
    topics: frozenset[str]  # what is said is about (SAID_TYPES only): the post's organisations and places (`_about`)


def reports(record: PostRecord) -> list[Report]:
    """The record's dated events (a date without a year cannot be matched to a day)."""
    kinds = {entity.id: entity.kind for entity in record.entities}
    organisations = {entity.id for entity in record.entities if entity.type == "Organisation"}
    topics = frozenset(intern(entity.id) for entity in record.entities
                       if entity.mentions and entity.type in ("Organisation", "Location"))
    published = intern(record.post.date.isoformat()) if record.post.date else ""
    lies_in: dict[str, list[str]] = defaultdict(list)
    positions: dict[str, list[str]] = defaultdict(list)  # person → the positions the post gives them
    body_of: dict[str, str] = {}  # position → the body it is of
    for assertion in record.assertions:
        if assertion.predicate == "locatedIn":
            lies_in[assertion.subject].append(assertion.object)
        elif assertion.predicate == "holdsPosition":
            positions[assertion.subject].append(assertion.object)
        elif assertion.predicate == "positionOf" and assertion.object in organisations:
            body_of[assertion.subject] = assertion.object  # (not a country: "Russia's Foreign Minister")
    post_id = intern(record.post.post_id)
    found = []
    for number, event in enumerate(record.events):
        first = _day(event.date)
        if first is None:
            continue
        last = _day(event.end_date) or first
        found.append(Report(event.id, post_id, published, number, intern(event.type), first, max(first, last),
                            intern(event.place) if event.place else None,
                            kinds.get(event.place) if event.place else None,
                            _within(event.place, lies_in) if event.place else NO_PLACES,
                            frozenset(intern(p) for p in event.participants),
                            _about(topics, event.participants, positions, body_of)
                            if event.type in SAID_TYPES else NO_TOPICS))
    return found


def _about(topics: frozenset[str], speakers: list[str], positions: dict[str, list[str]],
           body_of: dict[str, str]) -> frozenset[str]:
    """What is said is about: the post's organisations and places, less the bodies the speakers hold their positions
    in ("Foreign Ministry Spokeswoman Maria Zakharova's comment on …" is not about the Foreign Ministry)."""
    bodies = {body_of[position] for speaker in speakers for position in positions.get(speaker, ())
              if position in body_of}
    return topics - bodies if bodies else topics


def _within(place: str, lies_in: dict[str, list[str]]) -> frozenset[str]:
    """The places `place` lies in, following locatedIn as far as it goes."""
    found: set[str] = set()
    todo = list(lies_in.get(place, ()))
    while todo:
        outer = todo.pop()
        if outer not in found and outer != place:
            found.add(outer)
            todo.extend(lies_in.get(outer, ()))
    return frozenset(intern(p) for p in found) if found else NO_PLACES


def _day(value: str | None) -> date | None:
    if not value or value.startswith("--"):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class EventResolver:
    """Clusters reports of events into real events; `ids()` maps each event id to the id of its real event."""

    def __init__(self, families: dict[str, str]) -> None:
        self.families = families

    def ids(self, all_reports: Iterable[Report]) -> dict[str, str]:
        ordered = sorted(all_reports, key=lambda r: (r.first_day, r.published or "~", r.post_id, r.number))
        clusters: list[list[Report]] = []
        by_day: dict[date, list[int]] = defaultdict(list)  # day → the clusters with an event on it
        for report in ordered:
            candidates = {index for day in _days(report) for index in by_day.get(day, ())}
            best, best_score = None, -1
            for index in sorted(candidates):
                cluster = clusters[index]
                if all(self.agree(report, member) for member in cluster):
                    score = sum(len(report.participants & member.participants) for member in cluster)
                    if score > best_score:
                        best, best_score = index, score
            if best is None:
                best = len(clusters)
                clusters.append([])
            clusters[best].append(report)
            for day in _days(report):
                if best not in by_day[day]:
                    by_day[day].append(best)
        ids = {}
        for cluster in clusters:
            first = min(cluster, key=lambda r: (r.published or "~", r.post_id, r.number))
            for member in cluster:
                ids[member.event_id] = first.event_id
        return ids

    def agree(self, a: Report, b: Report) -> bool:
        """Whether two reports may be of one real event (see the module's docstring)."""
        if a.post_id == b.post_id or a.first_day > b.last_day or b.first_day > a.last_day:
            return False
        if self.families.get(a.type, a.type) != self.families.get(b.type, b.type):
            return False
        if a.place is not None and b.place is not None and not _one_area(a, b):
            return False
        if (a.type in SAID_TYPES and b.type in SAID_TYPES
                and len(a.topics & b.topics) < SHARED_TOPICS * len(a.topics | b.topics)):
            return False
        if a.participants and b.participants:
            shared = a.participants & b.participants
            return bool(shared) and (shared == a.participants or shared == b.participants)
        return (a.place is not None and b.place is not None and _one_area(a, b) and a.place_kind in PLACE_KINDS
                and b.place_kind in PLACE_KINDS and a.type == b.type and a.type not in UNIDENTIFYING_TYPES)


def _one_area(a: Report, b: Report) -> bool:
    """The same place, or one lying in the other."""
    return a.place == b.place or a.place in b.place_within or b.place in a.place_within


def _days(report: Report) -> list[date]:
    span = min((report.last_day - report.first_day).days, MAX_RANGE_DAYS)
    return [report.first_day + timedelta(days=offset) for offset in range(span + 1)]


def named_by(event_id: str, post_id: str) -> bool:
    """Whether the real event `event_id` is named after the post `post_id`: its first report, which describes it."""
    return event_id.startswith(f"event/{post_id}/")


def renamed(record: PostRecord, ids: dict[str, str]) -> PostRecord:
    """The record with each event known by the id of its real event (in its events, its Event entities and its
    assertions)."""
    if not any(ids.get(event.id, event.id) != event.id for event in record.events):
        return record

    def new(identifier: str) -> str:
        return ids.get(identifier, identifier)

    entities = [_renamed_entity(entity, new(entity.id)) if entity.type == "Event" else entity
                for entity in record.entities]
    events = [replace(event, id=new(event.id)) for event in record.events]
    assertions = [Assertion(new(a.subject), a.predicate, new(a.object), a.extractor, a.confidence, a.evidence)
                  for a in record.assertions]
    return replace(record, entities=entities, events=events, assertions=assertions)


def _renamed_entity(entity: Entity, new_id: str) -> Entity:
    return Entity(new_id, entity.type, entity.label, entity.kind, entity.aliases, entity.wikidata, entity.mentions,
                  entity.attributes)
