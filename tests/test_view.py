"""`kg view`: the report's data checked against the build's records; the page itself opened in headless Chromium
(Debian's chromium, driven by Playwright), which must draw the network and the timeline, answer clicks, the search
box and the filters, show no console error and fetch nothing — on the bundled sample and on the MFA posts."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from corpus import MFA_CSV, need
from kg.cli import main
from kg.model import NAMED_TYPES
from kg.records import RECORDS, read_records
from kg.view import render, report_data

DATA_BLOCK = re.compile(r'<script type="application/json" id="omkg-data">(.*?)</script>', re.DOTALL)
MAX_MB = 5  # the issue's bound for the MFA posts' report


def view(*args: str):
    return CliRunner().invoke(main, ["view", *map(str, args)])


# ---- the data, against the records ----

def test_the_report_holds_every_post_with_what_it_mentions_and_reports(sample_build):
    records = list(read_records(sample_build / RECORDS))
    data = report_data(sample_build)
    assert data["posts_total"] == len(data["posts"]) == len(records)
    by_id = {record.post.post_id: record for record in records}
    for post in data["posts"]:
        record = by_id[post["id"]]
        assert data["channels"][post["channel"]] == record.post.channel
        assert {data["entities"][e]["id"] for e in post["entities"]} == {
            e.id for e in record.entities if e.mentions and e.type in NAMED_TYPES}
        assert {data["events"][v]["id"] for v in post["events"]} == {event.id for event in record.events}
        assert post["url"] is None  # no --tme: the sample's channel has no known username
    dates = [post["date"] or "" for post in data["posts"]]
    assert dates == sorted(dates)
    named = {e.id for record in records for e in record.entities if e.type in NAMED_TYPES}
    for number, event in enumerate(data["events"]):
        assert event["posts"] and all(number in data["posts"][p]["events"] for p in event["posts"])
        reports = [e for record in records for e in record.events if e.id == event["id"]]
        assert {data["entities"][p]["id"] for p in event["participants"]} == {
            p for e in reports for p in e.participants if p in named}
        assert event["type"] in {e.type for e in reports} and event["date"] in {e.date for e in reports}
    lavrov = next(e for e in data["entities"] if e["id"] == "person/sergey-lavrov")
    assert lavrov["posts_in_build"] == sum(1 for r in records for e in r.entities if e.id == lavrov["id"] and e.mentions)
    assert lavrov["degree"] > 0 and lavrov["community"] is not None


def test_a_large_build_is_shown_by_its_latest_posts(sample_build):
    data = report_data(sample_build, max_posts=5)
    everything = report_data(sample_build)
    assert data["posts_total"] == everything["posts_total"] and len(data["posts"]) == 5
    assert [p["id"] for p in data["posts"]] == [p["id"] for p in everything["posts"]][-5:]
    kept = {data["entities"][e]["id"] for p in data["posts"] for e in p["entities"]}
    assert kept <= {e["id"] for e in data["entities"]} < {e["id"] for e in everything["entities"]}


def test_posts_link_to_t_me_where_their_input_said_where(tmp_path):
    page = Path(__file__).parent / "data" / "tme_channel.html"
    result = CliRunner().invoke(main, ["build", str(page), "--out", str(tmp_path / "b"), "--no-progress"])
    assert result.exit_code == 0, result.output
    urls = {r.post.post_id: r.post.url for r in read_records(tmp_path / "b" / RECORDS)}
    for tme in ({}, {"Embassy Digest Demo": "SomeOtherName"}):  # what the input said wins over --tme
        data = report_data(tmp_path / "b", tme=tme)
        assert {p["id"]: p["url"] for p in data["posts"]} == urls and all(urls.values())


def data_of(text: str) -> dict:
    return {"build": "b", "posts_total": 1, "channels": [text], "entities": [],
            "posts": [{"id": text, "channel": 0, "date": None, "url": None, "text": text + "</script><!--",
                       "entities": [], "events": []}], "events": []}


@settings(max_examples=80, deadline=None)
@given(st.text(st.characters(blacklist_categories=()), max_size=80))  # surrogates too: what UTF-8 cannot hold
def test_the_data_block_reads_back_whatever_the_posts_say(text):
    page = render(data_of(text))
    page.encode("utf-8")  # the report can be written
    held = re.sub("[\ud800-\udfff]", "\ufffd", text)
    assert json.loads(DATA_BLOCK.search(page).group(1)) == data_of(held)


# ---- the command ----

def test_kg_view_writes_the_report_into_the_build_by_default(build_dir):
    result = view(build_dir)
    assert result.exit_code == 0, result.output
    report = build_dir / "report.html"
    assert f"wrote {report} (" in result.output and " posts, " in result.output
    data = json.loads(DATA_BLOCK.search(report.read_text(encoding="utf-8")).group(1))
    assert data["posts_total"] == sum(1 for _ in read_records(build_dir / RECORDS))
    assert not list(build_dir.glob(".report.html.*")), "the temporary file is left behind"


def test_kg_view_links_posts_to_t_me_and_says_when_it_keeps_the_latest(build_dir, tmp_path):
    channel = next(read_records(build_dir / RECORDS)).post.channel
    out = tmp_path / "deep" / "r.html"
    result = view(build_dir, "--out", out, "--max-posts", 3, "--tme", f"{channel}=https://t.me/SomeChannel")
    assert result.exit_code == 0, result.output
    assert "(the latest 3)" in result.output
    data = json.loads(DATA_BLOCK.search(out.read_text(encoding="utf-8")).group(1))
    ids = [record.post for record in read_records(build_dir / RECORDS)]
    message = {post.post_id: post.message_id for post in ids}
    assert [p["url"] for p in data["posts"]] == [f"https://t.me/SomeChannel/{message[p['id']]}" for p in data["posts"]]


@pytest.mark.parametrize("tme, message", [
    ("no-equals-sign", "is not CHANNEL=USERNAME"),
    ("x=not a name", "is not a public Telegram username"),
    ("x=@abc", "is not a public Telegram username"),
])
def test_kg_view_refuses_a_malformed_tme(build_dir, tme, message):
    result = view(build_dir, "--tme", tme)
    assert result.exit_code == 2 and message in result.output
    assert not (build_dir / "report.html").exists()


def test_kg_view_names_the_channels_when_tme_names_another(build_dir):
    channel = next(read_records(build_dir / RECORDS)).post.channel
    result = view(build_dir, "--tme", "nosuchchannel=MFARussia")
    assert result.exit_code == 1
    assert "nosuchchannel" in result.stderr and channel in result.stderr and "Traceback" not in result.output


def test_kg_view_of_a_folder_that_is_no_build(tmp_path):
    result = view(tmp_path)
    assert result.exit_code == 1 and "run `kg build" in result.stderr


# ---- the page, in Chromium ----

@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the test extra installs playwright")
    chromium = os.environ.get("OMKG_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        pytest.fail("kg view's report is tested in headless Chromium: install Debian's chromium package "
                    "(scripts/test does) or name one with OMKG_CHROMIUM")
    with sync_api.sync_playwright() as playwright:
        # no background networking: this machine has no network, and the report must need none
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


class Page:
    """The report open in a browser tab, with what the tab logged and fetched."""

    def __init__(self, browser, report: Path):
        self.problems: list[str] = []
        self.fetched: list[str] = []
        self.tab = browser.new_page(viewport={"width": 1400, "height": 1300})
        self.tab.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(f"{m.type}: {m.text}"))
        self.tab.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.tab.on("request", lambda request: self.fetched.append(request.url))
        self.tab.goto(report.as_uri())
        self.tab.wait_for_function("() => window.omkgReport !== undefined")
        self.settled()

    def settled(self):
        """Waits for the network's layout to finish (vis-network turns physics off when it has)."""
        self.tab.wait_for_function("() => !window.omkgReport.network.physics.physicsEnabled")

    def text(self, selector: str) -> str:
        return self.tab.text_content(selector) or ""

    def drawn(self) -> list[dict]:
        """The entities the network holds now."""
        return self.tab.evaluate("window.omkgReport.nodes.get().map(n => window.omkgReport.data.entities[n.id])")

    def painted_pixels(self) -> int:
        return self.tab.evaluate("""() => {
            const canvas = document.querySelector('#omkg-network canvas');
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
            return painted;
        }""")

    def click_node(self, index: int):
        box = self.tab.locator("#omkg-network canvas").bounding_box()
        point = self.tab.evaluate(f"""() => {{
            const network = window.omkgReport.network;
            return network.canvasToDOM(network.getPositions([{index}])[{index}]);
        }}""")
        self.tab.mouse.click(box["x"] + point["x"], box["y"] + point["y"])

    def click_clear_link(self) -> tuple[int, int]:
        """Clicks the middle of the link that lies farthest from every node; returns its two entities."""
        box = self.tab.locator("#omkg-network canvas").bounding_box()
        a, b, x, y = self.tab.evaluate("""() => {
            const network = window.omkgReport.network, at = network.getPositions();
            let best = null;
            for (const edge of window.omkgReport.edges.get()) {
                const x = (at[edge.from].x + at[edge.to].x) / 2, y = (at[edge.from].y + at[edge.to].y) / 2;
                const room = Math.min(...Object.values(at).map(p => Math.hypot(p.x - x, p.y - y)));
                if (!best || room > best.room) best = {room, edge, x, y};
            }
            const point = network.canvasToDOM({x: best.x, y: best.y});
            return [best.edge.from, best.edge.to, point.x, point.y];
        }""")
        self.tab.mouse.click(box["x"] + x, box["y"] + y)
        return a, b

    def listed_posts(self) -> list[str]:
        return [item.get_attribute("data-post") for item in self.tab.locator("#omkg-posts li[data-post]").all()]


