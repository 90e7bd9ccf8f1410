"""Alembic environment: always run programmatically by `notewell.store.migrate`,
which hands over an open connection (no alembic.ini, no URL in a file)."""

from __future__ import annotations

from alembic import context

from notewell.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite needs table rebuilds for most ALTERs
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
