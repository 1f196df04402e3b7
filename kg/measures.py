"""Who is central: the co-mention network of a build and its measures, computed with networkx.

Two people, organisations or places are co-mentioned when one post mentions both; the network's edges are
weighted by the number of such posts. Each of its nodes gets its degree centrality (the share of the others it is
co-mentioned with), its betweenness centrality (how often it lies on the shortest paths between two others:
brokers between groups; estimated from a sample of sources in a large network) and its community (Louvain, on the
weights; communities numbered by size, the largest 0). Records are added one at a time, so the network is built in
a build's streamed pass: it grows with the distinct pairs of entities, not with the posts. A network of more than
MAX_LINKS pairs keeps only the pairs co-mentioned most often (in at least `min_weight` posts, the lowest count that
keeps it within the bound), so that memory and time stay bounded. Every computation is seeded: a build and a
rebuild give the same values.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from kg.model import NAMED_TYPES, PostRecord

MAX_LINKS = 300_000  # pairs in the network at most: a networkx graph takes ≈ 250 bytes a link, Louvain copies it
SEED = 0  # Louvain's and the betweenness sample's: the same graph gives the same measures
# betweenness walks the whole network from each source: exact (every node a source) while nodes × edges stays
# under this, else estimated from as many sources as keep it there (at least MIN_SOURCES): ≈ 20 s at most
BETWEENNESS_WORK = 20_000_000
MIN_SOURCES = 50


@dataclass(frozen=True)
class Measures:
    degree: float
    betweenness: float
    community: int


class CoMentions:
    """The co-mention network, made one post record at a time."""

    def __init__(self) -> None:
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.posts: Counter[str] = Counter()  # posts mentioning each entity

    def add(self, record: PostRecord) -> None:
        named = co_mentioned(record)
        self.posts.update(named)
        self.pairs.update(combinations(named, 2))

    def min_weight(self) -> int:
        """The fewest posts a pair must share to be a link of the network: 1, unless there are more than MAX_LINKS
        pairs."""
        if len(self.pairs) <= MAX_LINKS:
            return 1
        at_least = Counter(self.pairs.values())
        kept = 0
        for weight in sorted(at_least, reverse=True):
            if kept + at_least[weight] > MAX_LINKS:
                return weight + 1
            kept += at_least[weight]
        return 1

    def network(self) -> nx.Graph:
        """Every entity mentioned, linked to those it is co-mentioned with in at least `min_weight()` posts."""
        graph = nx.Graph()
        graph.add_nodes_from(sorted(self.posts))
        least = self.min_weight()
        graph.add_weighted_edges_from((a, b, weight) for (a, b), weight in sorted(self.pairs.items())
                                      if weight >= least)
        return graph

    def measures(self) -> dict[str, Measures]:
        return measures_of(self.network())


def co_mentioned(record: PostRecord) -> list[str]:
    """The people, organisations and places the post mentions (by a span of its text), each once, sorted."""
    return sorted({entity.id for entity in record.entities if entity.mentions and entity.type in NAMED_TYPES})


def measures_of(graph: nx.Graph) -> dict[str, Measures]:
    """Each entity's measures in a co-mention network (an entity never co-mentioned: degree and betweenness 0, and
    a community of its own)."""
    if not graph:
        return {}
    degree = nx.degree_centrality(graph)
    sources = betweenness_sources(graph.number_of_nodes(), graph.number_of_edges())
    betweenness = nx.betweenness_centrality(graph, k=sources, seed=SEED)
    communities = sorted(nx.community.louvain_communities(graph, weight="weight", seed=SEED),
                         key=lambda members: (-len(members), min(members)))
    community = {node: number for number, members in enumerate(communities) for node in members}
    return {node: Measures(degree[node], betweenness[node], community[node]) for node in graph}


def betweenness_sources(nodes: int, edges: int) -> int | None:
    """How many sources betweenness is estimated from in a network of that size (None: all of them, exact)."""
    if nodes * edges <= BETWEENNESS_WORK:
        return None
    return min(nodes, max(MIN_SOURCES, BETWEENNESS_WORK // max(edges, 1)))
