"""Runs the chosen extractors over a post, in order, and resolves what they found into a PostRecord.

The order is checked when the pipeline is assembled: every finding a stage requires must be assigned by a stage
before it (kg/extract/__init__.py), so `--extractors events` alone, or `dates` after `events`, is an error that
says which stage to add or move.
"""

from __future__ import annotations

from typing import Final

from kg.errors import KgError
from kg.extract import REGISTRY, Context, Findings, Stage
from kg.extract import (  # noqa: F401  (importing them registers them)
    dates, events, flags, hashtags, membership, names, natasha_ner, organisations, people, places, titles,
)
from kg.extract.resources import Resources
from kg.gazetteer import Gazetteer
from kg.model import Post, PostRecord
from kg.resolve import resolve

DEFAULT_EXTRACTORS: Final = ("gazetteer", "flags", "hashtags", "organisations", "natasha", "titles", "people", "places",
                             "dates", "events", "membership")


def assemble(extractor_names: tuple[str, ...]) -> list[Stage]:
    """The stages of these names, in this order, once their contracts are checked."""
    unknown = [name for name in extractor_names if name not in REGISTRY]
    if unknown:
        raise KgError(f"unknown extractor {', '.join(unknown)}; available: {', '.join(sorted(REGISTRY))}")
    stages = [REGISTRY[name] for name in extractor_names]
    problems = []
    for index, stage in enumerate(stages):
        for needed in stage.requires:
            if any(needed in earlier.assigns for earlier in stages[:index]):
                continue
            later = [s.name for s in stages[index + 1:] if needed in s.assigns]
            if later:
                problems.append(f"'{stage.name}' needs {needed}, which only {_names(later)} find: put "
                                f"{'it' if len(later) == 1 else 'one of them'} before '{stage.name}'")
            else:
                providers = sorted(s.name for s in REGISTRY.values() if needed in s.assigns)
                problems.append(f"'{stage.name}' needs {needed}, which no extractor before it finds: add "
                                f"{_names(providers, 'or')} before '{stage.name}'")
    if problems:
        raise KgError("the extractors cannot run in this order (--extractors " + ",".join(extractor_names) + "): "
                      + "; ".join(problems))
    return stages


def _names(names: list[str], joiner: str = "and") -> str:
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {joiner} " + quoted[-1]


class Extraction:
    """Built once per build (the gazetteer automaton takes a moment), then applied to every post."""

    def __init__(self, gazetteer: Gazetteer, extractor_names: tuple[str, ...] = DEFAULT_EXTRACTORS):
        stages = assemble(extractor_names)
        self.gazetteer = gazetteer
        self.context = Context(resources=Resources(gazetteer))
        self.extractors = [stage.factory(self.context) for stage in stages]

    def __call__(self, post: Post) -> PostRecord:
        findings = Findings()
        for extractor in self.extractors:
            extractor(post, findings, self.context)
        return resolve(post, findings, self.gazetteer)
