"""Who calls the JSON API: a personal token (`Authorization: Bearer nw_...`) or the
browser's signed-in session (its cookie, and the CSRF header on every write).

Both resolve to the same service Context, so every access rule is the services' own.
A bearer request carries no cookie authority (a browser never adds the header on its
own), so CSRF does not apply to it; a cookie request writes only with its CSRF token.
Tokens work here only: the pages read the cookie and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from notewell.services import api_tokens
from notewell.services.context import Context
from notewell.services.errors import AuthFailed, Forbidden
from notewell.web.session import COOKIE, check_csrf, origin_of, resume

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# Documents the scheme in the OpenAPI file; auto_error=False: a missing header is the
# cookie's turn, and a malformed one is our own 401 body, not FastAPI's.
bearer_scheme = HTTPBearer(auto_error=False, description="a personal API token (nw_...)")
cookie_scheme = APIKeyCookie(
    name=COOKIE,
    auto_error=False,
    description="the browser's signed-in session; writes also need the X-CSRF-Token header",
)
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
Cookie = Annotated[str | None, Depends(cookie_scheme)]


@dataclass(frozen=True, slots=True)
class ApiCaller:
    ctx: Context
    via: Literal["token", "session"]


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthFailed("send the token as 'Authorization: Bearer <token>'")
    return token.strip()


def is_bearer_request(request: Request) -> bool:
    return "authorization" in request.headers


async def api_caller(request: Request, _bearer: Bearer, _cookie: Cookie) -> ApiCaller:
    token = bearer_token(request)
    if token is not None:
        db = request.app.state.db
        ctx = await run_in_threadpool(api_tokens.resolve, db, token, f"api {origin_of(request)}")
        return ApiCaller(ctx, "token")
    if request.method not in SAFE_METHODS:
        await check_csrf(request)
    session = await run_in_threadpool(resume, request)
    return ApiCaller(session.ctx, "session")


async def session_caller(request: Request, _cookie: Cookie) -> ApiCaller:
    """Token management: a signed-in session only, so a leaked token cannot mint more."""
    if is_bearer_request(request):
        raise Forbidden("API tokens are managed from a signed-in browser session, not a token")
    if request.method not in SAFE_METHODS:
        await check_csrf(request)
    session = await run_in_threadpool(resume, request)
    return ApiCaller(session.ctx, "session")


Caller = Annotated[ApiCaller, Depends(api_caller)]
SessionCaller = Annotated[ApiCaller, Depends(session_caller)]
