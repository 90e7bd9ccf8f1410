"""`notewell draft`, `formats` and `interventions`: drafting on the command line.

spaCy and medspaCy load inside `draft` only, so the listings start fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from notewell.cli.console import err_console, fail
from notewell.cli.console import reading_console as console
from notewell.core.errors import NotewellError

if TYPE_CHECKING:
    from notewell.core.models import Draft, GroupDraft
    from notewell.services.drafting import DraftRequest


class Output(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class InputKind(StrEnum):
    shorthand = "shorthand"
    dictation = "dictation"
    transcript = "transcript"
    structured = "structured"


def draft(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Session files or folders; '-' or nothing reads standard input."),
    ] = None,
    note_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="Note format (see `notewell formats`); default: the service's format "
            "(DAP for individual psychotherapy). For a group, the members' note format.",
        ),
    ] = None,
    service: Annotated[
        str | None,
        typer.Option(
            "--service",
            "-s",
            help="Service: individual, intake, group, family, couples, crisis, plan, "
            "discharge, case-management, collateral, check-in; default: the service "
            "the input states, else individual.",
        ),
    ] = None,
    members: Annotated[
        list[str] | None,
        typer.Option(
            "--member",
            "-m",
            help="A group member present (repeat for each); default: the input's "
            "'Members present:' line.",
        ),
    ] = None,
    format_file: Annotated[
        Path | None, typer.Option("--format-file", help="A user-defined format (YAML).")
    ] = None,
    input_type: Annotated[
        InputKind | None, typer.Option("--input-type", help="Input kind; detected when omitted.")
    ] = None,
    psychotherapy_note: Annotated[
        bool,
        typer.Option("--psychotherapy-note", help="Also draft the private psychotherapy note."),
    ] = False,
    output: Annotated[Output, typer.Option("--output", "-o", help="Output form.")] = Output.text,
    style: Annotated[
        Path | None,
        typer.Option(
            "--style",
            help="Style preferences (YAML); default: $NOTEWELL_STYLE or the "
            "user config file notewell/style.yaml.",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out-dir", help="Write one output file per input here (batch mode)."),
    ] = None,
) -> None:
    """Draft a progress note from session details (shorthand, dictation, transcript or YAML/JSON).

    Examples: notewell draft session.txt --format soap --output markdown;
    notewell draft intake.txt --service intake;
    notewell draft group.txt --service group --member "Dana R." --member Luis --member Kat
    """
    from notewell.core.formats.services import find_service
    from notewell.services import drafting

    try:
        request = drafting.DraftRequest(
            note_format=drafting.resolve_format(note_format, format_file),
            style=drafting.load_style(style),
            input_type=input_type.value if input_type else None,
            psychotherapy_note=psychotherapy_note,
            service=find_service(service).id if service else None,
            members=tuple(members or ()),
        )
        if not paths or paths == [Path("-")]:
            if out_dir is not None:
                raise fail("--out-dir needs input files or folders")
            text = drafting.decode_input(sys.stdin.buffer.read(), "standard input")
            _emit(drafting.draft_session(text, request), output)
            return
        files = drafting.expand_paths(paths)
    except NotewellError as exc:
        raise fail(str(exc)) from None
    if len(files) == 1 and out_dir is None:
        try:
            _emit(drafting.draft_session(drafting.read_session_file(files[0]), request), output)
        except NotewellError as exc:
            raise fail(str(exc)) from None
        return
    _draft_batch(files, request, output, out_dir)


def _draft_batch(
    files: list[Path], request: DraftRequest, output: Output, out_dir: Path | None
) -> None:
    from rich.progress import Progress

    from notewell.services import drafting

    if out_dir is not None:
        try:
            drafting.output_folder(out_dir)
        except NotewellError as exc:
            raise fail(f"{out_dir}: cannot create output folder ({exc})") from None
        except OSError as exc:
            raise fail(f"{out_dir}: cannot create output folder ({exc.strerror})") from None
    suffix = {"text": ".txt", "markdown": ".md", "json": ".json"}[output.value]
    failures = 0
    collected: list[dict[str, Any]] = []  # several inputs as JSON: one array, still valid JSON
    with Progress(console=err_console, transient=True, disable=out_dir is None) as progress:
        task = progress.add_task("Drafting", total=len(files))
        for result in drafting.draft_files(files, request):
            progress.advance(task)
            if result.draft is None:
                failures += 1
                err_console.print(f"[red]skipped[/] {result.error}", highlight=False)
                continue
            if out_dir is not None:
                target = out_dir / (result.path.stem + suffix)
                drafting.write_output(target, _render(result.draft, output))
            elif output is Output.json:
                collected.append({"path": str(result.path), **result.draft.to_dict()})
            else:
                console.rule(str(result.path))
                _emit(result.draft, output)
    if collected:
        import json

        sys.stdout.write(json.dumps(collected, indent=2, ensure_ascii=False) + "\n")
    done = len(files) - failures
    if out_dir is not None:
        err_console.print(f"Drafted {done} of {len(files)} notes into {out_dir}")
    if failures:
        raise typer.Exit(2)


def _render(result_draft: Draft | GroupDraft, output: Output) -> str:
    from notewell import export

    renderer = {
        Output.json: export.draft_to_json,
        Output.markdown: export.draft_to_markdown,
        Output.text: export.draft_to_text,
    }[output]
    return renderer(result_draft)


def _emit(result_draft: Draft | GroupDraft, output: Output) -> None:
    if output is Output.json:
        sys.stdout.write(_render(result_draft, output) + "\n")
    elif output is Output.markdown:
        sys.stdout.write(_render(result_draft, output))
    else:
        from notewell.cli.render import print_draft, print_group
        from notewell.core.models import GroupDraft

        if isinstance(result_draft, GroupDraft):
            print_group(console, result_draft)
        else:
            print_draft(console, result_draft)


def formats() -> None:
    """List the services a note can document and the note formats, with their sections."""
    from rich.table import Table

    from notewell.core.formats import list_formats
    from notewell.core.formats.services import list_services

    services = Table(title="Services (--service)")
    services.add_column("service", style="bold")
    services.add_column("documents")
    services.add_column("format")
    services.add_column("also accepted")
    for entry in list_services():
        services.add_row(entry.id, entry.title, entry.format, ", ".join(entry.aliases))
    console.print(services)
    table = Table(title="Note formats (--format)")
    table.add_column("format", style="bold")
    table.add_column("kind")
    table.add_column("sections")
    for fmt in list_formats():
        sections = "; ".join(s.name for s in fmt.sections)
        table.add_row(fmt.name, fmt.kind, sections)
    console.print(table)


def interventions() -> None:
    """List the intervention lexicon: canonical ids and example phrases."""
    from rich.table import Table

    from notewell.core.lexicons import read_data

    table = Table(title="Intervention lexicon")
    table.add_column("id", style="bold")
    table.add_column("label")
    table.add_column("recognised phrases (examples)")
    for intervention_id, entry in read_data("interventions.yaml").items():
        examples = [*(entry.get("abbreviations") or [])[:3], *(entry.get("phrases") or [])[:4]]
        table.add_row(intervention_id, entry.get("label", ""), ", ".join(examples))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add `draft`, `formats` and `interventions` to the notewell command line."""
    app.command("draft")(draft)
    app.command("formats")(formats)
    app.command("interventions")(interventions)
