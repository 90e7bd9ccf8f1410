"""`notewell check` and `notewell rules`: the documentation checker on the command line.

`register(app)` adds both commands to the main Typer app. Each parses its options,
calls one function of `services.checking` and renders the result; the checker,
datasketch and document readers load inside the service, and `rules` never loads spaCy. Exit status of `check`: 0 clean or warnings only, 1 any error-level
finding, 2 bad input (unreadable file, unknown type, bad profile or plan).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from notewell.cli.console import console, err_console, fail, one_line_errors, print_error
from notewell.services import checking

if TYPE_CHECKING:
    from notewell.core.models import Finding
    from notewell.services.checking import NoteCheck

OUTPUTS = ("text", "json")
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def check_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Note files (.txt .md .docx .pdf) or folders.")
    ],
    note_type: Annotated[
        str, typer.Option("--type", "-t", help="Note type: progress or psychotherapy.")
    ] = "progress",
    plan: Annotated[
        Path | None, typer.Option("--plan", help="Treatment plan YAML (goals) to tie progress to.")
    ] = None,
    history: Annotated[
        Path | None, typer.Option("--history", help="Folder of the client's earlier notes.")
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option("--profile", help="Practice/payer profile YAML, or a built-in: payer_audit."),
    ] = None,
    signed: Annotated[
        str | None, typer.Option("--signed", help="Date the note was signed (YYYY-MM-DD).")
    ] = None,
    output: Annotated[str, typer.Option("--output", "-o", help="text or json.")] = "text",
    service: Annotated[
        str | None,
        typer.Option(
            "--service",
            "-s",
            help="The notes' service (intake, group, crisis, plan, discharge...); default: "
            "the service each note states, else individual.",
        ),
    ] = None,
    members: Annotated[
        list[str] | None,
        typer.Option("--member", "-m", help="A group member (repeat): flags other members named."),
    ] = None,
) -> None:
    """Check notes against the documentation checklist before signing.

    Example: notewell check note.txt --type progress --plan plan.yaml --history notes/
    """
    if output not in OUTPUTS:
        raise fail(f"unknown output {output!r} (known: {', '.join(OUTPUTS)})")
    request = checking.CheckRequest(
        paths, note_type, plan, history, profile, signed, service, tuple(members or ())
    )
    with one_line_errors(), _ProgressBar() as progress:
        report = checking.check_paths(request, progress)
    for message in report.unreadable:
        print_error(message)
    if output == "json":
        _print_json(report.checked, multiple=report.folder_mode or len(paths) > 1)
    else:
        _print_text(report.checked, multiple=report.folder_mode or report.files > 1)
    raise typer.Exit(2 if report.unreadable else 1 if report.has_errors else 0)


class _ProgressBar:
    """A rich progress bar on stderr while a batch is checked; nothing for one note."""

    def __enter__(self) -> _ProgressBar:
        self._bar: Any = None
        return self

    def start(self, total: int, batch: bool) -> None:
        if batch:
            from rich.progress import Progress

            self._bar = Progress(console=err_console, transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task("Checking notes", total=total)

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


def _print_json(results: list[NoteCheck], multiple: bool) -> None:
    notes = [
        {
            "path": str(r.path),
            "note_type": r.note_type,
            "findings": [f.to_dict() for f in r.findings],
        }
        for r in results
    ]
    if not multiple and len(notes) == 1:
        payload: Any = notes[0]
    else:
        counts = Counter(f.rule for r in results for f in r.findings)
        payload = {"notes": notes, "summary": {"notes": len(notes), "findings_by_rule": counts}}
    typer.echo(json.dumps(payload, indent=2))


def _print_text(results: list[NoteCheck], multiple: bool) -> None:
    for result in results:
        findings = result.findings
        if not findings:
            console.print(f"[bold]{result.path}[/] ({result.note_type}): no findings")
            continue
        console.print(f"[bold]{result.path}[/] ({result.note_type}): {_tally(findings)}")
        for f in findings:
            where = f"[{f.span[0]}-{f.span[1]}]" if f.span else ""
            console.print(
                f"  [{_STYLE[f.severity]}]{f.severity:<7}[/] {f.rule} {where}: {f.message}",
                markup=True,
            )
            if f.suggestion:
                console.print(f"           [dim]suggestion:[/] {f.suggestion}", markup=True)
    if multiple:
        _summary_table(results, console)


def _tally(findings: list[Finding]) -> str:
    counts: Counter[str] = Counter(f.severity for f in findings)
    parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in _STYLE if counts[s]]
    return ", ".join(parts) or "no findings"


def _summary_table(results: list[NoteCheck], console: Console) -> None:
    from rich.table import Table

    by_rule: dict[str, Counter[str]] = {}
    notes_with: Counter[str] = Counter()
    for result in results:
        for rule in {f.rule for f in result.findings}:
            notes_with[rule] += 1
        for f in result.findings:
            by_rule.setdefault(f.rule, Counter())[f.severity] += 1
    table = Table(title=f"Findings per rule ({len(results)} notes checked)")
    table.add_column("rule", style="bold")
    for column in ("errors", "warnings", "info", "notes affected"):
        table.add_column(column, justify="right")
    for rule, counts in sorted(by_rule.items(), key=lambda item: -sum(item[1].values())):
        table.add_row(
            rule,
            str(counts["error"]),
            str(counts["warning"]),
            str(counts["info"]),
            str(notes_with[rule]),
        )
    console.print(table)
    everything = [f for r in results for f in r.findings]
    console.print(f"{len(results)} notes checked: {_tally(everything)}.")


def rules_command(
    profile: Annotated[
        str | None, typer.Option("--profile", help="Show severities from this profile.")
    ] = None,
    output: Annotated[str, typer.Option("--output", "-o", help="text or json.")] = "text",
) -> None:
    """List the checker's rules with a one-line rationale and an example each."""
    if output not in OUTPUTS:
        raise fail(f"unknown output {output!r} (known: {', '.join(OUTPUTS)})")
    with one_line_errors():
        profile_name, rules = checking.list_rules(profile)
    rows = [rule.to_dict() for rule in rules]
    if output == "json":
        typer.echo(json.dumps(rows, indent=2))
        return
    from rich.table import Table

    table = Table(title=f"Checker rules (profile: {profile_name})", show_lines=True)
    for column in ("rule", "note", "severity", "why", "example"):
        table.add_column(column, style="bold" if column == "rule" else None)
    for row in rows:
        table.add_row(
            row["id"], row["applies_to"], row["severity"], row["rationale"], row["example"]
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add `check` and `rules` to the notewell command line."""
    app.command("check")(check_command)
    app.command("rules")(rules_command)
