"""The data that flows between stages: dataclasses, no I/O.

Those made by the dozen for every post (Mention, EntityMention, Assertion) are not frozen: a frozen dataclass sets
each field through `object.__setattr__`, which makes it ~6× slower to construct. They still compare and hash by
value (`unsafe_hash`), and nothing changes them once made. Those and Entity have slots: quicker to fill. They also
write out their `__init__` (`init=False`): mypyc compiles that one, while the one `dataclass` generates stays
interpreted — ~7× slower to call from the compiled extractors (setup.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

NAMED_TYPES: Final = ("Person", "Organisation", "Location")  # what a post names: its mentions, what evaluation scores
ENTITY_TYPES: Final = (*NAMED_TYPES, "Event")


@dataclass(frozen=True, kw_only=True)
class PostFields:
    """What its input says of one post: the fields a reader (kg/sources) fills, shared by `Draft` and `Post`."""

    message_id: str | None
    channel: str | None
    date: datetime | None  # timezone-aware where the source says so
    text: str
    author: str | None = None
    forwarded_from: str | None = None
    hashtags: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    has_media: bool = False
    views: int | None = None
    url: str | None = None  # the post on t.me, where the input names its channel's public username


@dataclass(frozen=True, kw_only=True)
class Draft(PostFields):
    """A post as a reader yields it; `kg.sources.read_posts` numbers it into a `Post`."""

    where: str  # message id or line, for messages about this post


@dataclass(frozen=True, kw_only=True)
class Post(PostFields):
    """One channel message, normalised from whatever format it came in."""

    post_id: str  # stable across runs: "<channel-slug>/<message id>" or "<channel-slug>/n<ordinal>"
    ordinal: int  # 0-based position among the posts of its input
    source: str = ""  # the file it came from


@dataclass(frozen=True)
class Skip:
    """A message that could not become a post, kept so the build can report it."""

    source: str
    where: str  # message id or line/ordinal within the source
    reason: str


@dataclass(slots=True, unsafe_hash=True, init=False)
class Mention:
    """A span of a post's text that names something, as one extractor saw it."""

    start: int
    end: int
    surface: str
    type: str  # one of ENTITY_TYPES
    key: str  # what the extractor thinks it names: a gazetteer id or a normalised name
    extractor: str
    confidence: float
    label: str | None = None  # canonical English label when the extractor knows it
    kind: str | None = None  # Location: country | city | region; Event: its type; Organisation: its kind
    alias: str | None = None  # another name the extractor learnt for it (the nominative of a Russian name)

    def __init__(self, start: int, end: int, surface: str, type: str, key: str, extractor: str, confidence: float,
                 label: str | None = None, kind: str | None = None, alias: str | None = None) -> None:
        self.start, self.end, self.surface, self.type, self.key = start, end, surface, type, key
        self.extractor, self.confidence, self.label, self.kind, self.alias = extractor, confidence, label, kind, alias


@dataclass(slots=True, unsafe_hash=True, init=False)
class EntityMention:
    start: int
    end: int
    surface: str
    extractor: str
    confidence: float

    def __init__(self, start: int, end: int, surface: str, extractor: str, confidence: float) -> None:
        self.start, self.end, self.surface, self.extractor, self.confidence = start, end, surface, extractor, confidence


@dataclass(slots=True, init=False)
class Entity:
    """One real-world thing, after resolution: all its surface forms in a post point here."""

    id: str
    type: str
    label: str
    kind: str | None = None
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    mentions: list[EntityMention] = field(default_factory=list)
    attributes: dict = field(default_factory=dict)  # lat/long, country, parent, position… from the gazetteer

    def __init__(self, id: str, type: str, label: str, kind: str | None = None, aliases: list[str] | None = None,
                 wikidata: str | None = None, mentions: list[EntityMention] | None = None,
                 attributes: dict | None = None) -> None:
        self.id, self.type, self.label, self.kind, self.wikidata = id, type, label, kind, wikidata
        self.aliases = [] if aliases is None else aliases
        self.mentions = [] if mentions is None else mentions
        self.attributes = {} if attributes is None else attributes


@dataclass
class Event:
    """A happening a post reports; its id is shared by every post that reports the same real event (kg/events.py).
    Its fields say what this post says of it, and the *_words fields which words of the post say so."""

    id: str
    type: str
    date: str | None  # ISO date, or --MM-DD when the year is unknown
    place: str | None  # entity id
    participants: list[str]
    confidence: float
    end_date: str | None = None
    trigger: EntityMention | None = None  # the words that name the happening ("held talks")
    date_words: EntityMention | None = None  # the words that date it ("On October 5", a dateline's date)
    place_words: EntityMention | None = None  # the mention of its place
    participant_words: dict[str, EntityMention] = field(default_factory=dict)  # person id → the words naming them


@dataclass(slots=True, unsafe_hash=True, init=False)
class Assertion:
    """A relation a post states, with where it came from: `evidence` holds the spans of the post that state it, each
    a mention of the subject or the object (a title for a position, a trigger or a date for an event)."""

    subject: str
    predicate: str
    object: str
    extractor: str
    confidence: float
    evidence: tuple[tuple[int, int], ...] = ()

    def __init__(self, subject: str, predicate: str, object: str, extractor: str, confidence: float,
                 evidence: tuple[tuple[int, int], ...] = ()) -> None:
        self.subject, self.predicate, self.object, self.extractor, self.confidence = (subject, predicate, object,
                                                                                      extractor, confidence)
        self.evidence = evidence


@dataclass
class PostRecord:
    """What one post yields: the unit written to mentions.jsonl and assembled into the graph."""

    post: Post
    entities: list[Entity]  # those with no mention span are context (a city's country), not mentioned
    events: list[Event]
    assertions: list[Assertion]
    # position id → {label, title, mentions}: positions are no entities; `mentions` are the title's spans
    positions: dict[str, dict] = field(default_factory=dict)
