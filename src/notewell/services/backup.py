"""Backup of the whole record, an admin use case that is always audited (restore:
`services.restore`).

No backup holds the record in clear: an encrypted SQLite store backs up to a file
encrypted under the same key, and a plain SQLite store or a PostgreSQL dump is sealed
(AES-256-GCM, streamed in chunks, `store.sealed_files`) under a passphrase the admin
gives. Psychotherapy notes are ciphertext under their authors' keys in every case.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect

from notewell.core.errors import InputError
from notewell.services import access
from notewell.services.context import Context, unit_of_work
from notewell.store import backup as copies
from notewell.store import sqlcipher
from notewell.store.database import Database
from notewell.store.files import fsync_dir
from notewell.store.sealed_files import seal_file


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    size: int
    sha256: str
    encrypted: bool  # the file itself is encrypted (SQLCipher, or sealed under a passphrase)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


MIN_PASSPHRASE = 12


def needs_passphrase(db: Database) -> bool:
    """Whether a backup of this store must be sealed (it is not SQLCipher-encrypted)."""
    return not db.encrypted


def backup_record(ctx: Context, dest: Path, passphrase: str | None = None) -> BackupResult:
    """Copy the record to `dest` (a new file). Logged before the copy, so the backup's
    own chain ends with its backup entry, and again with the file's hash afterwards."""
    # Not dest.resolve(): a symlink planted at DEST would be followed to its target.
    dest = dest.parent.resolve() / dest.name
    sealing = needs_passphrase(ctx.db)
    if sealing and (passphrase is None or len(passphrase) < MIN_PASSPHRASE):
        raise InputError(
            "the record is not encrypted, so its backup is sealed under a passphrase: give "
            f"one of at least {MIN_PASSPHRASE} characters (keep it apart from the backup)"
        )
    # Refused before `record.backup` is logged: a backup that cannot start is no event.
    if os.path.lexists(dest):
        raise InputError(f"{dest} already exists: back up to a new file")
    if not dest.parent.is_dir():
        raise InputError(f"{dest.parent}: no such folder (create it first)")
    if not os.access(dest.parent, os.W_OK | os.X_OK):
        raise InputError(f"{dest.parent}: cannot write there")
    settings = ctx.db.settings
    with unit_of_work(ctx) as uow:
        uow.require(access.can_administer(uow.actor), "back up the record")
        uow.audit("record.backup", "database", None, f"to {dest}")
    source = sqlcipher.sqlite_path(settings.database_url)
    # The plain snapshot never lands beside the destination: a private folder of its own
    # (the data folder for SQLite, so a large copy stays on the record's disk).
    work = Path(tempfile.mkdtemp(prefix=".notewell-backup-", dir=source.parent if source else None))
    partial = work / "snapshot" if sealing else dest.with_name(dest.name + ".partial")
    try:
        if source is not None:
            key = sqlcipher.key_for_database(source, settings.db_key_file, settings.db_key_env)
            copies.sqlite_copy(source, key, partial, key)
        else:
            copies.pg_dump(settings.database_url, partial, settings.pg_bin)
        if sealing:
            seal_file(partial, dest, passphrase=passphrase)
        else:
            partial.replace(dest)
        fsync_dir(dest.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        shutil.rmtree(work, ignore_errors=True)
    result = BackupResult(
        dest,
        dest.stat().st_size,
        file_sha256(dest),
        sealing or sqlcipher.file_state(dest) == "encrypted",
    )
    with unit_of_work(ctx) as uow:
        detail = f"{dest}: {result.size} bytes, sha256 {result.sha256}"
        uow.audit("record.backup.done", "database", None, detail)
    return result


def has_record(db: Database) -> bool:
    path = sqlcipher.sqlite_path(db.settings.database_url)
    if path is not None and sqlcipher.file_state(path) == "missing":
        return False
    try:
        return "alembic_version" in inspect(db.engine).get_table_names()
    except Exception:  # unreadable (damaged, wrong key): a record is there all the same
        return True
