"""`kg view`: a build as one self-contained HTML report that opens offline — the co-mention network drawn by
vis-network (colour by type, size by the posts that mention an entity, click for its posts, a search box), an
official's timeline of events drawn by vis-timeline, and filters by entity type, period and channel.

The page holds the build's posts, each with the entities it mentions and the events it reports, and counts the
posts its filters keep as kg/measures.py counts them (an entity once per post, a pair once per post naming both);
it draws the most mentioned. A build of more than `max_posts` posts is sampled: the report keeps the latest
`max_posts` (4,000 by default: under 5 MB with the libraries) and says so on the page. Each entity carries the
co-mention measures of the whole build. The libraries' JavaScript (kg/data/view/vendor, refreshed by
scripts/vendor-js) and the report's own (report.js, report.css) are inlined and the data is a JSON block: the
report fetches nothing when it opens.
"""

from __future__ import annotations

import heapq
import html
import json
import os
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from kg.errors import InputError
from kg.event_resolution import named_by
from kg.measures import CoMentions, co_mentioned
from kg.model import NAMED_TYPES, PostRecord
from kg.network import NOT_IN_UTF8
from kg.records import RECORDS, read_records
from kg.sources import tme_url

MAX_POSTS = 4_000
SNIPPET = 240  # characters of a post's text the report shows
MAX_ALIASES = 24  # of an entity's names, for the search box (a few have more: their case forms)
ASSETS = files("kg") / "data" / "view"
SLOT = re.compile(r"/\*omkg:(\w+)\*/")  # where report.html takes an asset or the data
USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{4,31}$")  # a public Telegram username


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    size: int  # bytes
    posts: int  # in the build
    kept: int  # in the report
    entities: int
    events: int


def write_report(build_dir: Path, out: Path, max_posts: int = MAX_POSTS,
                 tme: dict[str, str] | None = None) -> ReportSummary:
    """The report of the build in `build_dir`, written to `out` (whole or not at all). Posts link to t.me where
    their input said where (a saved t.me page); `tme` maps a channel's name to its public username
    (`tme_username`), for the links the input did not give."""
    data = report_data(Path(build_dir), max_posts, tme)
    page = render(data)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(page, encoding="utf-8")
        os.replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return ReportSummary(out, out.stat().st_size, data["posts_total"], len(data["posts"]), len(data["entities"]),
                         len(data["events"]))


def report_data(build_dir: Path, max_posts: int = MAX_POSTS, tme: dict[str, str] | None = None) -> dict:
    """What the page shows, as JSON-ready lists that refer to each other by index: channels, entities (with the
    build's co-mention measures), the kept posts (with the entities each mentions and the events it reports) and
    the real events those posts report."""
    tme = tme or {}
    co_mentions = CoMentions()
    latest: list[tuple[str, int, PostRecord]] = []  # a heap of (date, order read, record): the latest records
    channels: set[str] = set()
    total = 0
    for record in read_records(build_dir / RECORDS):
        total += 1
        co_mentions.add(record)
        channels.add(record.post.channel or "")
        item = (record.post.date.isoformat() if record.post.date else "", total, record)
        if len(latest) < max_posts:
            heapq.heappush(latest, item)
        else:
            heapq.heappushpop(latest, item)
    unknown = sorted(set(tme) - channels)
    if unknown:
        raise InputError(build_dir, f"--tme names channel(s) not in the build: {', '.join(unknown)}; its channels: "
                                    + ", ".join(sorted(channels)))
    records = [record for _, _, record in sorted(latest, key=lambda item: item[:2])]
    return _tables(records, total, co_mentions, tme, build_dir)


def _tables(records: list[PostRecord], total: int, co_mentions: CoMentions, tme: dict[str, str],
            build_dir: Path) -> dict:
    measures = co_mentions.measures()
    channel_names = sorted({record.post.channel or "" for record in records})
    channel_index = {name: number for number, name in enumerate(channel_names)}
    entities: list[dict] = []
    entity_index: dict[str, int] = {}
    events: list[dict] = []
    event_index: dict[str, int] = {}
    posts = []

    def entity(node: str, record: PostRecord) -> int | None:
        if node not in entity_index:
            described = next((e for e in record.entities if e.id == node and e.type in NAMED_TYPES), None)
            if described is None:
                return None
            entity_index[node] = len(entities)
            measured = measures.get(node)
            entities.append({
                "id": node, "label": described.label, "type": described.type, "kind": described.kind,
                "aliases": list(dict.fromkeys(described.aliases))[:MAX_ALIASES],
                "posts_in_build": co_mentions.posts[node],
                "degree": round(measured.degree, 4) if measured else 0.0,
                "betweenness": round(measured.betweenness, 4) if measured else 0.0,
                "community": measured.community if measured else None,
            })
        return entity_index[node]

    for number, record in enumerate(records):
        post = record.post
        mentioned = co_mentioned(record)
        reported = []
        for event in record.events:
            if event.id not in event_index:
                event_index[event.id] = len(events)
                events.append({"id": event.id, "participants": [], "posts": []})
            described = events[event_index[event.id]]
            if "type" not in described or named_by(event.id, post.post_id):
                # described as its first report (the post its id names) describes it, as in the graph
                place = entity(event.place, record) if event.place else None
                described.update(type=event.type, date=event.date, end=event.end_date, place=place)
            for person in event.participants:
                index = entity(person, record)
                if index is not None and index not in described["participants"]:
                    described["participants"].append(index)
            described["posts"].append(number)
            reported.append(event_index[event.id])
        posts.append({
            "id": post.post_id, "channel": channel_index[post.channel or ""],
            "date": post.date.date().isoformat() if post.date else None,
            "url": post.url or tme_url(tme.get(post.channel or ""), post.message_id),
            "text": post.text[:SNIPPET] + ("…" if len(post.text) > SNIPPET else ""),
            "entities": [index for index in (entity(node, record) for node in mentioned) if index is not None],
            "events": sorted(set(reported)),
        })
    return {"build": str(build_dir), "posts_total": total, "channels": channel_names, "entities": entities,
            "posts": posts, "events": events}


def render(data: dict) -> str:
    """report.html with its slots filled: the stylesheet, the libraries, the report's script and the data."""
    # JSON holds "<" only inside strings, where \u003c reads back the same: no "</script>" can end the block early;
    # and a text's unpaired surrogates (which UTF-8 cannot hold) become U+FFFD
    data_block = NOT_IN_UTF8.sub("\ufffd", json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    assets = {
        "style": _asset("report.css"),
        "vis_network": _asset("vendor/vis-network.min.js"),
        "vis_timeline": _asset("vendor/vis-timeline-graph2d.min.js"),
        "script": _asset("report.js"),
        "data": data_block.replace("<", "\\u003c"),
        "title": html.escape(f"omkg report: {Path(data['build']).name or data['build']}", quote=False),
    }
    return SLOT.sub(lambda slot: assets[slot.group(1)], _asset("report.html"))


def _asset(name: str) -> str:
    text = (ASSETS / name).read_text(encoding="utf-8")
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE) if name.endswith(".js") else text


def tme_username(name: str) -> str:
    """A channel's public username from "MFARussia", "@MFARussia" or "https://t.me/MFARussia"; ValueError if it
    cannot be one."""
    bare = re.sub(r"^(?:https?://)?(?:t\.me/)?@?", "", name.strip()).strip("/")
    if not USERNAME.match(bare):
        raise ValueError(f"{name!r} is not a public Telegram username (5 to 32 letters, digits and underscores, "
                         "starting with a letter)")
    return bare
