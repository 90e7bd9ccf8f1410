"""Migrations are the only way the schema changes: empty → head → base, on both
databases, and the models match what the migrations build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from notewell.store import migrate
from notewell.store.engine import make_engine
from notewell.store.models import Base
from record_db import BACKENDS, fresh_pg_database


@pytest.fixture(params=BACKENDS)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
    else:
        with fresh_pg_database() as url:
            yield url


def test_when_upgrading_empty_database_then_head_schema_and_back_to_nothing(empty_url):
    engine = make_engine(empty_url)
    try:
        assert migrate.current_revision(engine) is None
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        assert migrate.table_names(engine) >= set(Base.metadata.tables)
        migrate.downgrade(engine)
        assert migrate.current_revision(engine) is None
        assert migrate.table_names(engine) <= {"alembic_version"}
        migrate.upgrade(engine)  # and up again: downgrade left nothing behind
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()


def test_when_migrated_then_models_match_the_schema(empty_url):
    engine = make_engine(empty_url)
    try:
        migrate.upgrade(engine)
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_when_sqlite_opens_then_wal_full_sync_and_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
