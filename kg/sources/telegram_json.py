"""Telegram Desktop exports (`result.json` of "Export chat history" or of a full-account export).

Streamed with ijson: memory stays flat however big the export is.

- Single chat: `{"name", "type", "id", "messages": [...]}` — the messages are read with
  `ijson.items(f, "messages.item")`; the chat name is read first (if the file puts it after the
  messages, the rest of the file is scanned for it before the posts are read).
- Full account: `{"chats": {"list": [{"name", "type", "id", "messages": [...]}, ...]}, "left_chats": …}`
  — every chat's messages become posts, with that chat's name as channel (a chat's name must come
  before its messages, as tdesktop writes it).

Messages of type "service" (channel created, title changed, members invited…) are channel events,
not posts: they come out as `Skip` with a reason starting "service message".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ijson

from kg.errors import InputError
from kg.model import Draft, Skip
from kg.sources._common import (
    MAX_ID, SERVICE_PREFIX, FieldError, ReaderOptions, clean_name, find_hashtags, flatten_text, parse_date, parse_views,
)
from kg.sources._jsonscan import iter_events, iter_items, scan_top_level

_CHAT_LISTS = ("chats.list.item", "left_chats.list.item")
_MESSAGES_LIST = re.compile(r'"messages"\s*:\s*\[')
_TELEGRAM_FIELDS = re.compile(
    r'"(?:date_unixtime|from_id|text_entities|actor_id|forwarded_from_id)"\s*:|"type"\s*:\s*"(?:message|service)"'
)
_CHAT_TYPE = re.compile(
    r'"type"\s*:\s*"(?:personal_chat|bot_chat|private_group|private_supergroup|public_supergroup|'
    r'private_channel|public_channel|saved_messages)"'
)
_ACCOUNT = re.compile(r'"chats"\s*:\s*\{\s*"about"|"chats"\s*:\s*\{\s*"list"\s*:|"personal_information"\s*:')


@dataclass
class Chat:
    name: str | None
    type: str | None

    @property
    def is_channel(self) -> bool:
        return isinstance(self.type, str) and "channel" in self.type


def sniff(sample: str, path: Path) -> bool:
    """An object with a "messages" list of Telegram message fields (date_unixtime, "type": "message"/"service",
    from_id, text_entities), a chat type like "public_channel", or the account export's "chats": {"list": …}."""
    sample = sample.lstrip()
    if not sample.startswith("{"):
        return False
    if _ACCOUNT.search(sample) or _CHAT_TYPE.search(sample):
        return True
    m = _MESSAGES_LIST.search(sample)
    return m is not None and _TELEGRAM_FIELDS.search(sample, m.end()) is not None


def read(path: Path, options: ReaderOptions) -> Iterator[Draft | Skip]:
    top = scan_top_level(
        path,
        list_keys=("messages",),
        meta_keys=("name", "type"),
        meta_after_list=("name",),
        account_keys=("chats", "left_chats"),
    )
    if top.kind == "array":
        raise InputError(
            path,
            "a JSON array, not a Telegram Desktop export (an object with a \"messages\" list);"
            " read it with --format json",
        )
    if top.kind != "object":
        raise InputError(path, "not a Telegram Desktop export: the file is not a JSON object")
    if top.account:
        yield from _read_account(path)
        return
    if top.list_key is None:
        raise InputError(
            path,
            "no \"messages\" list: not a Telegram Desktop export (result.json from Export chat history);"
            " for other JSON use --format json",
        )
    chat = Chat(clean_name(top.meta.get("name")), top.meta.get("type") if isinstance(top.meta.get("type"), str) else None)
    source = str(path)
    for index, message in enumerate(iter_items(path, "messages.item")):
        yield message_draft(message, chat, index, source)


def _read_account(path: Path) -> Iterator[Draft | Skip]:
    """Every chat of a full-account export, streamed event by event."""
    source = str(path)
    chat = Chat(None, None)
    index = 0
    builder: ijson.ObjectBuilder | None = None
    depth = 0
    for prefix, event, value in iter_events(path):
        if builder is not None:
            builder.event(event, value)
            if event in ("start_map", "start_array"):
                depth += 1
            elif event in ("end_map", "end_array"):
                depth -= 1
                if depth == 0:
                    yield message_draft(builder.value, chat, index, source)
                    builder = None
                    index += 1
            continue
        if prefix in _CHAT_LISTS:
            if event == "start_map":
                chat = Chat(None, None)
                index = 0
        elif prefix.endswith(".messages.item") and prefix[: -len(".messages.item")] in _CHAT_LISTS:
            if event in ("start_map", "start_array"):
                builder = ijson.ObjectBuilder()
                builder.event(event, value)
                depth = 1
            else:
                yield message_draft(value, chat, index, source)
                index += 1
        elif event == "string" and prefix.endswith((".name", ".type")) and prefix[:-5] in _CHAT_LISTS:
            if prefix.endswith(".name"):
                chat.name = clean_name(value)
            else:
                chat.type = value


def message_draft(message: Any, chat: Chat, index: int, source: str) -> Draft | Skip:
    """One exported message → a Draft, or a Skip saying why it is not a post."""
    if not isinstance(message, dict):
        return Skip(source, f"message #{index + 1}", f"not a message object but a {type(message).__name__}")
    raw_id = message.get("id")
    valid_id = isinstance(raw_id, int) and not isinstance(raw_id, bool) and abs(raw_id) < MAX_ID
    where = f"message {raw_id}" if valid_id else f"message #{index + 1}"
    kind = message.get("type")
    if kind == "service":
        action = message.get("action")
        return Skip(source, where, f"{SERVICE_PREFIX}: {action if isinstance(action, str) else 'unknown action'}")
    if kind != "message":
        reason = "no message type" if kind is None else f"unknown message type {_short(kind)}"
        return Skip(source, where, reason)
    if not valid_id:
        text_id = raw_id.strip() if isinstance(raw_id, str) else ""
        if text_id.isdigit() and text_id.isascii() and len(text_id) <= 20:
            raw_id = int(text_id)
        elif raw_id is None:
            return Skip(source, where, "no message id")
        else:
            return Skip(source, where, f"invalid message id {_short(raw_id)}")
    try:
        entities = message.get("text_entities")
        if entities is not None and not isinstance(entities, list):
            raise FieldError(f"text_entities is a {type(entities).__name__}, not a list")
        if entities or (entities == [] and not message.get("text")):
            text, tags, links = flatten_text(entities)  # newer exports: the full text, run by run
        else:
            text, tags, links = flatten_text(message.get("text"))  # older exports: no text_entities
        if "date_unixtime" in message and message["date_unixtime"] not in (None, ""):
            date = parse_date(message["date_unixtime"])
        else:
            date = parse_date(message.get("date"))
    except FieldError as e:
        return Skip(source, where, str(e))
    author = clean_name(message.get("author"))
    if author is None and not chat.is_channel:
        sender = clean_name(message.get("from"))
        if sender is not None and (chat.type is not None or sender != chat.name):
            author = sender
    return Draft(
        where=where,
        message_id=str(raw_id),
        channel=chat.name,
        date=date,
        text=text,
        author=author,
        forwarded_from=clean_name(message.get("forwarded_from")) or clean_name(message.get("saved_from")),
        hashtags=tags if tags is not None else find_hashtags(text),
        links=links,
        has_media=bool(message.get("photo") or message.get("file") or message.get("media_type")),
        views=parse_views(message.get("views")),
    )


def _short(value: Any) -> str:
    """A value for a message, cut short (and safe for huge numbers)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= MAX_ID:
        return "(a number of more than 20 digits)"
    return repr(value)[:40]
