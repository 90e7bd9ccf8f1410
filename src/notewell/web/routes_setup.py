"""/setup: the first admin, while the record has no users (web/first_run.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from notewell.core.errors import NotewellError
from notewell.services import setup
from notewell.web.errors import status_of
from notewell.web.first_run import SETUP_PATH, FirstRun
from notewell.web.forms import require_same_password
from notewell.web.render import page
from notewell.web.session import origin_of

router = APIRouter()


def _open_first_run(request: Request) -> FirstRun:
    first_run: FirstRun = request.app.state.first_run
    if not first_run.pending():
        raise HTTPException(404)  # after set-up the page does not exist
    return first_run


@router.get(SETUP_PATH)
def setup_form(request: Request) -> Response:
    _open_first_run(request)
    return page(request, "setup.html", None, error=None, username="", display_name="")


@router.post(SETUP_PATH)
def setup_submit(
    request: Request,
    code: Annotated[str, Form(max_length=100)] = "",
    username: Annotated[str, Form(max_length=200)] = "",
    display_name: Annotated[str, Form(max_length=400)] = "",
    password: Annotated[str, Form(max_length=2048)] = "",
    password_again: Annotated[str, Form(max_length=2048)] = "",
) -> Response:
    first_run = _open_first_run(request)
    try:
        require_same_password(password, password_again)
        setup.create_first_admin(
            request.app.state.db,
            code=code,
            expected_code=first_run.code,
            username=username.strip(),
            display_name=display_name.strip(),
            password=password,
            origin=origin_of(request),
        )
    except NotewellError as exc:  # the form again, with the one line, nothing lost but passwords
        return page(
            request,
            "setup.html",
            None,
            status_of(exc),
            error=str(exc),
            username=username.strip(),
            display_name=display_name.strip(),
        )
    return RedirectResponse("/login?set_up=1", 303)
