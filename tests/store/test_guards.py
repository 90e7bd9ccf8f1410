"""The signed-note lock holds below the service layer: the ORM refuses, and the database
itself refuses raw SQL, even from the role that owns the tables (on PostgreSQL the app
role is refused earlier still, by privileges: test_pg_roles). Synthetic data only."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from notewell.services import notes, private_notes, signing
from notewell.store.errors import RecordLocked
from notewell.store.models import (
    AuditEntry,
    AuthorKey,
    NoteVersion,
    ProgressNote,
    PsychotherapyNote,
    ServiceSession,
    User,
)
from notewell.store.trigger_inventory import (
    EXPECTED_TRIGGERS,
    expected_triggers,
    missing_or_disabled_triggers,
)
from record_db import PG_SKIP_REASON, PG_URL, SYNTHETIC_NOTE, owner_connection, sign_with_overrides


@pytest.fixture()
def signed_note_id(world) -> int:
    note = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap")
    sign_with_overrides(world.dana, note.note_id)
    signing.add_addendum(world.dana, note.note_id, "Synthetic addendum.")
    return note.note_id


RAW_WRITES = [
    pytest.param("UPDATE progress_notes SET status = 'draft' WHERE id = :n", id="unsign-note"),
    pytest.param("UPDATE progress_notes SET draft_engine = 'x' WHERE id = :n", id="edit-note-row"),
    pytest.param("DELETE FROM progress_notes WHERE id = :n", id="delete-note"),
    pytest.param("UPDATE note_versions SET text = 'forged' WHERE note_id = :n", id="edit-version"),
    pytest.param("DELETE FROM note_versions WHERE note_id = :n", id="delete-version"),
    pytest.param(
        "INSERT INTO note_versions (note_id, number, text, saved_by_id, saved_at) "
        "VALUES (:n, 99, 'forged', 1, CURRENT_TIMESTAMP)",
        id="insert-version",
    ),
    pytest.param(
        "INSERT INTO note_overrides (note_id, rule, message, reason) VALUES (:n, 'r', 'm', 'x')",
        id="insert-override",
    ),
    pytest.param(
        "UPDATE service_sessions SET duration_minutes = 90 "
        "WHERE id = (SELECT session_id FROM progress_notes WHERE id = :n)",
        id="edit-session",
    ),
    pytest.param("UPDATE addenda SET text = 'forged' WHERE note_id = :n", id="edit-addendum"),
    pytest.param("DELETE FROM addenda WHERE note_id = :n", id="delete-addendum"),
    pytest.param("UPDATE audit_log SET actor = 'nobody' WHERE seq = 1", id="edit-audit"),
    pytest.param("DELETE FROM audit_log WHERE seq = 1", id="delete-audit"),
]


@pytest.mark.parametrize("statement", RAW_WRITES)
def test_when_raw_sql_changes_signed_record_then_database_refuses(world, signed_note_id, statement):
    with pytest.raises(DBAPIError, match="record is locked"), owner_connection(world.db) as conn:
        conn.execute(text(statement), {"n": signed_note_id})


def test_when_orm_changes_signed_note_then_flush_refuses(world, signed_note_id):
    with pytest.raises(RecordLocked), world.db.transaction() as session:
        note = session.get(ProgressNote, signed_note_id)
        note.note_format = "soap"


def test_when_orm_adds_version_to_signed_note_then_flush_refuses(world, signed_note_id):
    with pytest.raises(RecordLocked), world.db.transaction() as session:
        session.add(NoteVersion(note_id=signed_note_id, number=50, text="forged", saved_by_id=1))


def test_when_orm_edits_audit_entry_then_flush_refuses(world, signed_note_id):
    with pytest.raises(RecordLocked), world.db.transaction() as session:
        session.get(AuditEntry, 1).actor = "nobody"


def test_when_note_is_draft_then_its_row_may_change(world):
    note = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap")
    with world.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE progress_notes SET note_format = 'soap' WHERE id = :n"),
            {"n": note.note_id},
        )


# --- Migration 0004: every table, every statement -------------------------------------


@pytest.fixture()
def record(world, signed_note_id) -> dict[str, int]:
    """A signed note (dana), a co-signature (sam), a private note on a session of its
    own, an author key, and a spare session nothing documents. Ids by name."""
    signing.cosign_note(world.sam, signed_note_id)
    private_id = private_notes.create_private_note(world.dana, "C-001", "SYNTHETIC: private.")
    with owner_connection(world.db) as conn:
        dana = conn.execute(text("SELECT id FROM users WHERE username = 'dana'")).scalar_one()
        sessions = [
            conn.execute(
                text(
                    "INSERT INTO service_sessions (client_id, clinician_id, participants, "
                    "created_at) VALUES (1, :u, '[]', CURRENT_TIMESTAMP) RETURNING id"
                ),
                {"u": dana},
            ).scalar_one()
            for _ in range(2)
        ]
        conn.execute(
            text("UPDATE psychotherapy_notes SET session_id = :s WHERE id = :p"),
            {"s": sessions[0], "p": private_id},
        )
        key_id = conn.execute(
            text(
                "INSERT INTO author_keys (user_id, key_id, created_at, kdf_salt, wrapped, "
                "active) VALUES (:u, 'k1', CURRENT_TIMESTAMP, :b, :b, :t) RETURNING id"
            ),
            {"u": dana, "b": b"synthetic-not-a-key", "t": True},
        ).scalar_one()
    return {
        "note": signed_note_id,
        "private": private_id,
        "private_session": sessions[0],
        "spare_session": sessions[1],
        "key": key_id,
        "dana": dana,
    }


NEW_RAW_WRITES = [
    pytest.param(
        "DELETE FROM service_sessions "
        "WHERE id = (SELECT session_id FROM progress_notes WHERE id = :note)",
        id="delete-session-of-signed-note",
    ),
    pytest.param(
        "DELETE FROM service_sessions WHERE id = :private_session",
        id="delete-session-of-private-note",
    ),
    pytest.param("UPDATE users SET username = 'mallory' WHERE id = :dana", id="rename-user"),
    pytest.param("UPDATE users SET id = 99 WHERE username = 'bo'", id="renumber-user"),
    pytest.param("DELETE FROM users WHERE username = 'bo'", id="delete-user"),
    pytest.param(
        "UPDATE users SET display_name = 'Someone Else' WHERE id = :dana",
        id="swap-signer-name",
    ),
    pytest.param(
        "UPDATE users SET display_name = 'Someone Else' WHERE username = 'sam'",
        id="swap-cosigner-name",
    ),
    pytest.param("UPDATE psychotherapy_notes SET uid = 'x' WHERE id = :private", id="private-uid"),
    pytest.param(
        "UPDATE psychotherapy_notes SET client_id = 2 WHERE id = :private", id="private-client"
    ),
    pytest.param(
        "UPDATE psychotherapy_notes SET author_id = 1 WHERE id = :private", id="private-author"
    ),
    pytest.param(
        "UPDATE psychotherapy_notes SET created_at = CURRENT_TIMESTAMP WHERE id = :private",
        id="private-created",
    ),
    pytest.param("DELETE FROM psychotherapy_notes WHERE id = :private", id="delete-private"),
    pytest.param("UPDATE author_keys SET user_id = 1 WHERE id = :key", id="key-to-other-user"),
    pytest.param("UPDATE author_keys SET key_id = 'k2' WHERE id = :key", id="key-renamed"),
    pytest.param("DELETE FROM author_keys WHERE id = :key", id="delete-key"),
]


@pytest.mark.parametrize("statement", NEW_RAW_WRITES)
def test_when_raw_sql_changes_identity_or_removes_record_then_database_refuses(
    world, record, statement
):
    with pytest.raises(DBAPIError, match="record is locked"), owner_connection(world.db) as conn:
        conn.execute(text(statement), record)


ALLOWED_RAW_WRITES = [
    pytest.param(
        "UPDATE users SET display_name = 'Synthetic Biller' WHERE username = 'bo'",
        id="rename-non-signer",
    ),
    pytest.param("UPDATE users SET active = :f WHERE username = 'bo'", id="deactivate-user"),
    pytest.param(
        "UPDATE psychotherapy_notes SET key_id = 'k9', nonce = :b, ciphertext = :b "
        "WHERE id = :private",
        id="re-encrypt-private",
    ),
    pytest.param("UPDATE author_keys SET active = :f WHERE id = :key", id="retire-key"),
    pytest.param(
        "UPDATE service_sessions SET duration_minutes = 50 WHERE id = :spare_session",
        id="edit-undocumented-session",
    ),
    pytest.param("DELETE FROM service_sessions WHERE id = :spare_session", id="delete-spare"),
]


@pytest.mark.parametrize("statement", ALLOWED_RAW_WRITES)
def test_when_write_leaves_identity_and_record_then_it_goes_through(world, record, statement):
    with owner_connection(world.db) as conn:
        done = conn.execute(text(statement), {**record, "f": False, "b": b"synthetic"})
        assert done.rowcount == 1


def test_when_undocumented_session_is_updated_then_the_new_values_are_stored(world, record):
    """0002's PostgreSQL function returned OLD and so dropped such updates silently."""
    with owner_connection(world.db) as conn:
        conn.execute(
            text("UPDATE service_sessions SET duration_minutes = 50 WHERE id = :s"),
            {"s": record["spare_session"]},
        )
        stored = conn.execute(
            text("SELECT duration_minutes FROM service_sessions WHERE id = :s"),
            {"s": record["spare_session"]},
        ).scalar_one()
    assert stored == 50


