"""A saved t.me/s/<channel> page (the public web preview of a channel), parsed with BeautifulSoup.

Each `div.tgme_widget_message` is one message; service messages (`service_message` class) are
channel events, reported as `Skip` with a reason starting "service message".

- message id: `data-post="<channel>/<id>"` (or the date link `t.me/<channel>/<id>`)
- text: `div.tgme_widget_message_text` (not the quoted text of a reply), `<br>` → "\\n"
- date: `time[datetime]` (ISO with zone → aware); views: `span.tgme_widget_message_views` ("5.37K")
- forwarded_from: `.tgme_widget_message_forwarded_from_name`; author: `.tgme_widget_message_from_author`
- channel: the page's `.tgme_channel_info_header_title`, else the message's owner name, else the
  t.me name in `data-post`
- hashtags: the text's `?q=%23Tag` links (else `#Tag` in the text); links: the other hrefs in the text
- has_media: a photo, video, document, voice, round video or sticker in the message
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag, XMLParsedAsHTMLWarning
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction, Script, Stylesheet
from bs4.exceptions import ParserRejectedMarkup

from kg.errors import InputError
from kg.model import Draft, Skip
from kg.sources._common import (
    SERVICE_PREFIX, FieldError, ReaderOptions, clean_name, find_hashtags, parse_date, parse_views, tme_url, unique,
)
from kg.sources._io import open_text

HTML_SCAN = 2 * 1024 * 1024  # how far detection looks for t.me markup in a page whose first 64 KB lack it

_MEDIA = ", ".join(
    (
        ".tgme_widget_message_photo_wrap",
        ".tgme_widget_message_video_player",
        ".tgme_widget_message_video_wrap",
        ".tgme_widget_message_document",
        ".tgme_widget_message_voice",
        ".tgme_widget_message_roundvideo_player",
        ".tgme_widget_message_sticker_wrap",
        ".tgme_widget_message_sticker",
    )
)
_SKIP_STRINGS = (Comment, CData, Declaration, Doctype, ProcessingInstruction, Script, Stylesheet)


def sniff(sample: str, path: Path) -> bool:
    """HTML with t.me widget markup (`tgme_…`); other HTML is refused (a reader of it registers before this one)."""
    stripped = sample.lstrip()
    head = stripped[:4096].lower()
    if not (stripped.startswith("<") or "<html" in head or "<!doctype" in head or "tgme_widget_message" in sample):
        return False
    if "tgme_" in sample or _html_mentions_tgme(path):
        return True
    raise InputError(
        path,
        "an HTML page, but not a saved t.me/s/<channel> page (no tgme_widget_message markup);"
        " save the channel's public preview page https://t.me/s/<channel>",
    )


def _html_mentions_tgme(path: Path) -> bool:
    try:
        with open_text(path) as f:
            return "tgme_" in f.read(HTML_SCAN)
    except Exception:  # noqa: BLE001 - a detection peek; the reader reports real problems
        return False


def read(path: Path, options: ReaderOptions) -> Iterator[Draft | Skip]:
    source = str(path)
    with open_text(path) as f:
        html = f.read()
    try:
        with warnings.catch_warnings():  # bs4 warns when a short input looks like a URL or XML
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            soup = BeautifulSoup(html, "html.parser")
        messages = soup.select("div.tgme_widget_message")
        page_channel = _text_of(soup.select_one(".tgme_channel_info_header_title"))
    except (ParserRejectedMarkup, AssertionError, ValueError) as e:
        raise InputError(path, f"cannot be parsed as HTML: {e}") from None
    except RecursionError:
        raise InputError(path, "cannot be parsed as HTML: the markup is nested too deeply") from None
    if not messages and "tgme_" not in html:
        raise InputError(
            path,
            "no Telegram messages on this HTML page (no div.tgme_widget_message);"
            " save the channel's public preview page https://t.me/s/<channel>",
        )
    for index, message in enumerate(messages):
        try:
            yield _message(message, index, source, page_channel)
        except RecursionError:
            yield Skip(source, f"message #{index + 1}", "markup nested too deeply to read")


def _message(message: Tag, index: int, source: str, page_channel: str | None) -> Draft | Skip:
    username, message_id = _post_ref(message)
    where = f"message {message_id}" if message_id else f"message #{index + 1}"
    classes = message.get("class") or []
    if "service_message" in classes:
        what = _text_of(message.select_one(".tgme_widget_message_service_text, div.tgme_widget_message_text"))
        return Skip(source, where, f"{SERVICE_PREFIX}: {(what or 'channel event')[:80]}")
    body = _message_text(message)
    text = _plain_text(body) if body is not None else ""
    tags: list[str] = []
    links: list[str] = []
    if body is not None:
        for a in body.find_all("a", href=True):
            href = str(a["href"]).strip()
            if href.startswith("?q="):
                tag = _text_of(a)
                if tag and tag.startswith("#"):
                    tags.append(tag)
            elif href.startswith(("http://", "https://", "tg://")):
                links.append(href)
            elif href.startswith("/") and not href.startswith("//"):
                links.append("https://t.me" + href)
    time_tag = message.select_one(".tgme_widget_message_date time[datetime]") or message.select_one("time[datetime]")
    try:
        date = parse_date(time_tag.get("datetime")) if time_tag is not None else None
    except FieldError as e:
        return Skip(source, where, str(e))
    channel = (
        page_channel
        or _text_of(message.select_one(".tgme_widget_message_owner_name"))
        or username
    )
    return Draft(
        where=where, message_id=message_id, channel=channel, date=date, text=text,
        author=_text_of(message.select_one(".tgme_widget_message_from_author")),
        forwarded_from=_text_of(message.select_one(".tgme_widget_message_forwarded_from_name")),
        hashtags=unique(tags) if tags else find_hashtags(text),
        links=unique(links),
        has_media=message.select_one(_MEDIA) is not None,
        url=tme_url(username, message_id),
        views=parse_views(_text_of(message.select_one(".tgme_widget_message_views"))),
    )


def _post_ref(message: Tag) -> tuple[str | None, str | None]:
    """(t.me name, message id) from data-post="name/123" or the date link."""
    candidates = [message.get("data-post")]
    date_link = message.select_one("a.tgme_widget_message_date[href]")
    if date_link is not None:
        candidates.append(str(date_link["href"]).split("?")[0].rstrip("/").split("t.me/")[-1])
    for ref in candidates:
        if isinstance(ref, str) and "/" in ref:
            name, _, number = ref.strip().rpartition("/")
            if number.isascii() and number.isdigit() and len(number) <= 20:
                return (name.rpartition("/")[2] or None), str(int(number))
    return None, None


def _message_text(message: Tag) -> Tag | None:
    for candidate in message.select("div.tgme_widget_message_text"):
        if candidate.find_parent(class_="tgme_widget_message_reply") is None and (
            candidate.find_parent(class_="tgme_widget_message_link_preview") is None
        ):
            return candidate
    return None


def _plain_text(element: Tag) -> str:
    parts: list[str] = []
    for node in element.descendants:
        if isinstance(node, NavigableString):
            if not isinstance(node, _SKIP_STRINGS):
                parts.append(str(node))
        elif isinstance(node, Tag) and node.name == "br":
            parts.append("\n")
    return "".join(parts).strip()


def _text_of(element: Tag | None) -> str | None:
    if element is None:
        return None
    return clean_name(element.get_text())
