"""`notewell note …`: progress notes (psychotherapy notes: cli/private.py)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from notewell.cli.console import (
    console,
    emit_row,
    err_console,
    fail,
    one_line_errors,
    read_text_argument,
    visible,
    visible_text,
)
from notewell.cli.session import AsUser, open_context

if TYPE_CHECKING:
    from notewell.services.views import NoteView

note_app = typer.Typer(help="Progress notes: draft, edit, sign, addenda.", no_args_is_help=True)


class ShowAs(StrEnum):
    text = "text"
    json = "json"


@note_app.command("new")
def note_new(
    path: Annotated[Path, typer.Argument(help="Session input file ('-' for standard input).")],
    client: Annotated[str, typer.Option("--client", "-c", help="Client identifier.")],
    note_format: Annotated[
        str, typer.Option("--format", "-f", help="dap, soap, birp, girp…")
    ] = "dap",
    private: Annotated[
        bool,
        typer.Option("--private", help="Also save private reflections as a psychotherapy note."),
    ] = False,
    as_user: AsUser = None,
) -> None:
    """Draft a progress note from session input and save it as a draft (version 1).

    Example: notewell note new session.txt --client C-001 --format dap --as dana
    """
    from notewell.services.note_drafts import NewNote, draft_and_save

    with one_line_errors():
        ctx = open_context(as_user)
        text = read_text_argument(path, "session input")
        saved = draft_and_save(ctx, NewNote(client, text, note_format, keep_private=private))
    console.print(f"Saved draft note {saved.note.note_id} (version 1) for {client}.")
    if saved.private_note_id is not None:
        console.print(f"Saved psychotherapy note {saved.private_note_id} (private, encrypted).")


@note_app.command("group")
def note_group(
    path: Annotated[Path, typer.Argument(help="Session input file ('-' for standard input).")],
    clients: Annotated[
        list[str],
        typer.Option("--client", "-c", help="A member's client identifier (repeat for each)."),
    ],
    note_format: Annotated[
        str, typer.Option("--format", "-f", help="Each member's note format: dap, birp…")
    ] = "dap",
    as_user: AsUser = None,
) -> None:
    """Draft a group session's notes and save one draft per member on their record.

    The notes call each member by the name in their record and name no other member.

    Example: notewell note group group.txt -c G-001 -c G-002 -c G-003 --as dana
    """
    from notewell.services.group_notes import NewGroupNote, draft_and_save_group

    with one_line_errors():
        ctx = open_context(as_user)
        text = read_text_argument(path, "session input")
        saved = draft_and_save_group(ctx, NewGroupNote(tuple(clients), text, note_format))
    for member in saved.members:
        absent = "" if member.attended else " (absent)"
        console.print(
            f"Saved draft note {member.note.note_id} (version 1) for {member.client}{absent}."
        )
    for finding in saved.group.findings:
        err_console.print(f"{finding.severity}: {finding.rule}: {finding.message}")


@note_app.command("edit")
def note_edit(
    note_id: Annotated[int, typer.Argument(help="Note id.")],
    path: Annotated[Path, typer.Argument(help="File with the full edited text ('-' for stdin).")],
    version: Annotated[
        int, typer.Option("--version", "-v", help="The version your edit started from.")
    ],
    as_user: AsUser = None,
) -> None:
    """Save an edit of a draft as a new version; refused if someone saved since.

    Example: notewell note edit 3 edited.txt --version 2
    """
    from notewell.services import notes, validation
    from notewell.services.errors import Conflict

    with one_line_errors():
        validation.record_id(note_id, "note id")
        validation.record_id(version, "--version")
        ctx = open_context(as_user)
        text = read_text_argument(path, "note")
        try:
            view = notes.save_note(ctx, note_id, text, version)
        except Conflict as conflict:
            err_console.print(f"--- current version {conflict.current_version} ---")
            err_console.print(visible_text(conflict.current_text), markup=False)
            raise fail(str(conflict)) from None
        console.print(f"Saved note {view.note_id} as version {view.version}.")


@note_app.command("show")
def note_show(
    note_id: Annotated[int, typer.Argument(help="Note id.")],
    output: Annotated[ShowAs, typer.Option("--output", "-o")] = ShowAs.text,
    break_glass: Annotated[
        str | None,
        typer.Option(
            "--break-glass",
            help="Admins, in an emergency: read a note the rules do not let you read. The "
            "reason is audited and shown with the note to its author and every reader.",
        ),
    ] = None,
    as_user: AsUser = None,
) -> None:
    """Show a progress note with its signature, provenance and addenda."""
    from notewell.services import notes, validation

    with one_line_errors():
        validation.record_id(note_id, "note id")
        view = notes.show_note(open_context(as_user), note_id, break_glass)
        if output is ShowAs.json:
            import json
            from dataclasses import asdict

            from notewell.services.record_export import plain_data

            console.print_json(json.dumps(plain_data(asdict(view))))
        else:
            print_note(view)


def print_note(view: NoteView) -> None:
    from rich.markup import escape

    from notewell.services.record_export import provenance_line

    s = view.summary
    # Stored strings escaped (and kept out of markup): none can forge the header, a
    # signature line or an addendum's heading.
    header = " · ".join(
        escape(visible(x)) for x in (s.client, s.note_format, s.status, f"version {s.version}")
    )
    console.print(
        f"[bold]Note {s.note_id}[/] · {header} · by {escape(visible(s.author))}", markup=True
    )
    console.print(visible_text(view.text.rstrip()), markup=False)
    if view.signed_at:
        console.print(
            f"Signed by {visible(view.signed_by)} at {view.signed_at:%Y-%m-%d %H:%M} UTC",
            markup=False,
        )
        console.print(f"Content hash: {view.content_hash}", markup=False)
        console.print(visible(provenance_line(view), cell=False), markup=False)
    for o in view.overrides:
        console.print(f"Override {visible(o.rule)}: {visible(o.reason)}", markup=False)
    for c in view.cosignatures:
        console.print(
            f"Co-signed by {visible(c.username)} at {c.signed_at:%Y-%m-%d %H:%M} UTC",
            markup=False,
        )
    if view.cosign_pending:
        console.print("[yellow]Awaiting supervisor co-signature (practice policy)[/]", markup=True)
    for a in view.addenda:
        console.print(
            f"\nADDENDUM {a.number} — {visible(a.author)}, {a.signed_at:%Y-%m-%d %H:%M} UTC",
            markup=False,
        )
        console.print(visible_text(a.text.rstrip()), markup=False)
    for problem in view.integrity_problems:
        err_console.print(f"INTEGRITY CHECK FAILED: {visible(problem)}", markup=False)
    for read in view.emergency_reads:
        console.print(
            f"\nBREAK-THE-GLASS READ by {visible(read.reader)} at {read.at}: "
            f"{visible(read.reason)}",
            markup=False,
        )


@note_app.command("sign")
def note_sign(
    note_id: Annotated[int, typer.Argument(help="Note id.")],
    override: Annotated[
        list[str] | None,
        typer.Option("--override", help="RULE=REASON for an error-level finding (repeatable)."),
    ] = None,
    as_user: AsUser = None,
) -> None:
    """Check and sign a draft; it is locked from then on (changes are addenda).

    Example: notewell note sign 3 --override missing-client-response="client left early"
    """
    from notewell.services import signing, validation
    from notewell.services.errors import SigningBlocked

    reasons: dict[str, str] = {}
    for item in override or []:
        rule, sep, reason = item.partition("=")
        if not sep or not reason.strip():
            raise fail(f"--override {item!r}: write RULE=REASON")
        reasons[rule.strip()] = reason.strip()
    with one_line_errors():
        validation.record_id(note_id, "note id")
        try:
            view = signing.sign_note(open_context(as_user), note_id, reasons)
        except SigningBlocked as blocked:
            for f in blocked.findings:
                err_console.print(f"  {f.rule}: {visible(f.message, cell=False)}", markup=False)
            raise fail(str(blocked)) from None
        console.print(f"Signed note {view.note_id}; content hash {view.content_hash}.")


@note_app.command("addendum")
def note_addendum(
    note_id: Annotated[int, typer.Argument(help="Note id.")],
    path: Annotated[
        Path | None, typer.Argument(help="File with the addendum ('-' for stdin).")
    ] = None,
    text: Annotated[str | None, typer.Option("--text", "-t", help="The addendum text.")] = None,
    as_user: AsUser = None,
) -> None:
    """Append a dated, signed addendum to a signed note (the note itself never changes).

    Example: notewell note addendum 3 --text "Client called on 11/21 to confirm homework."
    """
    from notewell.services import signing, validation

    if (path is None) == (text is None):
        raise fail("give the addendum as a FILE or with --text (one of them)")
    with one_line_errors():
        validation.record_id(note_id, "note id")
        body = text if text is not None else read_text_argument(path, "addendum")  # type: ignore[arg-type]
        view = signing.add_addendum(open_context(as_user), note_id, body)
        console.print(f"Added addendum {len(view.addenda)} to note {view.note_id}.")


@note_app.command("cosign")
def note_cosign(
    note_id: Annotated[int, typer.Argument(help="Note id.")], as_user: AsUser = None
) -> None:
    """Co-sign a signed note (supervisors)."""
    from notewell.services import signing, validation

    with one_line_errors():
        validation.record_id(note_id, "note id")
        signing.cosign_note(open_context(as_user), note_id)
        console.print(f"Co-signed note {note_id}.")


@note_app.command("list")
def note_list(
    client: Annotated[str, typer.Option("--client", "-c", help="Client identifier.")],
    as_user: AsUser = None,
) -> None:
    """List a client's progress notes (never psychotherapy notes)."""
    from notewell.services import notes
    from notewell.services.paging import each_item

    with one_line_errors():
        ctx = open_context(as_user)
        for n in each_item(lambda o, size: notes.list_notes(ctx, client, offset=o, limit=size)):
            emit_row(n.note_id, n.service_date, n.note_format, n.status, f"v{n.version}", n.author)


@note_app.command("search")
def note_search(
    phrase: Annotated[str, typer.Argument(help="Word or phrase (case-insensitive).")],
    as_user: AsUser = None,
) -> None:
    """Find progress notes you may read whose current text contains a phrase."""
    from notewell.services import notes
    from notewell.services.paging import each_item

    with one_line_errors():
        ctx = open_context(as_user)
        for n in each_item(lambda o, size: notes.search_notes(ctx, phrase, offset=o, limit=size)):
            emit_row(n.note_id, n.client, n.service_date, n.note_format, n.status, n.author)
