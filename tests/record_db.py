"""Database fixtures for the record's tests (tests/store, tests/services).

Every test runs on a real SQLite file, and on PostgreSQL too when
NOTEWELL_TEST_POSTGRES_URL is set (CI sets it). Each test session creates its own
PostgreSQL database and drops it at the end, so concurrent runs never collide.
All people, clients and notes in these tests are SYNTHETIC.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from notewell.services import clients, signing, users
from notewell.services.context import Context
from notewell.services.errors import SigningBlocked
from notewell.services.setup import init_store
from notewell.store.config import StoreSettings
from notewell.store.database import Database
from notewell.store.models import Base

PG_ENV = "NOTEWELL_TEST_POSTGRES_URL"
PG_URL = os.environ.get(PG_ENV)
PG_SKIP_REASON = (
    f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"
)
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(not PG_URL, reason=PG_SKIP_REASON),
    ),
]


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for this run; dropped afterwards."""
    assert PG_URL
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"notewell_test_{os.getpid()}_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """One migrated PostgreSQL database per test session, emptied before each test."""
    with fresh_pg_database() as url:
        Database(StoreSettings(url, Path("/nonexistent"), None, Path("/nonexistent"))).upgrade()
        yield url


def settings_for(url: str, folder: Path) -> StoreSettings:
    """Keys and the audit checkpoint (named by the store's id) in `folder`."""
    return StoreSettings(
        url, folder / "psychotherapy.key", None, None, audit_key_file=folder / "audit.key"
    )


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An initialised, empty record store (no users yet)."""
    if request.param == "sqlite":
        database = Database(settings_for(f"sqlite:///{tmp_path / 'record.db'}", tmp_path))
    else:
        url = request.getfixturevalue("pg_database")
        database = Database(settings_for(url, tmp_path))
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with database.engine.begin() as connection:
            # TRUNCATE fires no row triggers: the append-only guards stay in place.
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    init_store(database)
    yield database
    database.close()


@dataclass
class World:
    """A small synthetic practice: one of each role, two clinicians, two clients."""

    db: Database
    admin: Context
    dana: Context  # clinician, assigned C-001
    lee: Context  # clinician, assigned C-002
    sam: Context  # supervisor
    bo: Context  # biller

    def as_user(self, name: str) -> Context:
        return Context(self.db, name, origin="test")


SYNTHETIC_NOTE = (
    "Client: C-001\nDate of service: 2026-11-20\nService type: individual psychotherapy\n"
    "Duration: 45 min\nModality: in person\n\nDATA\nClient reported low mood and avoidance "
    "of work email. Used cognitive restructuring to identify and challenge catastrophic "
    "thoughts about returning to work.\n\nASSESSMENT\nClient identified two balanced "
    "thoughts and rated anxiety lower. Denies SI/HI.\n\nPLAN\nWeekly session; practise "
    "thought record daily.\n"
)


@pytest.fixture()
def world(db: Database) -> World:
    from notewell.services.users import bootstrap_admin

    bootstrap_admin(db, "root", "Synthetic Admin", "test")
    admin = Context(db, "root", origin="test")
    for name, role in (
        ("dana", "clinician"),
        ("lee", "clinician"),
        ("sam", "supervisor"),
        ("bo", "biller"),
    ):
        users.add_user(admin, name, f"Synthetic {name}", role)
    w = World(db, admin, *(Context(db, n, origin="test") for n in ("dana", "lee", "sam", "bo")))
    clients.add_client(w.dana, "C-001", "Synthetic Client One")
    clients.add_client(w.lee, "C-002", "Synthetic Client Two")
    return w


def sign_with_overrides(ctx: Context, note_id: int):
    """Sign, overriding whatever error-level findings the checker raises (tests only)."""
    try:
        return signing.sign_note(ctx, note_id)
    except SigningBlocked as blocked:
        reasons = {f.rule: "synthetic test note" for f in blocked.findings}
        return signing.sign_note(ctx, note_id, reasons)


_PG_SKIPPED: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if PG_URL and report.skipped and "postgresql" in report.nodeid:
        _PG_SKIPPED.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """CI sets the URL: a PostgreSQL test that skipped anyway is a failure, not a pass."""
    if PG_URL and _PG_SKIPPED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if PG_URL and _PG_SKIPPED:
        terminalreporter.write_line(
            f"FAILED: {len(set(_PG_SKIPPED))} PostgreSQL tests skipped although {PG_ENV} is set",
            red=True,
        )