@pytest.fixture()
def pg_only(world) -> None:
    if world.db.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE and disabled triggers exist on PostgreSQL only")


TRUNCATED = sorted({t for n, t in EXPECTED_TRIGGERS.items() if n.endswith("_no_truncate")})


@pytest.mark.skipif(not PG_URL, reason=PG_SKIP_REASON)
@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
@pytest.mark.parametrize("table", [*TRUNCATED, "clients"])  # clients: by CASCADE
def test_when_owner_truncates_guarded_table_then_database_refuses(world, record, table):
    with pytest.raises(DBAPIError, match="record is locked"), owner_connection(world.db) as conn:
        conn.execute(text(f"TRUNCATE {table} CASCADE"))


# --- The inventory notices a guard that is gone or switched off ---------------------------


def _guard_triggers_in(conn) -> set[str]:
    if conn.dialect.name == "postgresql":
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'nw\\_%'"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'nw%'"
    return set(conn.execute(text(query)).scalars())


def test_when_migrated_then_every_guard_is_in_place_and_inventoried(db):
    with owner_connection(db) as conn:
        assert missing_or_disabled_triggers(conn) == []
        # Both ways: a guard a new migration adds must be added to the inventory too.
        assert _guard_triggers_in(conn) == set(expected_triggers(conn.dialect.name))


