"""Copies of the whole database: the mechanics below the backup/restore use cases.

SQLite: a plain file is copied with the online backup API (a consistent snapshot while
other processes keep writing). An encrypted file is copied with `sqlcipher_export` on
the keyed connection into an attached database under a key, so the copy is never
decrypted on disk; the same call turns a plain backup into an encrypted store.
PostgreSQL: `pg_dump --format=custom` (one snapshot) and `pg_restore` in one transaction.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from notewell.store.errors import StoreError
from notewell.store.files import PRIVATE_UMASK, create_private, fsync_dir, private_umask
from notewell.store.sqlcipher import key_pragma, require_sqlcipher

PG_TIMEOUT_S = 3600


def fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def sqlite_copy(src: Path, src_key: bytes | None, dst: Path, dst_key: bytes | None) -> None:
    """Copy the live database `src` into the new file `dst` (a single file, rollback
    journal, so it travels alone). Keys: None for a plain file."""
    # Created here, empty and 0600 (SQLite takes an empty file as a new database), so
    # the copy is never readable by others; refuses an existing file or a symlink.
    os.close(create_private(dst))
    with private_umask():  # the copy's own -journal while it is written
        if src_key is None and dst_key is None:
            _plain_copy(src, dst)
        else:
            _cipher_copy(src, src_key, dst, dst_key)
    fsync_file(dst)


def _plain_copy(src: Path, dst: Path) -> None:
    source = sqlite3.connect(src, timeout=30)
    target = sqlite3.connect(dst)
    try:
        source.backup(target)  # all pages in one step: one read snapshot
        target.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{src}: cannot copy the database ({exc})") from None
    finally:
        target.close()
        source.close()


def _cipher_copy(src: Path, src_key: bytes | None, dst: Path, dst_key: bytes | None) -> None:
    require_sqlcipher()
    import sqlcipher3

    connection = sqlcipher3.connect(str(src), timeout=30, isolation_level=None)
    try:
        if src_key is not None:
            connection.execute(f'PRAGMA key="{key_pragma(src_key)}"')
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        target_key = key_pragma(dst_key) if dst_key is not None else ""
        connection.execute("ATTACH DATABASE ? AS copy KEY ?", (str(dst), target_key))
        # One read transaction around the export: every table from the same snapshot.
        connection.execute("BEGIN")
        connection.execute("SELECT sqlcipher_export('copy')").fetchall()
        connection.execute("COMMIT")
        connection.execute("DETACH DATABASE copy")
    except sqlcipher3.DatabaseError as exc:
        raise StoreError(f"{src}: cannot copy the database (wrong key or damaged: {exc})") from None
    finally:
        connection.close()


def remove_sqlite_files(database: Path) -> None:
    """The database and its WAL and shared-memory files (a stale WAL beside a new file
    would be replayed into it)."""
    for suffix in ("-wal", "-shm", "-journal", ""):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{database}{suffix}")


def swap_in(staged: Path, target: Path) -> None:
    """Put a verified copy in place of the database. Callers close every connection
    first; other notewell processes must be stopped (see docs/record.md)."""
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{target}{suffix}")
    os.replace(staged, target)
    fsync_dir(target.parent)


# PostgreSQL ----------------------------------------------------------------------------


def pg_tool(name: str, pg_bin: Path | None) -> str:
    """`pg_dump`/`pg_restore`: from NOTEWELL_PG_BIN, the PATH, or the newest installed
    server version (a newer pg_dump reads older servers, never the reverse)."""
    if pg_bin is not None:
        return str(pg_bin / name)
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if versions:
        return str(versions[-1])
    raise StoreError(f"{name} not found: install the PostgreSQL client or set NOTEWELL_PG_BIN")


def _pg_connection(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password (which would show in the process list) and an
    environment carrying it."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(
            command,
            env=env,
            capture_output=True,
            text=True,
            timeout=PG_TIMEOUT_S,
            check=False,
            umask=PRIVATE_UMASK,  # whatever pg_dump creates is the owner's only
        )
    except FileNotFoundError:
        raise StoreError(f"{command[0]} not found (set NOTEWELL_PG_BIN)") from None
    if done.returncode != 0:
        message = (done.stderr or done.stdout).strip().splitlines()
        detail = message[0] if message else f"exit status {done.returncode}"
        if re.search(r"version mismatch", done.stderr):
            detail += " (set NOTEWELL_PG_BIN to the bin folder of the server's version)"
        raise StoreError(f"{what} failed: {detail}")


def pg_dump(url: str, dest: Path, pg_bin: Path | None) -> None:
    conninfo, env = _pg_connection(url)
    command = [pg_tool("pg_dump", pg_bin), "--format=custom", "--no-owner", "--no-privileges"]
    os.close(create_private(dest))  # 0600 before pg_dump writes into it (it truncates)
    _run([*command, f"--file={dest}", f"--dbname={conninfo}"], env, "pg_dump")
    fsync_file(dest)


def pg_check_dump(src: Path, pg_bin: Path | None) -> None:
    """Read the archive's table of contents: a damaged or foreign file fails here,
    before anything in the database is touched."""
    _run([pg_tool("pg_restore", pg_bin), "--list", str(src)], dict(os.environ), "pg_restore")


def pg_restore(url: str, src: Path, pg_bin: Path | None) -> None:
    """Replace the database's objects with the archive's, all or nothing."""
    conninfo, env = _pg_connection(url)
    command = [
        pg_tool("pg_restore", pg_bin),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={conninfo}",
        str(src),
    ]
    _run(command, env, "pg_restore")
