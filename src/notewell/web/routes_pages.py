"""Today (the clinician's clients, drafts, co-signatures) and a client's page. Page
numbers travel in the query string (`?drafts=2`); nothing else does."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from notewell.services import overview
from notewell.services.paging import offset_of
from notewell.web.deps import Page
from notewell.web.render import page

router = APIRouter()


@router.get("/")
def today(
    request: Request,
    session: Page,
    clients: int = 1,
    sessions: int = 1,
    drafts: int = 1,
    awaiting: int = 1,
) -> Response:
    offsets = overview.TodayOffsets(
        offset_of(clients), offset_of(sessions), offset_of(drafts), offset_of(awaiting)
    )
    view = overview.today(session.ctx, offsets)
    return page(request, "today.html", session, today=view, me=view.me)


@router.get("/clients/{identifier}")
def client_page(
    request: Request,
    identifier: str,
    session: Page,
    page_number: Annotated[int, Query(alias="page")] = 1,
) -> Response:
    found = overview.client_overview(session.ctx, identifier, offset_of(page_number))
    return page(
        request,
        "client.html",
        session,
        client=found.client,
        notes=found.notes,
        plan_editable=found.plan_editable,
        any_signed=found.any_signed,
    )
