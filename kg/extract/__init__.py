"""Extractors: each finds one kind of thing in a post. They are registered by name and run in order.

An extractor is a callable `(post, findings, context) -> None` that appends to `findings`. Later extractors
see what earlier ones found (the event extractor needs the places and people), never the other way round.

The findings made for every post (DateMention, EventFinding, RelationFinding) are not frozen, as kg.model.Mention:
a frozen dataclass sets each field through `object.__setattr__`, several times slower. They still compare and hash
by value (`unsafe_hash`), and nothing changes them once made. They write out their `__init__` for mypyc to compile,
as kg.model's do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol

from kg.extract.cues import Cues
from kg.gazetteer import Gazetteer
from kg.model import Mention, Post


@dataclass(slots=True, unsafe_hash=True, init=False)
class DateMention:
    """A date written in the text; `date` is ISO (YYYY-MM-DD) or --MM-DD when the text gives no year."""

    start: int
    end: int
    surface: str
    date: str
    end_date: str | None = None
    dateline: bool = False  # the `📍 Place, Date` line or `(Place, Date)` after a title
    place_span: tuple[int, int] | None = None  # where the dateline names the place

    def __init__(self, start: int, end: int, surface: str, date: str, end_date: str | None = None,
                 dateline: bool = False, place_span: tuple[int, int] | None = None) -> None:
        self.start, self.end, self.surface, self.date = start, end, surface, date
        self.end_date, self.dateline, self.place_span = end_date, dateline, place_span


@dataclass(slots=True, unsafe_hash=True, init=False)
class EventFinding:
    type: str
    date: DateMention | None
    place_key: str | None  # the key of a Location mention
    participant_keys: tuple[str, ...]
    confidence: float
    trigger: tuple[int, int] | None = None

    def __init__(self, type: str, date: DateMention | None, place_key: str | None, participant_keys: tuple[str, ...],
                 confidence: float, trigger: tuple[int, int] | None = None) -> None:
        self.type, self.date, self.place_key, self.participant_keys = type, date, place_key, participant_keys
        self.confidence, self.trigger = confidence, trigger


@dataclass(slots=True, unsafe_hash=True, init=False)
class RelationFinding:
    """A relation between two mentioned things (by key), e.g. a country memberOf an organisation."""

    subject: str
    predicate: str
    object: str
    extractor: str
    confidence: float
    position: tuple[str, str] | None = None  # (label, title) of a position the relation names

    def __init__(self, subject: str, predicate: str, object: str, extractor: str, confidence: float,
                 position: tuple[str, str] | None = None) -> None:
        self.subject, self.predicate, self.object, self.extractor = subject, predicate, object, extractor
        self.confidence, self.position = confidence, position


@dataclass(init=False)
class Findings:
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[EventFinding] = field(default_factory=list)
    relations: list[RelationFinding] = field(default_factory=list)

    def __init__(self) -> None:
        self.mentions, self.dates, self.events, self.relations = [], [], [], []


@dataclass(frozen=True)
class Context:
    """What every extractor may consult: the gazetteer and the data files loaded once per build, and the cue words
    every extractor's patterns start with (found in one pass per post)."""

    gazetteer: Gazetteer
    cues: Cues = field(default_factory=Cues, compare=False)


class Extractor(Protocol):
    def __call__(self, post: Post, findings: Findings, context: Context) -> None: ...


REGISTRY: dict[str, Callable[[Context], Extractor]] = {}


def register(name: str):
    """Register an extractor factory under `name`; the factory gets the Context once per build."""

    def decorate(factory):
        REGISTRY[name] = factory
        return factory

    return decorate
