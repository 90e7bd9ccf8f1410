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
from notewell.services.backup import backup_record, restore_record
from notewell.services.errors import Forbidden
from notewell.store.backup import pg_tool
from notewell.store.models import Addendum, NoteVersion, ProgressNote, PsychotherapyNote
from record_db import SYNTHETIC_NOTE, sign_with_overrides

PRIVATE = "SYNTHETIC: my sense is the saffron kite dream is about her brother."
LATER = "SYNTHETIC note written after the backup: marmalade compass."


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
    """What an attacker holding the backup reads: the SQLite file, or the SQL that the
    (compressed) pg_dump archive expands to."""
    if backend == "sqlite":
        return path.read_bytes()
    done = subprocess.run(
        [pg_tool("pg_restore", None), "--file=-", str(path)], capture_output=True, check=True
    )
    return done.stdout


@pytest.mark.pg_owner  # pg_restore --clean drops and recreates tables: only their owner may
def test_when_record_is_backed_up_and_restored_then_it_is_the_same_record(world, tmp_path):
    backend = world.db.engine.dialect.name
    _fill(world)
    exported = record_export.export_record(world.dana, "C-001", "json")
    before = _fingerprint(world.db)
    dest = tmp_path / "record.backup"
    result = backup_record(world.admin, dest)
    assert result.size == dest.stat().st_size > 0 and not result.encrypted

    contents = _readable_bytes(dest, backend)
    assert b"challenge catastrophic" in contents  # the record is there, in clear
    assert PRIVATE.encode() not in contents and b"saffron kite" not in contents

    later = notes.create_note(world.dana, "C-001", LATER, "dap").note_id
    with pytest.raises(InputError, match="--force"):
        restore_record(world.admin, dest)
    restored = restore_record(world.admin, dest, force=True)
    assert restored.warnings == [] and restored.checkpoint_archived is not None

    assert _fingerprint(world.db) == before
    assert record_export.export_record(world.dana, "C-001", "json") == exported
    assert all(n.note_id != later for n in notes.list_notes(world.dana, "C-001"))
    assert private_notes.show_private_note(world.dana, 1).text == PRIVATE
    report = audit.verify_audit_log(world.dana)
    assert report.ok and not report.warnings, report.problems
    actions = [e.action for e in audit.show_audit_log(world.admin, limit=500)]
    assert actions.count("record.restore") == 1
    assert actions.index("record.backup") < actions.index("record.restore")
    assert "record.backup.done" not in actions  # written after the copy was taken


def test_when_not_an_admin_then_backup_and_restore_are_refused(world, tmp_path):
    with pytest.raises(Forbidden, match="back up the record"):
        backup_record(world.dana, tmp_path / "b")
    backup_record(world.admin, tmp_path / "b")
    with pytest.raises(Forbidden, match="replace the record"):
        restore_record(world.dana, tmp_path / "b", force=True)
    with pytest.raises(InputError, match="already exists"):
        backup_record(world.admin, tmp_path / "b")
    assert audit.verify_audit_log(world.dana).ok


def test_when_backup_is_of_the_other_kind_then_restore_refuses(world, tmp_path):
    backup_record(world.admin, tmp_path / "b")
    wrong = tmp_path / "wrong"
    if world.db.engine.dialect.name == "sqlite":
        wrong.write_bytes(b"PGDMP" + bytes(100))
    else:
        wrong.write_bytes(b"SQLite format 3\x00" + bytes(100))
    with pytest.raises(InputError, match="cannot take it"):
        restore_record(world.admin, wrong, force=True)
