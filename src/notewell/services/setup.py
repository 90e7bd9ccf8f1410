"""`notewell init`: create or upgrade the store, its keys, and the first admin."""

from __future__ import annotations

from dataclasses import dataclass

from notewell.core.errors import InputError
from notewell.services.context import default_origin
from notewell.services.users import bootstrap_admin
from notewell.store import migrate, sqlcipher
from notewell.store.config import StoreSettings
from notewell.store.database import Database


@dataclass(frozen=True, slots=True)
class InitResult:
    database_url: str
    revision: str
    admin_created: bool
    encrypted: bool = False


def init_store(
    db: Database, admin: str | None = None, admin_name: str = "", admin_password: str = ""
) -> InitResult:
    """Create or upgrade the schema; with `admin`, the first admin and their password.
    Psychotherapy-note keys are per author (made at each author's enrolment): init
    makes no shared key."""
    db.upgrade()
    created = bool(admin) and bootstrap_admin(
        db, admin or "", admin_name, default_origin(), admin_password
    )
    from sqlalchemy.engine import make_url

    shown = make_url(db.settings.database_url).render_as_string(hide_password=True)
    return InitResult(shown, migrate.head_revision(), created, db.encrypted)


def prepare_encryption(settings: StoreSettings, use_keyring: bool = False) -> str:
    """Before the store is first opened: make sure a SQLCipher key exists for a new
    SQLite file, so the file is created encrypted. Returns where the key is kept."""
    path = sqlcipher.sqlite_path(settings.database_url)
    if path is None:
        raise InputError(
            "--encrypt applies to the SQLite file; a PostgreSQL server encrypts at rest "
            "with its own disk or tablespace encryption"
        )
    sqlcipher.require_sqlcipher()
    state = sqlcipher.file_state(path)
    if state == "plain":
        # Converting in place would leave the plaintext pages on disk; a restore writes
        # a fresh encrypted file instead (restore converts a plain backup).
        raise InputError(
            f"{path} already holds an unencrypted record: `notewell backup FILE`, move the "
            "database away, `notewell init --encrypt`, then `notewell restore FILE --force`"
        )
    existing = sqlcipher.find_key(path, settings.db_key_file, settings.db_key_env)
    if existing is not None:
        return "existing database key"
    key = sqlcipher.new_key()
    note = ""
    if use_keyring:
        why_not = sqlcipher.keyring_set(path, key)
        if why_not is None:
            return "OS keyring"
        note = f"{why_not}; "
    if settings.db_key_file is None:
        raise InputError("no database key file configured (NOTEWELL_DATABASE_KEY_FILE)")
    sqlcipher.write_key_file(settings.db_key_file, key)
    return f"{note}key file {settings.db_key_file} (mode 0600)"