@pytest.mark.parametrize(
    ("name", "table"), [("nw_user_no_delete", "users"), ("nw_audit_no_update", "audit_log")]
)
def test_when_guard_trigger_is_dropped_then_inventory_names_it(db, name, table):
    with owner_connection(db) as conn:
        savepoint = conn.begin_nested()  # the PostgreSQL database is shared: undo after
        on = f" ON {table}" if conn.dialect.name == "postgresql" else ""
        conn.execute(text(f"DROP TRIGGER {name}{on}"))
        problems = missing_or_disabled_triggers(conn)
        savepoint.rollback()
    assert problems == [f"guard trigger {name} on {table} is missing"]


@pytest.mark.skipif(not PG_URL, reason=PG_SKIP_REASON)
@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
@pytest.mark.parametrize(
    ("alter", "state"),
    [("DISABLE TRIGGER", "disabled"), ("ENABLE REPLICA TRIGGER", "fires only in replica mode")],
)
def test_when_guard_trigger_is_disabled_then_inventory_names_it(db, alter, state):
    with owner_connection(db) as conn:
        savepoint = conn.begin_nested()
        conn.execute(text(f"ALTER TABLE audit_log {alter} nw_audit_no_delete"))
        problems = missing_or_disabled_triggers(conn)
        savepoint.rollback()
    assert problems == [f"guard trigger nw_audit_no_delete on audit_log is {state}"]


@pytest.mark.skipif(not PG_URL, reason=PG_SKIP_REASON)
@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
def test_when_all_user_triggers_are_disabled_then_inventory_names_each(db):
    with owner_connection(db) as conn:
        savepoint = conn.begin_nested()
        conn.execute(text("ALTER TABLE users DISABLE TRIGGER USER"))
        problems = missing_or_disabled_triggers(conn)
        savepoint.rollback()
    on_users = [n for n, t in EXPECTED_TRIGGERS.items() if t == "users"]
    assert sorted(problems) == sorted(f"guard trigger {n} on users is disabled" for n in on_users)


# --- The ORM refuses the same writes before any SQL is sent -----------------------------


def _orm_user(session, username: str) -> User:
    return session.query(User).filter_by(username=username).one()


ORM_WRITES = [
    pytest.param(lambda s, r: s.delete(_orm_user(s, "bo")), id="delete-user"),
    pytest.param(lambda s, r: setattr(_orm_user(s, "bo"), "username", "x"), id="rename-user"),
    pytest.param(
        lambda s, r: setattr(_orm_user(s, "dana"), "display_name", "Other"), id="swap-signer"
    ),
    pytest.param(
        lambda s, r: setattr(_orm_user(s, "sam"), "display_name", "Other"), id="swap-cosigner"
    ),
    pytest.param(lambda s, r: s.delete(s.get(PsychotherapyNote, r["private"])), id="del-private"),
    pytest.param(
        lambda s, r: setattr(s.get(PsychotherapyNote, r["private"]), "client_id", 2),
        id="move-private",
    ),
    pytest.param(lambda s, r: s.delete(s.get(AuthorKey, r["key"])), id="delete-key"),
    pytest.param(lambda s, r: setattr(s.get(AuthorKey, r["key"]), "user_id", 1), id="move-key"),
    pytest.param(
        lambda s, r: s.delete(s.get(ServiceSession, r["private_session"])),
        id="delete-session-of-private-note",
    ),
    pytest.param(
        lambda s, r: s.delete(s.get(ServiceSession, s.get(ProgressNote, r["note"]).session_id)),
        id="delete-session-of-signed-note",
    ),
]


@pytest.mark.parametrize("write", ORM_WRITES)
def test_when_orm_changes_identity_or_removes_record_then_flush_refuses(world, record, write):
    with pytest.raises(RecordLocked), world.db.transaction() as session:
        write(session, record)


def test_when_orm_renames_non_signer_or_deletes_spare_session_then_it_commits(world, record):
    with world.db.transaction() as session:
        _orm_user(session, "bo").display_name = "Synthetic Biller"
        session.get(AuthorKey, record["key"]).active = False
        session.delete(session.get(ServiceSession, record["spare_session"]))
    with world.db.transaction() as session:
        assert _orm_user(session, "bo").display_name == "Synthetic Biller"
        assert session.get(ServiceSession, record["spare_session"]) is None
