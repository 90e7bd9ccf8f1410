"""The hash chain of the audit log, and its checkpoint outside the database.

Each entry's hash covers its content and the previous entry's hash. The checkpoint
file records the chain's length and head hash after each commit, so deleting the last
entries (truncation), or rebuilding the whole chain, is caught too.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from notewell.store.files import open_private, private_dir, write_private_file
from notewell.store.models import AuditEntry

GENESIS = "0" * 64
_PG_AUDIT_LOCK = 0x6E6F7465  # advisory lock id: serialises appends across app servers


def entry_hash(entry: AuditEntry, prev_hash: str) -> str:
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
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


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
    """Add one entry at the head of the chain (in the caller's transaction)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_AUDIT_LOCK})
    # SQLite: the engine's BEGIN IMMEDIATE already holds the database write lock.
    head = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
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
    entry.hash = entry_hash(entry, prev)
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True, slots=True)
class Checkpoint:
    length: int
    head: str


def read_checkpoint(path: Path) -> Checkpoint | None:
    try:
        data = json.loads(path.read_text("utf-8"))
        return Checkpoint(int(data["length"]), str(data["head"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        # An unreadable checkpoint is itself a finding; verify reports it.
        return Checkpoint(-1, "")


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


def advance_checkpoint(path: Path, length: int, head: str) -> None:
    """Record a committed head; never move backwards (a slower process may commit an
    older head after a faster one wrote a newer)."""
    with _file_lock(path):
        current = read_checkpoint(path)
        if current is not None and current.length >= length:
            return
        _write_checkpoint(path, length, head)


def reset_checkpoint(path: Path, length: int, head: str) -> Path | None:
    """After a restore the chain legitimately goes back to the backup's head. The
    replaced checkpoint is renamed, not deleted, so the rollback stays visible; returns
    its new name."""
    with _file_lock(path):
        archived = None
        if path.exists():
            stamp = utc_stamp().replace(":", "").replace(".", "")
            archived = path.with_name(f"{path.name}.before-restore-{stamp}")
            os.replace(path, archived)
        _write_checkpoint(path, length, head)
        return archived


def _write_checkpoint(path: Path, length: int, head: str) -> None:
    write_private_file(path, json.dumps({"length": length, "head": head}))


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


def verify_chain(entries: list[AuditEntry], checkpoint: Checkpoint | None) -> AuditReport:
    """Walk the chain in `seq` order and name every entry that was edited, removed or
    moved; compare its end with the checkpoint to catch truncation."""
    report = AuditReport(length=len(entries))
    seq_of_hash = {e.hash: e.seq for e in entries}
    expected_seq, expected_prev, previous = 1, GENESIS, None
    for entry in entries:
        gap = entry.seq > expected_seq
        if gap:
            missing = f"#{expected_seq}" + (
                f"–#{entry.seq - 1}" if entry.seq - 1 > expected_seq else ""
            )
            report.problems.append(f"entry {missing} deleted (the log jumps to #{entry.seq})")
        if entry_hash(entry, entry.prev_hash) != entry.hash:
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
    report: AuditReport, entries: list[AuditEntry], checkpoint: Checkpoint | None
) -> None:
    if checkpoint is None:
        report.warnings.append("no checkpoint file: truncation of the log cannot be detected")
        return
    if checkpoint.length < 0:
        report.problems.append("the checkpoint file is unreadable (edited or damaged)")
        return
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
