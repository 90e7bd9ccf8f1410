"""The unit of work every record use case runs in: one transaction, the acting user
resolved and checked, audit entries appended, failures of access audited on their own.

    with unit_of_work(ctx) as uow:
        client = uow.client("C-001")
        uow.require(access.can_read_client(uow.actor, client), "read client C-001")
        uow.audit("client.read", "client", client.identifier)
"""

from __future__ import annotations

import getpass
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from notewell.services import access
from notewell.services.errors import Concealed, Forbidden, NotFound, RecordLocked
from notewell.services.row_macs import tampered
from notewell.store.audit_chain import append_entry
from notewell.store.database import Database
from notewell.store.keywrap import AuthorKeys
from notewell.store.models import AuditEntry, Client, ProgressNote, User

# Auditing cannot be turned off: a stored "audit_enabled=false" (from older versions) is
# ignored, and `audit verify` names the periods when it was off.
AUDIT_SETTING = "audit_enabled"

# Every use case that writes to a progress note registers here, so the lifecycle test
# can check it tried each of them on a signed note (tests/services/test_lifecycle.py).
NOTE_WRITES: dict[str, Callable[..., Any]] = {}
_F = TypeVar("_F", bound=Callable[..., Any])


def note_write(function: _F) -> _F:
    NOTE_WRITES[function.__name__] = function
    return function


PG_WRITE_LOCK = 0x6E6F7466


def default_origin() -> str:
    """'From where' for a local command: the interface, host and OS account."""
    try:
        account = getpass.getuser()
    except Exception:  # no login name in some containers; the host still says where
        account = "?"
    return f"cli {account}@{socket.gethostname()}"


@dataclass(frozen=True, slots=True)
class Context:
    """Who is acting, from where, against which store. Interfaces build one per request,
    only from a proven identity (`services.auth`: a sign-in or a signed-in session);
    `keys` are that author's psychotherapy-note data keys, unwrapped by the sign-in."""

    db: Database
    username: str
    origin: str = field(default_factory=default_origin)
    keys: AuthorKeys | None = field(default=None, repr=False)


class UnitOfWork:
    def __init__(self, ctx: Context, session: Session, actor: User) -> None:
        self.ctx = ctx
        self.session = session
        self.actor = actor
        self.last_entry: AuditEntry | None = None
        self.audit_enabled = True  # always: access to health information is always logged

    def audit(
        self,
        action: str,
        entity_type: str,
        entity_id: str | int | None,
        detail: str = "",
        always: bool = False,
    ) -> None:
        """Append an entry (always; `always` is kept for older callers and changes nothing).
        The commit anchors it in the checkpoint (audit_anchor's after-commit hook)."""
        self.last_entry = append_entry(
            self.session,
            actor=self.actor.username,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            origin=self.ctx.origin,
            detail=detail,
        )

    def require(self, allowed: bool, what: str) -> None:
        if not allowed:
            raise Forbidden(f"{self.actor.username} ({self.actor.role}) may not {what}")

    def require_visible(self, allowed: bool, what: str, absent: str) -> None:
        """As `require`, but the refusal reads as `absent` (the not-found message): used
        where the record itself may not be shown to exist (another clinician's notes)."""
        if not allowed:
            refused = f"{self.actor.username} ({self.actor.role}) may not {what}"
            raise Concealed(absent, refused)

    def readable_client(self, identifier: str, what: str) -> Client:
        """The client, if the actor may read their record; otherwise as if none existed."""
        client = self.client(identifier)
        self.require_visible(
            access.can_read_client(self.actor, client), what, f"no client {identifier!r}"
        )
        return client

    def readable_note(self, note_id: int, what: str) -> ProgressNote:
        """The note, if the actor may read it; otherwise "no progress note N", as for a
        note that does not exist (and the refusal audited, naming `what`)."""
        note = self.note(note_id)
        client = self.session.get(Client, note.client_id)
        assert client is not None
        self.require_visible(
            access.can_read_note(self.actor, note, client), what, f"no progress note {note_id}"
        )
        return note

    def client(self, identifier: str) -> Client:
        found = self.session.scalar(select(Client).where(Client.identifier == identifier))
        if found is None:
            raise NotFound(f"no client {identifier!r}")
        return found

    def note(self, note_id: int) -> ProgressNote:
        found = self.session.get(ProgressNote, note_id)
        if found is None:
            raise NotFound(f"no progress note {note_id}")
        return found

    def user(self, username: str) -> User:
        found = self.session.scalar(select(User).where(User.username == username))
        if found is None:
            raise NotFound(f"no user {username!r}")
        return found


@contextmanager
def unit_of_work(ctx: Context, *, anchored: bool = True) -> Iterator[UnitOfWork]:
    """`anchored=False` only for re-anchoring and restore: they replace the checkpoint."""
    uow: UnitOfWork | None = None
    try:
        with ctx.db.transaction() as session:
            if session.get_bind().dialect.name == "postgresql":
                # Serialise units of work as SQLite's BEGIN IMMEDIATE does: the audit
                # chain and note version numbers are read-then-written.
                session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_WRITE_LOCK})
            if anchored:
                # A missing or broken key or checkpoint stops every unit of work: writing
                # on would bury the evidence (the AnchorError names the file and what to do).
                ctx.db.anchor.require_ready(session)
            actor = session.scalar(select(User).where(User.username == ctx.username))
            if actor is None or not actor.active:
                raise Forbidden(
                    f"unknown or inactive user {ctx.username!r} (see `notewell user add`)"
                )
            if tampered(actor):
                raise Forbidden(
                    f"the user row of {ctx.username!r} was made or changed below notewell "
                    "(its role or name): run `notewell audit verify`"
                )
            uow = UnitOfWork(ctx, session, actor)
            yield uow
    except (Forbidden, NotFound, RecordLocked) as exc:
        _audit_failure(ctx, exc)
        raise
    except DBAPIError as exc:
        if "record is locked" in str(exc.orig):
            locked = RecordLocked("the database refused a change to a signed record")
            _audit_failure(ctx, locked)
            raise locked from None
        raise


def _audit_failure(ctx: Context, exc: Exception) -> None:
    """Failed access is recorded in its own transaction: the refused one rolled back."""
    if isinstance(exc, Concealed):
        record_event(
            ctx.db, ctx.username, "access.denied", "request", None, ctx.origin, exc.refused
        )
        return
    action = cast(
        dict[type[Exception], str], {Forbidden: "access.denied", NotFound: "access.not_found"}
    ).get(type(exc), "write.refused")
    record_event(ctx.db, ctx.username, action, "request", None, ctx.origin, str(exc)[:500])


def record_event(
    db: Database,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str | int | None,
    origin: str,
    detail: str,
) -> None:
    """One audit entry in a transaction of its own (sign-ins, refusals): the events
    that must be logged whether or not the request they belong to succeeds."""
    with db.transaction() as session:
        append_entry(  # anchored by the commit hook
            session,
            actor=actor,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            origin=origin,
            detail=detail,
        )
