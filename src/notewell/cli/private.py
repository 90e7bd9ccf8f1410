"""`notewell private …`: psychotherapy notes, private and encrypted, readable by their
author only (progress notes: cli/record_notes.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from notewell.cli.console import console, one_line_errors, read_text_argument, visible, visible_text
from notewell.cli.session import AsUser, open_context

private_app = typer.Typer(
    help="Psychotherapy notes: private, encrypted, readable by their author only.",
    no_args_is_help=True,
)


@private_app.command("new")
def private_new(
    path: Annotated[Path, typer.Argument(help="File with the note ('-' for standard input).")],
    client: Annotated[str, typer.Option("--client", "-c", help="Client identifier.")],
    as_user: AsUser = None,
) -> None:
    """Save a psychotherapy note, encrypted; only you can read it."""
    from notewell.services import private_notes

    with one_line_errors():
        ctx = open_context(as_user)
        note_id = private_notes.create_private_note(ctx, client, read_text_argument(path, "note"))
        console.print(f"Saved psychotherapy note {note_id} (private, encrypted).")


@private_app.command("show")
def private_show(
    note_id: Annotated[int, typer.Argument(help="Psychotherapy note id.")], as_user: AsUser = None
) -> None:
    """Show one of your psychotherapy notes (the read is audited)."""
    from notewell.services import private_notes, validation

    with one_line_errors():
        validation.record_id(note_id, "psychotherapy note id")
        view = private_notes.show_private_note(open_context(as_user), note_id)
        console.print(
            f"Psychotherapy note {view.note_id} · {visible(view.client)} · PRIVATE", markup=False
        )
        console.print(visible_text(view.text.rstrip()), markup=False)


@private_app.command("rotate-key")
def private_rotate_key(
    as_user: AsUser = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read your password from standard input.")
    ] = False,
) -> None:
    """Re-encrypt your own psychotherapy notes under a new key of yours (asks for your
    password: the new key is wrapped under it)."""
    from notewell.cli.login import read_password
    from notewell.services import private_notes

    with one_line_errors():
        ctx = open_context(as_user)
        password = read_password(password_stdin, "Password")
        result = private_notes.rotate_key(ctx, password)
        # This session's keys predate the new one: sign in afresh with the same password.
        from notewell.cli.session import save_session
        from notewell.services.auth import sign_in

        save_session(ctx.db, sign_in(ctx.db, ctx.username, password, origin=ctx.origin))
        console.print(
            f"New key {result.new_key_id}; {result.notes_reencrypted} notes re-encrypted."
        )
