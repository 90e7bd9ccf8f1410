"""What a page shows at a glance, each list one query filtered by the access rules:
Today (your clients, sessions needing notes, your unsigned drafts with their age and
the practice's deadline, notes awaiting your co-signature) and a client with a page of
their notes. One audit entry per overview; a note is audited as read when opened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import exists, select

from notewell.services import access
from notewell.services.clients import client_view
from notewell.services.context import Context, UnitOfWork, unit_of_work
from notewell.services.note_listings import by_service_date, summary_of, summary_query
from notewell.services.paging import DEFAULT_LIMIT, Page, fetch_page
from notewell.services.practice import (
    awaiting_cosignature_clause,
    cosign_required,
    sign_deadline_days,
)
from notewell.services.views import ClientView, NoteSummary, UserView
from notewell.store.models import Client, ProgressNote, ServiceSession, User


@dataclass(frozen=True, slots=True)
class DraftRow:
    note: NoteSummary
    age_days: int  # since the date of service, or since it was written when undated
    overdue: bool  # older than the practice's signing deadline


@dataclass(frozen=True, slots=True)
class SessionRow:
    session_id: int
    client: str
    service_date: date | None
    service_type: str | None


@dataclass(frozen=True, slots=True)
class TodayView:
    me: UserView
    deadline_days: int
    clients: Page[ClientView]
    sessions: Page[SessionRow]  # sessions with no progress note (usually none)
    drafts: Page[DraftRow]
    awaiting: Page[NoteSummary] | None  # supervisors, when the practice requires it
    may_add_clients: bool = False  # for Today's "New client" link (add_client checks again)


@dataclass(frozen=True, slots=True)
class ClientOverview:
    client: ClientView
    notes: Page[NoteSummary]
    plan_editable: bool  # for the page's link to the plan editor (set_plan checks again)
    any_signed: bool  # a signed note the user may read, on any page: the record exports


@dataclass(frozen=True, slots=True)
class TodayOffsets:
    clients: int = 0
    sessions: int = 0
    drafts: int = 0
    awaiting: int = 0


def today(
    ctx: Context, offsets: TodayOffsets | None = None, limit: int = DEFAULT_LIMIT
) -> TodayView:
    offsets = offsets or TodayOffsets()
    with unit_of_work(ctx) as uow:
        me = uow.actor
        deadline = sign_deadline_days(uow.session)
        view = TodayView(
            me=UserView(me.username, me.display_name, me.role, me.active),
            deadline_days=deadline,
            clients=_clients(uow, offsets.clients, limit),
            sessions=_sessions_needing_notes(uow, offsets.sessions, limit),
            drafts=_drafts(uow, deadline, offsets.drafts, limit),
            awaiting=_awaiting_cosign(uow, offsets.awaiting, limit),
            may_add_clients=access.can_add_client(me),
        )
        counts = f"{view.clients.total} clients, {view.drafts.total} drafts"
        uow.audit("today.read", "user", me.username, counts)
        return view


def _clients(uow: UnitOfWork, offset: int, limit: int) -> Page[ClientView]:
    """A clinician's (or supervisor's) own clients; admins and billers see them all."""
    me = uow.actor
    rule = access.writable_clients if me.role in access.CLINICAL else access.readable_clients
    query = (
        select(Client, User.username)
        .join(User, User.id == Client.clinician_id)
        .where(rule(me))
        .order_by(Client.identifier)
    )
    return fetch_page(
        uow.session,
        query,
        offset,
        limit,
        lambda row: ClientView(row[0].identifier, row[0].name, row[0].date_of_birth, row[1]),
        lambda row: access.can_read_client(me, row[0]),
    )


def _sessions_needing_notes(uow: UnitOfWork, offset: int, limit: int) -> Page[SessionRow]:
    me = uow.actor
    noted = exists().where(ProgressNote.session_id == ServiceSession.id)
    query = (
        select(ServiceSession, Client)
        .join(Client, Client.id == ServiceSession.client_id)
        .where(~noted, ServiceSession.clinician_id == me.id, access.writable_clients(me))
        .order_by(ServiceSession.service_date, ServiceSession.id)
    )
    return fetch_page(
        uow.session,
        query,
        offset,
        limit,
        lambda row: SessionRow(
            row[0].id, row[1].identifier, row[0].service_date, row[0].service_type
        ),
        lambda row: access.can_write_notes(me, row[1]),
    )


def _drafts(uow: UnitOfWork, deadline: int, offset: int, limit: int) -> Page[DraftRow]:
    me = uow.actor
    today_ = datetime.now(UTC).date()
    query = (
        summary_query()
        .where(ProgressNote.status == "draft", access.editable_notes(me))
        .order_by(ProgressNote.created_at, ProgressNote.id)  # oldest first: the overdue
    )

    def row_of(row: tuple[ProgressNote, Client, str, date | None]) -> DraftRow:
        note, service_date = row[0], row[3]
        since = service_date or note.created_at.date()
        age = max((today_ - since).days, 0)
        return DraftRow(summary_of(row), age, age > deadline)

    return fetch_page(uow.session, query, offset, limit, row_of)


def _awaiting_cosign(uow: UnitOfWork, offset: int, limit: int) -> Page[NoteSummary] | None:
    me = uow.actor
    if not access.can_cosign_notes(me) or not cosign_required(uow.session):
        return None
    query = (
        summary_query()
        .where(
            awaiting_cosignature_clause(),  # the policy's query form (practice.py)
            access.readable_notes(me),
            access.cosignable_notes(me),
        )
        .order_by(ProgressNote.signed_at, ProgressNote.id)
    )
    return fetch_page(uow.session, query, offset, limit, summary_of)


def client_overview(
    ctx: Context, identifier: str, offset: int = 0, limit: int = DEFAULT_LIMIT
) -> ClientOverview:
    """A client's page: their record's header and a page of the notes the actor may read,
    by date of service."""
    with unit_of_work(ctx) as uow:
        client = uow.readable_client(identifier, f"read client {identifier}")
        query = by_service_date(
            summary_query().where(
                ProgressNote.client_id == client.id, access.readable_notes(uow.actor)
            )
        )
        notes = fetch_page(
            uow.session,
            query,
            offset,
            limit,
            summary_of,
            lambda row: access.can_read_note(uow.actor, row[0], row[1]),
        )
        uow.audit("client.read", "client", identifier, f"{notes.total} notes listed")
        return ClientOverview(
            client_view(uow.session, client, full=True),
            notes,
            access.can_set_plan(uow.actor, client),
            _any_signed(uow, client),
        )


def _any_signed(uow: UnitOfWork, client: Client) -> bool:
    return bool(
        uow.session.scalar(
            select(
                exists().where(
                    ProgressNote.client_id == client.id,
                    ProgressNote.status == "signed",
                    access.readable_notes(uow.actor),
                )
            )
        )
    )
