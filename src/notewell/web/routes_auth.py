"""Sign in, sign out, and the idle warning's "stay signed in" ping."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from notewell.services import auth
from notewell.services.errors import AuthFailed
from notewell.web.deps import Post
from notewell.web.render import page
from notewell.web.session import clear_session_cookie, encode_cookie, origin_of, set_session_cookie

router = APIRouter()

NOTICES = {
    "ended": "Your session ended (signed out after a period without activity, or elsewhere). "
    "Sign in again.",
    "signed_out": "Signed out.",
    "set_up": "The first admin is set up. Sign in.",
    "enrolled": "Your password is set. Sign in with it.",
}


def web_message(message: str) -> str:
    """The service's own message, with its command-line hint put in this page's terms."""
    return message.replace("add --totp CODE", "enter your code").replace(
        "(notewell login NAME --code CODE)", "(First sign-in, below)"
    )


@router.get("/login")
def login_form(
    request: Request, ended: int = 0, signed_out: int = 0, set_up: int = 0, enrolled: int = 0
) -> Response:
    flags = {"ended": ended, "signed_out": signed_out, "set_up": set_up, "enrolled": enrolled}
    notice = next((NOTICES[name] for name, on in flags.items() if on), None)
    return page(request, "login.html", None, notice=notice, error=None, username="")


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=2048)] = "",
    totp: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    try:
        signed = auth.sign_in(
            request.app.state.db,
            username.strip(),
            password,
            origin=origin_of(request),
            totp=totp.strip() or None,
        )
    except AuthFailed as exc:
        return page(
            request,
            "login.html",
            None,
            401,
            notice=None,
            error=web_message(str(exc)),
            username=username.strip(),
        )
    response = RedirectResponse("/", 303)
    set_session_cookie(
        request, response, encode_cookie(signed.token, signed.secret, signed.idle_minutes)
    )
    return response


@router.post("/logout")
def logout(request: Request, session: Post) -> Response:
    auth.sign_out(request.app.state.db, session.token, origin_of(request))
    response = RedirectResponse("/login?signed_out=1", 303)
    clear_session_cookie(request, response)
    return response


@router.post("/ping")
def ping(session: Post) -> Response:
    """Resuming the session (done by `Post`) is what refreshes its idle timer."""
    return JSONResponse({"user": session.ctx.username, "idle_seconds": session.idle_seconds})
