"""POST /enrol: first sign-in with an admin's one-time enrolment code (the login page's
second form): the user chooses their password, then signs in with it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from notewell.core.errors import NotewellError
from notewell.services import auth
from notewell.services.errors import AuthFailed
from notewell.web.errors import status_of
from notewell.web.forms import require_same_password
from notewell.web.render import page
from notewell.web.routes_auth import web_message
from notewell.web.session import origin_of

router = APIRouter()


@router.post("/enrol")
def enrol(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    code: Annotated[str, Form(max_length=100)] = "",
    password: Annotated[str, Form(max_length=2048)] = "",
    password_again: Annotated[str, Form(max_length=2048)] = "",
) -> Response:
    try:
        require_same_password(password, password_again)
        auth.enrol(
            request.app.state.db,
            username.strip(),
            code.strip(),
            password,
            origin=origin_of(request),
        )
    except NotewellError as exc:
        status = 401 if isinstance(exc, AuthFailed) else status_of(exc)
        return page(
            request,
            "login.html",
            None,
            status,
            notice=None,
            error=None,
            enrol_error=web_message(str(exc)),
            username="",
            enrol_username=username.strip(),
        )
    return RedirectResponse("/login?enrolled=1", 303)
