"""Backup and restore of the whole record, as admin use cases that are always audited.

Psychotherapy notes stay AES-GCM ciphertext inside every backup (their key is never in
the database), and an encrypted SQLite store backs up to an encrypted file.

The audit checkpoint (outside the database) would make a restored, shorter chain look
truncated. A restore therefore (1) refuses a backup whose own chain does not verify,
(2) resets the checkpoint to the restored chain's head, keeping the replaced checkpoint
file renamed beside it, and (3) appends a `record.restore` entry naming the backup
(file, SHA-256) and the length and head of the chain it replaced, so rolling the log
back is itself on the log. `notewell audit verify` then passes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from notewell.core.errors import InputError
from notewell.services import access
from notewell.services.context import Context, unit_of_work
from notewell.store import backup as copies
from notewell.store import migrate, sqlcipher
from notewell.store.audit_anchor import AnchorError, store_facts
from notewell.store.audit_chain import AuditReport, append_entry, load_entries, verify_chain
from notewell.store.database import Database
from notewell.store.engine import make_engine
from notewell.store.errors import StoreError
from notewell.store.models import AuthorKey, PsychotherapyNote


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    size: int
    sha256: str
    encrypted: bool  # the file itself is encrypted (SQLCipher)


@dataclass
class RestoreResult:
    source: Path
    sha256: str
    audit_entries: int
    checkpoint_archived: Path | None
    warnings: list[str] = field(default_factory=list)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup_record(ctx: Context, dest: Path) -> BackupResult:
    """Copy the record to `dest` (a new file). Logged before the copy, so the backup's
    own chain ends with its backup entry, and again with the file's hash afterwards."""
    dest = dest.resolve()
    # Refused before `record.backup` is logged: a backup that cannot start is no event.
    if os.path.lexists(dest):
        raise InputError(f"{dest} already exists: back up to a new file")
    if not dest.parent.is_dir():
        raise InputError(f"{dest.parent}: no such folder (create it first)")
    if not os.access(dest.parent, os.W_OK | os.X_OK):
        raise InputError(f"{dest.parent}: cannot write there")
    settings = ctx.db.settings
    with unit_of_work(ctx) as uow:
        uow.require(access.can_administer(uow.actor), "back up the record")
        uow.audit("record.backup", "database", None, f"to {dest}")
    partial = dest.with_name(dest.name + ".partial")
    try:
        source = sqlcipher.sqlite_path(settings.database_url)
        if source is not None:
            key = sqlcipher.key_for_database(source, settings.db_key_file, settings.db_key_env)
            copies.sqlite_copy(source, key, partial, key)
        else:
            copies.pg_dump(settings.database_url, partial, settings.pg_bin)
        partial.replace(dest)
        copies.fsync_dir(dest.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    result = BackupResult(
        dest, dest.stat().st_size, file_sha256(dest), sqlcipher.file_state(dest) == "encrypted"
    )
    with unit_of_work(ctx) as uow:
        detail = f"{dest}: {result.size} bytes, sha256 {result.sha256}"
        uow.audit("record.backup.done", "database", None, detail)
    return result


def has_record(db: Database) -> bool:
    path = sqlcipher.sqlite_path(db.settings.database_url)
    if path is not None and sqlcipher.file_state(path) == "missing":
        return False
    try:
        return "alembic_version" in inspect(db.engine).get_table_names()
    except Exception:  # unreadable (damaged, wrong key): a record is there all the same
        return True


def _require_admin_of_current(ctx: Context) -> str:
    """Replacing a record is an admin's act on that record; returns its chain's end."""
    try:
        with ctx.db.transaction() as session:
            entries = load_entries(session)
    except Exception:  # a damaged store is what restores are for; no one to ask
        return "the replaced database was unreadable"
    # Not anchored: a restore is also the way out of a broken checkpoint, and it resets it.
    with unit_of_work(ctx, anchored=False) as uow:
        uow.require(access.can_administer(uow.actor), "replace the record with a backup")
    if not entries:
        return "the replaced chain was empty"
    return f"the replaced chain ended at #{entries[-1].seq} ({entries[-1].hash[:16]})"


def restore_record(ctx: Context, source: Path, force: bool = False) -> RestoreResult:
    settings = ctx.db.settings
    source = source.resolve()
    state = sqlcipher.file_state(source)
    if state == "missing":
        raise InputError(f"{source}: no such backup (or it is empty)")
    target = sqlcipher.sqlite_path(settings.database_url)
    if (state == "pg_dump") != (target is None):
        kind = "a PostgreSQL dump" if state == "pg_dump" else "a SQLite backup"
        raise InputError(f"{source} is {kind}; the configured database cannot take it")
    replaced = "there was no record before"
    if has_record(ctx.db):
        if not force:
            raise InputError(
                "a record already exists here; restoring replaces it: add --force if that "
                "is what you want"
            )
        replaced = _require_admin_of_current(ctx)
    sha = file_sha256(source)
    if target is None:
        copies.pg_check_dump(source, settings.pg_bin)
        ctx.db.engine.dispose()
        copies.pg_restore(settings.database_url, source, settings.pg_bin)
    else:
        _restore_sqlite(ctx.db, source, state, target)
    ctx.db.reopen()
    ctx.db.upgrade()  # a backup from an older notewell gets today's schema
    return _after_restore(ctx, source, sha, replaced)


def _restore_sqlite(db: Database, source: Path, state: str, target: Path) -> None:
    """Copy into a staged file beside the target, verify it, then swap it in. The copy
    is encrypted whenever a database key is configured (a plain backup is converted)."""
    settings = db.settings
    key = sqlcipher.find_key(target, settings.db_key_file, settings.db_key_env)
    if state == "encrypted" and key is None:
        raise StoreError(f"{source} is encrypted and no database key is configured")
    staged = target.with_name(target.name + ".restoring")
    copies.remove_sqlite_files(staged)
    try:
        copies.sqlite_copy(source, key if state == "encrypted" else None, staged, key)
        _verify_staged(staged, key, db.anchor.key())
        db.engine.dispose()
        copies.swap_in(staged, target)
    finally:
        copies.remove_sqlite_files(staged)


def _verify_staged(staged: Path, key: bytes | None, audit_key: bytes | None) -> None:
    engine = make_engine(f"sqlite:///{staged}", sqlcipher_key=key)
    try:
        if migrate.current_revision(engine) is None:
            raise InputError(f"{staged.name}: the backup holds no notewell record")
        with engine.connect() as connection:
            check = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
        if check != "ok":
            raise StoreError(f"the backup is damaged: {check}")
        with Session(engine) as session:
            report = _verify_restored_chain(session, audit_key)
        if not report.ok:
            raise StoreError(f"the backup's audit log fails verification: {report.problems[0]}")
    finally:
        engine.dispose()


def _verify_restored_chain(session: Session, audit_key: bytes | None) -> AuditReport:
    """The backup's own chain, under the current audit key (a backup travels without its
    key; restoring it elsewhere needs the key file too)."""
    facts = store_facts(session)
    entries = load_entries(session)
    if facts.keyed_from is None and entries:  # a backup from before keying: all plain
        return verify_chain(entries, key=None, keyed_from=entries[-1].seq + 1)
    return verify_chain(entries, key=audit_key, keyed_from=facts.keyed_from or 1)


def _after_restore(ctx: Context, source: Path, sha: str, replaced: str) -> RestoreResult:
    db = ctx.db
    warnings: list[str] = []
    from notewell.services.setup import prepare_audit_log

    with db.transaction() as session:
        report = _verify_restored_chain(session, db.anchor.key())
        # Per-author keys travel (wrapped) inside the backup; only notes from before
        # them depend on the old key-ring file.
        key_ids = set(session.scalars(select(PsychotherapyNote.key_id).distinct()))
        key_ids -= set(session.scalars(select(AuthorKey.key_id)))
    if not report.ok:  # PostgreSQL: only checkable once restored
        warnings += [f"restored audit log: {p}" for p in report.problems]
    prepare_audit_log(db)  # a backup from before keying is keyed from here on
    with db.transaction() as session:
        entries = load_entries(session)
        facts = store_facts(session)
    if facts.store_id is None or facts.keyed_from is None:
        raise AnchorError("the restored record has no store id or keying: run `notewell init`")
    length, head = (entries[-1].seq, entries[-1].hash) if entries else (0, "0" * 64)
    previous = db.anchor.read(facts.store_id)
    archived = db.anchor.reset(facts.store_id, length, head, facts.keyed_from, "restore")
    detail = f"from {source} (sha256 {sha}); restored chain ends at #{length}; {replaced}"
    if previous.checkpoint is not None:
        detail += f"; previous checkpoint #{previous.checkpoint.length}"
    elif not previous.missing:
        detail += f"; {previous.problem}"
    with db.transaction() as session:
        entry = append_entry(
            session,
            actor=ctx.username,
            action="record.restore",
            entity_type="database",
            entity_id=None,
            origin=ctx.origin,
            detail=detail[:2000],
        )
        seq = entry.seq  # anchored by the commit hook
    if key_ids:
        try:
            known = {k for k in key_ids if _key_known(db, k)}
        except StoreError as exc:
            known, warnings = set(), [*warnings, f"psychotherapy notes: {exc}"]
        if known != key_ids:
            warnings.append(
                f"{len(key_ids - known)} psychotherapy-note key(s) of this backup are not in "
                "its author keys or the old key ring: restore the psychotherapy key file from "
                "the time of the backup"
            )
    return RestoreResult(source, sha, seq, archived, warnings)


def _key_known(db: Database, key_id: str) -> bool:
    from notewell.store.crypto import key_id_of

    return any(key_id_of(k) == key_id for k in db.key_ring.keys)
