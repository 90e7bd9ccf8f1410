"""User administration (admins; the services refuse everyone else with 403): list,
add with a one-time enrolment code, a new code, deactivate, change role."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from notewell.services import users
from notewell.store.models import ROLES
from notewell.web.deps import Page, Post
from notewell.web.render import page

router = APIRouter(prefix="/admin/users")


@router.get("")
def user_list(request: Request, session: Page) -> Response:
    listed = users.list_users(session.ctx)
    return page(request, "admin_users.html", session, users=listed, roles=ROLES)


@router.post("")
def user_add(
    request: Request,
    session: Post,
    username: Annotated[str, Form(max_length=200)],
    role: Annotated[str, Form(max_length=20)],
    display_name: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    added = users.add_user(session.ctx, username.strip(), display_name.strip(), role)
    # The code is shown on this answer only (never in a URL, never stored readable).
    return page(request, "enrolment_code.html", session, user=added, new=True)


@router.post("/{username}/code")
def user_new_code(request: Request, username: str, session: Post) -> Response:
    reset = users.reset_password(session.ctx, username)
    return page(request, "enrolment_code.html", session, user=reset, new=False)


@router.post("/{username}/deactivate")
def user_deactivate(username: str, session: Post) -> Response:
    users.deactivate_user(session.ctx, username)
    return RedirectResponse("/admin/users", 303)


@router.post("/{username}/role")
def user_role(username: str, session: Post, role: Annotated[str, Form(max_length=20)]) -> Response:
    users.set_role(session.ctx, username, role)
    return RedirectResponse("/admin/users", 303)
