"""Practice policies kept in the record itself (so every app process agrees), each
value stored with an HMAC under the audit key: a policy changed with database access
alone is not honoured (the strict default applies) and `audit verify` names it.

Co-signature: where the practice requires it (e.g. pre-licensed clinicians practising
under supervision), a signed note stays "awaiting co-signature" until a supervisor
co-signs; notes, listings and exports say so.
Idle sign-out: sessions end after this many minutes without activity (15 by default,
1 to 240).
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy.orm import Session

from notewell.core.errors import InputError
from notewell.services import access
from notewell.services.context import Context, unit_of_work
from notewell.store.audit_anchor import anchor_of
from notewell.store.models import Setting

COSIGN_SETTING = "cosign_required"
IDLE_SETTING = "idle_minutes"
DEFAULT_IDLE_MINUTES = 15
MAX_IDLE_MINUTES = 240
POLICIES = (COSIGN_SETTING, IDLE_SETTING)


def _policy_mac(session: Session, key: str, value: str) -> str:
    secret = anchor_of(session).require_key(1)
    return hmac.new(secret, f"policy|{key}|{value}".encode(), hashlib.sha256).hexdigest()


def _policy(session: Session, key: str) -> str | None:
    """The stored value if notewell wrote it; None when absent or changed below it."""
    setting = session.get(Setting, key)
    if setting is None:
        return None
    value, _, mac = setting.value.rpartition(":")
    if not value or not hmac.compare_digest(mac, _policy_mac(session, key, value)):
        return None
    return value


def _set_policy(session: Session, key: str, value: str) -> None:
    stored = f"{value}:{_policy_mac(session, key, value)}"
    setting = session.get(Setting, key)
    if setting is None:
        session.add(Setting(key=key, value=stored))
    else:
        setting.value = stored


def policy_problems(session: Session) -> list[str]:
    """For `audit verify`: policies whose stored value notewell did not write."""
    return [
        f"the practice setting {key} was changed below notewell (the default applies)"
        for key in POLICIES
        if session.get(Setting, key) is not None and _policy(session, key) is None
    ]


def cosign_required(session: Session) -> bool:
    value = _policy(session, COSIGN_SETTING)
    if value is None:  # absent: not required; changed below notewell: the strict reading
        return session.get(Setting, COSIGN_SETTING) is not None
    return value == "true"


def idle_minutes(session: Session) -> int:
    value = _policy(session, IDLE_SETTING)
    if value is None or not value.isdigit():
        return DEFAULT_IDLE_MINUTES
    return min(max(int(value), 1), MAX_IDLE_MINUTES)


def set_cosign_required(ctx: Context, required: bool) -> None:
    """Turn the co-signature policy on or off (admins; audited)."""
    with unit_of_work(ctx) as uow:
        uow.require(access.can_administer(uow.actor), "change the co-signature policy")
        value = "true" if required else "false"
        _set_policy(uow.session, COSIGN_SETTING, value)
        uow.audit("practice.cosign_required", "setting", COSIGN_SETTING, value, always=True)


def set_idle_minutes(ctx: Context, minutes: int) -> None:
    """How long a session may sit idle before it ends (admins; audited)."""
    if not 1 <= minutes <= MAX_IDLE_MINUTES:
        raise InputError(f"idle minutes: 1 to {MAX_IDLE_MINUTES}")
    with unit_of_work(ctx) as uow:
        uow.require(access.can_administer(uow.actor), "change the idle sign-out")
        _set_policy(uow.session, IDLE_SETTING, str(minutes))
        uow.audit("practice.idle_minutes", "setting", IDLE_SETTING, str(minutes), always=True)
