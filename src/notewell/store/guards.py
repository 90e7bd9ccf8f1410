"""The ORM half of the signed-note lock: refuse, before any SQL is sent, a flush that
would change a signed note or any append-only row, remove a user, a private note, an
author's key or a documented session, or change who a row belongs to. Database triggers
(migrations 0002 and 0004) hold the same line for writes that bypass the ORM."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from notewell.store.errors import RecordLocked
from notewell.store.models import (
    Addendum,
    AuditEntry,
    AuthorKey,
    Client,
    Cosignature,
    NoteOverride,
    NoteVersion,
    ProgressNote,
    PsychotherapyNote,
    ServiceSession,
    User,
)

# Rows that are written once and never changed or removed, whatever the note's status.
APPEND_ONLY = (NoteVersion, NoteOverride, Cosignature, Addendum, AuditEntry)
# Rows that may change but never go: a user's identity outlives them (their notes,
# the audit log name them); a private note and the key that opens it are the record.
NEVER_DELETED = (User, PsychotherapyNote, AuthorKey, Client)
# Columns that say who or what a row is; the other columns may change.
IDENTITY = {
    User: ("id", "username"),
    PsychotherapyNote: ("id", "uid", "client_id", "author_id", "created_at"),
    AuthorKey: ("id", "user_id", "key_id"),
    Client: ("id", "identifier"),  # a swap would move signed notes to another chart
}


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


def _session_is_documented(session: Session, service: ServiceSession) -> bool:
    """A signed progress note or any psychotherapy note records this session."""
    if _session_has_signed_note(session, service):
        return True
    with session.no_autoflush:
        found = session.scalar(
            select(PsychotherapyNote.id).where(PsychotherapyNote.session_id == service.id).limit(1)
        )
    return found is not None


def _has_signed(session: Session, user: User) -> bool:
    """The user's name is on a signed note, an addendum or a co-signature."""
    with session.no_autoflush:
        for query in (
            select(ProgressNote.id).where(
                ProgressNote.signed_by_id == user.id, ProgressNote.status == "signed"
            ),
            select(Addendum.id).where(Addendum.author_id == user.id),
            select(Cosignature.id).where(Cosignature.user_id == user.id),
        ):
            if session.scalar(query.limit(1)) is not None:
                return True
    return False


def _changed(obj: object, columns: tuple[str, ...]) -> list[str]:
    attrs = inspect(obj).attrs
    return [c for c in columns if attrs[c].history.has_changes()]


def _refuse_identity_change(session: Session, obj: object) -> None:
    for kind, columns in IDENTITY.items():
        if isinstance(obj, kind) and (changed := _changed(obj, columns)):
            raise RecordLocked(f"{kind.__name__} {', '.join(changed)} cannot change")
    if isinstance(obj, User) and _changed(obj, ("display_name",)) and _has_signed(session, obj):
        raise RecordLocked(f"user {obj.username} has signed records; the name on them stays")


def _refuse_locked_writes(session: Session, _context: Any, _instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, APPEND_ONLY):
            raise RecordLocked(f"{type(obj).__name__} rows are append-only; cannot delete")
        if isinstance(obj, NEVER_DELETED):
            raise RecordLocked(f"{type(obj).__name__} rows are never deleted")
        if isinstance(obj, ProgressNote) and _was_signed(obj):
            raise RecordLocked(f"note {obj.id} is signed; it cannot be deleted")
        if isinstance(obj, ServiceSession) and _session_is_documented(session, obj):
            raise RecordLocked(f"session {obj.id} is documented by a note; it cannot be deleted")
    for obj in session.dirty:
        if not session.is_modified(obj):
            continue
        if isinstance(obj, APPEND_ONLY):
            raise RecordLocked(f"{type(obj).__name__} rows are append-only; cannot change")
        if isinstance(obj, ProgressNote) and _was_signed(obj):
            raise RecordLocked(f"note {obj.id} is signed; add an addendum instead")
        if isinstance(obj, ServiceSession) and _session_has_signed_note(session, obj):
            raise RecordLocked(f"session {obj.id} is documented by a signed note")
        _refuse_identity_change(session, obj)
    with session.no_autoflush:
        for obj in session.new:
            if isinstance(obj, NoteVersion):
                note = session.get(ProgressNote, obj.note_id)
                if note is not None and _was_signed(note):
                    raise RecordLocked(f"note {note.id} is signed; add an addendum instead")
