"""`notewell init`, `notewell backup`, `notewell restore`: the store itself.

Kept apart from the record commands (cli/record.py) so each module stays small; wired
by `cli.record.register`. SQLAlchemy loads inside the commands only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from notewell.cli.console import console, err_console, fail, one_line_errors
from notewell.cli.session import AsUser, open_context


def init_command(
    admin: Annotated[
        str | None, typer.Option("--admin", help="Create this first admin user (new store).")
    ] = None,
    admin_name: Annotated[str, typer.Option("--admin-name", help="Their display name.")] = "",
    encrypt: Annotated[
        bool,
        typer.Option("--encrypt", help="Create the SQLite file encrypted with SQLCipher."),
    ] = False,
    use_keyring: Annotated[
        bool,
        typer.Option("--keyring", help="With --encrypt: keep the key in the OS keyring."),
    ] = False,
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the admin's password from standard input."),
    ] = False,
    pg_roles_sql: Annotated[
        bool,
        typer.Option(
            "--pg-roles-sql",
            help="PostgreSQL: print the SQL that creates the owner and application roles "
            "(least privilege; see docs/record.md) and the steps to use them, and stop.",
        ),
    ] = False,
) -> None:
    """Create or upgrade the record store, its keys, and the first admin (who chooses a
    password here and is signed in).

    Example: notewell init --admin alex --encrypt
    """
    from notewell.cli.login import read_password
    from notewell.cli.session import save_session
    from notewell.services import validation
    from notewell.services.auth import sign_in
    from notewell.services.context import default_origin
    from notewell.services.setup import init_store, prepare_encryption
    from notewell.services.users import has_users
    from notewell.store.config import settings_from_env
    from notewell.store.database import open_database

    with one_line_errors():
        if admin is not None:  # before any file or key is created
            admin = validation.username(admin)
            admin_name = validation.display_name(admin_name)
        settings = settings_from_env()
        if pg_roles_sql:  # only prints: nothing is created
            typer.echo(_pg_roles_script(settings.database_url), nl=False)
            return
        if encrypt:
            where = prepare_encryption(settings, use_keyring)
            console.print(f"Database key: {where}. Keep a copy apart from your backups.")
        db = open_database(settings)
        password = ""
        if admin and not has_users(db):
            password = read_password(password_stdin, f"Password for {admin}", confirm=True)
        result = init_store(db, admin, admin_name, password)
        if result.audit_keying:
            console.print(result.audit_keying)
        state = " (encrypted with SQLCipher)" if result.encrypted else ""
        console.print(
            f"Record store ready at {result.database_url}{state} (schema {result.revision})."
        )
        if result.admin_created and admin:
            save_session(db, sign_in(db, admin, password, origin=default_origin()))
            console.print(f"Created admin user {admin}; signed in as {admin}.")
        elif admin:
            err_console.print("Users already exist; no admin created (use `notewell user add`).")


def _pg_roles_script(url: str) -> str:
    from sqlalchemy.engine import make_url

    from notewell.core.errors import InputError
    from notewell.store.pg_roles import create_roles_sql, grant_app_privileges_sql, role_names

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or not parsed.database:
        raise InputError("--pg-roles-sql needs NOTEWELL_DATABASE_URL of a PostgreSQL database")
    roles = role_names()
    lines = [
        f"-- 1. As a superuser connected to {parsed.database} (set the passwords after: \\password):",
        *(f"{s};" for s in create_roles_sql(parsed.database, roles)),
        f"-- 2. Migrate as the owner: NOTEWELL_DATABASE_URL=postgresql+psycopg://{roles.owner}@HOST/"
        f"{parsed.database}?sslmode=verify-full notewell init --admin NAME",
        "-- 3. Then, as the owner, once after every upgrade or restore:",
        *(f"{s};" for s in grant_app_privileges_sql(roles)),
        f"-- 4. Every workstation and the server connect as {roles.app} (TLS: sslmode=verify-full).",
    ]
    return "\n".join(lines) + "\n"


def backup_command(
    dest: Annotated[Path, typer.Argument(help="New file to write the backup to.")],
    passphrase_stdin: Annotated[
        bool,
        typer.Option(
            "--passphrase-stdin",
            help="Read the backup's passphrase from standard input (first line).",
        ),
    ] = False,
    as_user: AsUser = None,
) -> None:
    """Back up the whole record (admins). An encrypted SQLite store backs up encrypted
    under its own key; a plain store or a PostgreSQL dump is sealed (AES-256-GCM) under
    a passphrase you choose. Psychotherapy notes stay ciphertext either way.

    Example: notewell backup ~/backups/notewell-2026-11-20.db
    """
    from notewell.cli.login import read_password
    from notewell.services.backup import backup_record, needs_passphrase

    with one_line_errors():
        ctx = open_context(as_user)
        passphrase = None
        if needs_passphrase(ctx.db):
            passphrase = read_password(passphrase_stdin, "Backup passphrase", confirm=True)
        result = backup_record(ctx, dest, passphrase)
    kind = "sealed " if passphrase else "encrypted " if result.encrypted else ""
    console.print(f"Wrote {kind}backup {result.path} ({result.size:,} bytes).")
    console.print(f"sha256 {result.sha256}")


def restore_command(
    source: Annotated[Path, typer.Argument(help="Backup file made by `notewell backup`.")],
    admin: Annotated[
        str,
        typer.Option("--admin", help="An admin of the backup (and of the record it replaces)."),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace the existing record (it is lost).")
    ] = False,
    rollback: Annotated[
        str | None,
        typer.Option(
            "--rollback",
            help="Restore a backup older than the record's anchored head; the reason is logged.",
        ),
    ] = None,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin",
            help="Read the admin's password, then the backup's passphrase, from standard input.",
        ),
    ] = False,
) -> None:
    """Restore the record from a backup, checked completely first: its audit chain,
    every signed note, and the admin's password in the backup itself (so a missing or
    damaged record can be restored, by an admin only). Stop other notewell processes first.

    Example: notewell restore ~/backups/notewell-2026-11-20.db --admin alex --force
    """
    from notewell.cli.login import read_password
    from notewell.services.context import default_origin
    from notewell.services.restore import restore_record
    from notewell.store.database import open_database
    from notewell.store.sealed_files import is_sealed

    with one_line_errors():
        password = read_password(password_stdin, f"Password for {admin}")
        passphrase = None
        if source.is_file() and is_sealed(source):
            passphrase = read_password(password_stdin, "Backup passphrase")
        result = restore_record(
            open_database(),
            source,
            admin=admin,
            password=password,
            origin=default_origin(),
            force=force,
            rollback_reason=rollback,
            passphrase=passphrase,
        )
    console.print(f"Restored the record from {result.source} (sha256 {result.sha256[:16]}…).")
    if result.checkpoint_archived:
        console.print(f"The previous audit checkpoint is kept as {result.checkpoint_archived}.")
    for warning in result.warnings:
        err_console.print(f"warning: {warning}", markup=False)
    if any(w.startswith("restored audit log") for w in result.warnings):
        raise fail("the restored audit log fails verification")
    console.print(f"Audit log: {result.audit_entries} entries, restore logged.")


practice_app = typer.Typer(help="Practice policies (admins).", no_args_is_help=True)


@practice_app.command("cosign")
def practice_cosign(
    required: Annotated[
        bool,
        typer.Option(
            "--required/--not-required",
            help="Whether signed notes need a supervisor's co-signature.",
        ),
    ],
    as_user: AsUser = None,
) -> None:
    """Require (or stop requiring) a supervisor's co-signature on signed notes.

    Example: notewell practice cosign --required --as alex
    """
    from notewell.services.practice import set_cosign_required

    with one_line_errors():
        set_cosign_required(open_context(as_user), required)
    state = "now required" if required else "no longer required"
    console.print(f"Supervisor co-signature is {state} on signed notes.")


@practice_app.command("idle")
def practice_idle(
    minutes: Annotated[int, typer.Argument(help="Minutes without activity, 1 to 240.")],
    as_user: AsUser = None,
) -> None:
    """Sign sessions out after this many idle minutes (15 by default).

    Example: notewell practice idle 10 --as alex
    """
    from notewell.services.practice import set_idle_minutes

    with one_line_errors():
        set_idle_minutes(open_context(as_user), minutes)
    console.print(f"Sessions now end after {minutes} minutes without activity.")


@practice_app.command("deadline")
def practice_deadline(
    days: Annotated[int, typer.Argument(help="Days after the session, 1 to 90.")],
    as_user: AsUser = None,
) -> None:
    """Flag drafts still unsigned this many days after their session (3 by default).

    Example: notewell practice deadline 2 --as alex
    """
    from notewell.services.practice import set_sign_deadline_days

    with one_line_errors():
        set_sign_deadline_days(open_context(as_user), days)
    console.print(f"Drafts unsigned {days} days after their session are now flagged.")


def register_store_commands(app: typer.Typer) -> None:
    from notewell.cli.login import register_login_commands

    app.command("init")(init_command)
    register_login_commands(app)
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
    app.add_typer(practice_app, name="practice")
