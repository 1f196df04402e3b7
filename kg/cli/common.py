"""What every command shares: one clear line and exit code 1 for errors the user can fix."""

from __future__ import annotations

import sys
from functools import wraps

import click

from kg.errors import KgError


def reports_errors(command):
    """Turn our errors into one clear line on stderr and exit code 1 — never a traceback."""

    @wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KgError as err:
            click.echo(f"kg: error: {err}", err=True)
            sys.exit(1)

    return run
