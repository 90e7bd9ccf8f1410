"""Clients' identities fixed: a client's identifier and id never change and a client
is never deleted, so no row swap can move a signed note to another client's chart
(the note's own client_id is already locked once it is signed).

The tuples below are the source of truth for these triggers; the inventory
(notewell.store.trigger_inventory) reads them from this file.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

MESSAGE = "notewell: record is locked"

# (trigger name, table, event, condition) as in 0002 and 0004; no subqueries, so the
# same WHEN clause serves both databases.
GUARDS: tuple[tuple[str, str, str, str | None], ...] = (
    (
        "nw_client_identity_no_update",
        "clients",
        "UPDATE",
        "OLD.identifier <> NEW.identifier OR OLD.id <> NEW.id",
    ),
    ("nw_client_no_delete", "clients", "DELETE", None),
    ("nw_clients_no_truncate", "clients", "TRUNCATE", None),
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, table, event, condition in GUARDS:
        when = f" WHEN ({condition})" if condition else ""
        if dialect == "postgresql":
            level = "STATEMENT" if event == "TRUNCATE" else "ROW"
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH {level}{when} "
                "EXECUTE FUNCTION notewell_refuse()"
            )
        elif event != "TRUNCATE":
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW{when} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, table, event, _condition in reversed(GUARDS):
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        elif event != "TRUNCATE":
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
