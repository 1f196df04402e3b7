"""`kg build`: options in, library call, summary out."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kg.build import Selection, build as run_build
from kg.cli.common import reports_errors
from kg.cli.neo4j import connection_options, load_after_build, neo4j_target
from kg.extract.pipeline import DEFAULT_EXTRACTORS
from kg.rdf import DEFAULT_BASE
from kg.sources import ReaderOptions, registry


class _Formats(click.Choice):
    """The registered input formats, read when --format is parsed: a format registered after import is one."""

    def __init__(self) -> None:
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        return registry.formats()


@click.command()
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True,
              help="Directory for mentions.jsonl, graph.ttl, graph.trig, store/, extracted.jsonl and build.json.")
@click.option("--format", "fmt", type=_Formats(), help="Force the input format instead of detecting it.")
@click.option("--text-column", help="CSV/JSON field holding the post text (detected when omitted).")
@click.option("--id-column", help="CSV/JSON field holding the message id.")
@click.option("--date-column", help="CSV/JSON field holding the post date.")
@click.option("--channel", "channel_options", multiple=True, metavar="[INPUT=]NAME",
              help="Channel name to record for the posts (overrides what the input says): for every input, or with "
                   "INPUT= for that input's posts only; may be repeated.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Only posts of this day or later (posts without a date are left out, and counted).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Only posts of this day or earlier (posts without a date are left out, and counted).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N posts (of the period, if one is given).")
@click.option("--gazetteer", "gazetteer_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra gazetteer TSV (see kg/data/README.md); may be given several times.")
@click.option("--extractors", default=",".join(DEFAULT_EXTRACTORS), show_default=True,
              help="Comma-separated extractors to run, in order.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI for the RDF export.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on when stderr is a terminal).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="the machine's cores",
              help="Processes extracting posts at once; the output is the same for any number.")
@click.option("--store/--no-store", default=True, show_default=True,
              help="Keep the query store (DIR/store) for kg sparql and kg serve; without it they read graph.trig.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Extract on the workers of this Dask scheduler (tcp://host:8786) instead; needs omkg[distributed].")
@click.option("--update", is_flag=True,
              help="Extract only the posts the build in --out has not (new or changed); the output is a full build's.")
@click.option("--neo4j", "to_neo4j", is_flag=True, help="Then load the graph into Neo4j (as `kg load OUT` does).")
@connection_options
@reports_errors
def build(inputs, out_dir, fmt, text_column, id_column, date_column, channel_options, since, until, limit,
          gazetteer_files,
          extractors, base, progress, jobs, store, scheduler, update, to_neo4j, uri, user, password, database):
    """Build the graph from INPUT files (Telegram Desktop export, t.me/s page, text dump, CSV, JSON, JSONL) or
    folders (every file in them that one of these readers takes; the others are listed as skipped).

    With no INPUT, builds the bundled sample channel.
    """
    if since and until and since > until:
        raise click.BadParameter(f"--since {since:%Y-%m-%d} is after --until {until:%Y-%m-%d}")
    channel, channels = _channels(channel_options, inputs)
    options = ReaderOptions(text_column=text_column, id_column=id_column, date_column=date_column, channel=channel)
    selection = Selection(since.date() if since else None, until.date() if until else None, limit)
    neo4j_settings = neo4j_target(to_neo4j, uri, user, password, database)
    summary = run_build(list(inputs), out_dir, fmt, options, tuple(gazetteer_files),
                        tuple(n.strip() for n in extractors.split(",") if n.strip()), base, progress, jobs,
                        scheduler, store, update, selection, channels)
    for error in summary.errors:
        click.echo(f"kg: error: {error} (partial build: the posts before it were kept)", err=True)
    if summary.failed:
        first = summary.failed[0]
        click.echo(f"kg: error: extraction failed on {len(summary.failed)} post(s), a bug rather than bad data (first: "
                   f"{first['source']} {first['where']}: {first['error']}); tracebacks in "
                   f"{out_dir / 'build.json'}", err=True)
    entities = ", ".join(f"{count} {kind}" for kind, count in summary.entities.items())
    click.echo(f"posts read: {summary.posts} (empty {summary.empty_posts}); skipped: {len(summary.skipped)}; "
               f"service messages ignored: {summary.service_messages}")
    for skip in summary.skipped[:10]:
        click.echo(f"  skipped {skip['source']} {skip['where']}: {skip['reason']}")
    if len(summary.skipped) > 10:
        click.echo(f"  … {len(summary.skipped) - 10} more in build.json")
    if summary.skipped_files:
        click.echo(f"files skipped in input folders: {len(summary.skipped_files)} (no reader takes them)")
        for skip in summary.skipped_files[:10]:
            click.echo(f"  skipped {skip['source']}: {skip['reason']}")
        if len(summary.skipped_files) > 10:
            click.echo(f"  … {len(summary.skipped_files) - 10} more in build.json")
    if since or until:
        click.echo(f"left out by --since/--until: {summary.outside_period} posts outside the period, "
                   f"{summary.undated_left_out} without a date")
    if summary.limit_reached:
        click.echo(f"stopped reading after {limit} posts (--limit)")
    if update:
        click.echo(f"extracted: {summary.extracted} new or changed posts; the others from the build in {out_dir}")
    click.echo(f"entities: {entities}; mentions: {summary.mentions}; events: {summary.events}; "
               f"triples: {summary.triples}; time: {summary.seconds:.1f} s")
    click.echo(f"wrote {', '.join(summary.outputs)}")
    if neo4j_settings:
        load_after_build(out_dir, neo4j_settings, progress)
    if summary.partial:
        sys.exit(1)


def _channels(values: tuple[str, ...], inputs: tuple[Path, ...]) -> tuple[str | None, dict[Path, str]]:
    """--channel values: one NAME for every input, and INPUT=NAME for one input (INPUT as given on the command line;
    a value whose part before `=` is no input is a NAME holding `=`)."""
    every, per_input = None, {}
    for value in values:
        given, _, name = value.partition("=")
        if name and Path(given) in inputs:
            per_input[Path(given)] = name
        elif every is None:
            every = value
        else:
            raise click.BadParameter(f"two channel names for every input ({every!r}, {value!r}); name an input's "
                                     "with INPUT=NAME", param_hint="--channel")
    return every, per_input
