"""The hash chain of the audit log.

Each entry's hash covers its content and the previous entry's hash: HMAC-SHA256 under
the audit key (notewell.store.audit_anchor), so the chain cannot be recomputed without
the key. Entries written before a store was keyed (seq < keyed_from) stay plain SHA-256
and are verified as such. The checkpoint outside the database records the chain's
length and head after each commit, so truncation or a rebuilt chain is caught too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from notewell.store.audit_anchor import (
    AnchorError,
    CheckpointState,
    anchor_of,
    note_appended,
    store_settings,
)
from notewell.store.models import AuditEntry

GENESIS = "0" * 64
_PG_AUDIT_LOCK = 0x6E6F7465  # advisory lock id: serialises appends across app servers


def entry_hash(entry: AuditEntry, prev_hash: str, key: bytes | None = None) -> str:
    """HMAC-SHA256 under `key`; plain SHA-256 without one (entries from before keying)."""
    fields = [
        prev_hash,
        entry.at,
        entry.actor,
        entry.action,
        entry.entity_type,
        entry.entity_id,
        entry.origin,
        entry.detail,
    ]
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def append_entry(
    session: Session,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str | int | None,
    origin: str,
    detail: str = "",
) -> AuditEntry:
    """Add one entry at the head of the chain (in the caller's transaction), keyed with
    the session's audit key; the after-commit hook anchors the new head."""
    anchor = anchor_of(session)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_AUDIT_LOCK})
    # SQLite: the engine's BEGIN IMMEDIATE already holds the database write lock.
    head = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
    key = anchor.require_key(seq - 1)
    store_id, keyed_from = store_settings(session)
    if store_id is None or keyed_from is None:
        raise AnchorError("the audit log is not keyed yet: run `notewell init`")
    entry = AuditEntry(
        seq=seq,
        at=utc_stamp(),
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        origin=origin,
        detail=detail,
        prev_hash=prev,
    )
    entry.hash = entry_hash(entry, prev, key)
    session.add(entry)
    session.flush()
    note_appended(session, store_id, seq, entry.hash, keyed_from, first=seq == 1)
    return entry


@dataclass
class AuditReport:
    length: int
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _label(entry: AuditEntry) -> str:
    return f"#{entry.seq} ({entry.action} by {entry.actor} at {entry.at})"


def verify_chain(
    entries: list[AuditEntry],
    *,
    key: bytes | None,
    keyed_from: int,
    checkpoint: CheckpointState | None = None,
) -> AuditReport:
    """Walk the chain in `seq` order and name every entry that was edited, removed or
    moved; compare its end with the checkpoint to catch truncation (None: not checked,
    e.g. a backup's own chain)."""
    report = AuditReport(length=len(entries))
    if key is None and entries and entries[-1].seq >= keyed_from:
        report.problems.append(
            "no audit key: the keyed entries cannot be verified (restore the audit key file)"
        )
    if keyed_from > 1 and entries:
        report.warnings.append(
            f"entries #1–#{keyed_from - 1} predate keying (plain SHA-256): anyone with "
            "database access could have rewritten them before the store was keyed"
        )
        # Keying starts with a keyed `audit.keyed` entry at exactly that seq: without
        # it, a raised audit_keyed_from would pass rewritten entries off as "older".
        first = next((e for e in entries if e.seq == keyed_from), None)
        all_older = entries[-1].seq < keyed_from  # a log from before keying, not yet keyed
        authentic = all_older or (
            first is not None
            and first.action == "audit.keyed"
            and key is not None
            and hmac.compare_digest(entry_hash(first, first.prev_hash, key), first.hash)
        )
        if not authentic:
            report.problems.append(
                f"audit_keyed_from says the log is keyed from #{keyed_from}, but #{keyed_from} "
                "is not an authentic `audit.keyed` entry: entries were passed off as unkeyed"
            )
    seq_of_hash = {e.hash: e.seq for e in entries}
    expected_seq, expected_prev, previous = 1, GENESIS, None
    for entry in entries:
        gap = entry.seq > expected_seq
        if gap:
            missing = f"#{expected_seq}" + (
                f"–#{entry.seq - 1}" if entry.seq - 1 > expected_seq else ""
            )
            report.problems.append(f"entry {missing} deleted (the log jumps to #{entry.seq})")
        entry_key = key if entry.seq >= keyed_from else None
        if (key is not None or entry_key is None) and not hmac.compare_digest(
            entry_hash(entry, entry.prev_hash, entry_key), entry.hash
        ):
            report.problems.append(f"entry {_label(entry)} was edited")
        if entry.prev_hash != expected_prev:
            follows = seq_of_hash.get(entry.prev_hash)
            if follows is not None:
                report.problems.append(
                    f"entry {_label(entry)} is out of order: it was written after #{follows}"
                )
            elif previous is not None and not gap:
                report.problems.append(
                    f"entry {_label(previous)} was altered or an entry after it deleted: "
                    f"#{entry.seq} does not link to it"
                )
            elif not gap:
                report.problems.append(f"entry {_label(entry)} does not start the chain")
        expected_seq, expected_prev, previous = entry.seq + 1, entry.hash, entry
    _compare_checkpoint(report, entries, checkpoint)
    return report


def _compare_checkpoint(
    report: AuditReport, entries: list[AuditEntry], state: CheckpointState | None
) -> None:
    if state is None:
        return
    if state.problem is not None:
        if entries or not state.missing:  # an empty log needs no checkpoint yet
            report.problems.append(state.problem)
        return
    checkpoint = state.checkpoint
    assert checkpoint is not None
    last_seq = entries[-1].seq if entries else 0
    if checkpoint.length > last_seq:
        report.problems.append(
            f"log truncated: the checkpoint records {checkpoint.length} entries, "
            f"the log ends at #{last_seq} (#{last_seq + 1}–#{checkpoint.length} deleted)"
        )
        return
    at_checkpoint = next((e for e in entries if e.seq == checkpoint.length), None)
    if checkpoint.length and (at_checkpoint is None or at_checkpoint.hash != checkpoint.head):
        report.problems.append(
            f"entry #{checkpoint.length} does not match the checkpoint: the chain was rebuilt"
        )


def load_entries(session: Session) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