def check_page(page: Page, data: dict, screenshot: Path) -> None:
    """What every report must show: the network drawn, the timeline, posts behind a click, search and filters."""
    entities, posts = data["entities"], data["posts"]
    drawn = page.drawn()
    status = page.text("#omkg-status")
    assert re.match(rf"Drawn: {len(drawn)} of [\d,]+ entities", status), status
    assert len(drawn) == min(80, len({e for p in posts for e in p["entities"]}))
    assert page.tab.locator("#omkg-network canvas").count() == 1 and page.painted_pixels() > 10_000

    # the timeline: the official with most events, each of their dated events an item
    official = page.tab.eval_on_selector("#omkg-official", "select => select.selectedOptions[0].textContent")
    note = page.text("#omkg-timeline-note")
    shown = int(re.match(r"(\d+) events? of ", note).group(1))
    assert shown > 0 and page.tab.locator("#omkg-timeline .vis-item.vis-box, #omkg-timeline .vis-item.vis-range").count() == shown, (official, note)

    # a click on the most mentioned entity lists the posts that mention it
    first = drawn[0]
    index = next(i for i, e in enumerate(entities) if e["id"] == first["id"])
    page.click_node(index)
    assert page.text("#omkg-details-title") == first["label"]
    mentioning = [i for i, p in enumerate(posts) if index in p["entities"]]
    latest_first = sorted(mentioning, key=lambda i: (posts[i]["date"] or "", i), reverse=True)
    assert page.listed_posts() == [posts[i]["id"] for i in latest_first[:100]]

    # a click on a link lists the posts that mention both its entities
    a, b = page.click_clear_link()
    assert page.text("#omkg-details-title") == f"{entities[a]['label']} and {entities[b]['label']}"
    both = {p["id"] for p in posts if a in p["entities"] and b in p["entities"]}
    assert page.listed_posts() and set(page.listed_posts()) <= both

    # a click on an event of the timeline lists the posts that report it
    page.tab.locator("#omkg-timeline .vis-item.vis-box").first.click()
    title = page.text("#omkg-details-title")
    reporting = [v for v in data["events"] if title.startswith(v["type"].replace("_", " ") + ", " + v["date"])
                 and {posts[p]["id"] for p in v["posts"]} == set(page.listed_posts())]
    assert len(reporting) == 1 and page.listed_posts(), title

    # the search box finds an entity by an alias of another script or a hashtag form, and lists its posts
    person = next(e for e in entities if e["type"] == "Person" and any(
        re.search("[а-яА-Я]", alias) for alias in e["aliases"]) and e["posts_in_build"])
    alias = next(a for a in person["aliases"] if re.search("[а-яА-Я]", a))
    page.tab.fill("#omkg-search", alias)
    page.tab.press("#omkg-search", "Enter")
    assert page.text("#omkg-details-title") == person["label"]
    assert page.listed_posts()
    page.tab.fill("#omkg-search", "#" + entities[index]["label"])
    page.tab.press("#omkg-search", "Enter")
    assert page.text("#omkg-details-title") == first["label"]

    # filters: no people; then a period of the latest posts only
    page.tab.uncheck("input[data-type=Person]")
    page.settled()
    assert page.drawn() and not [e for e in page.drawn() if e["type"] == "Person"]
    page.tab.check("input[data-type=Person]")
    latest = max(p["date"] for p in posts if p["date"])
    page.tab.fill("#omkg-from", latest)
    page.tab.dispatch_event("#omkg-from", "change")
    page.settled()
    on_that_day = sum(1 for p in posts if p["date"] == latest)
    assert f"from {on_that_day:,} of {len(posts):,} posts" in page.text("#omkg-status")
    # what was listed is listed again, of the posts kept
    assert page.text("#omkg-details-title") == first["label"]
    assert set(page.listed_posts()) == {p["id"] for p in posts if p["date"] == latest and index in p["entities"]}

    page.tab.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0
    assert page.problems == []
    assert all(url.startswith("file:") for url in page.fetched), page.fetched
    addresses = page.tab.evaluate("""() => [...document.querySelectorAll('[src], [href]')].map(
        element => element.tagName + ' ' + (element.getAttribute('src') || element.getAttribute('href')))""")
    assert all(re.match(r"A https://t\.me/\w+/\d+$", address) for address in addresses), addresses


