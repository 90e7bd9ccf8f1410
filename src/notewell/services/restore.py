"""Restore the whole record from a backup: checked completely before anything is
replaced, and only with an admin's credentials.

Before the swap, the backup is staged (a SQLite copy; a PostgreSQL dump loaded into a
SQLite file) and checked: the database itself, its audit chain under the audit key,
every signed note, addendum and co-signature against that chain, and the admin's
password against the backup's own users. An admin of the record being replaced must
also prove it there, when it can be read at all (a missing or damaged database is what
restores are for). A backup older than the anchored head is a rollback (a signed note
could then be signed again with other text): refused unless the admin gives a reason,
which the restore entry keeps. A backup whose chain contradicts the anchor is refused.

The checkpoint is then reset to the restored head (the replaced file kept renamed
beside it) and a `record.restore` entry names the backup, its hash and what it replaced.
"""

from __future__ import annotations

import contextlib
import hmac
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from notewell.core.errors import InputError
from notewell.services import row_macs
from notewell.services.backup import file_sha256, has_record
from notewell.services.context import record_event
from notewell.services.errors import AuthFailed
from notewell.services.record_integrity import signed_record_problems
from notewell.services.row_macs import tampered
from notewell.store import backup as copies
from notewell.store import keywrap, migrate, sqlcipher
from notewell.store.audit_anchor import ANCHOR_INFO, AnchorError, Checkpoint, store_facts
from notewell.store.audit_chain import (
    AuditReport,
    append_entry,
    entry_hash,
    load_entries,
    verify_chain,
)
from notewell.store.database import Database
from notewell.store.engine import make_engine
from notewell.store.errors import StoreError
from notewell.store.models import AuditEntry, AuthorKey, Credential, PsychotherapyNote, User
from notewell.store.sealed_files import is_sealed, open_sealed


@dataclass
class RestoreResult:
    source: Path
    sha256: str
    audit_entries: int
    checkpoint_archived: Path | None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Staged:
    store_id: str
    length: int
    hashes: dict[int, str]  # seq -> entry hash, of the verified chain
    unkeyed: bool = False  # from before keying: nothing proves it was not rewritten


def restore_record(
    db: Database,
    source: Path,
    *,
    admin: str,
    password: str,
    origin: str,
    force: bool = False,
    rollback_reason: str | None = None,
    passphrase: str | None = None,
) -> RestoreResult:
    settings = db.settings
    source = source.resolve()
    if not source.is_file():
        raise InputError(f"{source}: no such backup")
    target = sqlcipher.sqlite_path(settings.database_url)
    exists = has_record(db)
    if exists and not force:
        raise InputError(
            "a record already exists here; restoring replaces it: add --force if that is "
            "what you want"
        )
    sha = file_sha256(source)
    with _private_workspace(target) as work:
        working = _unsealed(source, work, passphrase)
        state = sqlcipher.file_state(working)
        if state == "missing":
            raise InputError(f"{source}: empty, or not a notewell backup")
        if (state == "pg_dump") != (target is None):
            kind = "a PostgreSQL dump" if state == "pg_dump" else "a SQLite backup"
            raise InputError(f"{source} is {kind}; the configured database cannot take it")
        staged = work / "staged.db"
        db_key = None
        if target is None:
            from notewell.store.dump_staging import stage_pg_dump

            copies.pg_check_dump(working, settings.pg_bin)
            stage_pg_dump(working, staged, settings.pg_bin)
        else:
            db_key = sqlcipher.find_key(target, settings.db_key_file, settings.db_key_env)
            if state == "encrypted" and db_key is None:
                raise StoreError(f"{source} is encrypted and no database key is configured")
            copies.sqlite_copy(working, db_key if state == "encrypted" else None, staged, db_key)
        replaced, current = "there was no record before", None
        try:
            facts = _check_staged(db, staged, db_key, admin, password)
            if exists:
                replaced, current = _check_current(db, admin, password)
        except AuthFailed:
            _log_refusal(db, admin, origin, exists)
            raise
        if facts.unkeyed and not (rollback_reason and rollback_reason.strip()):
            raise InputError(
                "the backup is from before the audit log was keyed: nothing proves its log "
                "was not rewritten; if you trust it, add --rollback REASON (logged)"
            )
        _check_history(facts, current, rollback_reason)
        _check_anchor(db, facts, rollback_reason)
        if target is None:
            db.engine.dispose()
            copies.pg_restore(settings.database_url, working, settings.pg_bin)
        else:
            db.engine.dispose()
            copies.swap_in(staged, target)
    db.reopen()
    db.upgrade()  # a backup from an older notewell gets today's schema
    return _after_restore(db, source, sha, replaced, admin, origin, rollback_reason)


