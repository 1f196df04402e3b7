"""`kg load` and `kg cypher`, and the Neo4j connection options they share with `kg build --neo4j`."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import OUTPUTS, query_parameters, render_rows, reports_errors
from kg.errors import KgError
from kg.neo4j import Neo4jSettings, connect, load_build, run_cypher
from kg.neo4j.connection import DEFAULT_URI, DEFAULT_USER
from kg.neo4j.loader import DEFAULT_BATCH_SIZE, LoadSummary
from kg.queries import description, load_query, shipped, signature

CONNECTION_OPTIONS = (
    click.option("--uri", help=f"Bolt URI of the Neo4j server [env NEO4J_URI; default {DEFAULT_URI}]."),
    click.option("--user", help=f"Neo4j user [env NEO4J_USER; default {DEFAULT_USER}]."),
    click.option("--password", help="Neo4j password [env NEO4J_PASSWORD]."),
    click.option("--database", help="Neo4j database [env NEO4J_DATABASE; default: the server's default]."),
)


def connection_options(command):
    """--uri, --user, --password, --database; each falls back to its NEO4J_* variable."""
    for option in reversed(CONNECTION_OPTIONS):
        command = option(command)
    return command


def load_and_report(build_dir: Path, settings: Neo4jSettings, batch_size: int = DEFAULT_BATCH_SIZE,
                    progress: bool | None = None, everything: bool = False) -> LoadSummary:
    summary = load_build(build_dir, settings, batch_size, progress, everything)
    rate = summary.rows / summary.seconds if summary.seconds else 0
    click.echo(f"loaded {build_dir} into Neo4j at {settings.uri}, database {settings.database_name}: "
               f"nodes {summary.nodes_created} created, {summary.nodes_existing} already there; "
               f"relationships {summary.relationships_created} created, {summary.relationships_existing} already "
               f"there; time: {summary.seconds:.1f} s ({rate:,.0f} rows/s)")
    if summary.posts_unchanged:
        click.echo(f"{summary.posts_unchanged} posts not sent: Neo4j holds them as their records are (--all sends "
                   f"every post)")
    return summary


@click.command()
@click.argument("build_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@connection_options
@click.option("--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH_SIZE, show_default=True,
              help="Rows per transaction.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on when stderr is a terminal).")
@click.option("--all", "everything", is_flag=True,
              help="Send every post, not only those Neo4j does not hold as their records are.")
@reports_errors
def load(build_dir, uri, user, password, database, batch_size, progress, everything):
    """Load the graph of BUILD_DIR (written by `kg build --out BUILD_DIR`) into Neo4j.

    Loading is idempotent: loading the same build again changes nothing, a build of a longer export adds only
    what is new, and a load that stopped half-way is completed by running it again. A post Neo4j holds as its
    record is (loaded before, unchanged since) is not sent again: after `kg build --update`, only the new are.
    """
    load_and_report(build_dir, Neo4jSettings.resolve(uri, user, password, database), batch_size, progress,
                    everything)


@click.command()
@click.argument("query", required=False)
@click.option("--param", "-p", "parameters", multiple=True, callback=query_parameters, metavar="NAME=VALUE",
              help="A query parameter, bound safely (never pasted into the text); may be repeated. Entity "
                   "parameters (organisation, person, place, entity) take an id, a label or an alias.")
@click.option("--output", type=click.Choice(OUTPUTS), default="table", show_default=True)
@click.option("--list", "list_queries", is_flag=True, help="List the shipped queries and what they answer.")
@connection_options
@reports_errors
def cypher(query, parameters, output, list_queries, uri, user, password, database):
    """Run QUERY on Neo4j: a shipped query's name (see --list), a .cypher file or inline Cypher text."""
    if list_queries:
        for name, path in shipped("cypher").items():
            takes = signature(path.read_text(encoding="utf-8"))
            click.echo(f"{name:<24} {description(path)}" + (f"  [{takes}]" if takes else ""))
        return
    if not query:
        raise click.UsageError("give a QUERY (a shipped name, a .cypher file or Cypher text), or --list")
    text = load_query(query, "cypher")
    settings = Neo4jSettings.resolve(uri, user, password, database)
    with connect(settings) as driver:
        result = run_cypher(driver, settings, text, parameters)
    for warning in result.warnings:
        click.echo(f"kg: warning from Neo4j: {warning}", err=True)
    click.echo(render_rows(result.columns, result.rows, output), nl=False)




def neo4j_target(enabled: bool, uri, user, password, database) -> Neo4jSettings | None:
    """`kg build --neo4j`: the settings, once the server has answered — so a wrong password fails before the build."""
    if not enabled:
        return None
    settings = Neo4jSettings.resolve(uri, user, password, database)
    with connect(settings):
        return settings


def load_after_build(out_dir: Path, settings: Neo4jSettings, progress: bool | None) -> None:
    try:
        load_and_report(out_dir, settings, progress=progress)
    except KgError as err:
        raise KgError(f"{err} (the build in {out_dir} is complete; load it with `kg load {out_dir}`)") from None
