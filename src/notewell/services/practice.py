"""Practice policies kept in the record itself (so every app process agrees). Each
policy's value is the one its newest audit entry recorded (the keyed, append-only log):
a settings row deleted, replayed or changed with database access alone changes nothing,
and `audit verify` names it.

Co-signature: where the practice requires it (e.g. pre-licensed clinicians practising
under supervision), a signed note stays "awaiting co-signature" until a supervisor
co-signs; notes, listings and exports say so.
Idle sign-out: sessions end after this many minutes without activity (15 by default,
1 to 240).
Signing deadline: a draft unsigned this many days after its date of service (or, with
no date, after it was written) is flagged on Today (3 by default, 1 to 90).
"""

from __future__ import annotations

import hmac

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from notewell.core.errors import InputError
from notewell.services import access
from notewell.services.context import Context, unit_of_work
from notewell.store.audit_anchor import anchor_of
from notewell.store.audit_chain import entry_hash
from notewell.store.models import AuditEntry, ProgressNote, Setting, User

COSIGN_SETTING = "cosign_required"
IDLE_SETTING = "idle_minutes"
DEFAULT_IDLE_MINUTES = 15
MAX_IDLE_MINUTES = 240
DEADLINE_SETTING = "sign_deadline_days"
DEFAULT_DEADLINE_DAYS = 3
MAX_DEADLINE_DAYS = 90
POLICIES = (COSIGN_SETTING, IDLE_SETTING, DEADLINE_SETTING)


def _audited(session: Session, key: str) -> tuple[bool, str | None]:
    """The policy as its newest `practice.<key>` audit entry recorded it: (authentic,
    value). The log is append-only and keyed, so neither deleting nor replaying the
    settings row changes the answer; a forged newest entry reads strictly."""
    entry = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == f"practice.{key}", AuditEntry.entity_id == key)
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    ).first()
    if entry is None:
        return True, None
    secret = anchor_of(session).require_key(1)
    authentic = hmac.compare_digest(entry_hash(entry, entry.prev_hash, secret), entry.hash)
    return authentic, entry.detail if authentic else None


def _set_policy(session: Session, key: str, value: str) -> None:
    """A copy for people reading the database; the audit entry is what counts."""
    setting = session.get(Setting, key)
    if setting is None:
        session.add(Setting(key=key, value=value))
    else:
        setting.value = value


def policy_problems(session: Session) -> list[str]:
    """For `audit verify`: a policy whose newest entry is forged, or whose settings row
    disagrees with what the log recorded."""
    found = []
    for key in POLICIES:
        authentic, value = _audited(session, key)
        setting = session.get(Setting, key)
        if not authentic:
            found.append(f"the newest audit entry of the practice setting {key} is forged")
        elif setting is not None and value is not None and setting.value != value:
            found.append(
                f"the practice setting {key} was changed below notewell (the logged value applies)"
            )
    return found


def cosign_required(session: Session) -> bool:
    authentic, value = _audited(session, COSIGN_SETTING)
    return value == "true" or not authentic  # a forged entry: the strict reading


def awaits_cosignature(session: Session, note: ProgressNote) -> bool:
    """The co-signature policy for one note: signed, by an author who is not a
    supervisor, not co-signed yet, in a practice that requires co-signatures."""
    if note.status != "signed" or note.cosignatures:
        return False
    author = session.get(User, note.author_id)
    return (author is None or author.role != "supervisor") and cosign_required(session)


def awaiting_cosignature_clause() -> ColumnElement[bool]:
    """`awaits_cosignature` as a query (join User on the note's author), for when
    `cosign_required` holds: the two forms side by side, so they cannot drift apart."""
    return and_(
        ProgressNote.status == "signed",
        ~ProgressNote.cosignatures.any(),
        User.role != "supervisor",
    )


def idle_minutes(session: Session) -> int:
    return _bounded_policy(session, IDLE_SETTING, DEFAULT_IDLE_MINUTES, MAX_IDLE_MINUTES)


def sign_deadline_days(session: Session) -> int:
    return _bounded_policy(session, DEADLINE_SETTING, DEFAULT_DEADLINE_DAYS, MAX_DEADLINE_DAYS)


def _bounded_policy(session: Session, key: str, default: int, maximum: int) -> int:
    """A whole-number policy from 1 to `maximum`; a forged entry gives the strictest, 1."""
    authentic, value = _audited(session, key)
    if not authentic:
        return 1
    if value is None or not value.isdigit():
        return default
    return min(max(int(value), 1), maximum)


def set_cosign_required(ctx: Context, required: bool) -> None:
    """Turn the co-signature policy on or off (admins; audited)."""
    value = "true" if required else "false"
    _write_policy(ctx, COSIGN_SETTING, value, "practice.cosign_required", "the co-signature policy")


def set_idle_minutes(ctx: Context, minutes: int) -> None:
    """How long a session may sit idle before it ends (admins; audited)."""
    if not 1 <= minutes <= MAX_IDLE_MINUTES:
        raise InputError(f"idle minutes: 1 to {MAX_IDLE_MINUTES}")
    _write_policy(ctx, IDLE_SETTING, str(minutes), "practice.idle_minutes", "the idle sign-out")


def set_sign_deadline_days(ctx: Context, days: int) -> None:
    """Days after the session within which a note should be signed (admins; audited)."""
    if not 1 <= days <= MAX_DEADLINE_DAYS:
        raise InputError(f"signing deadline: 1 to {MAX_DEADLINE_DAYS} days")
    _write_policy(
        ctx, DEADLINE_SETTING, str(days), "practice.sign_deadline_days", "the signing deadline"
    )


def _write_policy(ctx: Context, key: str, value: str, action: str, what: str) -> None:
    with unit_of_work(ctx) as uow:
        uow.require(access.can_administer(uow.actor), f"change {what}")
        _set_policy(uow.session, key, value)
        uow.audit(action, "setting", key, value, always=True)