def test_what_the_posts_say_is_shown_as_text_never_run(browser, tmp_path):
    attack = '<img src=x onerror="window.hacked=1"><script>window.hacked=2</script>'
    person = {"id": "person/x", "label": "Ann " + attack, "type": "Person", "kind": None, "aliases": [attack],
              "posts_in_build": 2, "degree": 1.0, "betweenness": 0.0, "community": 0}
    place = {**person, "id": "place/x", "label": "Town " + attack, "type": "Location", "aliases": []}
    data = {"build": attack, "posts_total": 2, "channels": [attack], "entities": [person, place],
            "posts": [{"id": f"{attack}/{n}", "channel": 0, "date": f"2024-01-0{n + 1}", "url": None,
                       "text": attack, "entities": [0, 1], "events": [0]} for n in range(2)],
            "events": [{"id": "event/x", "type": attack, "date": "2024-01-01", "end": None, "place": 1,
                        "participants": [0], "posts": [0, 1]}]}
    report = tmp_path / "report.html"
    report.write_text(render(data), encoding="utf-8")
    page = Page(browser, report)
    page.click_node(0)
    assert page.text("#omkg-details-title") == person["label"]
    page.tab.locator("#omkg-timeline .vis-item.vis-box").first.hover()
    page.tab.locator("#omkg-timeline .vis-item.vis-box").first.click()
    assert page.listed_posts() == [f"{attack}/1", f"{attack}/0"]
    page.tab.fill("#omkg-search", attack)
    page.tab.press("#omkg-search", "Enter")
    assert page.text("#omkg-details-title") == person["label"]
    assert page.tab.evaluate("window.hacked") is None
    assert page.tab.locator("img").count() == 0
    assert page.problems == [] and all(url.startswith("file:") for url in page.fetched), (page.problems, page.fetched)


