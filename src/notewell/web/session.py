"""The browser's proof of identity: a cookie holding the service's session token and
secret, resolved into a Context through `auth.resume` on every request; and the
per-session CSRF token every POST must carry."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from fastapi import Request, Response

from notewell.services import auth
from notewell.services.context import Context
from notewell.services.errors import AuthFailed, Forbidden
from notewell.store.database import Database

COOKIE = "notewell_session"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True, slots=True)
class WebSession:
    ctx: Context
    token: str
    csrf: str
    idle_seconds: int  # the service enforces it; pages only warn before it ends


@dataclass(frozen=True, slots=True)
class CookieValue:
    token: str
    secret: bytes
    idle_seconds: int


def encode_cookie(token: str, secret: bytes, idle_minutes: int | None) -> str:
    # The idle period rides along only for the warning script; the server never trusts it.
    secret_text = base64.urlsafe_b64encode(secret).decode().rstrip("=")
    return f"{token}.{secret_text}.{(idle_minutes or 0) * 60}"


def decode_cookie(value: str | None) -> CookieValue | None:
    if not value:
        return None
    parts = value.split(".")
    if len(parts) != 3 or not parts[0] or not parts[2].isdigit():
        return None
    try:
        secret = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
    except ValueError:
        return None
    return CookieValue(parts[0], secret, int(parts[2]))


def origin_of(request: Request) -> str:
    host = request.client.host if request.client else "?"
    return f"web {host}"


def csrf_token(key: bytes, session_token: str) -> str:
    """Bound to the session: a page of one session is no use to another."""
    return hmac.new(key, b"csrf:" + session_token.encode(), hashlib.sha256).hexdigest()


def set_session_cookie(request: Request, response: Response, value: str) -> None:
    response.set_cookie(
        COOKIE,
        value,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        COOKIE, path="/", httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )


def resume(request: Request) -> WebSession:
    """The signed-in session of this request, or AuthFailed (→ /login or 401). Every
    call refreshes the service's idle timer."""
    cookie = decode_cookie(request.cookies.get(COOKIE))
    if cookie is None:
        raise AuthFailed("not signed in")
    db: Database = request.app.state.db
    ctx = auth.resume(db, cookie.token, cookie.secret, origin=origin_of(request))
    csrf = csrf_token(request.app.state.csrf_key, cookie.token)
    return WebSession(ctx, cookie.token, csrf, cookie.idle_seconds)


async def sent_csrf(request: Request) -> str | None:
    """The token a POST carries: the header (our script, the API) or the form field."""
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    return sent


async def check_csrf(request: Request) -> None:
    """Checked before the session is resumed: a forged POST does not even refresh it."""
    cookie = decode_cookie(request.cookies.get(COOKIE))
    if cookie is None:
        raise AuthFailed("not signed in")
    expected = csrf_token(request.app.state.csrf_key, cookie.token)
    sent = await sent_csrf(request)
    if not sent or not hmac.compare_digest(sent, expected):
        raise Forbidden("the form expired or came from another site (CSRF token missing or wrong)")
