"""Runs the chosen extractors over a post, in order, and resolves what they found into a PostRecord."""

from __future__ import annotations

from kg.errors import KgError
from kg.extract import REGISTRY, Context, Findings
from kg.extract import (  # noqa: F401  (importing them registers them)
    dates, events, flags, hashtags, membership, names, natasha_ner, people, places, titles,
)
from kg.gazetteer import Gazetteer
from kg.model import Post, PostRecord
from kg.resolve import resolve

DEFAULT_EXTRACTORS = ("gazetteer", "flags", "hashtags", "natasha", "titles", "people", "places", "dates", "events", "membership")


class Extraction:
    """Built once per build (the gazetteer automaton takes a moment), then applied to every post."""

    def __init__(self, gazetteer: Gazetteer, extractor_names: tuple[str, ...] = DEFAULT_EXTRACTORS):
        unknown = [name for name in extractor_names if name not in REGISTRY]
        if unknown:
            raise KgError(f"unknown extractor {', '.join(unknown)}; available: {', '.join(sorted(REGISTRY))}")
        self.gazetteer = gazetteer
        self.context = Context(gazetteer=gazetteer)
        self.extractors = [REGISTRY[name](self.context) for name in extractor_names]

    def __call__(self, post: Post) -> PostRecord:
        findings = Findings()
        for extractor in self.extractors:
            extractor(post, findings, self.context)
        return resolve(post, findings, self.gazetteer)