def test_the_report_of_the_sample_works_in_chromium(browser, sample_build, tmp_path):
    report = tmp_path / "report.html"
    assert view(sample_build, "--out", report).exit_code == 0
    data = json.loads(DATA_BLOCK.search(report.read_text(encoding="utf-8")).group(1))
    check_page(Page(browser, report), data, tmp_path / "sample-report.png")


def test_the_report_of_the_mfa_posts_is_small_and_works_in_chromium(browser, tmp_path):
    build = tmp_path / "mfa"
    result = CliRunner().invoke(main, ["build", str(need(MFA_CSV)), "--out", str(build), "--no-progress"])
    assert result.exit_code == 0, result.output
    report = tmp_path / "report.html"
    assert view(build, "--out", report, "--tme", "mfa_telegram=MFARussia").exit_code == 0
    assert report.stat().st_size < MAX_MB * 1e6
    data = json.loads(DATA_BLOCK.search(report.read_text(encoding="utf-8")).group(1))
    assert len(data["posts"]) == data["posts_total"] == 505
    page = Page(browser, report)
    check_page(page, data, tmp_path / "mfa-report.png")
    links = page.tab.locator("#omkg-posts a[href^='https://t.me/MFARussia/']")
    assert links.count() == len(page.listed_posts()) > 0
