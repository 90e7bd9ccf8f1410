"""The signed-note lock holds below the service layer: the ORM refuses, and the database
itself refuses raw SQL. Synthetic data only."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from notewell.services import notes, signing
from notewell.store.errors import RecordLocked
from notewell.store.models import AuditEntry, NoteVersion, ProgressNote
from record_db import SYNTHETIC_NOTE, sign_with_overrides


@pytest.fixture()
def signed_note_id(world) -> int:
    note = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap")
    sign_with_overrides(world.dana, note.note_id)
    signing.add_addendum(world.dana, note.note_id, "Synthetic addendum.")
    return note.note_id


RAW_WRITES = [
    pytest.param("UPDATE progress_notes SET status = 'draft' WHERE id = :n", id="unsign-note"),
    pytest.param("UPDATE progress_notes SET draft_engine = 'x' WHERE id = :n", id="edit-note-row"),
    pytest.param("DELETE FROM progress_notes WHERE id = :n", id="delete-note"),
    pytest.param("UPDATE note_versions SET text = 'forged' WHERE note_id = :n", id="edit-version"),
    pytest.param("DELETE FROM note_versions WHERE note_id = :n", id="delete-version"),
    pytest.param(
        "INSERT INTO note_versions (note_id, number, text, saved_by_id, saved_at) "
        "VALUES (:n, 99, 'forged', 1, CURRENT_TIMESTAMP)",
        id="insert-version",
    ),
    pytest.param(
        "INSERT INTO note_overrides (note_id, rule, message, reason) VALUES (:n, 'r', 'm', 'x')",
        id="insert-override",
    ),
    pytest.param(
        "UPDATE service_sessions SET duration_minutes = 90 "
        "WHERE id = (SELECT session_id FROM progress_notes WHERE id = :n)",
        id="edit-session",
    ),
    pytest.param("UPDATE addenda SET text = 'forged' WHERE note_id = :n", id="edit-addendum"),
    pytest.param("DELETE FROM addenda WHERE note_id = :n", id="delete-addendum"),
    pytest.param("UPDATE audit_log SET actor = 'nobody' WHERE seq = 1", id="edit-audit"),
    pytest.param("DELETE FROM audit_log WHERE seq = 1", id="delete-audit"),
]


@pytest.mark.parametrize("statement", RAW_WRITES)
def test_when_raw_sql_changes_signed_record_then_database_refuses(world, signed_note_id, statement):
    with pytest.raises(DBAPIError, match="record is locked"), world.db.engine.begin() as conn:
        conn.execute(text(statement), {"n": signed_note_id})


def test_when_orm_changes_signed_note_then_flush_refuses(world, signed_note_id):
    with pytest.raises(RecordLocked), world.db.transaction() as session:
        note = session.get(ProgressNote, signed_note_id)
        note.note_format = "soap"


def test_when_orm_adds_version_to_signed_note_then_flush_refuses(world, signed_note_id):
    with pytest.raises(RecordLocked), world.db.transaction() as session:
        session.add(NoteVersion(note_id=signed_note_id, number=50, text="forged", saved_by_id=1))


def test_when_orm_edits_audit_entry_then_flush_refuses(world, signed_note_id):
    with pytest.raises(RecordLocked), world.db.transaction() as session:
        session.get(AuditEntry, 1).actor = "nobody"


def test_when_note_is_draft_then_its_row_may_change(world):
    note = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap")
    with world.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE progress_notes SET note_format = 'soap' WHERE id = :n"),
            {"n": note.note_id},
        )
