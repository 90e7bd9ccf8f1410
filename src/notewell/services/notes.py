"""Progress notes: create (from a draft or text), save new versions, link goals and
session details, show, list, search. Signing and addenda are in `signing`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from notewell.core.errors import InputError
from notewell.services import access
from notewell.services.clients import client_view
from notewell.services.context import Context, UnitOfWork, note_write, unit_of_work
from notewell.services.errors import Conflict, RecordLocked
from notewell.services.note_listings import list_notes as list_notes
from notewell.services.note_listings import search_notes as search_notes
from notewell.services.note_views import BREAK_GLASS, note_view
from notewell.services.plans import current_plan
from notewell.services.views import ClientView, EmergencyReadView, NoteView, SessionView
from notewell.store.models import (
    AuditEntry,
    Client,
    NoteVersion,
    ProgressNote,
    ServiceSession,
    User,
    utcnow,
)

MAX_NOTE_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class Provenance:
    engine: str = "manual"  # "embedded", or the LLM backend name
    model: str | None = None
    draft_text: str | None = None  # the text as drafted, before the clinician's edits


def check_text(text: str) -> None:
    if not text.strip():
        raise InputError("the note is empty")
    if len(text) > MAX_NOTE_CHARS:
        raise InputError(f"the note is {len(text):,} characters; the limit is {MAX_NOTE_CHARS:,}")


def _writable_note(uow: UnitOfWork, note_id: int, what: str) -> ProgressNote:
    """A draft the actor may change; a signed note is refused in every write path."""
    note = uow.readable_note(note_id, f"{what} note {note_id}")
    uow.require(access.can_edit_note(uow.actor, note), f"{what} note {note_id}")
    if note.status == "signed":
        raise RecordLocked(f"note {note_id} is signed; it cannot be changed (add an addendum)")
    return note


def create_note(
    ctx: Context,
    client_identifier: str,
    text: str,
    note_format: str,
    session: SessionView | None = None,
    provenance: Provenance | None = None,
) -> NoteView:
    check_text(text)
    with unit_of_work(ctx) as uow:
        client = uow.readable_client(client_identifier, f"write notes for {client_identifier}")
        note = add_note(uow, client, text, note_format, session, provenance)
        return note_view(uow.session, note)


def add_note(
    uow: UnitOfWork,
    client: Client,
    text: str,
    note_format: str,
    session: SessionView | None = None,
    provenance: Provenance | None = None,
) -> ProgressNote:
    """A new draft (version 1) and its session, inside the caller's unit of work."""
    provenance = provenance or Provenance()
    uow.require(access.can_write_notes(uow.actor, client), f"write notes for {client.identifier}")
    service = ServiceSession(
        client_id=client.id, clinician_id=uow.actor.id, **_session_fields(session)
    )
    uow.session.add(service)
    uow.session.flush()
    note = ProgressNote(
        client_id=client.id,
        session_id=service.id,
        author_id=uow.actor.id,
        note_format=note_format,
        draft_engine=provenance.engine,
        draft_model=provenance.model,
        draft_text=provenance.draft_text,
    )
    uow.session.add(note)
    uow.session.flush()
    uow.session.add(NoteVersion(note_id=note.id, number=1, text=text, saved_by_id=uow.actor.id))
    uow.session.flush()
    uow.audit("note.create", "progress_note", note.id, f"client={client.identifier}")
    return note


def require_can_write(ctx: Context, client_identifier: str) -> ClientView:
    """Refuse early (and audit) before spending seconds drafting for a forbidden client;
    the client's header for the new-note form."""
    with unit_of_work(ctx) as uow:
        client = uow.readable_client(client_identifier, f"write notes for {client_identifier}")
        uow.require(
            access.can_write_notes(uow.actor, client), f"write notes for {client_identifier}"
        )
        return client_view(uow.session, client)


