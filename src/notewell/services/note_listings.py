"""Listings of progress notes: a client's notes and a search, a page at a time, filtered
by the access rules in the query (`access.readable_notes`). Psychotherapy notes live in
another table, are ciphertext, and are never listed or searched here. A listing writes
one audit entry for the listing; a note is audited as read only when it is opened."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from sqlalchemy import and_, select

from notewell.core.errors import InputError
from notewell.services import access
from notewell.services.context import Context, unit_of_work
from notewell.services.paging import DEFAULT_LIMIT, AnySelect, Page, fetch_page
from notewell.services.views import NoteSummary
from notewell.store.models import Client, NoteVersion, ProgressNote, ServiceSession, User


def summary_query() -> AnySelect:
    """Each note with what its summary shows, in one query (no per-note reads). `User`
    is the note's author (as `practice.awaiting_cosignature_clause` expects)."""
    return (
        select(ProgressNote, Client, User.username, ServiceSession.service_date)
        .join(Client, Client.id == ProgressNote.client_id)
        .join(User, User.id == ProgressNote.author_id)
        .outerjoin(ServiceSession, ServiceSession.id == ProgressNote.session_id)
    )


def summary_of(row: Any) -> NoteSummary:
    note, client, author, service_date = row[:4]
    return NoteSummary(
        note_id=note.id,
        client=client.identifier,
        author=author,
        note_format=note.note_format,
        status=note.status,
        version=note.current_version,
        service_date=service_date,
        updated_at=note.updated_at,
    )


def by_service_date(query: AnySelect) -> AnySelect:
    """Date of service, then id: undated drafts last, in the order they were written."""
    return query.order_by(
        ServiceSession.service_date.is_(None), ServiceSession.service_date, ProgressNote.id
    )


def list_notes(
    ctx: Context,
    client_identifier: str,
    *,
    offset: int = 0,
    limit: int = DEFAULT_LIMIT,
    order: Literal["id", "service_date"] = "id",
) -> Page[NoteSummary]:
    """The client's progress notes the actor may read, a page at a time."""
    with unit_of_work(ctx) as uow:
        client = uow.readable_client(client_identifier, f"list notes of {client_identifier}")
        query = summary_query().where(
            ProgressNote.client_id == client.id, access.readable_notes(uow.actor)
        )
        query = (
            by_service_date(query) if order == "service_date" else query.order_by(ProgressNote.id)
        )
        page = fetch_page(uow.session, query, offset, limit, summary_of, _readable(uow.actor))
        uow.audit("note.list", "client", client_identifier, f"{page.total} notes")
        return page


def search_notes(
    ctx: Context, phrase: str, *, offset: int = 0, limit: int = DEFAULT_LIMIT
) -> Page[NoteSummary]:
    """Progress notes whose current text contains `phrase` (case-insensitive; on SQLite
    only ASCII letters fold case), among those the actor may read."""
    if not phrase.strip():
        raise InputError("search for a word or phrase")
    with unit_of_work(ctx) as uow:
        query = (
            summary_query()
            .join(
                NoteVersion,
                and_(
                    NoteVersion.note_id == ProgressNote.id,
                    NoteVersion.number == ProgressNote.current_version,
                ),
            )
            .where(
                NoteVersion.text.icontains(phrase, autoescape=True),
                access.readable_notes(uow.actor),
            )
            .order_by(ProgressNote.id)
        )
        page = fetch_page(uow.session, query, offset, limit, summary_of, _readable(uow.actor))
        uow.audit("note.search", "progress_note", None, f"{page.total} matches")
        return page


def _readable(actor: User) -> Callable[[Any], bool]:
    """The predicate again on each row of the page: a client row without notewell's MAC
    is nobody's, which SQL cannot tell (see services.access)."""
    return lambda row: access.can_read_note(actor, row[0], row[1])
