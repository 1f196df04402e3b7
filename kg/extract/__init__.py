"""Extractors: each finds one kind of thing in a post. They are registered by name and run in order.

An extractor is a callable `(post, findings, context) -> None` that appends to `findings`. Later extractors
see what earlier ones found (the event extractor needs the places and people), never the other way round. Each
declares, when registered, what it needs earlier extractors to have found (`requires`) and what it adds
(`assigns`), in the manner of spaCy's components; the pipeline checks those contracts when it is assembled
(kg/extract/pipeline.py), so a stage left out or put after the stage that needs it is an error, not an empty result.
The contracts speak of the findings: `mentions.Person`, `mentions.Organisation`, `mentions.Location`, `first_names`
(where known first names stand), `dates`, `events`, `relations`.

The findings made for every post (DateMention, EventFinding, RelationFinding) are not frozen, as kg.model.Mention:
a frozen dataclass sets each field through `object.__setattr__`, several times slower. They still compare and hash
by value (`unsafe_hash`), and nothing changes them once made. They write out their `__init__` for mypyc to compile,
as kg.model's do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Final, Protocol

from kg.extract.cues import Cues
from kg.extract.resources import Resources
from kg.gazetteer import Gazetteer
from kg.model import Mention, Post

FINDINGS: Final = ("mentions.Person", "mentions.Organisation", "mentions.Location", "first_names", "dates", "events",
                   "relations")


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
    """A happening the post reports: its type, its date, place and participants, and the words that say each."""

    type: str
    date: DateMention | None
    place: Mention | None  # a Location mention
    participants: tuple[Mention, ...]  # Person mentions, one per person
    confidence: float
    trigger: tuple[int, int] | None = None

    def __init__(self, type: str, date: DateMention | None, place: Mention | None, participants: tuple[Mention, ...],
                 confidence: float, trigger: tuple[int, int] | None = None) -> None:
        self.type, self.date, self.place, self.participants = type, date, place, participants
        self.confidence, self.trigger = confidence, trigger


@dataclass(slots=True, unsafe_hash=True, init=False)
class RelationFinding:
    """A relation between two mentioned things (by key), e.g. a country memberOf an organisation; `evidence`: the
    spans that state it (the title of a position, the mentions of the two things)."""

    subject: str
    predicate: str
    object: str
    extractor: str
    confidence: float
    position: tuple[str, str] | None = None  # (label, title) of a position the relation names
    position_words: tuple[int, int] | None = None  # the title's span ("Foreign Minister")
    evidence: tuple[tuple[int, int], ...] = ()

    def __init__(self, subject: str, predicate: str, object: str, extractor: str, confidence: float,
                 position: tuple[str, str] | None = None, position_words: tuple[int, int] | None = None,
                 evidence: tuple[tuple[int, int], ...] = ()) -> None:
        self.subject, self.predicate, self.object, self.extractor = subject, predicate, object, extractor
        self.confidence, self.position, self.position_words, self.evidence = (confidence, position, position_words,
                                                                              evidence)


@dataclass(init=False)
class Findings:
    mentions: list[Mention] = field(default_factory=list)
    first_names: list[int] = field(default_factory=list)  # where a capitalised first name stands as a word
    dates: list[DateMention] = field(default_factory=list)
    events: list[EventFinding] = field(default_factory=list)
    relations: list[RelationFinding] = field(default_factory=list)

    def __init__(self) -> None:
        self.mentions, self.first_names, self.dates, self.events, self.relations = [], [], [], [], []

    def taken(self, start: int, end: int) -> bool:
        """Whether a mention found so far takes any character of [start, end): a later extractor leaves such words to
        the one that found them."""
        return any(m.start < end and start < m.end for m in self.mentions)


@dataclass(frozen=True)
class Context:
    """What every extractor may consult: the gazetteer and word lists of the build (kg/extract/resources.py), and
    the cue words every extractor's patterns start with (found in one pass per post)."""

    resources: Resources
    cues: Cues = field(default_factory=Cues, compare=False)

    @property
    def gazetteer(self) -> Gazetteer:
        return self.resources.gazetteer


class Extractor(Protocol):
    def __call__(self, post: Post, findings: Findings, context: Context) -> None: ...


@dataclass(frozen=True)
class Stage:
    """A registered extractor: its factory (given the Context once per build) and its contract."""

    name: str
    factory: Callable[[Context], Extractor]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


REGISTRY: Final[dict[str, Stage]] = {}


def register(name: str, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()):
    """Register an extractor factory under `name`, with what it needs found before it and what it finds."""
    unknown = [what for what in (*requires, *assigns) if what not in FINDINGS]
    if unknown:
        raise ValueError(f"extractor {name!r}: unknown findings {unknown}; known: {', '.join(FINDINGS)}")

    def decorate(factory):
        REGISTRY[name] = Stage(name, factory, tuple(requires), tuple(assigns))
        return factory

    return decorate
