"""Service errors as HTTP answers: one line for the user, never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from notewell.core.errors import NotewellError
from notewell.services.errors import (
    AuthFailed,
    Concealed,
    Conflict,
    EncryptionKeyError,
    Forbidden,
    NotFound,
    RecordLocked,
    SigningBlocked,
)
from notewell.web import api_errors
from notewell.web.render import is_fetch, page
from notewell.web.session import COOKIE, clear_session_cookie

log = logging.getLogger("notewell.web")

STATUS: list[tuple[type[Exception], int]] = [
    (Concealed, 404),  # before Forbidden: it is one, told as absence
    (Forbidden, 403),
    (NotFound, 404),
    (Conflict, 409),
    (RecordLocked, 409),
    (SigningBlocked, 422),  # the pages answer it themselves; the API lists the findings
    (EncryptionKeyError, 500),
    (NotewellError, 400),  # InputError, FormatError and the rest: the user can fix it
]


def status_of(exc: Exception) -> int:
    return next((code for kind, code in STATUS if isinstance(exc, kind)), 500)


def error_response(
    request: Request, status: int, message: str, extra: dict[str, Any] | None = None
) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message, **(extra or {})}, status_code=status)
    fragment = is_fetch(request)
    name = "_error.html" if fragment else "error.html"
    return page(request, name, None, status, status=status, message=message)


async def auth_failed(request: Request, exc: Exception) -> Response:
    if is_fetch(request):
        response: Response = JSONResponse({"error": str(exc), "login": "/login"}, 401)
    else:
        # A cookie that no longer proves a session: the session ended (idle, sign-out).
        ended = COOKIE in request.cookies
        response = RedirectResponse("/login?ended=1" if ended else "/login", 303)
    if COOKIE in request.cookies:
        clear_session_cookie(request, response)
    return response


async def domain_error(request: Request, exc: Exception) -> Response:
    status = status_of(exc)
    if status == 500:
        log.error("%s: %s", type(exc).__name__, exc)
    return error_response(request, status, str(exc), api_errors.details(exc))


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = {404: "no such page", 405: "that method is not allowed here"}.get(
        exc.status_code, str(exc.detail)
    )
    return error_response(request, exc.status_code, message)


async def bad_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    where = ", ".join(
        ".".join(str(p) for p in e.get("loc", ())[1:]) or "request" for e in exc.errors()
    )
    problems = {"fields": api_errors.field_problems(exc)}
    return error_response(request, 400, f"missing or malformed: {where}", problems)


def internal_error(request: Request, exc: Exception) -> Response:
    # The route's template, not the path: paths name clients and notes.
    route = getattr(request.scope.get("route"), "path", "?")
    log.error("internal error on %s %s", request.method, route, exc_info=exc)
    return error_response(
        request, 500, f"internal error ({type(exc).__name__}); please report this"
    )


class InternalErrors:
    """An unexpected exception answered as the clean 500 page (or JSON body) here, not
    by Starlette's outermost handler: that one re-raises to the server after answering,
    and uvicorn then closes the connection, so the browser's next request on it fails."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            if started:  # half an answer is out: only the server can end it
                raise
            await internal_error(Request(scope, receive), exc)(scope, receive, send)


def install(app: FastAPI) -> None:
    app.add_exception_handler(AuthFailed, auth_failed)
    app.add_exception_handler(NotewellError, domain_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, bad_request)
    app.add_middleware(InternalErrors)  # innermost of ours: its page gets every header