@note_write
def save_note(ctx: Context, note_id: int, text: str, base_version: int) -> NoteView:
    """Save an edit as a new version; `base_version` is the version the edit started from."""
    check_text(text)
    try:
        with unit_of_work(ctx) as uow:
            note = _writable_note(uow, note_id, "edit")
            if note.current_version != base_version:
                raise _conflict(uow.session, note, base_version, text)
            note.current_version += 1
            note.updated_at = utcnow()
            uow.session.flush()  # the version check: a concurrent save makes this stale
            uow.session.add(
                NoteVersion(
                    note_id=note.id,
                    number=note.current_version,
                    text=text,
                    saved_by_id=uow.actor.id,
                )
            )
            uow.session.flush()
            uow.audit("note.update", "progress_note", note.id, f"version {note.current_version}")
            return note_view(uow.session, note)
    except (StaleDataError, IntegrityError):
        with ctx.db.transaction() as session:
            stored = session.get(ProgressNote, note_id)
            assert stored is not None
            raise _conflict(session, stored, base_version, text) from None


def _conflict(session: Session, note: ProgressNote, base: int, attempted: str) -> Conflict:
    current = session.scalar(
        select(NoteVersion).where(
            NoteVersion.note_id == note.id, NoteVersion.number == note.current_version
        )
    )
    return Conflict(note.id, base, note.current_version, current.text if current else "", attempted)


@note_write
def link_goals(ctx: Context, note_id: int, goal_numbers: list[int]) -> NoteView:
    """Tie a draft to the treatment-plan goals it addresses (current plan's numbering)."""
    with unit_of_work(ctx) as uow:
        note = _writable_note(uow, note_id, "link goals of")
        attach_goals(uow, note, goal_numbers)
        return note_view(uow.session, note)


def attach_goals(uow: UnitOfWork, note: ProgressNote, goal_numbers: Sequence[int]) -> None:
    """Inside the caller's unit of work, on a note it may change."""
    plan = current_plan(uow.session, note.client_id)
    by_number = {g.number: g for g in plan.goals} if plan else {}
    unknown = [n for n in goal_numbers if n not in by_number]
    if unknown:
        raise InputError(f"no goal {unknown[0]} in the client's current treatment plan")
    note.goals = [by_number[n] for n in goal_numbers]
    note.updated_at = utcnow()
    uow.session.flush()
    uow.audit("note.update", "progress_note", note.id, f"goals={list(goal_numbers)}")


@note_write
def set_session_details(ctx: Context, note_id: int, details: SessionView) -> NoteView:
    with unit_of_work(ctx) as uow:
        note = _writable_note(uow, note_id, "change the session of")
        service = uow.session.get(ServiceSession, note.session_id)
        assert service is not None
        for name, value in _session_fields(details).items():
            setattr(service, name, value)
        note.updated_at = utcnow()
        uow.session.flush()
        uow.audit("note.update", "progress_note", note.id, "session details")
        return note_view(uow.session, note)


def _session_fields(session: SessionView | None) -> dict[str, object]:
    session = session or SessionView()
    values = {f.name: getattr(session, f.name) for f in fields(SessionView)}
    values["participants"] = list(session.participants)
    return values


def show_note(ctx: Context, note_id: int, break_glass: str | None = None) -> NoteView:
    """`break_glass`: an admin's reason to read a note the rules do not let them read."""
    with unit_of_work(ctx) as uow:
        note = uow.note(note_id)
        client = uow.session.get(Client, note.client_id)
        assert client is not None
        if break_glass is not None:
            reason = " ".join(break_glass.split())
            if len(reason) < 10:
                raise InputError("break the glass with a reason of at least 10 characters")
            uow.require(access.can_break_glass(uow.actor), "break the glass")
            author = uow.session.get(User, note.author_id)
            detail = f"author={author.username if author else '?'}; reason={reason[:500]}"
            uow.audit(BREAK_GLASS, "progress_note", note.id, detail, always=True)
        else:
            uow.readable_note(note_id, f"read note {note_id}")
            uow.audit("note.read", "progress_note", note.id)
        return note_view(uow.session, note)


def emergency_reads_of_my_notes(ctx: Context) -> list[tuple[int, EmergencyReadView]]:
    """Break-the-glass reads of the actor's own notes: told to them at sign-in."""
    with unit_of_work(ctx) as uow:
        prefix = f"author={uow.actor.username};"
        entries = uow.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == BREAK_GLASS, AuditEntry.detail.startswith(prefix))
            .order_by(AuditEntry.seq)
        )
        return [
            (
                int(e.entity_id or 0),
                EmergencyReadView(e.actor, e.at, e.detail.split("reason=", 1)[-1]),
            )
            for e in entries
        ]
