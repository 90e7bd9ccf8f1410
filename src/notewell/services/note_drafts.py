"""A new note from session input: draft it, then save the progress note with its
session details and provenance, the treatment-plan goals it addresses and, when asked,
the psychotherapy note from the draft's private part, in ONE unit of work: a failure
anywhere leaves nothing saved. `notewell note new` and the web's new-note form both
call `draft_and_save`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import and_, select

from notewell.core.measures.history import MeasureHistory
from notewell.core.models import Draft
from notewell.services import access, drafting, notes, private_notes
from notewell.services.context import Context, UnitOfWork, unit_of_work
from notewell.services.note_views import note_view
from notewell.services.record_text import note_text_from_draft, private_text_from_draft
from notewell.services.views import NoteView, SessionView
from notewell.store.models import Client, NoteVersion, ProgressNote, ServiceSession


@dataclass(frozen=True, slots=True)
class NewNote:
    client: str  # the client's identifier
    session_input: str  # shorthand, dictation, transcript or YAML/JSON
    note_format: str = "dap"
    keep_private: bool = False  # also save the draft's private part as a psychotherapy note
    goals: tuple[int, ...] = ()  # numbers of the current treatment plan's goals addressed
    service: str | None = None  # formats/data/services.yaml id; None: as the input states


@dataclass(frozen=True, slots=True)
class SavedDraft:
    note: NoteView
    draft: Draft  # with the checker's findings, for the editor
    private_note_id: int | None = None  # None: not asked for, or nothing private drafted


def draft_and_save(ctx: Context, new: NewNote) -> SavedDraft:
    """Refuse early (and audit) for a client the actor may not write for, before
    seconds of drafting; draft outside any transaction; then save it all at once."""
    request = drafting.DraftRequest(
        note_format=drafting.resolve_format(new.note_format or None, None),
        style=drafting.load_style(None),
        psychotherapy_note=new.keep_private,
        service=new.service,
    )
    history = _require_can_write(ctx, new.client)
    draft = drafting.draft_text(new.session_input, request, history=history)
    return save_draft(ctx, new.client, draft, keep_private=new.keep_private, goals=new.goals)


def save_draft(
    ctx: Context,
    client_identifier: str,
    draft: Draft,
    *,
    keep_private: bool = False,
    goals: Sequence[int] = (),
    engine: str = "embedded",
    model: str | None = None,
) -> SavedDraft:
    """The drafted note (version 1), its session, provenance and goals, and its
    psychotherapy note, in one transaction."""
    if draft.header.client is None:  # the record names its client even if the input did not
        draft = replace(draft, header=replace(draft.header, client=client_identifier))
    text = note_text_from_draft(draft)
    notes.check_text(text)
    private_text = private_text_from_draft(draft) if keep_private else None
    keys = None
    if private_text:  # checked before anything is written
        private_notes.check_private_text(private_text)
        keys = private_notes.author_keys(ctx)
    provenance = notes.Provenance(engine=engine, model=model, draft_text=text)
    with unit_of_work(ctx) as uow:
        client = uow.readable_client(client_identifier, f"write notes for {client_identifier}")
        note = notes.add_note(
            uow, client, text, draft.format, session_from_draft(draft), provenance
        )
        if goals:
            notes.attach_goals(uow, note, goals)
        private_id = None
        if private_text and keys is not None:
            # On the session of this note: its author finds it on the note's own tab.
            private_id = private_notes.add_private_note(
                uow, keys, client, private_text, session_id=note.session_id
            ).id
        return SavedDraft(note_view(uow.session, note), draft, private_id)


def _require_can_write(ctx: Context, client_identifier: str) -> MeasureHistory:
    """Refused unless the actor may write for the client; then the client's earlier
    measure scores, from the notes the actor may read (`measure_history`)."""
    with unit_of_work(ctx) as uow:
        client = uow.readable_client(client_identifier, f"write notes for {client_identifier}")
        uow.require(
            access.can_write_notes(uow.actor, client), f"write notes for {client_identifier}"
        )
        return measure_history(uow, client)


HISTORY_NOTES = 50  # the newest dated notes searched for a measure's last administration


def measure_history(uow: UnitOfWork, client: Client) -> MeasureHistory:
    """The measures in the client's newest dated progress notes the actor may read
    (their current text), for the change since each measure's last administration."""
    query = (
        select(ServiceSession.service_date, NoteVersion.text)
        .join(ProgressNote, ProgressNote.session_id == ServiceSession.id)
        .join(
            NoteVersion,
            and_(
                NoteVersion.note_id == ProgressNote.id,
                NoteVersion.number == ProgressNote.current_version,
            ),
        )
        .where(
            ProgressNote.client_id == client.id,
            ServiceSession.service_date.is_not(None),
            access.readable_notes(uow.actor),
        )
        .order_by(ServiceSession.service_date.desc(), ProgressNote.id.desc())
        .limit(HISTORY_NOTES)
    )
    rows = uow.session.execute(query).all()
    return MeasureHistory.of_notes((day.isoformat(), text) for day, text in rows if day)


def session_from_draft(draft: Draft) -> SessionView:
    header = draft.header
    try:
        service_date = date.fromisoformat(header.date) if header.date else None
    except ValueError:
        service_date = None  # an unparseable date stays in the text for the clinician
    return SessionView(
        service_date=service_date,
        start_time=header.start_time,
        end_time=header.end_time,
        duration_minutes=header.duration_minutes,
        service_type=header.service_type,
        modality=header.modality,
        location=header.location,
        participants=tuple(header.participants),
    )
