"""`kg explain`, `kg stats`: the analyst's view of a build, in the terminal; `kg view`: in a browser."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console

from kg.cli.common import reports_errors
from kg.explain import explanation, find_record, render as render_explanation
from kg.stats import build_stats, render as render_stats
from kg.view import MAX_POSTS, tme_username, write_report


@click.command("explain")
@click.argument("build_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("post")
@click.option("--output", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: the post with its mentions highlighted, and tables; json: the same for tools.")
@reports_errors
def explain(build_dir, post, output):
    """Why the build says what it says about POST (its post id, or its message id): the text with every mention
    highlighted by type, its events with the words behind their date, place and participants, and its assertions
    with extractor and confidence."""
    explained = explanation(find_record(build_dir, post))
    if output == "json":
        click.echo(json.dumps(explained, ensure_ascii=False, indent=1))
    else:
        render_explanation(explained, Console(highlight=False, soft_wrap=False))


@click.command("stats")
@click.argument("build_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Entries per list.")
@click.option("--output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@reports_errors
def stats(build_dir, top, output):
    """What the build in DIR holds and who dominates it: posts, entities per type, the most-mentioned entities,
    the strongest co-mention pairs, events per month and type, the channels posts were forwarded from, and the
    degree and betweenness centrality and communities of the co-mention network (networkx)."""
    figures = build_stats(build_dir, top)
    if output == "json":
        click.echo(json.dumps(figures, ensure_ascii=False, indent=1))
    else:
        render_stats(figures, Console(highlight=False, soft_wrap=False))


def _tme(ctx, option, values: tuple[str, ...]) -> dict[str, str]:
    links = {}
    for value in values:
        channel, equals, username = value.rpartition("=")
        if not equals or not channel.strip():
            raise click.BadParameter(f"{value!r} is not CHANNEL=USERNAME (e.g. --tme mfa_telegram=MFARussia)")
        try:
            links[channel.strip()] = tme_username(username)
        except ValueError as err:
            raise click.BadParameter(str(err)) from None
    return links


@click.command("view")
@click.argument("build_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="The report's file.  [default: DIR/report.html]")
@click.option("--max-posts", type=click.IntRange(min=1), default=MAX_POSTS, show_default=True,
              help="Posts the report holds at most: a larger build is shown by its latest posts (the page says so).")
@click.option("--tme", "tme", multiple=True, metavar="CHANNEL=USERNAME", callback=_tme,
              help="Link the posts of CHANNEL (its name in the build) to t.me/USERNAME/<message id>; repeatable.")
@reports_errors
def view(build_dir, out, max_posts, tme):
    """Write one self-contained HTML report of the build in DIR that opens offline in a browser: the co-mention
    network (colour by type, size by posts; click an entity or a link for its posts; a search box), an official's
    timeline of events, and filters by type, period and channel."""
    report = write_report(build_dir, out or build_dir / "report.html", max_posts, tme)
    kept = f" (the latest {report.kept:,})" if report.kept < report.posts else ""
    click.echo(f"wrote {report.path} ({report.size / 1e6:.1f} MB): {report.posts:,} posts{kept}, "
               f"{report.entities:,} entities, {report.events:,} events")