def _log_refusal(db: Database, admin: str, origin: str, exists: bool) -> None:
    """A refused restore is logged in the record it would have replaced, if readable."""
    if not exists:
        return
    with contextlib.suppress(Exception):
        record_event(db, admin[:64], "restore.refused", "database", None, origin, "")


@contextlib.contextmanager
def _private_workspace(target: Path | None) -> Iterator[Path]:
    """A 0700 folder for the unsealed and staged copies: beside the SQLite file (so the
    swap is a rename on one file system), else in the temporary folder."""
    parent = target.parent if target is not None else None
    if parent is not None:
        parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".notewell-restore-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _unsealed(source: Path, work: Path, passphrase: str | None) -> Path:
    if not is_sealed(source):
        return source
    if not passphrase:
        raise InputError(f"{source} is sealed: give its passphrase")
    plain = work / "unsealed"
    open_sealed(source, plain, passphrase=passphrase)
    return plain


def _staged_engine(staged: Path, key: bytes | None) -> Engine:
    return make_engine(f"sqlite:///{staged}", sqlcipher_key=key)


def _check_staged(
    db: Database, staged: Path, key: bytes | None, admin: str, password: str
) -> _Staged:
    engine = _staged_engine(staged, key)
    try:
        if migrate.current_revision(engine) is None:
            raise InputError("the backup holds no notewell record")
        with engine.connect() as connection:
            check = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
        if check != "ok":
            raise StoreError(f"the backup is damaged: {check}")
        # With the anchor, rows loaded from the backup are checked against the audit key.
        with Session(engine, info={ANCHOR_INFO: db.anchor}) as session:
            _require_admin(session, admin, password, "the backup")
            report = verify_backup_chain(session, db.anchor.key())
            entries = load_entries(session)
            problems = report.problems + signed_record_problems(session, entries)
            problems += row_macs.problems(session)
            facts = store_facts(session)
        unkeyed = bool(entries) and (facts.keyed_from is None or facts.keyed_from > entries[-1].seq)
        if problems:
            raise StoreError(
                f"the backup fails verification ({len(problems)} problems): {problems[0]}"
            )
        if facts.store_id is None and not unkeyed:
            raise StoreError("the backup has no store id: it is not a complete record")
        length = entries[-1].seq if entries else 0
        hashes = {e.seq: e.hash for e in entries}
        return _Staged(facts.store_id or "", length, hashes, unkeyed)
    finally:
        engine.dispose()


def verify_backup_chain(session: Session, audit_key: bytes | None) -> AuditReport:
    """A backup's own chain, under the current audit key (a backup travels without its
    key: restoring it elsewhere needs the key file too)."""
    facts = store_facts(session)
    entries = load_entries(session)
    if facts.keyed_from is None and entries:  # a backup from before keying: all plain
        report = verify_chain(entries, key=None, keyed_from=entries[-1].seq + 1)
        if audit_key is not None and any(
            hmac.compare_digest(entry_hash(e, e.prev_hash, audit_key), e.hash) for e in entries
        ):
            report.problems.append(
                "the backup's log was keyed but its audit_keyed_from setting is gone: "
                "its entries would be checked without the key"
            )
        return report
    if audit_key is None and entries:
        raise AnchorError("the audit key is missing: a backup's chain cannot be checked without it")
    return verify_chain(entries, key=audit_key, keyed_from=facts.keyed_from or 1)


def _require_admin(session: Session, admin: str, password: str, where: str) -> None:
    user = session.scalar(select(User).where(User.username == admin))
    credential = session.get(Credential, user.id) if user else None
    proven = keywrap.verify_secret(
        credential.password_hash if credential and credential.password_hash else "", password
    )
    # One answer for a wrong password and for a non-admin: restore is no password oracle.
    if not proven or user is None or user.role != "admin" or not user.active or tampered(user):
        raise AuthFailed(f"{admin} is not an admin of {where} with that password")


