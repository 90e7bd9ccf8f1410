"""Which guard triggers a migrated database must have, and which of them it lacks.

The migrations own the trigger lists (0002's and 0004's GUARDS tuples): a shipped
migration is frozen, so it cannot import a list that a later edit could change under
it. This module reads those tuples from the migration files themselves, so the
inventory is by construction what the migrations install.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

from sqlalchemy import Connection, text

VERSIONS = Path(__file__).parent / "migrations" / "versions"
# The migrations that create guard triggers; a new one must be added here (the
# inventory test compares this list with what a migrated database holds).
GUARD_MIGRATIONS: tuple[str, ...] = (
    "0002_append_only_guards",
    "0004_guards_everywhere",
    "0006_client_identity_guards",
)


@cache
def _migration(stem: str) -> ModuleType:
    # Migration files start with digits: load by path, not by import statement.
    spec = importlib.util.spec_from_file_location(
        f"notewell_migration_{stem}", VERSIONS / f"{stem}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _guards() -> list[tuple[str, str, str, str | None]]:
    return [guard for stem in GUARD_MIGRATIONS for guard in _migration(stem).GUARDS]


EXPECTED_TRIGGERS: dict[str, str] = {name: table for name, table, _e, _c in _guards()}
# Statement-level TRUNCATE guards exist on PostgreSQL only (SQLite has no TRUNCATE).
POSTGRES_ONLY: frozenset[str] = frozenset(
    name for name, _t, event, _c in _guards() if event == "TRUNCATE"
)


def expected_triggers(dialect: str) -> dict[str, str]:
    """The guard triggers a database of this dialect must hold: name -> table."""
    if dialect == "postgresql":
        return dict(EXPECTED_TRIGGERS)
    return {n: t for n, t in EXPECTED_TRIGGERS.items() if n not in POSTGRES_ONLY}


# pg_trigger.tgenabled: O fires normally, A always; D is disabled, R fires only when
# session_replication_role = replica, i.e. never in normal operation.
_PG_STATES = {"D": "disabled", "R": "fires only in replica mode"}


def missing_or_disabled_triggers(connection: Connection) -> list[str]:
    """One human-readable problem per guard trigger that is missing, on the wrong
    table, or (PostgreSQL) disabled; an empty list when every guard is in place."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        rows = connection.execute(
            text(
                "SELECT t.tgname, c.relname, t.tgenabled FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND c.relnamespace = to_regnamespace(current_schema())"
            )
        ).all()
        found = {name: (table, str(state)) for name, table, state in rows}
    else:
        rows = connection.execute(
            text("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
        ).all()
        found = {name: (table, "O") for name, table in rows}
    problems: list[str] = []
    for name, table in expected_triggers(dialect).items():
        if name not in found:
            problems.append(f"guard trigger {name} on {table} is missing")
            continue
        actual_table, state = found[name]
        if actual_table != table:
            problems.append(f"guard trigger {name} is on {actual_table}, expected {table}")
        elif state in _PG_STATES:
            problems.append(f"guard trigger {name} on {table} is {_PG_STATES[state]}")
    if dialect == "sqlite":
        problems += _sqlite_redefined(connection)
    return problems


def _sqlite_redefined(connection: Connection) -> list[str]:
    """A guard dropped and recreated under its name with another body (a no-op, say)."""
    actual: dict[str, str] = dict(
        connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
    )
    return [
        f"guard trigger {name} was redefined: it no longer does what the migration made"
        for name, sql in _sqlite_reference().items()
        if name in actual and " ".join(str(actual[name]).split()) != sql
    ]


@cache
def _sqlite_reference() -> dict[str, str]:
    """Each guard's SQL as the migrations create it, from a scratch in-memory database."""
    from sqlalchemy import create_engine

    from notewell.store import migrate

    engine = create_engine("sqlite://")
    try:
        migrate.upgrade(engine)
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            ).all()
    finally:
        engine.dispose()
    return {name: " ".join(str(sql).split()) for name, sql in rows}
