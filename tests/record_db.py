"""Database fixtures for the record's tests (tests/store, tests/services).

Every test runs on a real SQLite file, and on PostgreSQL too when
NOTEWELL_TEST_POSTGRES_URL is set (CI sets it). Each test session creates its own
PostgreSQL database and drops it at the end, so concurrent runs never collide; it is
migrated by a per-run owner role and tests connect as a per-run application role (see
notewell.store.pg_roles), both dropped at the end too.
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
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url

from notewell.services import auth, clients, signing, users
from notewell.services.context import Context
from notewell.services.errors import SigningBlocked
from notewell.services.setup import init_store
from notewell.store.config import StoreSettings
from notewell.store.database import Database
from notewell.store.models import Base
from notewell.store.pg_roles import (
    PgRoles,
    create_roles,
    drop_roles,
    grant_app_privileges,
    role_names,
)

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


PG_DB_PREFIX = "notewell_test_"


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for this run (admin URL); dropped afterwards."""
    assert PG_URL
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"{PG_DB_PREFIX}{os.getpid()}_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def pg_roles_for(database: str) -> PgRoles:
    """The per-database roles (roles are cluster-wide: parallel runs need their own)."""
    return role_names(suffix=database.removeprefix(PG_DB_PREFIX))


def _url_as(url: str, role: str) -> str:
    # Trust auth on the test server: the role name is the whole credential.
    return make_url(url).set(username=role, password=None).render_as_string(hide_password=False)


@dataclass(frozen=True)
class PgTestDatabase:
    """The session's PostgreSQL database: migrated by the owner role, used by the
    application role; the admin (superuser) engine empties it between tests."""

    name: str
    admin_url: str
    owner_url: str
    app_url: str
    roles: PgRoles
    admin: Engine

    def empty(self) -> None:
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with self.admin.begin() as connection:
            # The guards refuse TRUNCATE too; replica mode (superuser only) skips them.
            connection.execute(text("SET LOCAL session_replication_role = replica"))
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            # A restore (run as the owner) recreates tables with the default grants:
            # narrow the audit log's again.
            grant_app_privileges(connection, self.roles)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[PgTestDatabase]:
    """One PostgreSQL database per test session, with its own owner and app roles."""
    with fresh_pg_database() as admin_url:
        name = make_url(admin_url).database
        assert name
        roles = pg_roles_for(name)
        admin = create_engine(admin_url)
        with admin.begin() as connection:
            create_roles(connection, name, roles)
        try:
            owner_url = _url_as(admin_url, roles.owner)
            owner = Database(
                StoreSettings(owner_url, Path("/nonexistent"), None, Path("/nonexistent"))
            )
            owner.upgrade()
            with owner.engine.begin() as connection:
                grant_app_privileges(connection, roles)
            owner.close()
            app_url = _url_as(admin_url, roles.app)
            yield PgTestDatabase(name, admin_url, owner_url, app_url, roles, admin)
        finally:
            with admin.begin() as connection:
                drop_roles(connection, roles)
            admin.dispose()


def settings_for(url: str, folder: Path) -> StoreSettings:
    """Keys and the audit checkpoint (named by the store's id) in `folder`."""
    return StoreSettings(
        url, folder / "psychotherapy.key", None, None, audit_key_file=folder / "audit.key"
    )


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An initialised, empty record store (no users yet). On PostgreSQL it connects
    as the application role; mark a test `pg_owner` to connect as the owner instead
    (a restore recreates tables, which only their owner may)."""
    if request.param == "sqlite":
        database = Database(settings_for(f"sqlite:///{tmp_path / 'record.db'}", tmp_path))
    else:
        pg: PgTestDatabase = request.getfixturevalue("pg_database")
        pg.empty()
        url = pg.owner_url if request.node.get_closest_marker("pg_owner") else pg.app_url
        database = Database(settings_for(url, tmp_path))
    init_store(database)
    yield database
    database.close()


@contextmanager
def owner_connection(database: Database) -> Iterator[Connection]:
    """A transaction as the role that owns the tables: raw SQL the guard triggers must
    refuse even though privileges allow it, or tampering that needs them off. On
    SQLite, the file's own connection (whoever can open the file owns it)."""
    if database.engine.dialect.name != "postgresql":
        with database.engine.begin() as connection:
            yield connection
        return
    name = database.engine.url.database
    assert name
    url = _url_as(
        database.engine.url.render_as_string(hide_password=False), pg_roles_for(name).owner
    )
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


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
        return sign_in(self.db, name)


SYNTHETIC_NOTE = (
    "Client: C-001\nDate of service: 2026-11-20\nService type: individual psychotherapy\n"
    "Duration: 45 min\nModality: in person\n\nDATA\nClient reported low mood and avoidance "
    "of work email. Used cognitive restructuring to identify and challenge catastrophic "
    "thoughts about returning to work.\n\nASSESSMENT\nClient identified two balanced "
    "thoughts and rated anxiety lower. Denies SI/HI.\n\nPLAN\nWeekly session; practise "
    "thought record daily.\n"
)


PASSWORD = "synthetic-test-password"  # every test user's password (synthetic)


def sign_in(db: Database, name: str) -> Context:
    return auth.sign_in(db, name, PASSWORD, origin="test").context


def enrol_user(admin: Context, name: str, role: str) -> Context:
    """Add a user the way an admin does, enrol them as they would, and sign them in."""
    view = users.add_user(admin, name, f"Synthetic {name}", role)
    assert view.enrolment_code
    auth.enrol(admin.db, name, view.enrolment_code, PASSWORD, origin="test")
    return sign_in(admin.db, name)


@pytest.fixture()
def world(db: Database) -> World:
    from notewell.services.users import bootstrap_admin

    bootstrap_admin(db, "root", "Synthetic Admin", "test", PASSWORD)
    admin = sign_in(db, "root")
    contexts = [
        enrol_user(admin, name, role)
        for name, role in (
            ("dana", "clinician"),
            ("lee", "clinician"),
            ("sam", "supervisor"),
            ("bo", "biller"),
        )
    ]
    w = World(db, admin, *contexts)
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


def setup_practice(db: Database) -> tuple[Context, Context]:
    """A new store's first admin (root) and one enrolled clinician (dana), signed in."""
    init_store(db, "root", "Synthetic Admin", PASSWORD)
    admin = sign_in(db, "root")
    return admin, enrol_user(admin, "dana", "clinician")
