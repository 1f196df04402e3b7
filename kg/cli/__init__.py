"""The `kg` command line: the commands live in the modules of kg/cli/ by theme (analysis, build, evaluate, neo4j, rdf);
each parses its options and calls the library."""

import click

from kg.cli.analysis import explain, stats, view
from kg.cli.build import build
from kg.cli.common import exit_on_terminate
from kg.cli.evaluate import evaluate_command
from kg.cli.neo4j import cypher, load
from kg.cli.rdf import export, serve, sparql, validate


@click.group()
@click.version_option(package_name="omkg")
def main():
    """omkg — turn Telegram channel posts into an organisation-mention knowledge graph."""
    exit_on_terminate()


main.add_command(build)
main.add_command(evaluate_command)
main.add_command(load)
main.add_command(cypher)
main.add_command(export)
main.add_command(validate)
main.add_command(sparql)
main.add_command(serve)
main.add_command(explain)
main.add_command(stats)
main.add_command(view)
