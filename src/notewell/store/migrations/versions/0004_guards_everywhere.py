"""Guards on every table and every statement: no TRUNCATE of a guarded table
(PostgreSQL), no DELETE of a session a signed or private note documents, users'
identities (id, username; the display name once they have signed) fixed, private
notes and authors' keys never removed nor moved to another person.

Also fixes 0002 on PostgreSQL: its service-session UPDATE function returned OLD, which
silently discarded every update of an undocumented session.

The tuples below are the source of truth for these triggers; the inventory
(notewell.store.trigger_inventory) reads them from this file. A shipped migration
never changes, so the list lives here, not in app code a later edit could alter.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

MESSAGE = "notewell: record is locked"

# Every table with a guard (0002's and these): TRUNCATE fires no row trigger, so each
# gets a statement-level refusal on PostgreSQL. SQLite has no TRUNCATE (a DELETE
# without WHERE on a table with triggers still runs them row by row).
TRUNCATE_GUARDED: tuple[str, ...] = (
    "progress_notes",
    "note_versions",
    "note_goals",
    "note_overrides",
    "cosignatures",
    "addenda",
    "audit_log",
    "service_sessions",
    "users",
    "psychotherapy_notes",
    "author_keys",
)

# The compared columns are all NOT NULL, so `<>` is exact on both databases.
SIGNER = (
    "EXISTS (SELECT 1 FROM progress_notes WHERE signed_by_id = OLD.id AND status = 'signed') "
    "OR EXISTS (SELECT 1 FROM addenda WHERE author_id = OLD.id) "
    "OR EXISTS (SELECT 1 FROM cosignatures WHERE user_id = OLD.id)"
)
DOCUMENTED = (
    "EXISTS (SELECT 1 FROM progress_notes WHERE session_id = OLD.id AND status = 'signed') "
    "OR EXISTS (SELECT 1 FROM psychotherapy_notes WHERE session_id = OLD.id)"
)
# (trigger name, table, event, condition) as in 0002; event TRUNCATE is per statement.
GUARDS: tuple[tuple[str, str, str, str | None], ...] = (
    ("nw_session_documented_no_delete", "service_sessions", "DELETE", DOCUMENTED),
    (
        "nw_user_identity_no_update",
        "users",
        "UPDATE",
        "OLD.id <> NEW.id OR OLD.username <> NEW.username",
    ),
    (
        "nw_signer_name_no_update",
        "users",
        "UPDATE",
        f"OLD.display_name <> NEW.display_name AND ({SIGNER})",
    ),
    ("nw_user_no_delete", "users", "DELETE", None),
    (
        # ciphertext, nonce and key_id may change: key rotation re-encrypts in place.
        "nw_private_note_identity_no_update",
        "psychotherapy_notes",
        "UPDATE",
        "OLD.id <> NEW.id OR OLD.uid <> NEW.uid OR OLD.client_id <> NEW.client_id "
        "OR OLD.author_id <> NEW.author_id OR OLD.created_at <> NEW.created_at",
    ),
    ("nw_private_note_no_delete", "psychotherapy_notes", "DELETE", None),
    (
        "nw_author_key_identity_no_update",
        "author_keys",
        "UPDATE",
        "OLD.id <> NEW.id OR OLD.user_id <> NEW.user_id OR OLD.key_id <> NEW.key_id",
    ),
    ("nw_author_key_no_delete", "author_keys", "DELETE", None),
    *((f"nw_{table}_no_truncate", table, "TRUNCATE", None) for table in TRUNCATE_GUARDED),
)

# 0002's session guard as it should have been on PostgreSQL: a BEFORE UPDATE trigger
# must return NEW, or the update is replaced by the old row.
SESSION_UPDATE_FN = (
    "CREATE OR REPLACE FUNCTION nw_session_signed_no_update_fn() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN IF EXISTS (SELECT 1 FROM progress_notes "
    "WHERE session_id = OLD.id AND status = 'signed') THEN "
    f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'P0001'; END IF; RETURN NEW; END $$"
)
SESSION_UPDATE_FN_0002 = SESSION_UPDATE_FN.replace("RETURN NEW", "RETURN OLD")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(SESSION_UPDATE_FN)
    for name, table, event, condition in GUARDS:
        if dialect == "postgresql":
            _pg_create(name, table, event, condition)
        elif event != "TRUNCATE":
            when = f" WHEN ({condition})" if condition else ""
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW{when} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )


def _pg_create(name: str, table: str, event: str, condition: str | None) -> None:
    if event == "TRUNCATE":
        # notewell_refuse() comes from 0002; it raises before returning anything.
        op.execute(
            f"CREATE TRIGGER {name} BEFORE TRUNCATE ON {table} FOR EACH STATEMENT "
            "EXECUTE FUNCTION notewell_refuse()"
        )
    elif condition and "SELECT" in condition:
        # PostgreSQL trigger WHEN clauses cannot hold subqueries; test inside instead.
        row = "OLD" if event == "DELETE" else "NEW"
        op.execute(
            f"CREATE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF {condition} THEN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'P0001'; "
            f"END IF; RETURN {row}; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION {name}_fn()"
        )
    else:
        when = f" WHEN ({condition})" if condition else ""
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW{when} "
            "EXECUTE FUNCTION notewell_refuse()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, table, event, condition in reversed(GUARDS):
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            if condition and "SELECT" in condition:
                op.execute(f"DROP FUNCTION IF EXISTS {name}_fn()")
        elif event != "TRUNCATE":
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    if dialect == "postgresql":
        op.execute(SESSION_UPDATE_FN_0002)  # back to exactly what 0002 made
