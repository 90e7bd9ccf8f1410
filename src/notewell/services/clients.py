"""Clients: add, list, show, and their consent to AI-assisted documentation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from notewell.core.errors import InputError
from notewell.services import access, validation
from notewell.services.context import Context, unit_of_work
from notewell.services.paging import DEFAULT_LIMIT, Page, fetch_page
from notewell.services.plans import current_plan, plan_view
from notewell.services.row_macs import seal_client
from notewell.services.views import ClientView, ConsentView, UserView
from notewell.store.models import AiConsent, Client, User


def latest_consent(session: Session, client_id: int) -> AiConsent | None:
    return session.scalar(
        select(AiConsent)
        .where(AiConsent.client_id == client_id)
        .order_by(AiConsent.id.desc())
        .limit(1)
    )


def _consent_view(session: Session, consent: AiConsent | None) -> ConsentView | None:
    if consent is None:
        return None
    recorder = session.get(User, consent.recorded_by_id)
    return ConsentView(consent.given, consent.consent_date, recorder.username if recorder else "?")


def client_view(session: Session, client: Client, full: bool = False) -> ClientView:
    clinician = session.get(User, client.clinician_id)
    plan = current_plan(session, client.id) if full else None
    return ClientView(
        identifier=client.identifier,
        name=client.name,
        date_of_birth=client.date_of_birth,
        clinician=clinician.username if clinician else "?",
        consent=_consent_view(session, latest_consent(session, client.id)) if full else None,
        plan=plan_view(session, plan) if plan else None,
    )


@dataclass(frozen=True, slots=True)
class NewClientForm:
    clinicians: list[UserView]  # active clinicians and supervisors, to assign the client to
    default_clinician: str | None  # the actor, when they are clinical (as the CLI assigns)


def new_client_form(ctx: Context) -> NewClientForm:
    """What the web app's new-client form offers; refused (403) to those who may not add."""
    with unit_of_work(ctx) as uow:
        uow.require(access.can_add_client(uow.actor), "add clients")
        found = uow.session.scalars(
            select(User)
            .where(User.role.in_(access.CLINICAL), User.active.is_(True))
            .order_by(User.username)
        )
        clinicians = [UserView(u.username, u.display_name, u.role, u.active) for u in found]
        me = uow.actor
        return NewClientForm(clinicians, me.username if me.role in access.CLINICAL else None)


def add_client(
    ctx: Context,
    identifier: str,
    name: str,
    date_of_birth: date | None = None,
    clinician: str | None = None,
) -> ClientView:
    """Add a client; a clinician adding one is assigned unless another is named."""
    # Before the unit of work: bad input changes nothing and logs nothing.
    identifier = validation.client_identifier(identifier)
    name = validation.client_name(name)
    date_of_birth = validation.date_of_birth(date_of_birth)
    with unit_of_work(ctx) as uow:
        uow.require(access.can_add_client(uow.actor), "add clients")
        if uow.session.scalar(select(Client).where(Client.identifier == identifier)):
            raise InputError(f"client {identifier!r} already exists")
        if clinician is None:
            if uow.actor.role not in access.CLINICAL:
                raise InputError("name the assigned clinician (--clinician)")
            assigned = uow.actor
        else:
            assigned = uow.user(clinician)
            if assigned.role not in access.CLINICAL:
                raise InputError(f"{clinician} is a {assigned.role}, not a clinician")
        client = Client(
            identifier=identifier, name=name, date_of_birth=date_of_birth, clinician_id=assigned.id
        )
        uow.session.add(client)
        seal_client(uow.session, client)
        uow.audit("client.create", "client", identifier, f"clinician={assigned.username}")
        return client_view(uow.session, client)


def list_clients(ctx: Context, *, offset: int = 0, limit: int = DEFAULT_LIMIT) -> Page[ClientView]:
    """Clients the actor may see (all for admin/supervisor/biller, own for a clinician),
    by identifier, a page at a time."""
    with unit_of_work(ctx) as uow:
        query = (
            select(Client, User.username)
            .join(User, User.id == Client.clinician_id)
            .where(access.readable_clients(uow.actor))
            .order_by(Client.identifier)
        )
        page = fetch_page(
            uow.session,
            query,
            offset,
            limit,
            lambda row: ClientView(row[0].identifier, row[0].name, row[0].date_of_birth, row[1]),
            lambda row: access.can_read_client(uow.actor, row[0]),  # a row without its MAC
        )
        uow.audit("client.list", "client", None, f"{page.total} clients")
        return page


def show_client(ctx: Context, identifier: str) -> ClientView:
    with unit_of_work(ctx) as uow:
        client = uow.readable_client(identifier, f"read client {identifier}")
        uow.audit("client.read", "client", identifier)
        return client_view(uow.session, client, full=True)


def record_consent(
    ctx: Context, identifier: str, given: bool, consent_date: date, comment: str | None = None
) -> ClientView:
    """Consent (or its withdrawal) to AI-assisted documentation; the latest is in force."""
    with unit_of_work(ctx) as uow:
        client = uow.readable_client(identifier, f"record consent of {identifier}")
        uow.require(access.can_record_consent(uow.actor, client), f"record consent of {identifier}")
        uow.session.add(
            AiConsent(
                client_id=client.id,
                given=given,
                consent_date=consent_date,
                recorded_by_id=uow.actor.id,
                comment=comment,
            )
        )
        uow.session.flush()
        uow.audit("consent.create", "client", identifier, f"given={given} date={consent_date}")
        return client_view(uow.session, client, full=True)
