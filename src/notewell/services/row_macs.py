"""HMACs under the audit key over the rows that decide who may do what: a user's name,
role and state; whose client a client is; a user's password hash, enrolment code and
TOTP secret; an author's key rows; a signed-in session. The key is kept outside the database, so a row planted or changed with
database access alone (a role raised, a client reassigned, a code planted) does not
carry notewell's MAC: it is refused where it is used and `audit verify` names it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import UTC
from typing import Any, cast

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from notewell.store.audit_anchor import ANCHOR_INFO, anchor_of
from notewell.store.models import (
    ApiToken,
    AuditEntry,
    AuthorKey,
    AuthSession,
    Client,
    Credential,
    User,
)


def _mac(session: Session, *parts: object) -> str:
    key = anchor_of(session).require_key(1)
    payload = "|".join("" if p is None else str(p) for p in parts).encode("utf-8")
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def user_mac(session: Session, user: User) -> str:
    return _mac(session, "user", user.id, user.username, user.role, bool(user.active))


def key_row_mac(session: Session, row: AuthorKey) -> str:
    """Covers which user, which key, and whether it is the one that writes."""
    return _mac(session, "author-key", row.user_id, row.key_id, bool(row.active))


def session_row_mac(session: Session, row: AuthSession) -> str:
    """Covers the token, the user, the idle limit and the last activity (so an expired
    session cannot be revived by moving last_seen)."""
    seen = ""
    if row.last_seen is not None:
        aware = row.last_seen if row.last_seen.tzinfo else row.last_seen.replace(tzinfo=UTC)
        seen = aware.strftime("%Y-%m-%dT%H:%M:%S.%f")
    # str(): a remembered session's idle limit is None, MACed as "None" since 0005.
    return _mac(session, "session", row.token_hash, row.user_id, str(row.idle_seconds), seen)


def api_token_mac(session: Session, row: ApiToken) -> str:
    """Covers the token, its user and its expiry (an expiry moved or a token planted
    by SQL no longer matches); not its last use, which every request updates."""
    expires = row.expires_at
    if expires is not None and expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    stamp = expires.strftime("%Y-%m-%dT%H:%M:%S") if expires else ""
    return _mac(session, "api-token", row.id, row.token_hash, row.user_id, stamp)


def client_mac(session: Session, client: Client) -> str:
    return _mac(session, "client", client.id, client.identifier, client.clinician_id)


# The audit entries that record a change of a user's credential: the credential's MAC
# names the newest of them, so an older credential row replayed (a password from before
# a change or a reset) no longer matches the log.
CREDENTIAL_ACTIONS = (
    "user.create",
    "user.reset_password",
    "auth.enrol",
    "auth.password_change",
    "auth.totp_enable",
    "auth.totp_disable",
)


def credential_version(session: Session, user_id: int) -> int:
    user = session.get(User, user_id)
    if user is None:
        return 0
    seq = session.scalar(
        select(func.max(AuditEntry.seq)).where(
            AuditEntry.entity_type == "user",
            AuditEntry.entity_id == user.username,
            AuditEntry.action.in_(CREDENTIAL_ACTIONS),
        )
    )
    return int(seq or 0)


def credential_mac(session: Session, credential: Credential, version: int | None = None) -> str:
    """`version:hmac`, the version being the seq of the change's audit entry."""
    if version is None:
        version = credential_version(session, credential.user_id)
    expires = credential.enrolment_expires
    stamp = expires.strftime("%Y-%m-%dT%H:%M:%S") if expires else None
    digest = _mac(
        session,
        "credential",
        credential.user_id,
        credential.password_hash,
        credential.enrolment_hash,
        stamp,
        credential.totp_secret,
        version,
    )
    return f"{version}:{digest}"


def genuine(mac: str | None, expected: str) -> bool:
    return mac is not None and hmac.compare_digest(mac, expected)


def seal_user(session: Session, user: User) -> None:
    session.flush()  # ids first: they are part of the MAC
    user.mac = user_mac(session, user)


def seal_client(session: Session, client: Client) -> None:
    session.flush()
    client.mac = client_mac(session, client)


def seal_credential(session: Session, credential: Credential) -> None:
    """After the audit entry recording the change was appended in this session."""
    session.flush()
    credential.mac = credential_mac(session, credential)


def backfill(session: Session) -> int:
    """`notewell init` after the upgrade that added these MACs: rows as they are now."""
    count = 0
    # Each row is paired with its own type's MAC function (User, Client or Credential).
    for row, make in cast(
        "tuple[tuple[Any, Callable[[Session, Any], str]], ...]",
        (
            *((u, user_mac) for u in session.scalars(select(User).where(User.mac.is_(None)))),
            *((c, client_mac) for c in session.scalars(select(Client).where(Client.mac.is_(None)))),
            *(
                (c, credential_mac)
                for c in session.scalars(select(Credential).where(Credential.mac.is_(None)))
            ),
        ),
    ):
        row.mac = make(session, row)
        count += 1
    return count


def problems(session: Session) -> list[str]:
    """For `audit verify`: every such row that notewell did not write as it stands."""
    found: list[str] = []
    names = {u.id: u.username for u in session.scalars(select(User))}
    for key_row in session.scalars(select(AuthorKey).order_by(AuthorKey.id)):
        # A key row without a MAC is from before 0005: its author's sign-in gives it one.
        if key_row.mac is not None and not genuine(key_row.mac, key_row_mac(session, key_row)):
            who = names.get(key_row.user_id, f"#{key_row.user_id}")
            found.append(f"author key row #{key_row.id} of {who} was changed below notewell")
    for row in session.scalars(select(AuthSession).order_by(AuthSession.id)):
        if not genuine(row.mac, session_row_mac(session, row)):
            who = names.get(row.user_id, f"#{row.user_id}")
            found.append(f"session row #{row.id} of {who} was not made by a sign-in")
    for token in session.scalars(select(ApiToken).order_by(ApiToken.id)):
        if not genuine(token.mac, api_token_mac(session, token)):
            who = names.get(token.user_id, f"#{token.user_id}")
            found.append(f"API token row #{token.id} of {who} was not made by notewell")
    for user in session.scalars(select(User).order_by(User.id)):
        if not genuine(user.mac, user_mac(session, user)):
            found.append(
                f"user {user.username!r} (#{user.id}, role {user.role}) was made or changed "
                "below notewell"
            )
    for client in session.scalars(select(Client).order_by(Client.id)):
        if not genuine(client.mac, client_mac(session, client)):
            found.append(f"client {client.identifier!r} was made or reassigned below notewell")
    for credential in session.scalars(select(Credential).order_by(Credential.user_id)):
        if not genuine(credential.mac, credential_mac(session, credential)):
            found.append(f"the credential of user #{credential.user_id} was changed below notewell")
    return found


# Where the rows are used: every User and Client loaded into a session is checked, and
# a row without notewell's MAC is marked so the access rules treat it as no one's.
TAMPERED = "_notewell_tampered"


def tampered(row: object) -> bool:
    return bool(getattr(row, TAMPERED, False))


def _on_load(target: User | Client, context: object) -> None:
    session = getattr(context, "session", None)
    if session is None or session.info.get(ANCHOR_INFO) is None:
        return
    expected = (
        user_mac(session, target) if isinstance(target, User) else client_mac(session, target)
    )
    setattr(target, TAMPERED, not genuine(target.mac, expected))


def _on_refresh(target: User | Client, context: object, _attrs: object) -> None:
    _on_load(target, context)


for _model in (User, Client):
    event.listen(_model, "load", _on_load)
    event.listen(_model, "refresh", _on_refresh)
