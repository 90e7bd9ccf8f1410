"""`notewell init`: create or upgrade the store, its keys, and the first admin."""

from __future__ import annotations

import hmac
import uuid
from dataclasses import dataclass

from sqlalchemy import inspect

from notewell.core.errors import InputError
from notewell.services import row_macs
from notewell.services.context import default_origin, record_event
from notewell.services.errors import Forbidden, StaleChange
from notewell.services.users import bootstrap_admin
from notewell.store import migrate, sqlcipher
from notewell.store.audit_anchor import (
    KEYED_FROM_SETTING,
    STORE_ID_SETTING,
    AnchorError,
    allow_new_checkpoint,
    store_facts,
)
from notewell.store.audit_chain import append_entry
from notewell.store.config import StoreSettings
from notewell.store.database import Database
from notewell.store.models import Setting


@dataclass(frozen=True, slots=True)
class InitResult:
    database_url: str
    revision: str
    admin_created: bool
    encrypted: bool = False
    audit_keying: str | None = None  # what init did to the audit key, if anything


def init_store(
    db: Database, admin: str | None = None, admin_name: str = "", admin_password: str = ""
) -> InitResult:
    """Create or upgrade the schema; with `admin`, the first admin and their password.
    Psychotherapy-note keys are per author (made at each author's enrolment): init
    makes no shared key."""
    db.upgrade()
    keying = prepare_audit_log(db)
    with db.transaction() as session:  # rows from before their MACs (migration 0007)
        row_macs.backfill(session)
    created = bool(admin) and bootstrap_admin(
        db, admin or "", admin_name, default_origin(), admin_password
    )
    from sqlalchemy.engine import make_url

    shown = make_url(db.settings.database_url).render_as_string(hide_password=True)
    return InitResult(shown, migrate.head_revision(), created, db.encrypted, keying)


def create_first_admin(
    db: Database,
    *,
    code: str,
    expected_code: str,
    username: str,
    display_name: str,
    password: str,
    origin: str,
) -> None:
    """The web's first-run set-up: the first admin, as `init --admin` makes them, for
    whoever holds the one-time code `notewell serve` printed on its terminal (who can
    read that terminal can run `notewell init` anyway). Only while the store has no
    users: a second set-up, even one racing this one, gets StaleChange."""
    if "users" not in inspect(db.engine).get_table_names():
        raise InputError("this record is not initialised: run `notewell init` first")
    if not code or not hmac.compare_digest(code.strip().encode(), expected_code.encode()):
        record_event(db, "setup", "setup.refused", "user", None, origin, "wrong set-up code")
        raise Forbidden("wrong set-up code: use the one `notewell serve` printed")
    if not bootstrap_admin(db, username, display_name, origin, password, by="web set-up"):
        raise StaleChange("this record already has its first admin: sign in instead")


def prepare_audit_log(db: Database) -> str | None:
    """Give the store its id and audit key. A key is created only for an empty log, or
    for a log from before keying (which is then keyed from its next entry on); a keyed
    log whose key is missing is an error: a replacement would make its past unverifiable
    and let anyone re-sign it."""
    anchor = db.anchor
    with db.transaction() as session:
        facts = store_facts(session)
        store_id = facts.store_id
        if store_id is None:
            if facts.length:
                raise AnchorError(
                    f"the store id (settings row {STORE_ID_SETTING}) is missing although the "
                    f"audit log has {facts.length} entries: restore it from a backup"
                )
            store_id = uuid.uuid4().hex
            session.add(Setting(key=STORE_ID_SETTING, value=store_id))
        message = None
        if anchor.key() is None:
            legacy = facts.keyed_from is None and facts.length > 0
            checkpoint = anchor.checkpoint_path(store_id)
            if facts.length and not legacy:
                anchor.require_key(facts.length)  # raises, naming the missing file
            if checkpoint.exists():
                raise AnchorError(
                    f"the audit key {anchor.key_file} is missing but this store's log was "
                    f"keyed (checkpoint {checkpoint}): restore the key file; a replacement "
                    "is never created"
                )
            anchor.create_key()
            message = f"Audit key: {anchor.key_file} (mode 0600). Keep a copy apart from backups."
        if facts.keyed_from is None:
            keyed_from = facts.length + 1
            session.add(Setting(key=KEYED_FROM_SETTING, value=str(keyed_from)))
            session.flush()
            if facts.length:
                # An older store: its entries so far stay plain SHA-256; say so in the chain.
                append_entry(
                    session,
                    actor="notewell init",
                    action="audit.keyed",
                    entity_type="audit_log",
                    entity_id=None,
                    origin=default_origin(),
                    detail=f"entries #1–#{facts.length} predate keying (plain SHA-256)",
                )
                allow_new_checkpoint(session)
    return message


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
