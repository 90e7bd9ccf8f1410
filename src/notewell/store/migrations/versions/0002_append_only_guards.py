"""Append-only guards in the database itself: signed notes (and their sessions, versions,
goal links, overrides), co-signatures, addenda and the audit log refuse UPDATE/DELETE
even from raw SQL.

The ORM guard (notewell.store.guards) gives the friendly error; these triggers are the
lock that holds when something bypasses the application.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MESSAGE = "notewell: record is locked"
# (trigger name, table, event, condition) — the condition is SQL over OLD/NEW.
SIGNED = "(SELECT status FROM progress_notes WHERE id = {row}.note_id) = 'signed'"
GUARDS: tuple[tuple[str, str, str, str | None], ...] = (
    ("nw_signed_note_no_update", "progress_notes", "UPDATE", "OLD.status = 'signed'"),
    ("nw_signed_note_no_delete", "progress_notes", "DELETE", "OLD.status = 'signed'"),
    ("nw_version_no_update", "note_versions", "UPDATE", None),
    ("nw_version_no_delete", "note_versions", "DELETE", None),
    ("nw_version_signed_no_insert", "note_versions", "INSERT", SIGNED.format(row="NEW")),
    (
        "nw_session_signed_no_update",
        "service_sessions",
        "UPDATE",
        "EXISTS (SELECT 1 FROM progress_notes WHERE session_id = OLD.id AND status = 'signed')",
    ),
    ("nw_goal_link_signed_no_insert", "note_goals", "INSERT", SIGNED.format(row="NEW")),
    ("nw_goal_link_signed_no_delete", "note_goals", "DELETE", SIGNED.format(row="OLD")),
    ("nw_override_signed_no_insert", "note_overrides", "INSERT", SIGNED.format(row="NEW")),
    ("nw_override_no_update", "note_overrides", "UPDATE", None),
    ("nw_override_no_delete", "note_overrides", "DELETE", None),
    ("nw_cosign_no_update", "cosignatures", "UPDATE", None),
    ("nw_cosign_no_delete", "cosignatures", "DELETE", None),
    ("nw_addendum_no_update", "addenda", "UPDATE", None),
    ("nw_addendum_no_delete", "addenda", "DELETE", None),
    ("nw_audit_no_update", "audit_log", "UPDATE", None),
    ("nw_audit_no_delete", "audit_log", "DELETE", None),
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION notewell_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'P0001'; END $$"
        )
    for name, table, event, condition in GUARDS:
        when = f" WHEN ({condition})" if condition else ""
        if dialect == "postgresql":
            # PostgreSQL trigger WHEN clauses cannot hold subqueries; test inside instead.
            if condition and "SELECT" in condition:
                op.execute(_pg_conditional_function(name, condition))
                op.execute(
                    f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW "
                    f"EXECUTE FUNCTION {name}_fn()"
                )
            else:
                op.execute(
                    f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW{when} "
                    "EXECUTE FUNCTION notewell_refuse()"
                )
        else:
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW{when} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )


def _pg_conditional_function(name: str, condition: str) -> str:
    row = "OLD" if "OLD." in condition else "NEW"
    return (
        f"CREATE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF {condition} THEN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'P0001'; "
        f"END IF; RETURN {row}; END $$"
    )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, table, _event, condition in GUARDS:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            if condition and "SELECT" in condition:
                op.execute(f"DROP FUNCTION IF EXISTS {name}_fn()")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS notewell_refuse()")
