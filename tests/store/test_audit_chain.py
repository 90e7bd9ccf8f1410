"""The audit chain detects an edited, deleted, reordered or truncated entry, and names it.

Tampering needs the append-only triggers out of the way first, as an attacker with the
database file or the tables' owner would have (the app role cannot); that the triggers
stop casual edits is tested in test_guards. Synthetic data only.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Connection, text

from notewell.services import audit, clients, notes
from notewell.store.audit_chain import entry_hash
from notewell.store.models import AuditEntry, Setting
from record_db import SYNTHETIC_NOTE, owner_connection


def tamper(world, *statements: str) -> None:
    with owner_connection(world.db) as conn:
        _guards_off(conn)
        for statement in statements:
            conn.execute(text(statement))
        _guards_on(conn)


def _guards_off(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
    else:
        conn.execute(text("DROP TRIGGER nw_audit_no_update"))
        conn.execute(text("DROP TRIGGER nw_audit_no_delete"))


def _guards_on(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":  # the PostgreSQL database is shared by the session
        conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))


@pytest.fixture()
def busy_world(world):
    """A few more entries to tamper with (entries 1..n, n >= 10)."""
    note = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap")
    notes.show_note(world.dana, note.note_id)
    clients.show_client(world.sam, "C-001")
    return world


def _swap_seq(a: int, b: int) -> tuple[str, ...]:
    return (
        f"UPDATE audit_log SET seq = -1 WHERE seq = {a}",
        f"UPDATE audit_log SET seq = {a} WHERE seq = {b}",
        f"UPDATE audit_log SET seq = {b} WHERE seq = -1",
    )


def _rebuild_from(world, start: int) -> None:
    """The clever attack without the key: edit an entry and recompute every hash after it
    as plain SHA-256 (the keyed hashes are then all wrong, and the checkpoint disagrees)."""
    with owner_connection(world.db) as conn:
        _guards_off(conn)
        conn.execute(text(f"UPDATE audit_log SET actor = 'mallory' WHERE seq = {start}"))
    with world.db.sessions() as session:
        entries = session.query(AuditEntry).order_by(AuditEntry.seq).all()
        prev = entries[start - 2].hash if start > 1 else "0" * 64
        new_hashes = []
        for entry in entries[start - 1 :]:
            new = entry_hash(entry, prev)
            new_hashes.append((entry.seq, prev, new))
            prev = new
    with owner_connection(world.db) as conn:
        for seq, prev_hash, new in new_hashes:
            conn.execute(
                text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE seq = :s"),
                {"p": prev_hash, "h": new, "s": seq},
            )
        _guards_on(conn)


TAMPERING: list = [
    pytest.param(
        lambda w: tamper(w, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 5"),
        "entry #5 (",
        "was edited",
        id="edited",
    ),
    pytest.param(
        lambda w: tamper(w, "DELETE FROM audit_log WHERE seq = 6"),
        "entry #6",
        "deleted",
        id="deleted",
    ),
    pytest.param(
        lambda w: tamper(w, "DELETE FROM audit_log WHERE seq IN (3, 4)"),
        "#3–#4",
        "deleted",
        id="deleted-several",
    ),
    pytest.param(lambda w: tamper(w, *_swap_seq(4, 5)), "#4", "out of order", id="reordered"),
    pytest.param(
        lambda w: tamper(w, "DELETE FROM audit_log WHERE seq > 8"),
        "log truncated",
        "ends at #8",
        id="truncated",
    ),
    pytest.param(lambda w: _rebuild_from(w, 3), "#", "chain was rebuilt", id="rebuilt"),
]


def test_when_chain_untouched_then_verify_passes(busy_world):
    report = audit.verify_audit_log(busy_world.dana)
    assert report.ok, report.problems
    assert report.length >= 10
    assert report.warnings == []


@pytest.mark.parametrize(("attack", "names", "says"), TAMPERING)
def test_when_log_is_tampered_then_verify_names_the_entry(
    busy_world, attack: Callable, names: str, says: str
):
    attack(busy_world)
    report = audit.verify_audit_log(busy_world.dana)
    assert not report.ok
    joined = "\n".join(report.problems)
    assert names in joined and says in joined, joined


def test_when_rebuilt_chain_then_the_edited_entry_is_still_caught_by_the_checkpoint(busy_world):
    _rebuild_from(busy_world, 3)
    problems = audit.verify_audit_log(busy_world.dana).problems
    assert any("checkpoint" in p for p in problems), problems


def test_when_commits_happen_then_checkpoint_follows_the_head(busy_world):
    db = busy_world.db
    with db.sessions() as session:
        last = session.query(AuditEntry).order_by(AuditEntry.seq.desc()).first()
        store_id = session.get(Setting, "store_id").value
    state = db.anchor.read(store_id)
    assert state.problem is None and state.checkpoint is not None
    assert (state.checkpoint.length, state.checkpoint.head) == (last.seq, last.hash)


def test_when_checkpoint_file_is_damaged_then_verify_says_so(busy_world):
    busy_world.db.checkpoint_path().write_text("{not json", "utf-8")
    problems = audit.verify_audit_log(busy_world.dana).problems
    assert any("checkpoint" in p and "garbled" in p for p in problems), problems


def test_when_checkpoint_file_is_missing_then_verify_fails_and_nothing_recreates_it(busy_world):
    path = busy_world.db.checkpoint_path()
    path.unlink()
    report = audit.verify_audit_log(busy_world.dana)
    assert not report.ok and any("missing" in p for p in report.problems), report.problems
    assert not path.exists()
