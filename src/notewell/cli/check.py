"""`notewell check` and `notewell rules`: the documentation checker on the command line.

`register(app)` adds both commands to the main Typer app. Imports here stay light:
the checker, datasketch and document readers load inside the commands, and `rules`
never loads spaCy. Exit status of `check`: 0 clean or warnings only, 1 any error-level
finding, 2 bad input (unreadable file, unknown type, bad profile or plan).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from notewell.core.errors import NotewellError

if TYPE_CHECKING:
    from notewell.core.check.profiles import Profile
    from notewell.core.models import Finding

NOTE_TYPES = ("progress", "psychotherapy")
OUTPUTS = ("text", "json")
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


class BadInput(Exception):
    """Input the user must fix: exit 2 with one line."""


def _out() -> Console:
    return Console(soft_wrap=True, highlight=False)


def _err() -> Console:
    return Console(stderr=True, soft_wrap=True, highlight=False)


def _fail(message: str) -> typer.Exit:
    _err().print(f"[bold red]error:[/] {message}", markup=True)
    return typer.Exit(2)


def _load_profile(value: str | None) -> Profile:
    from notewell.core.check.profiles import BUILTIN_PROFILES, builtin_profile, parse_profile
    from notewell.services.documents import read_text_file

    if value is None:
        return builtin_profile("default")
    path = Path(value)
    if not path.exists() and value.replace("-", "_") in BUILTIN_PROFILES:
        return builtin_profile(value)
    return parse_profile(read_text_file(path, "profile"), source=f"profile {path}")


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
) -> None:
    """Check notes against the documentation checklist before signing.

    Example: notewell check note.txt --type progress --plan plan.yaml --history notes/
    """
    try:
        code = _run_check(paths, note_type, plan, history, profile, signed, output)
    except (BadInput, NotewellError) as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(code)


def _run_check(
    paths: list[Path],
    note_type: str,
    plan_path: Path | None,
    history_dir: Path | None,
    profile_value: str | None,
    signed: str | None,
    output: str,
) -> int:
    from datetime import date

    from notewell.core.check import check_note
    from notewell.core.check.treatment_plan import parse_plan
    from notewell.services.documents import list_note_files, read_note_file, read_text_file

    if note_type not in NOTE_TYPES:
        raise BadInput(f"unknown note type {note_type!r} (known: {', '.join(NOTE_TYPES)})")
    if output not in OUTPUTS:
        raise BadInput(f"unknown output {output!r} (known: {', '.join(OUTPUTS)})")
    if signed is not None:
        try:
            signed = date.fromisoformat(signed).isoformat()
        except ValueError:
            raise BadInput(f"--signed {signed!r} is not a date (YYYY-MM-DD)") from None
    profile = _load_profile(profile_value)
    plan = parse_plan(read_text_file(plan_path, "plan"), f"plan {plan_path}") if plan_path else None
    files: list[Path] = []
    folder_mode = False
    for path in paths:
        if path.is_dir():
            folder_mode = True
            found = list_note_files(path)
            if not found:
                raise BadInput(f"{path}: no note files (.txt .md .docx .pdf) in this folder")
            files += found
        else:
            read_note_file(path)  # fail fast, before any output, on an unreadable file
            files.append(path)
    index, keys = _history(history_dir, profile) if history_dir else (None, {})
    results: list[dict[str, Any]] = []
    unreadable: list[str] = []
    err = _err()
    with _progress(folder_mode or len(files) > 1, len(files)) as advance:
        for path in files:
            try:
                text = read_note_file(path)
                findings = check_note(
                    text, note_type, profile, plan, index, signed, keys.get(path.resolve())
                )
            except NotewellError as exc:
                unreadable.append(str(exc))
                advance()
                continue
            results.append({"path": str(path), "note_type": note_type, "findings": findings})
            advance()
    for message in unreadable:
        err.print(f"[bold red]error:[/] {message}", markup=True)
    if output == "json":
        _print_json(results, multiple=folder_mode or len(paths) > 1)
    else:
        _print_text(results, multiple=folder_mode or len(files) > 1)
    if unreadable:
        return 2
    has_error = any(f.severity == "error" for r in results for f in r["findings"])
    return 1 if has_error else 0


def _history(folder: Path, profile: Profile) -> tuple[Any, dict[Path, str]]:
    from notewell.core.check.clone import HistoryIndex
    from notewell.services.documents import list_note_files, read_note_file

    if not folder.is_dir():
        raise BadInput(f"--history {folder}: not a folder")
    index = HistoryIndex(threshold=profile.thresholds.clone_similarity)
    keys: dict[Path, str] = {}
    for path in list_note_files(folder):
        key = str(path.relative_to(folder))
        index.add(key, read_note_file(path))
        keys[path.resolve()] = key
    return index, keys


class _progress:
    """A rich progress bar on stderr for folder audits; a no-op for one note."""

    def __init__(self, show: bool, total: int) -> None:
        self.show, self.total = show, total

    def __enter__(self) -> Any:
        if not self.show:
            return lambda: None
        from rich.progress import Progress

        self._bar = Progress(console=_err(), transient=True)
        self._bar.__enter__()
        task = self._bar.add_task("Checking notes", total=self.total)
        return lambda: self._bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.show:
            self._bar.__exit__(None, None, None)


def _print_json(results: list[dict[str, Any]], multiple: bool) -> None:
    notes = [{**r, "findings": [f.to_dict() for f in r["findings"]]} for r in results]
    if not multiple and len(notes) == 1:
        payload: Any = notes[0]
    else:
        counts = Counter(f["rule"] for n in notes for f in n["findings"])
        payload = {"notes": notes, "summary": {"notes": len(notes), "findings_by_rule": counts}}
    typer.echo(json.dumps(payload, indent=2))


def _print_text(results: list[dict[str, Any]], multiple: bool) -> None:
    console = _out()
    for result in results:
        findings: list[Finding] = result["findings"]
        if not findings:
            console.print(f"[bold]{result['path']}[/] ({result['note_type']}): no findings")
            continue
        console.print(f"[bold]{result['path']}[/] ({result['note_type']}): {_tally(findings)}")
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


def _summary_table(results: list[dict[str, Any]], console: Console) -> None:
    from rich.table import Table

    by_rule: dict[str, Counter[str]] = {}
    notes_with: Counter[str] = Counter()
    for result in results:
        for rule in {f.rule for f in result["findings"]}:
            notes_with[rule] += 1
        for f in result["findings"]:
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
    everything = [f for r in results for f in r["findings"]]
    console.print(f"{len(results)} notes checked: {_tally(everything)}.")


def rules_command(
    profile: Annotated[
        str | None, typer.Option("--profile", help="Show severities from this profile.")
    ] = None,
    output: Annotated[str, typer.Option("--output", "-o", help="text or json.")] = "text",
) -> None:
    """List the checker's rules with a one-line rationale and an example each."""
    from notewell.core.check.catalogue import rule_catalogue

    try:
        if output not in OUTPUTS:
            raise BadInput(f"unknown output {output!r} (known: {', '.join(OUTPUTS)})")
        chosen = _load_profile(profile)
    except (BadInput, NotewellError) as exc:
        raise _fail(str(exc)) from None
    rows = []
    for rule in rule_catalogue():
        config = chosen.rule(rule.id)
        severity = config.severity if config.enabled else "off"
        rows.append({**_info(rule), "severity": severity})
    if output == "json":
        typer.echo(json.dumps(rows, indent=2))
        return
    from rich.table import Table

    table = Table(title=f"Checker rules (profile: {chosen.name})", show_lines=True)
    for column in ("rule", "note", "severity", "why", "example"):
        table.add_column(column, style="bold" if column == "rule" else None)
    for row in rows:
        table.add_row(
            row["id"], row["applies_to"], row["severity"], row["rationale"], row["example"]
        )
    _out().print(table)


def _info(rule: Any) -> dict[str, str]:
    return {key: getattr(rule, key) for key in ("id", "applies_to", "rationale", "example")}


def register(app: typer.Typer) -> None:
    """Add `check` and `rules` to the notewell command line."""
    app.command("check")(check_command)
    app.command("rules")(rules_command)
