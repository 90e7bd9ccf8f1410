"""The ORM half of the signed-note lock: refuse, before any SQL is sent, a flush that
would change a signed note or any append-only row. Database triggers (migration 0002)
hold the same line for writes that bypass the ORM."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from notewell.store.errors import RecordLocked
from notewell.store.models import (
    Addendum,
    AuditEntry,
    Cosignature,
    NoteOverride,
    NoteVersion,
    ProgressNote,
    ServiceSession,
)

# Rows that are written once and never changed or removed, whatever the note's status.
APPEND_ONLY = (NoteVersion, NoteOverride, Cosignature, Addendum, AuditEntry)


def install_guards(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _refuse_locked_writes)


def _was_signed(note: ProgressNote) -> bool:
    """Status as stored in the database before this flush (a pending sign is not yet)."""
    history = inspect(note).attrs.status.history
    before = [*history.unchanged, *history.deleted]
    return "signed" in before


def _session_has_signed_note(session: Session, service: ServiceSession) -> bool:
    with session.no_autoflush:
        found = session.scalar(
            select(ProgressNote.id)
            .where(ProgressNote.session_id == service.id, ProgressNote.status == "signed")
            .limit(1)
        )
    return found is not None


def _refuse_locked_writes(session: Session, _context: Any, _instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, APPEND_ONLY):
            raise RecordLocked(f"{type(obj).__name__} rows are append-only; cannot delete")
        if isinstance(obj, ProgressNote) and _was_signed(obj):
            raise RecordLocked(f"note {obj.id} is signed; it cannot be deleted")
    for obj in session.dirty:
        if not session.is_modified(obj):
            continue
        if isinstance(obj, APPEND_ONLY):
            raise RecordLocked(f"{type(obj).__name__} rows are append-only; cannot change")
        if isinstance(obj, ProgressNote) and _was_signed(obj):
            raise RecordLocked(f"note {obj.id} is signed; add an addendum instead")
        if isinstance(obj, ServiceSession) and _session_has_signed_note(session, obj):
            raise RecordLocked(f"session {obj.id} is documented by a signed note")
    with session.no_autoflush:
        for obj in session.new:
            if isinstance(obj, NoteVersion):
                note = session.get(ProgressNote, obj.note_id)
                if note is not None and _was_signed(note):
                    raise RecordLocked(f"note {note.id} is signed; add an addendum instead")
