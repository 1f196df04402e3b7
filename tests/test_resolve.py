"""Resolution's collapse of overlapping mentions (kg/resolve.py), against its definition written plainly."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Mention
from kg.resolve import _collapse

SIZE = 40


def _collapsed_as_defined(mentions: list[Mention]) -> list[Mention]:
    """Longest first, then surest, then the one that starts first, then the first in the list: a mention is kept
    unless it overlaps a kept one of its entity; the kept ones in order of position, of one span the surest first,
    then the first in the list."""
    kept: list[tuple[int, Mention]] = []
    ranked = sorted(enumerate(mentions), key=lambda item: (item[1].start - item[1].end, -item[1].confidence,
                                                           item[1].start, item[0]))
    for index, mention in ranked:
        if not any(other.key == mention.key and other.start < mention.end and mention.start < other.end
                   for _, other in kept):
            kept.append((index, mention))
    return [mention for _, mention in sorted(kept, key=lambda item: (item[1].start, item[1].end,
                                                                       -item[1].confidence, item[0]))]


@st.composite
def _mentions(draw) -> list[Mention]:
    found = []
    for _ in range(draw(st.integers(0, 14))):
        start = draw(st.integers(0, SIZE - 1))
        end = draw(st.integers(start + 1, min(SIZE, start + 8)))
        key = draw(st.sampled_from(["place/russia", "org/csto", "person/sergey-lavrov"]))
        confidence = draw(st.sampled_from([0.6, 0.75, 0.9, 1.0]))
        found.append(Mention(start, end, "x" * (end - start), "Location", key, "test", confidence))
    # also as most extractors give them: in order of position
    return sorted(found, key=lambda m: m.start) if draw(st.booleans()) else found


@settings(max_examples=500, deadline=None)
@given(_mentions())
def test_collapse_keeps_the_longest_surest_first_of_overlapping_mentions_of_an_entity(mentions):
    assert _collapse(mentions, SIZE) == _collapsed_as_defined(mentions)


def test_collapse_keeps_mentions_of_other_entities_that_overlap():
    mentions = [Mention(0, 6, "Russia", "Location", "place/russia", "gazetteer", 1.0),
                Mention(0, 17, "Russia's Embassy", "Organisation", "org/embassy", "organisations", 0.7),
                Mention(0, 6, "Russia", "Location", "place/russia", "hashtags", 0.9),
                Mention(20, 26, "Russia", "Location", "place/russia", "gazetteer", 1.0)]
    assert [(m.start, m.end, m.key, m.confidence) for m in _collapse(mentions, 30)] == [
        (0, 6, "place/russia", 1.0), (0, 17, "org/embassy", 0.7), (20, 26, "place/russia", 1.0)]
