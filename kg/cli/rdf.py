"""`kg export`, `kg validate`, `kg sparql`, `kg serve`: the RDF side of a build, options in, library call, result
out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from kg.cli.common import OUTPUTS, query_parameters, render_rows, reports_errors
from kg.cli.neo4j import connection_options
from kg.errors import KgError
from kg.export import DEFAULT_FORMATS, FORMATS, export as export_graph, format_named, format_of, is_rdf_format
from kg.graph import graph_of_build
from kg.neo4j import Neo4jSettings, graph_from_neo4j
from kg.neo4j.admin_import import write_admin_import
from kg.network import BY_SUFFIX as NETWORK_BY_SUFFIX, NETWORK_FILE, NETWORK_FORMATS, export_network
from kg.queries import description, load_query, shipped, signature
from kg.rdf import DEFAULT_BASE
from kg.sparql import load_store, run_query
from kg.store import DEFAULT_PORT, serve_command
from kg.validate import format_report, validate_export

FORMAT_NAMES = ", ".join(FORMATS)
NEO4J_ADMIN = "neo4j-admin"  # not RDF: CSV files for `neo4j-admin database import full`


@click.command("export")
@click.argument("build_dir", metavar="[DIR]", required=False, type=click.Path(path_type=Path))
@click.option("--format", "-f", "formats", multiple=True,
              help=f"RDF format(s): {FORMAT_NAMES}; repeat the option or separate with commas. Default: the "
                   f"format --out's extension names (.graphml and .gexf too), else turtle and trig. Networks for "
                   f"Gephi or Cytoscape: {', '.join(NETWORK_FORMATS)} (one edge per relation between two nodes, "
                   f"counted; csv: {NETWORK_FILE}-nodes.csv and {NETWORK_FILE}-edges.csv). Or {NEO4J_ADMIN}: the CSV files of "
                   "`neo4j-admin database import full`, into the directory --out (alone, from DIR).")
@click.option("--out", type=click.Path(path_type=Path),
              help=f"A file (one format), a directory (graph.<ext> per RDF format, {NETWORK_FILE}.<ext> per network "
                   "format; default DIR), or - for stdout.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the data IRIs.")
@click.option("--from-neo4j", is_flag=True, help="Read the graph from Neo4j (as `kg load` wrote it) instead of DIR.")
@connection_options
@reports_errors
def export(build_dir, formats, out, base, from_neo4j, uri, user, password, database):
    """Write the graph of a build directory DIR (its mentions.jsonl), or of Neo4j, as RDF, as a network for Gephi
    or Cytoscape — or as the CSV files of a Neo4j import."""
    names = [name.strip() for option in formats for name in option.split(",") if name.strip()]
    if NEO4J_ADMIN in names:
        _export_neo4j_admin(names, build_dir, out, from_neo4j)
        return
    unknown = [name for name in names if name.lower() not in NETWORK_FORMATS and not is_rdf_format(name)]
    if unknown:
        raise KgError(f"unknown format {unknown[0]!r}; choose from {FORMAT_NAMES}, {', '.join(NETWORK_FORMATS)} or "
                      f"{NEO4J_ADMIN}")
    networks = [NETWORK_FORMATS[name.lower()] for name in names if name.lower() in NETWORK_FORMATS]
    chosen = [format_named(name) for name in names if name.lower() not in NETWORK_FORMATS]
    if not names:
        named_by_out = out is not None and str(out) != "-" and out.suffix and not out.is_dir()
        if named_by_out and out.suffix.lower() in NETWORK_BY_SUFFIX:
            networks = [NETWORK_BY_SUFFIX[out.suffix.lower()]]
        else:
            chosen = [format_of(out)] if named_by_out else [FORMATS[name] for name in DEFAULT_FORMATS]
    if chosen and networks and out is not None and (str(out) == "-" or (out.suffix and not out.is_dir())):
        raise KgError(f"--out {out} names one file; RDF and network formats together need a directory")
    if from_neo4j:
        graph = graph_from_neo4j(Neo4jSettings.resolve(uri, user, password, database))
    else:
        graph = graph_of_build(_build_directory(build_dir, "or --from-neo4j"))
    written = export_graph(graph, chosen, out, base, default_dir=build_dir) if chosen else {}
    networks_written = export_network(graph, networks, out, default_dir=build_dir) if networks else []
    if str(out) != "-":
        for fmt, (path, count) in written.items():
            unit = "quads" if FORMATS[fmt].named_graphs else "triples"
            click.echo(f"wrote {path} ({count} {unit})")
        for path in networks_written:
            click.echo(f"wrote {path}")


def _export_neo4j_admin(names: list[str], build_dir: Path | None, out: Path | None, from_neo4j: bool) -> None:
    if len(names) > 1 or from_neo4j:
        raise KgError(f"--format {NEO4J_ADMIN} is written alone and from a build directory")
    if out is None or str(out) == "-":
        raise KgError(f"--format {NEO4J_ADMIN} writes a directory of CSV files: name it with --out CSVDIR")
    written = write_admin_import(_build_directory(build_dir), out)
    click.echo(f"wrote {written.directory}: {sum(written.nodes.values())} nodes, "
               f"{sum(written.relationships.values())} relationships")
    click.echo(f"import them into a new database (its server stopped): {written.command()}")
    click.echo(f"then, with the server started, create the constraints `kg load` makes: {written.directory}/"
               f"schema.cypher (cypher-shell -f)")


def _build_directory(build_dir: Path | None, alternative: str = "") -> Path:
    if build_dir is None:
        raise KgError(f"give the build directory DIR to export{', ' + alternative if alternative else ''}")
    if not build_dir.is_dir():
        raise KgError(f"{build_dir}: no such build directory; run `kg build --out {build_dir}` first")
    return build_dir


@click.command("validate")
@click.argument("data", metavar="PATH", type=click.Path(path_type=Path))
@click.option("--base", default=DEFAULT_BASE, show_default=True,
              help="Base IRI of the data IRIs (focus nodes under it are shown as our ids).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="the machine's cores", help="Processes checking parts of the graph at once.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on when stderr is a terminal).")
@reports_errors
def validate(data, base, jobs, progress):
    """Check an export against the SHACL shapes (ontology/shapes.ttl): a build directory (its query store, else its
    graph.trig) or an RDF file (.ttl, .nt, .trig, .nq, .jsonld). Exits with 1 when there are violations."""
    report = validate_export(data, base, jobs, progress)
    click.echo(format_report(report))
    if not report.conforms:
        sys.exit(1)


@click.command("sparql")
@click.argument("query", required=False)
@click.option("--data", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="A build directory (its query store, else graph.trig, else mentions.jsonl), a build's "
                   "mentions.jsonl or an RDF file.")
@click.option("--param", "-p", "params", multiple=True, callback=query_parameters, metavar="NAME=VALUE",
              help="Bind the query's ?param_NAME; entities by id, label or alias, dates as YYYY-MM-DD. "
                   "Repeatable.")
@click.option("--output", "output", type=click.Choice(OUTPUTS), default="table",
              show_default=True)
@click.option("--list", "list_queries", is_flag=True, help="List the shipped queries and exit.")
@click.option("--base", default=DEFAULT_BASE, show_default=True,
              help="Base IRI used when the data is read from mentions.jsonl.")
@reports_errors
def sparql(query, data, params, output, list_queries, base):
    """Run QUERY — a shipped query's name, a .rq file or SPARQL text — over an export."""
    if list_queries:
        for name, path in shipped("sparql").items():
            takes = signature(path.read_text(encoding="utf-8"))
            click.echo(f"{name:<24} {description(path)}" + (f"  [{takes}]" if takes else ""))
        return
    if not query:
        raise KgError("give a QUERY (a shipped name, a .rq file or SPARQL text), or --list")
    if not data.exists():
        raise KgError(f"{data}: no such file or build directory; build one with `kg build --out {data}`, or point "
                      "--data at a build or an RDF file")
    text = load_query(query, "sparql")
    answer = run_query(load_store(data, base), text, params)
    click.echo(render_rows(answer.columns, answer.rows, output), nl=False)


@click.command("serve")
@click.argument("build_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one).")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535))
@reports_errors
def serve(build_dir, host, port):
    """Serve the query store of the build in DIR as a SPARQL 1.1 endpoint (read-only), until Ctrl-C."""
    command = serve_command(build_dir, host, port)
    click.echo(f"serving {build_dir} at http://{host}:{port}/query (SPARQL 1.1 Protocol; the union of its graphs "
               f"is the default graph); Ctrl-C stops", err=True)
    sys.exit(subprocess.run(command).returncode)
