"""Build the detached views of progress notes (shared by notes, signing and export)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from notewell.services.plans import goal_view
from notewell.services.practice import awaits_cosignature
from notewell.services.record_integrity import (
    SIGNATURE_ACTIONS,
    note_audit_entries,
    note_integrity_problems,
)
from notewell.services.views import (
    AddendumView,
    CosignatureView,
    EmergencyReadView,
    NoteSummary,
    NoteView,
    OverrideView,
    ProvenanceView,
    SessionView,
)
from notewell.store.models import (
    AuditEntry,
    Client,
    NoteVersion,
    ProgressNote,
    ServiceSession,
    User,
)


def _username(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    user = session.get(User, user_id)
    return user.username if user else "?"


def current_text(session: Session, note: ProgressNote) -> str:
    version = session.scalar(
        select(NoteVersion).where(
            NoteVersion.note_id == note.id, NoteVersion.number == note.current_version
        )
    )
    return version.text if version else ""


def note_summary(session: Session, note: ProgressNote) -> NoteSummary:
    client = session.get(Client, note.client_id)
    service = session.get(ServiceSession, note.session_id) if note.session_id else None
    return NoteSummary(
        note_id=note.id,
        client=client.identifier if client else "?",
        author=_username(session, note.author_id) or "?",
        note_format=note.note_format,
        status=note.status,
        version=note.current_version,
        service_date=service.service_date if service else None,
        updated_at=note.updated_at,
    )


def session_view(service: ServiceSession | None) -> SessionView:
    if service is None:
        return SessionView()
    return SessionView(
        service_date=service.service_date,
        start_time=service.start_time,
        end_time=service.end_time,
        duration_minutes=service.duration_minutes,
        service_type=service.service_type,
        modality=service.modality,
        location=service.location,
        participants=tuple(service.participants or ()),
    )


def note_view(session: Session, note: ProgressNote) -> NoteView:
    session.refresh(note)  # collections (addenda, goals) as committed in this transaction
    service = session.get(ServiceSession, note.session_id) if note.session_id else None
    # One read of the chain for both: the signatures to re-check and the emergency reads.
    entries = note_audit_entries(session, note.id, (*SIGNATURE_ACTIONS, BREAK_GLASS))
    return NoteView(
        summary=note_summary(session, note),
        text=current_text(session, note),
        session=session_view(service),
        provenance=ProvenanceView(
            note.draft_engine, note.draft_model, note.changed_ratio, note.consent_on_file
        ),
        goals=tuple(goal_view(g) for g in note.goals),
        signed_at=note.signed_at,
        signed_by=_username(session, note.signed_by_id),
        content_hash=note.content_hash,
        overrides=tuple(OverrideView(o.rule, o.message, o.reason) for o in note.overrides),
        cosignatures=tuple(
            CosignatureView(_username(session, c.user_id) or "?", c.signed_at)
            for c in note.cosignatures
        ),
        addenda=tuple(
            AddendumView(
                a.number,
                a.text,
                _username(session, a.author_id) or "?",
                a.signed_at,
                a.content_hash,
            )
            for a in note.addenda
        ),
        cosign_pending=awaits_cosignature(session, note),
        emergency_reads=_emergency_read_views(e for e in entries if e.action == BREAK_GLASS),
        integrity_problems=tuple(
            note_integrity_problems(session, note.id, loaded=note, entries=entries)
        ),
    )


BREAK_GLASS = "note.break_glass"


def _emergency_read_views(entries: Iterable[AuditEntry]) -> tuple[EmergencyReadView, ...]:
    """Break-the-glass reads of a note, as the audit log recorded them."""
    return tuple(
        EmergencyReadView(e.actor, e.at, e.detail.split("reason=", 1)[-1]) for e in entries
    )
