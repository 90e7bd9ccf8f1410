"""The one place engines are made, so SQLCipher, pooling or load tests plug in here."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, pool
from sqlalchemy.engine import URL, make_url

from notewell.store.errors import EncryptionKeyError, StoreError
from notewell.store.files import create_private, private_dir, private_umask


def make_engine(url: str, sqlcipher_key: bytes | None = None, **kwargs: Any) -> Engine:
    """`sqlcipher_key`: open the SQLite file with SQLCipher under this raw key."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, sqlcipher_key, **kwargs)
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True, **kwargs)
    raise StoreError(f"unsupported database {parsed.get_backend_name()!r} (sqlite or postgresql)")


def _sqlcipher_url(parsed: URL, key: bytes) -> URL:
    from notewell.store.sqlcipher import key_pragma, require_sqlcipher

    require_sqlcipher()
    # SQLAlchemy's pysqlcipher dialect sends `PRAGMA key="<password>"` first on every
    # connection; a raw-key literal as the password skips SQLCipher's passphrase KDF.
    return parsed.set(drivername="sqlite+pysqlcipher", password=key_pragma(key))


def _sqlite_engine(parsed: URL, key: bytes | None, **kwargs: Any) -> Engine:
    database = parsed.database
    if database and database != ":memory:":
        try:
            private_dir(Path(database).parent)
        except OSError as exc:
            raise StoreError(f"{database}: cannot create its folder ({exc.strerror})") from None
    url: URL | str = parsed
    if key is not None:
        url = _sqlcipher_url(parsed, key)
        # The pysqlcipher dialect defaults to one connection per thread; keep the plain
        # file's pool so a threaded server behaves the same either way.
        kwargs.setdefault("poolclass", pool.QueuePool)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)

    @event.listens_for(engine, "do_connect")
    def _private_connect(dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        # SQLite creates the file with mode 0644 & ~umask, and gives its -wal, -shm and
        # -journal files the database file's mode: create it 0600 first, under a
        # private umask for good measure.
        if database and database != ":memory:" and not database.startswith("file:"):
            _create_empty(Path(database))
        with private_umask():
            return dialect.connect(*cargs, **cparams)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from pysqlite so we can BEGIN IMMEDIATE below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if key is not None:
            _check_key(cursor, database)
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


def _create_empty(path: Path) -> None:
    """An empty file is a new SQLite database to SQLite and SQLCipher alike."""
    if os.path.lexists(path):
        return
    # StoreError: another process created it first, as privately.
    with contextlib.suppress(StoreError):
        os.close(create_private(path))


def _check_key(cursor: Any, database: str | None) -> None:
    """A wrong key only shows at the first read; say so plainly instead of SQLite's
    'file is not a database'."""
    try:
        cursor.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as exc:  # the sqlcipher3 module's DatabaseError
        cursor.close()
        raise EncryptionKeyError(
            f"{database}: the database key does not open this encrypted database ({exc})"
        ) from None
