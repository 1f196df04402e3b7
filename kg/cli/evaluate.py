"""`kg eval`: score a build against gold annotations and list every miss."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.build_dir import require_complete
from kg.cli.common import reports_errors
from kg.evaluate import KEYS, evaluate, evaluate_resolution, is_resolution_gold
from kg.records import RECORDS


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--build", "build_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("build"), show_default=True, help="The build directory (its mentions.jsonl is scored).")
@click.option("--aliases", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSON object: canonical name → other accepted names.")
@click.option("--key", type=click.Choice(KEYS), default="ordinal", show_default=True,
              help="How gold lines find their post: position in the input, or the source's message id.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@reports_errors
def evaluate_command(gold, build_dir, aliases, key, as_json):
    """Score BUILD's extraction against GOLD (JSONL in the guidelines' format).

    A GOLD whose events name the real event they are (`"event": KEY`) scores cross-post event resolution instead:
    the pairs of posts joined by one event id, against the pairs the gold joins.
    """
    require_complete(build_dir)
    if is_resolution_gold(gold):
        resolution = evaluate_resolution(gold, build_dir / RECORDS, key)
        if as_json:
            click.echo(json.dumps(resolution.to_json(), ensure_ascii=False, indent=1))
            return
        for miss in resolution.misses:
            click.echo(f"  {miss}")
        pairs = resolution.pairs
        click.echo(f"cross-post events: {resolution.posts} posts; pairs of posts joined rightly {pairs.tp}, wrongly "
                   f"{pairs.fp}, missed {pairs.fn}; P={pairs.precision:.3f} R={pairs.recall:.3f} F1={pairs.f1:.3f}")
        return
    score = evaluate(gold, build_dir / RECORDS, aliases, key)
    if as_json:
        click.echo(json.dumps(score.to_json(), ensure_ascii=False, indent=1))
        return
    for miss in score.misses:
        click.echo(f"  {miss}")
    for name, prf in score.entities.items():
        click.echo(f"{name:13s} P={prf.precision:.3f} R={prf.recall:.3f} F1={prf.f1:.3f}")
    click.echo(f"events: {score.events} date_acc={score.event_date_accuracy:.3f} "
               f"place_acc={score.event_place_accuracy:.3f} participants_F1={score.participants.f1:.3f}")
    click.echo(f"entities_f1={score.entities['micro'].f1:.3f} events_date_acc={score.event_date_accuracy:.3f} "
               f"events_place_acc={score.event_place_accuracy:.3f} participants_f1={score.participants.f1:.3f}")
