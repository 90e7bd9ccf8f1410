"""`notewell init`, `notewell backup`, `notewell restore`: the store itself.

Kept apart from the record commands (cli_record.py) so each module stays small; wired
by `cli_record.register`. SQLAlchemy loads inside the commands only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from notewell.cli_record_common import (
    AsUser,
    acting_user,
    console,
    err_console,
    fail,
    open_context,
    record_errors,
)


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
) -> None:
    """Create or upgrade the record store, its keys, and the first admin (who chooses a
    password here and is signed in).

    Example: notewell init --admin alex --encrypt
    """
    from notewell.cli_login import read_password
    from notewell.cli_session import save_session
    from notewell.services import validation
    from notewell.services.auth import sign_in
    from notewell.services.context import default_origin
    from notewell.services.setup import init_store, prepare_encryption
    from notewell.store.config import settings_from_env
    from notewell.store.database import open_database

    with record_errors():
        if admin is not None:  # before any file or key is created
            admin = validation.username(admin)
            admin_name = validation.display_name(admin_name)
        settings = settings_from_env()
        if encrypt:
            where = prepare_encryption(settings, use_keyring)
            console.print(f"Database key: {where}. Keep a copy apart from your backups.")
        db = open_database(settings)
        password = ""
        if admin and not _has_users(db):
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


def _has_users(db: object) -> bool:
    from sqlalchemy import func, inspect, select

    from notewell.store.database import Database
    from notewell.store.models import User

    assert isinstance(db, Database)
    if "users" not in inspect(db.engine).get_table_names():
        return False
    with db.sessions() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def backup_command(
    dest: Annotated[Path, typer.Argument(help="New file to write the backup to.")],
    as_user: AsUser = None,
) -> None:
    """Back up the whole record (admins). SQLite: online backup, still encrypted if the
    store is; PostgreSQL: pg_dump custom format. Psychotherapy notes stay ciphertext.

    Example: notewell backup ~/backups/notewell-2026-11-20.db --as alex
    """
    from notewell.services.backup import backup_record

    with record_errors():
        result = backup_record(open_context(as_user), dest)
    kind = "encrypted " if result.encrypted else ""
    console.print(f"Wrote {kind}backup {result.path} ({result.size:,} bytes).")
    console.print(f"sha256 {result.sha256}")


def restore_command(
    source: Annotated[Path, typer.Argument(help="Backup file made by `notewell backup`.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace the existing record (it is lost).")
    ] = False,
    as_user: AsUser = None,
) -> None:
    """Restore the record from a backup. Refuses to replace an existing record without
    --force; stop other notewell processes first.

    Example: notewell restore ~/backups/notewell-2026-11-20.db --force --as alex
    """
    from notewell.services.backup import restore_record
    from notewell.services.context import Context
    from notewell.store.database import open_database

    with record_errors():
        # Not open_context: the database may be missing or damaged; that is the point.
        ctx = Context(open_database(), acting_user(as_user) or "")
        result = restore_record(ctx, source, force)
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

    with record_errors():
        set_cosign_required(open_context(as_user), required)
    state = "now required" if required else "no longer required"
    console.print(f"Supervisor co-signature is {state} on signed notes.")


def register_store_commands(app: typer.Typer) -> None:
    from notewell.cli_login import register_login_commands

    app.command("init")(init_command)
    register_login_commands(app)
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
    app.add_typer(practice_app, name="practice")
