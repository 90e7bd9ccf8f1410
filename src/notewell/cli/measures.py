"""`notewell measures`: the standardized measures notewell scores, and scoring one.

notewell measures list
notewell measures score PHQ-9 --items 2,1,3,1,2,0,1,2,1 --previous 19
notewell measures score GAD-7 --total 12 --reliable-change 5 --output json
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape

from notewell.cli.console import console, fail, one_line_errors

measures_app = typer.Typer(
    help="Standardized measures (PHQ-9, GAD-7, PCL-5): their rules, and scoring one.",
    no_args_is_help=True,
)


@measures_app.command("list")
def list_measures() -> None:
    """List the measures: items, answers, bands, the missing-item rule, change thresholds."""
    from rich.table import Table

    from notewell.core.measures import measures

    table = Table(title="Standardized measures")
    table.add_column("measure", style="bold")
    table.add_column("items")
    table.add_column("bands")
    table.add_column("missing items")
    table.add_column("change")
    for m in measures().values():
        low, high = m.item_range
        bands = "; ".join(f"{b.min}-{b.max} {b.label}" for b in m.bands)
        change = f"reliable {m.change.reliable}" + (
            f", meaningful {m.change.meaningful}" if m.change.meaningful else ""
        )
        table.add_row(
            f"{m.name}\n{m.title}", f"{m.item_count} x {low}-{high}", bands, m.missing.rule, change
        )
    console.print(table)


@measures_app.command("score")
def score(
    measure: Annotated[str, typer.Argument(help="PHQ-9, GAD-7 or PCL-5.")],
    items: Annotated[
        str | None,
        typer.Option(
            "--items",
            help="Item answers in order, separated by commas; '-' for an unanswered item.",
        ),
    ] = None,
    total: Annotated[int | None, typer.Option("--total", help="A total instead of items.")] = None,
    previous: Annotated[
        int | None, typer.Option("--previous", help="The last administration's total.")
    ] = None,
    reliable_change: Annotated[
        int | None,
        typer.Option(
            "--reliable-change", min=1, help="Points of reliable change (default: the measure's)."
        ),
    ] = None,
    output: Annotated[str, typer.Option("--output", "-o", help="text or json.")] = "text",
) -> None:
    """Score one administration: total, band, change since the last, risk items raised."""
    from notewell.core.measures import (
        ChangeThresholds,
        compare,
        find_measure,
        score_answers,
        score_total,
    )
    from notewell.core.measures.wording import raised_items
    from notewell.core.models import MeasureReading

    with one_line_errors():
        found = find_measure(measure)
    if (items is None) == (total is None):
        raise fail("give either --items or --total")
    if output not in ("text", "json"):
        raise fail(f"unknown output {output!r} (text or json)")
    answers = _answers(items, found.item_count) if items is not None else None
    result = (
        score_answers(found, answers) if answers is not None else score_total(found, total or 0)
    )
    thresholds = None
    if reliable_change is not None:
        meaningful = found.change.meaningful
        thresholds = ChangeThresholds(
            reliable=reliable_change,
            meaningful=meaningful if meaningful and meaningful >= reliable_change else None,
        )
    change = (
        compare(found, previous, result.total, thresholds)
        if previous is not None and result.total is not None
        else None
    )
    raised = raised_items(
        MeasureReading(found.id, (0, 0), result.total, answers=tuple(answers or ()) or None)
    )
    report: dict[str, Any] = {
        "measure": found.name,
        "total": result.total,
        "max_total": found.max_total,
        "band": result.band,
        "prorated": result.prorated,
        "problem": result.problem,
        "clusters_met": result.clusters_met,
        "change": None
        if change is None
        else {
            "previous": change.previous,
            "points": change.points,
            "reliable": change.reliable,
            "meaningful": change.meaningful,
            "description": change.describe(),
        },
        "risk_items": [
            {"item": r.item, "answer": r.answer, "risk_type": r.risk_type, "prompt": r.prompt}
            for r in raised
        ],
    }
    if output == "json":
        console.print_json(json.dumps(report))
    else:
        _print(report)
    if result.total is None:
        raise typer.Exit(1)


def _answers(items: str, count: int) -> list[int | None]:
    answers: list[int | None] = []
    for raw in items.split(","):
        value = raw.strip()
        if value in ("-", "", "?", "na", "n/a"):
            answers.append(None)
        elif value.isdigit():
            answers.append(int(value))
        else:
            raise fail(f"--items: {value!r} is not an answer (a number, or '-' for unanswered)")
    if len(answers) != count:
        raise fail(f"--items: {len(answers)} answers given; the measure has {count} items")
    return answers


def _print(report: dict[str, Any]) -> None:
    name = report["measure"]
    if report["total"] is None:
        console.print(f"{name}: not scored ({report['problem']})")
        return
    line = f"{name} total {report['total']} of {report['max_total']} ({report['band']})"
    if report["prorated"]:
        line += ", prorated for unanswered items"
    console.print(line)
    if report["clusters_met"] is not None:
        console.print(
            "DSM-5 symptom-cluster rule " + ("met" if report["clusters_met"] else "not met")
        )
    if report["change"]:
        console.print(f"Change: {report['change']['description']}")
    for raised in report["risk_items"]:
        console.print(f"[bold red]Risk:[/] {escape(raised['prompt'])}")


def register(app: typer.Typer) -> None:
    """Add `measures` to the notewell command line."""
    app.add_typer(measures_app, name="measures")
