"""PostgreSQL least privilege: the application role the tests connect as writes rows but
cannot truncate, alter, drop, switch triggers off, or edit the audit log; the owner
role owns every table. Synthetic data only."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from notewell.services import audit, notes, signing
from notewell.store.pg_roles import (
    PgRoles,
    create_roles,
    create_roles_sql,
    drop_roles,
    grant_app_privileges_sql,
    role_names,
)
from record_db import (
    PG_SKIP_REASON,
    PG_URL,
    SYNTHETIC_NOTE,
    fresh_pg_database,
    owner_connection,
    pg_roles_for,
    sign_with_overrides,
)

needs_pg = pytest.mark.skipif(not PG_URL, reason=PG_SKIP_REASON)
on_pg = pytest.mark.parametrize("db", ["postgresql"], indirect=True)
INSUFFICIENT_PRIVILEGE = "42501"


# --- The SQL itself (no database) --------------------------------------------------------


def test_when_names_are_derived_then_suffix_keeps_parallel_databases_apart():
    assert role_names() == role_names("notewell", "")
    assert (role_names().owner, role_names().app) == ("notewell_owner", "notewell_app")
    assert role_names(suffix="123_ab").app == "notewell_app_123_ab"


@pytest.mark.parametrize("bad", ["Robert'); DROP TABLE users;--", "x y", "", "a" * 64, "Upper"])
def test_when_role_name_is_not_a_plain_identifier_then_refused(bad):
    with pytest.raises(ValueError, match="identifier"):
        PgRoles(owner=bad, app="notewell_app")


def test_when_sql_is_generated_then_app_gets_no_truncate_and_no_audit_edits():
    roles = role_names()
    setup = " ".join(create_roles_sql("notewell", roles)).upper()
    grants = grant_app_privileges_sql(roles)
    assert "TRUNCATE" not in setup and "GRANT ALL" not in setup
    assert (
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {roles.app}"
        in grants
    )
    assert f"REVOKE UPDATE, DELETE ON public.audit_log FROM {roles.app}" in grants
    assert any(s.startswith("REVOKE TRUNCATE") for s in grants)


def test_when_password_has_a_quote_then_it_is_escaped():
    sql = create_roles_sql("notewell", role_names(), app_password="it's")
    assert "PASSWORD 'it''s'" in sql[1]


# --- As the application role ----------------------------------------------------------


def _refused(world, statement: str) -> DBAPIError:
    with pytest.raises(DBAPIError) as caught, world.db.engine.begin() as conn:
        conn.execute(text(statement))
    return caught.value


@needs_pg
@on_pg
def test_the_db_fixture_connects_as_the_app_role(world):
    with world.db.engine.connect() as conn:
        user = conn.execute(text("SELECT current_user")).scalar_one()
        superuser = conn.execute(text("SHOW is_superuser")).scalar_one()
    assert user == pg_roles_for(world.db.engine.url.database).app
    assert superuser == "off"


APP_REFUSED = [
    pytest.param("TRUNCATE audit_log", id="truncate-audit"),
    pytest.param("TRUNCATE clients CASCADE", id="truncate-unguarded"),
    pytest.param("ALTER TABLE progress_notes ADD COLUMN forged text", id="alter-table"),
    pytest.param("DROP TABLE audit_log", id="drop-table"),
    pytest.param("ALTER TABLE audit_log DISABLE TRIGGER USER", id="disable-triggers"),
    pytest.param("ALTER TABLE users DISABLE TRIGGER nw_user_no_delete", id="disable-trigger"),
    pytest.param("DROP TRIGGER nw_audit_no_delete ON audit_log", id="drop-trigger"),
    pytest.param("DROP FUNCTION notewell_refuse() CASCADE", id="drop-trigger-function"),
    pytest.param("UPDATE audit_log SET actor = 'mallory'", id="update-audit"),
    pytest.param("DELETE FROM audit_log", id="delete-audit"),
    pytest.param("UPDATE alembic_version SET version_num = '0001'", id="fake-revision"),
    pytest.param("SET session_replication_role = replica", id="skip-triggers"),
    pytest.param("CREATE TABLE shadow (id int)", id="create-table"),
    pytest.param(
        "CREATE TRIGGER shadow BEFORE INSERT ON users FOR EACH ROW "
        "EXECUTE FUNCTION notewell_refuse()",
        id="create-trigger",
    ),
]


@needs_pg
@on_pg
@pytest.mark.parametrize("statement", APP_REFUSED)
def test_when_app_role_reaches_for_owner_rights_then_permission_denied(world, statement):
    error = _refused(world, statement)
    assert getattr(error.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE, error


@needs_pg
@on_pg
def test_when_app_role_appends_to_audit_log_and_writes_notes_then_it_works(world):
    note = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap")
    notes.save_note(world.dana, note.note_id, SYNTHETIC_NOTE + "\nSynthetic edit.\n", 1)
    sign_with_overrides(world.dana, note.note_id)
    signing.add_addendum(world.dana, note.note_id, "Synthetic addendum.")
    signing.cosign_note(world.sam, note.note_id)
    assert audit.verify_audit_log(world.admin).problems == []
    with world.db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_log (seq, at, actor, action, entity_type, origin, detail, "
                "prev_hash, hash) VALUES (100000, 'x', 'x', 'x', 'x', 'x', '', 'x', 'x')"
            )
        )
        assert conn.execute(text("SELECT count(*) FROM audit_log WHERE seq = 100000")).scalar()


# --- Ownership and what future migrations get ----------------------------------------------


@needs_pg
@on_pg
def test_when_migrated_by_owner_then_it_owns_every_table(db):
    owner = pg_roles_for(db.engine.url.database).owner
    with db.engine.connect() as conn:
        owners = dict(
            conn.execute(
                text("SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public'")
            ).all()
        )
    assert owners and set(owners.values()) == {owner}, owners


@needs_pg
@on_pg
def test_when_owner_creates_a_table_later_then_app_gets_row_rights_only(db):
    app = pg_roles_for(db.engine.url.database).app
    with owner_connection(db) as conn:
        savepoint = conn.begin_nested()
        conn.execute(text("CREATE TABLE future_table (id serial PRIMARY KEY, x int)"))
        rights = {
            right: conn.execute(
                text("SELECT has_table_privilege(:r, 'future_table', :p)"), {"r": app, "p": right}
            ).scalar_one()
            for right in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER")
        }
        sequence = conn.execute(
            text("SELECT has_sequence_privilege(:r, 'future_table_id_seq', 'USAGE')"), {"r": app}
        ).scalar_one()
        savepoint.rollback()
    assert rights == {
        "SELECT": True,
        "INSERT": True,
        "UPDATE": True,
        "DELETE": True,
        "TRUNCATE": False,
        "TRIGGER": False,
    }
    assert sequence


@needs_pg
def test_when_roles_are_dropped_then_nothing_is_left_in_the_cluster():
    roles = role_names(prefix="nwdrop", suffix="check")
    with fresh_pg_database() as url:
        engine = create_engine(url)
        try:
            with engine.begin() as conn:
                drop_roles(conn, roles)  # a crashed earlier run's leftovers, if any
                create_roles(conn, engine.url.database, roles)
                conn.execute(
                    text(f"CREATE TABLE kept (id int); ALTER TABLE kept OWNER TO {roles.owner}")
                )
            with engine.begin() as conn:
                drop_roles(conn, roles)
                left = conn.execute(
                    text("SELECT count(*) FROM pg_roles WHERE rolname IN (:o, :a)"),
                    {"o": roles.owner, "a": roles.app},
                ).scalar_one()
        finally:
            engine.dispose()
    assert left == 0
