"""A configured record store: engine, session factory with the signed-note guards,
migrations, key ring and audit checkpoint location. Services receive one of these."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from notewell.store import migrate
from notewell.store.audit_anchor import ANCHOR_INFO, AuditAnchor, install_anchor, store_facts
from notewell.store.config import StoreSettings, settings_from_env
from notewell.store.crypto import KeyRing, load_key_ring
from notewell.store.engine import make_engine
from notewell.store.errors import StoreError
from notewell.store.guards import install_guards
from notewell.store.sqlcipher import key_for_database, sqlite_path


class Database:
    def __init__(self, settings: StoreSettings, engine: Engine | None = None) -> None:
        self.settings = settings
        self.anchor = AuditAnchor(settings)  # the audit key and checkpoint, outside the database
        self._connect(engine)

    def _connect(self, engine: Engine | None) -> None:
        self.encrypted = False
        if engine is None:
            key = database_key(self.settings)
            self.encrypted = key is not None
            engine = make_engine(self.settings.database_url, sqlcipher_key=key)
        self.engine = engine
        self.sessions = sessionmaker(
            self.engine, expire_on_commit=False, info={ANCHOR_INFO: self.anchor}
        )
        install_guards(self.sessions)
        install_anchor(self.sessions)

    def reopen(self) -> None:
        """Drop every pooled connection and connect afresh: after a restore replaced the
        file (old connections still see the old one) or its encryption changed."""
        self.engine.dispose()
        self._connect(None)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    def upgrade(self) -> None:
        migrate.upgrade(self.engine)

    def require_current_schema(self) -> None:
        current = migrate.current_revision(self.engine)
        if current is None:
            raise StoreError("no notewell database here yet: run `notewell init` first")
        if current != migrate.head_revision():
            raise StoreError(
                f"the database schema is at {current}, this notewell expects "
                f"{migrate.head_revision()}: run `notewell init` to upgrade it"
            )

    def checkpoint_path(self) -> Path:
        """Where this store's audit checkpoint is (named by the store's id)."""
        with self.transaction() as session:
            store_id = store_facts(session).store_id
        if store_id is None:
            raise StoreError("the store has no id (settings row store_id): run `notewell init`")
        return self.anchor.checkpoint_path(store_id)

    @cached_property
    def key_ring(self) -> KeyRing:
        return load_key_ring(self.settings.key_file, self.settings.key_env)

    def close(self) -> None:
        self.engine.dispose()


def database_key(settings: StoreSettings) -> bytes | None:
    """The SQLCipher key of the configured SQLite file, or None (plain file, PostgreSQL)."""
    path = sqlite_path(settings.database_url)
    if path is None:
        return None
    return key_for_database(path, settings.db_key_file, settings.db_key_env)


def open_database(settings: StoreSettings | None = None) -> Database:
    return Database(settings or settings_from_env())
