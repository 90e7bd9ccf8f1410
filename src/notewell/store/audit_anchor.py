"""The audit chain's key and its anchor outside the database.

Entry hashes are HMAC-SHA256 under the audit key, which lives outside the database
(`audit.key`, mode 0600, or NOTEWELL_AUDIT_KEY), so someone with SQL access alone cannot
recompute the chain after editing it. The chain's committed head is anchored in a
checkpoint file beside the key, named by the store's id (never by a path or URL, so every
workstation sharing the key folder finds the same file). The checkpoint carries its own
HMAC over (store id, length, head, keyed_from): a rewritten checkpoint is forged without
the key. A missing or garbled checkpoint is an error, never silently rewritten; an admin
re-anchors explicitly (`notewell audit reanchor`), which is itself logged.

Every session from `Database.sessions` carries the anchor in `session.info`; entries
appended in a transaction are anchored by an after-commit hook, so no caller can forget.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

from notewell.store.config import StoreSettings
from notewell.store.errors import StoreError
from notewell.store.files import open_private, private_dir, write_private_file
from notewell.store.models import AuditEntry, Setting

AUDIT_KEY_BYTES = 32
STORE_ID_SETTING = "store_id"
KEYED_FROM_SETTING = "audit_keyed_from"  # first seq hashed with HMAC (older: plain SHA-256)
ANCHOR_INFO = "notewell.audit_anchor"
_PENDING_INFO = "notewell.audit_pending"
_SETTINGS_INFO = "notewell.store_settings"
REANCHOR_HINT = (
    "investigate with `notewell audit verify`, then an admin runs "
    "`notewell audit reanchor --reason TEXT`"
)


class AnchorError(StoreError):
    """The audit key or checkpoint is missing, garbled or forged: nothing is written."""


# The key ----------------------------------------------------------------------------


def _parse_key(raw: str, where: str) -> bytes:
    try:
        key = bytes.fromhex(raw.strip())
    except ValueError:
        raise AnchorError(f"{where}: the audit key is not hex") from None
    if len(key) != AUDIT_KEY_BYTES:
        raise AnchorError(f"{where}: the audit key must be {AUDIT_KEY_BYTES} bytes")
    return key


def load_audit_key(path: Path, env_hex: str | None) -> bytes | None:
    if env_hex:
        return _parse_key(env_hex, "NOTEWELL_AUDIT_KEY")
    try:
        return _parse_key(path.read_text("ascii"), str(path))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        raise AnchorError(f"{path}: cannot read the audit key") from None


def create_audit_key(path: Path) -> bytes:
    """A new key file; O_EXCL so an existing key is never replaced, O_NOFOLLOW so a
    planted symlink cannot redirect it."""
    key = secrets.token_bytes(AUDIT_KEY_BYTES)
    write_private_file(path, key.hex() + "\n", replace=False)
    return key


# The checkpoint ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Checkpoint:
    store_id: str
    length: int
    head: str
    keyed_from: int


@dataclass(frozen=True, slots=True)
class CheckpointState:
    """What the checkpoint file says; `problem` is None only for an authentic one."""

    path: Path
    checkpoint: Checkpoint | None
    problem: str | None

    @property
    def missing(self) -> bool:
        return self.checkpoint is None and not self.path.exists()


def checkpoint_mac(key: bytes, cp: Checkpoint) -> str:
    payload = json.dumps([cp.store_id, cp.length, cp.head, cp.keyed_from], separators=(",", ":"))
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def parse_checkpoint(path: Path, key: bytes | None, store_id: str) -> CheckpointState:
    try:
        data = json.loads(path.read_text("utf-8"))
        cp = Checkpoint(
            str(data["store_id"]), int(data["length"]), str(data["head"]), int(data["keyed_from"])
        )
        mac = str(data["mac"])
    except FileNotFoundError:
        return CheckpointState(path, None, f"the audit checkpoint {path} is missing")
    except (OSError, ValueError, KeyError, TypeError):
        return CheckpointState(path, None, f"the audit checkpoint {path} is garbled")
    if key is None:
        return CheckpointState(path, cp, f"the checkpoint {path} cannot be checked without the key")
    if not hmac.compare_digest(mac, checkpoint_mac(key, cp)):
        return CheckpointState(
            path, None, f"the audit checkpoint {path} is not authentic (rewritten without the key)"
        )
    if cp.store_id != store_id:
        return CheckpointState(path, None, f"the audit checkpoint {path} is for another store")
    return CheckpointState(path, cp, None)


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: one process per data directory is the norm there
        yield
        return
    private_dir(path.parent)
    with open_private(path.with_name(path.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write(path: Path, key: bytes, cp: Checkpoint) -> None:
    body = {
        "store_id": cp.store_id,
        "length": cp.length,
        "head": cp.head,
        "keyed_from": cp.keyed_from,
        "mac": checkpoint_mac(key, cp),
    }
    write_private_file(path, json.dumps(body))


# The store's facts ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoreFacts:
    store_id: str | None
    keyed_from: int | None
    length: int  # the last seq (0: empty log)


def store_facts(session: Session) -> StoreFacts:
    store_id, keyed_from = store_settings(session)
    length = session.scalar(select(func.max(AuditEntry.seq))) or 0
    return StoreFacts(store_id, keyed_from, length)


def store_settings(session: Session) -> tuple[str | None, int | None]:
    """The store id and the first keyed seq. The rows are held for the rest of the
    transaction (the identity map holds them weakly), so a unit of work's checks and
    its audit appends read them once; the hold ends with the transaction."""
    rows = (session.get(Setting, STORE_ID_SETTING), session.get(Setting, KEYED_FROM_SETTING))
    session.info[_SETTINGS_INFO] = rows
    store_id, keyed = rows
    try:
        keyed_from = int(keyed.value) if keyed is not None else None
    except ValueError:
        keyed_from = None
    return (store_id.value if store_id else None), keyed_from


# The anchor -------------------------------------------------------------------------


class AuditAnchor:
    """The key and the checkpoint of one configured store."""

    def __init__(self, settings: StoreSettings) -> None:
        self.settings = settings
        self._key: bytes | None = None

    @property
    def key_file(self) -> Path:
        return self.settings.audit_key_path

    def key(self) -> bytes | None:
        if self._key is None:
            self._key = load_audit_key(self.key_file, self.settings.audit_key_env)
        return self._key

    def require_key(self, entries: int) -> bytes:
        key = self.key()
        if key is None:
            if entries:
                raise AnchorError(
                    f"the audit key {self.key_file} is missing and the audit log has {entries} "
                    "entries: restore the key file from where you keep it (a replacement is "
                    "never created for a log in use)"
                )
            raise AnchorError(f"no audit key at {self.key_file}: run `notewell init`")
        return key

    def create_key(self) -> bytes:
        self._key = create_audit_key(self.key_file)
        return self._key

    def checkpoint_path(self, store_id: str) -> Path:
        if self.settings.checkpoint_file is not None:
            return self.settings.checkpoint_file
        return self.key_file.parent / f"audit-checkpoint-{store_id}.json"

    def read(self, store_id: str) -> CheckpointState:
        return parse_checkpoint(self.checkpoint_path(store_id), self.key(), store_id)

    def require_ready(self, session: Session) -> None:
        """Before a unit of work: refuse to extend a log whose anchor is broken."""
        facts = store_facts(session)
        self.require_key(facts.length)
        if facts.store_id is None:
            raise AnchorError(
                "the store id (settings row store_id) is missing, so the audit checkpoint "
                "cannot be found: restore it from a backup"
            )
        if facts.keyed_from is None:
            raise AnchorError("the audit log is not keyed yet: run `notewell init`")
        if facts.length:
            state = self.read(facts.store_id)
            if state.problem is not None:
                raise AnchorError(f"{state.problem}: {REANCHOR_HINT}")
            _require_same_keying(state, facts.keyed_from)

    def advance(self, pending: _Pending) -> None:
        """Record a committed head; never move backwards (a slower process may commit an
        older head after a faster one wrote a newer), never replace a broken file."""
        key = self.require_key(pending.length)
        path = self.checkpoint_path(pending.store_id)
        with _file_lock(path):
            state = parse_checkpoint(path, key, pending.store_id)
            if state.missing and not pending.may_create:
                raise AnchorError(f"{state.problem}; it was not recreated: {REANCHOR_HINT}")
            if not state.missing and state.problem is not None:
                raise AnchorError(f"{state.problem}; it was left as it is: {REANCHOR_HINT}")
            if state.checkpoint is not None:
                # The authenticated value decides; a changed settings row is tampering.
                _require_same_keying(state, pending.keyed_from)
                if state.checkpoint.length >= pending.length:
                    return
            cp = Checkpoint(pending.store_id, pending.length, pending.head, pending.keyed_from)
            _write(path, key, cp)

    def reset(
        self, store_id: str, length: int, head: str, keyed_from: int, why: str
    ) -> Path | None:
        """Anchor the chain afresh (after a restore or an admin's re-anchoring). The
        replaced file is renamed, not deleted, so the step stays visible; returns its name."""
        key = self.require_key(length)
        path = self.checkpoint_path(store_id)
        with _file_lock(path):
            archived = None
            if path.exists():
                stamp = _stamp()
                archived = path.with_name(f"{path.name}.before-{why}-{stamp}")
                os.replace(path, archived)
            _write(path, key, Checkpoint(store_id, length, head, keyed_from))
            return archived


def _require_same_keying(state: CheckpointState, keyed_from: int | None) -> None:
    if state.checkpoint is not None and state.checkpoint.keyed_from != keyed_from:
        raise AnchorError(
            f"the settings row audit_keyed_from says {keyed_from}, the authenticated "
            f"checkpoint {state.checkpoint.keyed_from}: the log's keying was tampered with; "
            "run `notewell audit verify`"
        )


def _stamp() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H%M%S%fZ")


# Anchoring on commit ----------------------------------------------------------------


@dataclass(slots=True)
class _Pending:
    store_id: str
    length: int
    head: str
    keyed_from: int
    may_create: bool  # this transaction started the log (or keyed it): no file yet
    reset: str | None = None  # "reanchor": replace the checkpoint instead of advancing


def anchor_of(session: Session) -> AuditAnchor:
    anchor = session.info.get(ANCHOR_INFO)
    if not isinstance(anchor, AuditAnchor):
        raise AnchorError("this session has no audit key configured; it cannot append")
    return anchor


def note_appended(
    session: Session, store_id: str, seq: int, head: str, keyed_from: int, first: bool
) -> None:
    """Called by append_entry: the head to anchor once this transaction commits."""
    pending: _Pending | None = session.info.get(_PENDING_INFO)
    if pending is None:
        pending = _Pending(store_id, seq, head, keyed_from, first)
        session.info[_PENDING_INFO] = pending
    pending.length, pending.head = seq, head


def allow_new_checkpoint(session: Session) -> None:
    """The transaction keys a pre-existing log (init): it has no checkpoint yet."""
    pending: _Pending | None = session.info.get(_PENDING_INFO)
    if pending is not None:
        pending.may_create = True


def reset_on_commit(session: Session, why: str) -> None:
    pending: _Pending | None = session.info.get(_PENDING_INFO)
    if pending is None:
        raise AnchorError("nothing appended to anchor")
    pending.reset = why


def install_anchor(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "after_commit", _after_commit)
    event.listen(factory, "after_rollback", _forget)


def _forget(session: Session, *_: Any) -> None:
    session.info.pop(_PENDING_INFO, None)
    session.info.pop(_SETTINGS_INFO, None)


def _after_commit(session: Session) -> None:
    session.info.pop(_SETTINGS_INFO, None)
    pending: _Pending | None = session.info.pop(_PENDING_INFO, None)
    if pending is None:
        return
    anchor = anchor_of(session)
    if pending.reset is not None:
        anchor.reset(
            pending.store_id, pending.length, pending.head, pending.keyed_from, pending.reset
        )
    else:
        anchor.advance(pending)
