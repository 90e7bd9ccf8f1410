"""A new client: the form (`GET /clients/new`) and adding (`POST /clients`), as
`notewell client add`. Registered before the client page, whose `{identifier}` would
otherwise take "new"."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from notewell.core.errors import InputError
from notewell.services import clients
from notewell.services.errors import NotFound
from notewell.web.deps import Page, Post
from notewell.web.render import page
from notewell.web.session import WebSession

router = APIRouter()

Field = Annotated[str, Form(max_length=400)]


def _form(
    request: Request,
    session: WebSession,
    typed: dict[str, str] | None = None,
    error: str | None = None,
) -> Response:
    offered = clients.new_client_form(session.ctx)
    typed = typed or {"clinician": offered.default_clinician or ""}
    status = 400 if error else 200
    return page(request, "client_new.html", session, status, form=offered, typed=typed, error=error)


def _birth_date(value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"date of birth {value.strip()[:20]!r}: use YYYY-MM-DD") from None


@router.get("/clients/new")
def new_client_form(request: Request, session: Page) -> Response:
    return _form(request, session)


@router.post("/clients")
def add_client(
    request: Request,
    session: Post,
    identifier: Field = "",
    name: Field = "",
    date_of_birth: Field = "",
    clinician: Field = "",
) -> Response:
    typed = {"identifier": identifier, "name": name, "date_of_birth": date_of_birth}
    typed["clinician"] = clinician
    try:
        added = clients.add_client(
            session.ctx,
            identifier.strip(),
            name,
            _birth_date(date_of_birth),
            clinician.strip() or None,
        )
    except (InputError, NotFound) as problem:  # the user can fix it: the form again
        # A refusal (Forbidden) is not caught: 403, as for the form itself.
        return _form(request, session, typed, str(problem))
    return RedirectResponse(f"/clients/{added.identifier}", 303)
