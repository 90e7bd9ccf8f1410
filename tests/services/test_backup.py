"""Backup then restore gives the same record, on SQLite and PostgreSQL; psychotherapy
notes stay ciphertext inside backups; the audit log verifies after a restore. All
people, clients and notes are SYNTHETIC."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from notewell.core.errors import InputError
from notewell.services import audit, notes, private_notes, record_export, signing
from notewell.services.backup import backup_record
from notewell.services.errors import AuthFailed, Forbidden
from notewell.services.restore import restore_record
from notewell.store.backup import pg_tool
from notewell.store.errors import StoreError
from notewell.store.models import Addendum, NoteVersion, ProgressNote, PsychotherapyNote
from notewell.store.sealed_files import SealedFileError, is_sealed, open_sealed, seal_file
from record_db import PASSWORD, PG_SKIP_REASON, PG_URL, SYNTHETIC_NOTE, sign_with_overrides

PRIVATE = "SYNTHETIC: my sense is the saffron kite dream is about her brother."
LATER = "SYNTHETIC note written after the backup: marmalade compass."
PASSPHRASE = "synthetic backup passphrase"


def _backup(world, dest: Path):
    return backup_record(world.admin, dest, PASSPHRASE)


def _restore(world, source: Path, *, admin: str = "root", password: str = PASSWORD, **kw):
    kw.setdefault("passphrase", PASSPHRASE)
    return restore_record(world.db, source, admin=admin, password=password, origin="test", **kw)


def _fill(world) -> None:
    note_id = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap").note_id
    notes.save_note(world.dana, note_id, SYNTHETIC_NOTE + "\nEdited once.", 1)
    sign_with_overrides(world.dana, note_id)
    signing.add_addendum(world.dana, note_id, "SYNTHETIC late entry: phone call on Friday.")
    notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE + "\nA second draft.", "soap")
    private_notes.create_private_note(world.dana, "C-001", PRIVATE)


def _fingerprint(db) -> dict[str, object]:
    """Every stored note version, status, signature hash and ciphertext, hashed."""
    with db.transaction() as session:
        versions = [
            (v.note_id, v.number, hashlib.sha256(v.text.encode()).hexdigest())
            for v in session.scalars(select(NoteVersion).order_by(NoteVersion.id))
        ]
        progress = [
            (n.id, n.status, n.current_version, n.content_hash)
            for n in session.scalars(select(ProgressNote).order_by(ProgressNote.id))
        ]
        addenda = [a.text for a in session.scalars(select(Addendum).order_by(Addendum.id))]
        private = [
            (p.uid, p.key_id, hashlib.sha256(p.ciphertext).hexdigest())
            for p in session.scalars(select(PsychotherapyNote).order_by(PsychotherapyNote.id))
        ]
    return {"versions": versions, "notes": progress, "addenda": addenda, "private": private}


def _readable_bytes(path: Path, backend: str) -> bytes:
    """What someone holding the backup and its passphrase reads: the SQLite file, or the
    SQL that the (compressed) pg_dump archive expands to."""
    plain = path.with_name(path.name + ".opened")
    open_sealed(path, plain, passphrase=PASSPHRASE)
    if backend == "sqlite":
        return plain.read_bytes()
    done = subprocess.run(
        [pg_tool("pg_restore", None), "--file=-", str(plain)], capture_output=True, check=True
    )
    return done.stdout


@pytest.mark.pg_owner  # pg_restore --clean drops and recreates tables: only their owner may
def test_when_record_is_backed_up_and_restored_then_it_is_the_same_record(world, tmp_path):
    backend = world.db.engine.dialect.name
    _fill(world)
    exported = record_export.export_record(world.dana, "C-001", "json")
    before = _fingerprint(world.db)
    dest = tmp_path / "record.backup"
    result = _backup(world, dest)
    assert result.size == dest.stat().st_size > 0 and result.encrypted and is_sealed(dest)
    assert b"challenge catastrophic" not in dest.read_bytes()  # sealed: nothing in clear
    contents = _readable_bytes(dest, backend)
    assert b"challenge catastrophic" in contents  # opened with the passphrase: the record
    assert PRIVATE.encode() not in contents and b"saffron kite" not in contents

    later = notes.create_note(world.dana, "C-001", LATER, "dap").note_id
    with pytest.raises(InputError, match="--force"):
        _restore(world, dest)
    with pytest.raises(InputError, match="older than the record"):
        _restore(world, dest, force=True)  # a rollback needs a reason
    restored = _restore(world, dest, force=True, rollback_reason="synthetic drill")
    assert restored.warnings == [] and restored.checkpoint_archived is not None

    assert _fingerprint(world.db) == before
    assert record_export.export_record(world.dana, "C-001", "json") == exported
    assert all(n.note_id != later for n in notes.list_notes(world.dana, "C-001").items)
    assert private_notes.show_private_note(world.dana, 1).text == PRIVATE
    report = audit.verify_audit_log(world.dana)
    assert report.ok and not report.warnings, report.problems
    actions = [e.action for e in audit.show_audit_log(world.admin, limit=500)]
    assert actions.count("record.restore") == 1
    log = audit.show_audit_log(world.admin, limit=500)
    assert any(
        e.action == "record.restore" and "ROLLBACK: synthetic drill" in e.detail for e in log
    )
    assert actions.index("record.backup") < actions.index("record.restore")
    assert "record.backup.done" not in actions  # written after the copy was taken


def test_when_not_an_admin_then_backup_and_restore_are_refused(world, tmp_path):
    with pytest.raises(Forbidden, match="back up the record"):
        backup_record(world.dana, tmp_path / "b", PASSPHRASE)
    with pytest.raises(InputError, match="passphrase"):
        backup_record(world.admin, tmp_path / "b", "short")
    _backup(world, tmp_path / "b")
    with pytest.raises(AuthFailed, match="not an admin of the backup"):
        _restore(world, tmp_path / "b", admin="dana", force=True)
    with pytest.raises(AuthFailed, match="not an admin of the backup with that password"):
        _restore(world, tmp_path / "b", password="not-the-password", force=True)
    refused = [
        e for e in audit.show_audit_log(world.admin, limit=10) if e.action == "restore.refused"
    ]
    assert len(refused) == 2  # both refusals are on the record they would have replaced
    with pytest.raises(SealedFileError, match="wrong passphrase"):
        _restore(world, tmp_path / "b", passphrase="not the passphrase!", force=True)
    with pytest.raises(InputError, match="already exists"):
        _backup(world, tmp_path / "b")
    assert audit.verify_audit_log(world.dana).ok


def test_when_backup_is_of_the_other_kind_then_restore_refuses(world, tmp_path):
    wrong = tmp_path / "wrong"
    if world.db.engine.dialect.name == "sqlite":
        wrong.write_bytes(b"PGDMP" + bytes(100))
    else:
        wrong.write_bytes(b"SQLite format 3\x00" + bytes(100))
    with pytest.raises(InputError, match="cannot take it"):
        _restore(world, wrong, force=True)


def _crafted(world, tmp_path: Path, statement: str) -> Path:
    """A backup someone holding it (and its passphrase) edited and sealed again."""
    source = tmp_path / "honest.backup"
    _backup(world, source)
    plain = tmp_path / "opened.db"
    open_sealed(source, plain, passphrase=PASSPHRASE)
    import sqlite3

    connection = sqlite3.connect(plain)
    for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
        connection.execute(f"DROP TRIGGER {name}")
    connection.execute(statement)
    connection.commit()
    connection.close()
    crafted = tmp_path / "crafted.backup"
    seal_file(plain, crafted, passphrase=PASSPHRASE)
    return crafted


SQLITE_ONLY = pytest.mark.parametrize("db", ["sqlite"], indirect=True)


@SQLITE_ONLY  # crafted by editing the SQLite backup file
@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("UPDATE note_versions SET text = 'SYNTHETIC forged text' WHERE number = 2", "signed note"),
        ("UPDATE audit_log SET actor = 'nobody' WHERE seq = 3", "edited"),
        ("DELETE FROM addenda", "addendum"),
        ("DELETE FROM settings WHERE key = 'audit_keyed_from'", "was edited"),
    ],
    ids=["signed-text", "audit-entry", "addendum-removed", "keying-removed"],
)
def test_when_a_crafted_backup_is_restored_then_nothing_is_replaced(
    world, tmp_path, statement, named
):
    _fill(world)
    before = _fingerprint(world.db)
    crafted = _crafted(world, tmp_path, statement)
    with pytest.raises(StoreError, match="fails verification") as refused:
        _restore(world, crafted, force=True)
    assert named in str(refused.value)
    assert _fingerprint(world.db) == before
    assert audit.verify_audit_log(world.dana).ok


@SQLITE_ONLY  # a missing PostgreSQL database is the server's matter
def test_when_the_database_is_missing_then_only_the_backups_admin_restores(world, tmp_path):
    _fill(world)
    before = _fingerprint(world.db)
    dest = tmp_path / "record.backup"
    _backup(world, dest)
    world.db.close()
    path = Path(world.db.settings.database_url.removeprefix("sqlite:///"))
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    with pytest.raises(AuthFailed, match="not an admin"):
        _restore(world, dest, admin="bo")
    with pytest.raises(AuthFailed):
        _restore(world, dest, password="a-guess-at-the-password")
    assert not path.exists() or path.stat().st_size == 0
    # The anchor outside the database remembers the entries after the backup was taken.
    with pytest.raises(InputError, match="older than the record"):
        _restore(world, dest)
    _restore(world, dest, rollback_reason="synthetic disk loss")
    assert _fingerprint(world.db) == before
    assert audit.verify_audit_log(world.dana).ok


@pytest.mark.skipif(not PG_URL, reason=PG_SKIP_REASON)
@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
def test_when_a_crafted_postgresql_dump_is_restored_then_nothing_is_replaced(world, tmp_path):
    """Someone holding a dump (and its passphrase) loads it elsewhere, edits a signed
    note below every guard, dumps it again and seals it: the staged check names it."""
    from notewell.store import backup as copies
    from record_db import fresh_pg_database

    _fill(world)
    before = _fingerprint(world.db)
    honest = tmp_path / "honest.backup"
    _backup(world, honest)
    dump = tmp_path / "honest.dump"
    open_sealed(honest, dump, passphrase=PASSPHRASE)
    with fresh_pg_database() as scratch:
        copies.pg_restore(scratch, dump, None)
        from sqlalchemy import create_engine, text

        engine = create_engine(scratch)
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE note_versions DISABLE TRIGGER USER"))
            conn.execute(
                text("UPDATE note_versions SET text = 'SYNTHETIC forged' WHERE number = 2")
            )
        engine.dispose()
        forged = tmp_path / "forged.dump"
        copies.pg_dump(scratch, forged, None)
    crafted = tmp_path / "crafted.backup"
    seal_file(forged, crafted, passphrase=PASSPHRASE)
    with pytest.raises(StoreError, match="fails verification") as refused:
        _restore(world, crafted, force=True, rollback_reason="synthetic drill")
    assert "signed note" in str(refused.value)
    assert _fingerprint(world.db) == before