def _check_current(db: Database, admin: str, password: str) -> tuple[str, _Staged | None]:
    """An admin of the record being replaced, when it can be read; returns its chain's
    end, and the chain itself to compare the backup with."""
    try:
        with db.transaction() as session:
            entries = load_entries(session)
            facts = store_facts(session)
            readable = True
    except Exception:  # a damaged store is what restores are for; the backup's admin decides
        readable = False
    if not readable:
        return "the replaced database was unreadable", None
    with db.transaction() as session:
        _require_admin(session, admin, password, "the record being replaced")
    current = _Staged(
        facts.store_id or "", entries[-1].seq if entries else 0, {e.seq: e.hash for e in entries}
    )
    if not entries:
        return "the replaced chain was empty", current
    return f"the replaced chain ended at #{entries[-1].seq} ({entries[-1].hash[:16]})", current


def _check_history(staged: _Staged, current: _Staged | None, rollback_reason: str | None) -> None:
    """Against the record being replaced, when it could be read: a backup of another
    store discards this one's history, and an older backup must be an earlier state of
    this very chain (not a different history with the same store id)."""
    if current is None:
        return
    if current.store_id != staged.store_id:
        if not (rollback_reason and rollback_reason.strip()):
            raise InputError(
                "the backup is of another record (another store id): restoring it discards "
                "this record's history; if that is what you want, add --rollback REASON (logged)"
            )
        return
    common = min(current.length, staged.length)
    if common and current.hashes.get(common) != staged.hashes.get(common):
        raise StoreError(
            f"the backup's audit chain differs from this record's at #{common}: it is not an "
            "earlier or later state of this record; refused"
        )


def _check_anchor(db: Database, staged: _Staged, rollback_reason: str | None) -> None:
    if not staged.store_id:
        return  # from before store ids: it has no anchor of its own (a reason was given)
    state = db.anchor.read(staged.store_id)
    anchored: Checkpoint | None = state.checkpoint if state.problem is None else None
    if anchored is None:
        return  # a new machine, or a broken anchor that the restore resets (logged)
    if anchored.length > staged.length:
        if not (rollback_reason and rollback_reason.strip()):
            raise InputError(
                f"the backup is older than the record: its chain ends at #{staged.length}, the "
                f"anchored head is #{anchored.length}. Restoring it rolls the record back; "
                "if that is what you want, add --rollback REASON (logged)"
            )
        return
    # As long or longer: the anchored head must be in the backup's (verified) chain.
    if anchored.length and staged.hashes.get(anchored.length) != anchored.head:
        raise StoreError(
            f"the backup's audit chain contradicts the anchored head at #{anchored.length}: "
            "it is not this record's history; refused"
        )


def _after_restore(
    db: Database,
    source: Path,
    sha: str,
    replaced: str,
    admin: str,
    origin: str,
    rollback_reason: str | None,
) -> RestoreResult:
    from notewell.services.setup import prepare_audit_log

    warnings: list[str] = []
    with db.transaction() as session:
        report = verify_backup_chain(session, db.anchor.key())
        # Per-author keys travel (wrapped) inside the backup; only notes from before
        # them depend on the old key-ring file.
        key_ids = set(session.scalars(select(PsychotherapyNote.key_id).distinct()))
        key_ids -= set(session.scalars(select(AuthorKey.key_id)))
    if not report.ok:
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
    if rollback_reason:
        detail += f"; ROLLBACK: {' '.join(rollback_reason.split())}"
    with db.transaction() as session:
        entry: AuditEntry = append_entry(
            session,
            actor=admin,
            action="record.restore",
            entity_type="database",
            entity_id=None,
            origin=origin,
            detail=detail[:2000],
        )
        seq = entry.seq  # anchored by the commit hook
    if key_ids:
        warnings.append(
            f"{len(key_ids)} psychotherapy-note key(s) of this backup predate per-author keys: "
            "their notes open only with the old key file of the time"
        )
    return RestoreResult(source, sha, seq, archived, warnings)


__all__ = ["RestoreResult", "restore_record", "verify_backup_chain"]
