"""`kg explain`, `kg stats`: the analyst's view of a build, in the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console

from kg.cli.common import reports_errors
from kg.explain import explanation, find_record, render as render_explanation
from kg.stats import build_stats, render as render_stats


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
