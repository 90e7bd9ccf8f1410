"""Today (the clinician's clients and drafts) and a client's page."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from starlette.responses import Response

from notewell.services import clients, notes, plans, signing, users
from notewell.services.views import ClientView, NoteSummary
from notewell.web.deps import Page
from notewell.web.render import page

router = APIRouter()


@dataclass(frozen=True, slots=True)
class ClientRow:
    client: ClientView
    drafts: list[NoteSummary]


@router.get("/")
def today(request: Request, session: Page) -> Response:
    ctx = session.ctx
    me = users.current_user(ctx)
    rows: list[ClientRow] = []
    for client in clients.list_clients(ctx):
        listed = notes.list_notes(ctx, client.identifier)
        mine = [n for n in listed if n.status != "signed" and n.author == ctx.username]
        if me.role != "supervisor" or client.clinician == ctx.username or mine:
            rows.append(ClientRow(client, mine))
    awaiting = signing.awaiting_cosignature(ctx)  # the practice's policy, decided there
    return page(request, "today.html", session, me=me, rows=rows, awaiting=awaiting)


@router.get("/clients/{identifier}")
def client_page(request: Request, identifier: str, session: Page) -> Response:
    client = clients.show_client(session.ctx, identifier)
    listed = notes.list_notes(session.ctx, identifier)
    # Date of service, then id: undated drafts last, in the order they were written.
    ordered = sorted(listed, key=lambda n: (n.service_date is None, n.service_date, n.note_id))
    editable = plans.may_set_plan(session.ctx, identifier)
    return page(
        request, "client.html", session, client=client, notes=ordered, plan_editable=editable
    )
