"""The readers on the real third-party corpora in ../shared/corpus (skipped where absent)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from kg.ids import post_id
from kg.model import Post, Skip
from kg.sources import detect_format, read_posts

from corpus import DESKTOP_EXPORT as TDESKTOP, MFA_CSV as MFA, OLD_GROUP_EXPORT as OLD_GROUP, RIA_JSON as RIA, SEED, need


def split(items):
    posts = [i for i in items if isinstance(i, Post)]
    skips = [i for i in items if isinstance(i, Skip)]
    assert len(posts) + len(skips) == len(items)
    return posts, skips


def check_numbering(posts, path):
    assert [p.ordinal for p in posts] == list(range(len(posts)))
    assert len({p.post_id for p in posts}) == len(posts)
    for p in posts:
        assert p.post_id == post_id(p.channel, p.message_id, p.ordinal, path.stem)
        assert p.source == str(path)


@pytest.mark.parametrize(
    "path, fmt",
    [(SEED, "text-dump"), (MFA, "csv"), (RIA, "json"), (TDESKTOP, "telegram-json"), (OLD_GROUP, "telegram-json")],
    ids=["seed", "mfa-csv", "ria-json", "tdesktop", "old-group"],
)
def test_detect_format_on_corpus(path, fmt):
    assert detect_format(need(path)) == fmt


def test_seed_dump_has_eleven_forwarded_posts():
    posts, skips = split(list(read_posts(need(SEED))))
    assert skips == []
    assert len(posts) == 11
    check_numbering(posts, SEED)
    assert [p.ordinal for p in posts] == list(range(11))
    assert {p.forwarded_from for p in posts} == {"Russian MFA 🇷🇺"}
    assert all(p.message_id is None and p.date is None for p in posts)
    assert {p.channel for p in posts} == {"Embassy of Russia in the USA / Посольство России в США"}
    # the header (subscribers, counts, description, "Download Telegram") is not in any post
    assert not any("subscribers" in p.text or "Download Telegram" in p.text for p in posts)
    assert posts[0].text.startswith("🇷🇺🇧🇾🇦🇲🇰🇬🇹🇯🇰🇿 Heads of delegations")
    assert posts[0].text.endswith("#RussiaCSTO")
    assert "#CSTO" in posts[0].hashtags
    assert posts[-1].text.endswith("Read in full")
    assert all(p.text == p.text.rstrip() and p.text for p in posts)
    assert not any("Forwarded from" in p.text for p in posts)


def test_mfa_csv_505_posts_with_ids_and_utc_dates():
    posts, skips = split(list(read_posts(need(MFA))))
    assert skips == []
    assert len(posts) == 505
    check_numbering(posts, MFA)
    ids = [int(p.message_id) for p in posts]
    assert min(ids) == 27748 and max(ids) == 28633
    assert all(27748 <= i <= 28633 for i in ids)
    assert all(p.date is not None and p.date.utcoffset() == timedelta(0) for p in posts)
    assert all(p.text for p in posts)
    first = posts[0]
    assert first.message_id == "28614"
    assert first.views == 5370 and first.has_media is True
    assert "#KievRegimeCrimes" in first.hashtags
    assert first.links and not any(link.startswith("?") for link in first.links)
    assert "https://t.me/miroshnik_r" in first.links
    assert sum(p.has_media for p in posts) == 394
    assert sum(p.views is None for p in posts) == 2  # two rows have an empty views cell


def test_ria_json_1000_posts_channel_ria():
    posts, skips = split(list(read_posts(need(RIA))))
    assert skips == []
    assert len(posts) == 1000
    check_numbering(posts, RIA)
    assert {p.channel for p in posts} == {"РИА Новости"}
    assert all(p.date is not None and p.date.tzinfo is not None for p in posts)
    assert posts[0].message_id == "271643"
    assert "ЛДПР" in posts[0].text


def test_telegram_desktop_export():
    path = need(TDESKTOP)
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    messages = data["messages"]
    n_messages = sum(1 for m in messages if m["type"] == "message")
    n_service = sum(1 for m in messages if m["type"] == "service")
    posts, skips = split(list(read_posts(path)))
    check_numbering(posts, path)
    assert len(posts) == n_messages == 3717
    assert len(skips) == n_service == 2
    assert all(s.reason.startswith("service message") for s in skips)
    assert {s.reason for s in skips} == {"service message: create_channel", "service message: edit_group_title"}
    assert {p.channel for p in posts} == {data["name"]}
    assert sum(p.forwarded_from is not None for p in posts) == 291
    by_id = {m["id"]: m for m in messages}
    # dates: aware UTC from date_unixtime
    for p in posts[:50]:
        m = by_id[int(p.message_id)]
        assert p.date.utcoffset() == timedelta(0)
        assert int(p.date.timestamp()) == int(m["date_unixtime"])
    # text of a list-text message is the concatenation of its text_entities
    list_texts = [m for m in messages if m["type"] == "message" and isinstance(m["text"], list)]
    assert len(list_texts) > 100
    posts_by_id = {p.message_id: p for p in posts}
    for m in list_texts:
        assert posts_by_id[str(m["id"])].text == "".join(e["text"] for e in m["text_entities"])
    for m in messages:
        if m["type"] == "message" and isinstance(m["text"], str):
            assert posts_by_id[str(m["id"])].text == m["text"]
    # hashtags from entities, links from text_link hrefs and link entities
    for m in list_texts[:300]:
        p = posts_by_id[str(m["id"])]
        tags = [e["text"] for e in m["text_entities"] if e["type"] == "hashtag"]
        assert set(p.hashtags) == set(tags)
        hrefs = {e["href"] for e in m["text_entities"] if e["type"] == "text_link"}
        assert hrefs <= set(p.links)
    # media-only posts are posts
    media_only = [p for p in posts if p.text == "" and p.has_media]
    assert media_only
    # forwarded names kept as given
    forwarded = [m for m in messages if m.get("forwarded_from")]
    for m in forwarded[:50]:
        assert posts_by_id[str(m["id"])].forwarded_from == m["forwarded_from"].strip()


def test_old_private_group_export_without_text_entities():
    path = need(OLD_GROUP)
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    assert all("text_entities" not in m for m in data["messages"])
    posts, skips = split(list(read_posts(path)))
    check_numbering(posts, path)
    assert len(posts) == sum(m["type"] == "message" for m in data["messages"]) == 8
    assert len(skips) == 4 and all(s.reason.startswith("service message") for s in skips)
    first = posts[0]
    assert first.text == "Your user ID: 123456789\nCurrent chat ID: -123456789"
    assert first.author == "Get My ID"  # a group: "from" is the author
    assert first.date is not None and first.date.tzinfo is None  # no date_unixtime: local time, naive
    assert first.channel == "Test 2022"
    rich = next(p for p in posts if p.message_id == "428640")
    assert rich.has_media and "http://www.example.com/" in rich.links
    voice = next(p for p in posts if p.message_id == "428645")
    assert voice.text == "" and voice.has_media
