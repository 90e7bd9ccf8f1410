"""Personal API tokens: a signed-in user makes and revokes their own; a request to the
JSON API bearing one acts as that user, under the same access rules as a session.

Only the token's SHA-256 hash is stored (a 256-bit random token needs no slow hash),
with a row MAC under the audit key, so a token row planted or re-dated by SQL is
refused. A token carries no data keys: it can never open a psychotherapy note. A
password change or reset ends the user's tokens as it ends their sessions.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from notewell.core.errors import InputError
from notewell.services import access, validation
from notewell.services.context import Context, unit_of_work
from notewell.services.errors import AuthFailed, NotFound
from notewell.services.row_macs import api_token_mac, genuine, tampered
from notewell.store.database import Database
from notewell.store.models import ApiToken, User

PREFIX = "nw_"  # lets secret scanners and people recognise a notewell token
MAX_NAME_CHARS = 100
MAX_EXPIRY_DAYS = 366
MAX_TOKENS_PER_USER = 20
# Last use is written at most this often: a busy integration must not turn every
# read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class ApiTokenView:
    token_id: int
    name: str
    created_at: datetime
    last_used: datetime | None
    expires_at: datetime | None


@dataclass(frozen=True, slots=True)
class NewApiToken:
    view: ApiTokenView
    token: str  # shown once; only its hash is kept


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _view(row: ApiToken) -> ApiTokenView:
    created = _aware(row.created_at)
    assert created is not None
    return ApiTokenView(row.id, row.name, created, _aware(row.last_used), _aware(row.expires_at))


def _check_name(name: str) -> str:
    text = validation.display_name(name)
    if not text:
        raise InputError("name the token (e.g. the integration that will use it)")
    if len(text) > MAX_NAME_CHARS:
        raise InputError(f"the token name is {len(text)} characters (at most {MAX_NAME_CHARS})")
    return text


def create_token(ctx: Context, name: str, expires_in_days: int | None = None) -> NewApiToken:
    name = _check_name(name)
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_EXPIRY_DAYS:
        raise InputError(f"a token expires in 1 to {MAX_EXPIRY_DAYS} days (or never)")
    token = PREFIX + secrets.token_urlsafe(32)
    with unit_of_work(ctx) as uow:
        uow.require(access.can_hold_api_token(uow.actor), "hold API tokens")
        held = uow.session.scalars(select(ApiToken.id).where(ApiToken.user_id == uow.actor.id))
        if len(list(held)) >= MAX_TOKENS_PER_USER:
            raise InputError(f"you hold {MAX_TOKENS_PER_USER} tokens: revoke one first")
        now = datetime.now(UTC)
        expires = now + timedelta(days=expires_in_days) if expires_in_days else None
        row = ApiToken(
            token_hash=token_hash(token),
            user_id=uow.actor.id,
            name=name,
            created_at=now,
            expires_at=expires,
        )
        uow.session.add(row)
        uow.session.flush()  # the id is part of the MAC
        row.mac = api_token_mac(uow.session, row)
        uow.audit("api_token.create", "api_token", row.id, f"expires={expires_in_days or 'never'}")
        return NewApiToken(_view(row), token)


def list_tokens(ctx: Context) -> list[ApiTokenView]:
    """The actor's own tokens (never anyone else's, whatever the role)."""
    with unit_of_work(ctx) as uow:
        rows = uow.session.scalars(
            select(ApiToken).where(ApiToken.user_id == uow.actor.id).order_by(ApiToken.id)
        )
        return [_view(r) for r in rows]


def revoke_token(ctx: Context, token_id: int) -> None:
    """Another user's token is as unknown as a missing one (404)."""
    validation.record_id(token_id, "token id")
    with unit_of_work(ctx) as uow:
        row = uow.session.get(ApiToken, token_id)
        absent = f"you hold no API token {token_id}"
        if row is None:
            raise NotFound(absent)
        uow.require_visible(
            access.can_revoke_api_token(uow.actor, row.user_id), "revoke this API token", absent
        )
        uow.session.delete(row)
        uow.audit("api_token.revoke", "api_token", token_id)


def resolve(db: Database, token: str, origin: str) -> Context:
    """The context a bearer token proves, or AuthFailed. `origin` gains the token's id,
    so the audit log says which integration acted."""
    if not token.startswith(PREFIX) or len(token) > 200:
        raise AuthFailed("not a notewell API token")
    with db.transaction() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
        user = session.get(User, row.user_id) if row else None
        if row is None or user is None or not user.active or tampered(user):
            raise AuthFailed("unknown or revoked API token")
        if not genuine(row.mac, api_token_mac(session, row)):
            raise AuthFailed("this API token was not made by notewell (or was changed)")
        now = datetime.now(UTC)
        expires = _aware(row.expires_at)
        if expires is not None and expires <= now:
            raise AuthFailed("this API token has expired: make a new one")
        _touch(session, row, now)
        username, token_id = user.username, row.id
    return Context(db, username, f"{origin} token {token_id}"[:200], keys=None)


def _touch(session: Session, row: ApiToken, now: datetime) -> None:
    last = _aware(row.last_used)
    if last is None or now - last >= LAST_USED_RESOLUTION:
        row.last_used = now
