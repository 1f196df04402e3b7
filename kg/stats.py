"""`kg stats`: what a build holds and who dominates it — posts, entities per type, the most-mentioned entities, the
strongest co-mention pairs, events per month, the channels posts were forwarded from, and the co-mention network's
measures (kg/measures.py) for officials and organisations. One streamed pass over the build's records.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from kg.measures import CoMentions, betweenness_sources, measures_of
from kg.records import RECORDS, read_records

CENTRAL_TYPES = ("Person", "Organisation")  # the officials and organisations whose measures are listed
UNDATED = "undated"
YEAR_UNKNOWN = "year unknown"  # an event dated --MM-DD


def build_stats(build_dir: Path, top: int = 10) -> dict:
    """The figures of the build in DIR, each list cut to its `top` entries."""
    co_mentions = CoMentions()
    mentions: Counter[str] = Counter()
    described: dict[str, tuple[str, str]] = {}  # id → (type, label)
    positions: set[str] = set()
    events: dict[str, tuple[str, str]] = {}  # real event id → (type, month), as its first report says
    channels: Counter[str] = Counter()
    forwarded: Counter[str] = Counter()
    posts = 0
    for record in read_records(Path(build_dir) / RECORDS):
        posts += 1
        co_mentions.add(record)
        channels[record.post.channel or "(no channel)"] += 1
        if record.post.forwarded_from:
            forwarded[record.post.forwarded_from] += 1
        for entity in record.entities:
            if entity.mentions and entity.type != "Event":
                mentions[entity.id] += len(entity.mentions)
                described.setdefault(entity.id, (entity.type, entity.label))
        positions.update(key for key, position in record.positions.items() if position.get("mentions"))
        for event in record.events:
            events.setdefault(event.id, (event.type, _month(event.date)))

    def entity(node: str) -> dict:
        kind, label = described[node]
        return {"id": node, "label": label, "type": kind}

    network = co_mentions.network()
    measures = measures_of(network)
    sources = betweenness_sources(network.number_of_nodes(), network.number_of_edges())
    per_type = Counter(kind for kind, _ in described.values())
    central = {}
    for kind in CENTRAL_TYPES:
        ranked = [node for node in measures if described[node][0] == kind]
        central[kind] = {
            measure: [{**entity(node), "degree": measures[node].degree, "betweenness": measures[node].betweenness,
                       "community": measures[node].community}
                      for node in sorted(ranked, key=lambda n: (-getattr(measures[n], measure), n))[:top]]
            for measure in ("degree", "betweenness")}
    communities: dict[int, list[str]] = {}
    for node in sorted(measures, key=lambda n: (-co_mentions.posts[n], n)):
        communities.setdefault(measures[node].community, []).append(node)
    return {
        "posts": posts,
        "channels": dict(channels.most_common()),
        "forwarded_from": dict(forwarded.most_common(top)),
        "entities": {**{kind: per_type.get(kind, 0) for kind in ("Person", "Organisation", "Location")},
                     "Position": len(positions), "Event": len(events)},
        "most_mentioned": [{**entity(node), "mentions": count, "posts": co_mentions.posts[node]}
                           for node, count in sorted(mentions.items(), key=lambda kv: (-kv[1], kv[0]))[:top]],
        "strongest_pairs": [{"a": entity(a), "b": entity(b), "posts": count}
                            for (a, b), count in sorted(co_mentions.pairs.items(), key=lambda kv: (-kv[1], kv[0]))
                            [:top]],
        "events_per_type": dict(Counter(kind for kind, _ in events.values()).most_common()),
        "events_per_month": dict(sorted(Counter(month for _, month in events.values()).items())),
        "network": {"nodes": network.number_of_nodes(), "edges": network.number_of_edges(),
                    "pairs": len(co_mentions.pairs), "min_weight": co_mentions.min_weight(),
                    "betweenness": "exact" if sources is None else f"estimated from {sources} sources"},
        "central": central,
        "communities": [{"community": number, "size": len(members),
                         "best_known": [described[node][1] for node in members[:5]]}
                        for number, members in sorted(communities.items())[:top]],
    }


def render(stats: dict, console: Console) -> None:
    console.print(f"[bold]{stats['posts']:,}[/bold] posts in {len(stats['channels'])} channel(s); they mention "
                  + ", ".join(f"{count:,} {kind}" for kind, count in stats["entities"].items())
                  + " (events: real events, each once however many posts report it)")
    _table(console, "Most mentioned", ("entity", "type", "mentions", "posts"),
           [(f"{e['label']} ({e['id']})", e["type"], f"{e['mentions']:,}", f"{e['posts']:,}")
            for e in stats["most_mentioned"]])
    _table(console, "Strongest co-mentions", ("entity", "entity", "posts"),
           [(p["a"]["label"], p["b"]["label"], f"{p['posts']:,}") for p in stats["strongest_pairs"]])
    network = stats["network"]
    for kind, ranked in stats["central"].items():
        for measure, rows in ranked.items():
            links = f"{network['edges']:,} pairs" + (f" co-mentioned in at least {network['min_weight']} posts, of "
                                                     f"{network['pairs']:,}" if network["min_weight"] > 1 else "")
            _table(console, f"{kind}: highest {measure} centrality (co-mention network of {network['nodes']:,} "
                            f"entities, {links}; betweenness {network['betweenness']})",
                   (kind.lower(), "degree", "betweenness", "community"),
                   [(f"{r['label']} ({r['id']})", f"{r['degree']:.3f}", f"{r['betweenness']:.3f}",
                     str(r["community"])) for r in rows])
    _table(console, "Communities (largest first)", ("community", "entities", "best known"),
           [(str(c["community"]), f"{c['size']:,}", ", ".join(c["best_known"])) for c in stats["communities"]])
    _table(console, "Events per month", ("month", "events"),
           [(month, f"{count:,}") for month, count in stats["events_per_month"].items()])
    _table(console, "Events per type", ("type", "events"),
           [(kind, f"{count:,}") for kind, count in stats["events_per_type"].items()])
    _table(console, "Forwarded from", ("channel", "posts"),
           [(name, f"{count:,}") for name, count in stats["forwarded_from"].items()])


def _table(console: Console, title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    if not rows:
        console.print(f"{title}: none")
        return
    table = Table(*columns, title=title, title_justify="left")
    for row in rows:
        table.add_row(*row)
    console.print(table)


def _month(date: str | None) -> str:
    if not date:
        return UNDATED
    return YEAR_UNKNOWN if date.startswith("--") else date[:7]
