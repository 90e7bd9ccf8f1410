"""`notewell login`, `logout`, `whoami`, `passwd`: proving who is acting.

Passwords are asked for without echo, or read from standard input with
--password-stdin (first line) for scripts; never taken as an option, so they do not
land in shell history or the process list.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from notewell.cli.console import console, err_console, one_line_errors
from notewell.cli.session import AsUser, open_context
from notewell.core.errors import NotewellError

PasswordStdin = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from standard input (first line)."),
]


def read_password(from_stdin: bool, prompt: str, confirm: bool = False) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise NotewellError("no password on standard input")
        return line.rstrip("\r\n")
    return str(typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm))


def login_command(
    username: Annotated[str, typer.Argument(help="Your notewell user name.")],
    code: Annotated[
        str | None,
        typer.Option("--code", help="First sign-in: the one-time code from your admin."),
    ] = None,
    totp: Annotated[
        str | None, typer.Option("--totp", help="Six-digit code, if two-step sign-in is on.")
    ] = None,
    remember: Annotated[
        bool,
        typer.Option(
            "--remember",
            help="Stay signed in on this OS account until `notewell logout` (a solo "
            "machine: no password on every command).",
        ),
    ] = False,
    make_recovery_key: Annotated[
        bool,
        typer.Option(
            "--make-recovery-key",
            help="First sign-in: also make a recovery key (shown once) that can reopen "
            "your psychotherapy notes after a password reset.",
        ),
    ] = False,
    recovery_key: Annotated[
        bool,
        typer.Option(
            "--recovery-key",
            help="First sign-in after a reset: enter your recovery key to keep your notes.",
        ),
    ] = False,
    password_stdin: PasswordStdin = False,
) -> None:
    """Sign in. Sessions end after the practice's idle period (15 minutes by default).

    First sign-in: notewell login dana --code 3f2a1c-…  (then choose a password)
    """
    from notewell.cli.session import save_session
    from notewell.services import auth
    from notewell.services.context import default_origin
    from notewell.store.database import open_database

    with one_line_errors():
        db = open_database()
        db.require_current_schema()
        origin = default_origin()
        if code is not None:
            password = read_password(password_stdin, "Choose a password", confirm=True)
            recovery = read_password(password_stdin, "Recovery key") if recovery_key else None
            enrolled = auth.enrol(
                db,
                username,
                code,
                password,
                origin=origin,
                make_recovery_key=make_recovery_key,
                recovery_key=recovery,
            )
            if enrolled.recovery_key:
                console.print(
                    "Recovery key (shown once; keep it offline, apart from your password):\n"
                    f"  {enrolled.recovery_key}"
                )
            if enrolled.keys_recovered:
                console.print(f"Reopened {enrolled.keys_recovered} earlier key(s).")
            if enrolled.keys_unreadable:
                err_console.print(
                    f"warning: {enrolled.keys_unreadable} earlier key(s) stay sealed: notes "
                    "written under them cannot be read without your recovery key"
                )
        else:
            password = read_password(password_stdin, "Password")
        signed = auth.sign_in(db, username, password, origin=origin, totp=totp, remember=remember)
        save_session(db, signed)
        from notewell.services.notes import emergency_reads_of_my_notes

        reads = emergency_reads_of_my_notes(signed.context)
    for note_id, read in reads:
        err_console.print(
            f"notice: {read.reader} read your note {note_id} under break-the-glass at "
            f"{read.at}: {read.reason}",
            markup=False,
        )
    how = (
        "until you sign out"
        if signed.idle_minutes is None
        else f"until {signed.idle_minutes} minutes without activity"
    )
    console.print(f"Signed in as {username} {how}.")


def logout_command(as_user: AsUser = None) -> None:
    """Sign out: the session ends in the store and its file is deleted."""
    from notewell.cli.session import acting_user, chosen_user, forget_session
    from notewell.services import auth
    from notewell.services.context import default_origin
    from notewell.store.database import open_database

    with one_line_errors():
        db = open_database()
        db.require_current_schema()
        username = chosen_user(db, acting_user(as_user))
        token = forget_session(db, username) if username else None
        if token is not None:
            auth.sign_out(db, token, default_origin())
    console.print(f"Signed out{f' {username}' if username and token else ''}.")


def whoami_command(as_user: AsUser = None) -> None:
    """Who you are signed in as."""
    with one_line_errors():
        ctx = open_context(as_user)
    console.print(ctx.username)


def passwd_command(as_user: AsUser = None, password_stdin: PasswordStdin = False) -> None:
    """Change your password (your psychotherapy-note keys are re-wrapped; other
    sessions of yours end)."""
    from notewell.services import auth

    with one_line_errors():
        ctx = open_context(as_user)
        old = read_password(password_stdin, "Current password")
        new = read_password(password_stdin, "New password", confirm=True)
        auth.change_password(ctx, old, new)
    console.print("Password changed; sign in again (`notewell login`).")


totp_app = typer.Typer(
    help="Two-step sign-in (TOTP, RFC 6238) for your account.", no_args_is_help=True
)


@totp_app.command("enable")
def totp_enable(as_user: AsUser = None) -> None:
    """Turn on two-step sign-in: prints the otpauth:// link (and its secret) to add to an
    authenticator app. From then on `notewell login` needs --totp CODE."""
    from notewell.services import auth

    with one_line_errors():
        uri = auth.enable_totp(open_context(as_user))
    console.print("Add this to your authenticator app (shown once):", markup=False)
    console.print(uri, markup=False, soft_wrap=True)


@totp_app.command("disable")
def totp_disable(as_user: AsUser = None, password_stdin: PasswordStdin = False) -> None:
    """Turn two-step sign-in off (asks your password)."""
    from notewell.services import auth

    with one_line_errors():
        ctx = open_context(as_user)
        auth.disable_totp(ctx, read_password(password_stdin, "Password"))
    console.print("Two-step sign-in is off.")


def register_login_commands(app: typer.Typer) -> None:
    app.add_typer(totp_app, name="totp")
    app.command("login")(login_command)
    app.command("logout")(logout_command)
    app.command("whoami")(whoami_command)
    app.command("passwd")(passwd_command)
