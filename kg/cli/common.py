"""What every command shares: one clear line and exit code 1 for errors the user can fix; query results as a
table, CSV or JSON (`kg sparql` and `kg cypher` print the same way)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import sys
import threading
from functools import wraps

import click

from kg.errors import KgError


INTERRUPTED = 130  # the shell's code for a command stopped by Ctrl-C (128 + SIGINT)
TERMINATED = 128 + signal.SIGTERM


def reports_errors(command):
    """Turn our errors, and the system's (a full disk), into one clear line on stderr and exit code 1 — never a
    traceback; Ctrl-C into exit code 130, after what the command was doing has cleaned up (a build leaves its
    directory as it was)."""

    @wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except BrokenPipeError:  # what reads the output has stopped (`| head`): no error of ours to report
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's flush at exit would fail
            sys.exit(1)
        except (KgError, OSError) as err:  # OSError: a full disk, a file we may not write…
            click.echo(f"kg: error: {err}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            sys.exit(INTERRUPTED)

    return run


def exit_on_terminate() -> None:
    """SIGTERM (`kill`, a scheduler's time limit) ends the command as Ctrl-C does — cleaning up on the way out —
    with exit code 143, instead of ending the process where it stands."""

    def terminate(_number, _frame):
        raise SystemExit(TERMINATED)

    if threading.current_thread() is threading.main_thread():  # (the only thread that may set a handler)
        signal.signal(signal.SIGTERM, terminate)


PARAMETER = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)", re.DOTALL)  # a name both SPARQL and Cypher accept


def query_parameters(ctx, option, values: tuple[str, ...]) -> dict[str, str]:
    """`--param NAME=VALUE` of `kg sparql` and `kg cypher`: the value is everything after the first `=`."""
    parameters = {}
    for value in values:
        match = PARAMETER.fullmatch(value)
        if not match:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE (e.g. --param organisation=CSTO)")
        parameters[match.group(1)] = match.group(2)
    return parameters


OUTPUTS = ("table", "csv", "json")


def render_rows(columns: list[str], rows: list, output: str) -> str:
    if output == "json":
        return json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=1) + "\n"
    cells = [[_cell(value) for value in row] for row in rows]
    if output == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([columns, *cells])
        return buffer.getvalue()
    cells = [[_one_line(value) for value in row] for row in cells]  # a table keeps one row per line
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = [columns, ["-" * w for w in widths], *cells]
    text = "".join("  ".join(v.ljust(w) for v, w in zip(line, widths)).rstrip() + "\n" for line in lines)
    return text + f"({len(cells)} row{'s' if len(cells) != 1 else ''})\n"


LINE_BREAKS = str.maketrans({"\r": "\\r", "\n": "\\n", "\t": "\\t", "\v": "\\v", "\f": "\\f",
                             "\x1c": "\\x1c", "\x1d": "\\x1d", "\x1e": "\\x1e", "\x85": "\\x85",
                             "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _one_line(text: str) -> str:
    """The text with what would break or shift a table's line (every line break Python knows, tabs) written as
    escapes."""
    return text.translate(LINE_BREAKS)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
