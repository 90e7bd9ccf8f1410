"""The one place engines are made, so SQLCipher, pooling or load tests plug in here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from notewell.store.errors import StoreError


def make_engine(url: str, **kwargs: Any) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database, **kwargs)
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True, **kwargs)
    raise StoreError(f"unsupported database {parsed.get_backend_name()!r} (sqlite or postgresql)")


def _sqlite_engine(url: str, database: str | None, **kwargs: Any) -> Engine:
    if database and database != ":memory:":
        try:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{database}: cannot create its folder ({exc.strerror})") from None
    engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from pysqlite so we can BEGIN IMMEDIATE below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed save survives power loss, not only a process crash.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Every unit of work writes (at least an audit entry), so take the write lock
        # up front: a deferred transaction that upgrades later can fail with BUSY
        # instead of waiting, and the audit chain head must be read under the lock.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
