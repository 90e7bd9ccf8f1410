"""Encryption at rest of the SQLite file with SQLCipher: where its key lives and whether
a file needs one.

The key is 32 random bytes used as a *raw* SQLCipher key (`x'…'`), so opening a
connection skips the passphrase KDF: the app opens connections often (one per command,
one per writer). It is kept outside the database: in a key file (mode 0600), in
`NOTEWELL_DATABASE_KEY` (hex, e.g. from a secret manager), or in the OS keyring. Whether
a file is encrypted is read from the file itself (a plain SQLite file starts with a
fixed magic string), so nothing in configuration can claim otherwise.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import make_url

from notewell.store.errors import EncryptionKeyError, StoreError
from notewell.store.files import write_private_file

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
KEY_BYTES = 32
KEYRING_SERVICE = "notewell-database"
FileState = Literal["missing", "plain", "encrypted", "pg_dump"]


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL; None for PostgreSQL or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def file_state(path: Path) -> FileState:
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return "missing"
    if not head:
        return "missing"  # SQLite creates an empty file on first connect
    if head == SQLITE_MAGIC:
        return "plain"
    return "pg_dump" if head.startswith(PG_DUMP_MAGIC) else "encrypted"


def key_pragma(key: bytes) -> str:
    """The key as SQLCipher's raw-key literal (no passphrase derivation)."""
    return f"x'{key.hex()}'"


def parse_key(text: str, source: str) -> bytes:
    lines = [s.strip() for s in text.splitlines() if s.strip() and not s.startswith("#")]
    try:
        key = bytes.fromhex(lines[0]) if len(lines) == 1 else b""
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise EncryptionKeyError(f"{source}: not a database key ({KEY_BYTES * 2} hex digits)")
    return key


def read_key_file(path: Path) -> bytes | None:
    try:
        return parse_key(path.read_text("ascii"), str(path))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise EncryptionKeyError(f"{path}: cannot read the database key ({exc})") from None


def write_key_file(path: Path, key: bytes) -> None:
    """Create the file readable by its owner only; never replace an existing key (it
    would make the database unreadable)."""
    body = "# notewell database key (SQLCipher). Keep apart from backups.\n" + key.hex() + "\n"
    if os.path.lexists(path):
        raise EncryptionKeyError(f"{path}: a database key already exists")
    try:
        write_private_file(path, body, replace=False)
    except StoreError as exc:
        raise EncryptionKeyError(f"cannot write the database key: {exc}") from None


def _keyring_account(database: Path) -> str:
    return str(database.resolve())


def keyring_get(database: Path) -> bytes | None:
    """The key from the OS keyring; None when the package or a backend is missing."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        stored = keyring.get_password(KEYRING_SERVICE, _keyring_account(database))
    except (KeyringError, RuntimeError):
        return None
    return parse_key(stored, "OS keyring") if stored else None


def keyring_set(database: Path, key: bytes) -> str | None:
    """Store the key in the OS keyring; returns why not when it cannot (no package, or
    no backend as on a headless server), so the caller falls back to a key file."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return "the `keyring` package is not installed (pip install 'notewell[encrypt]')"
    try:
        keyring.set_password(KEYRING_SERVICE, _keyring_account(database), key.hex())
    except (KeyringError, RuntimeError) as exc:
        return f"no usable OS keyring ({str(exc).split('.')[0]})"
    return None


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def find_key(database: Path, key_file: Path | None, key_env: str | None) -> bytes | None:
    """First of: the environment, the key file, the OS keyring."""
    if key_env:
        return parse_key(key_env, "NOTEWELL_DATABASE_KEY")
    from_file = read_key_file(key_file) if key_file else None
    return from_file if from_file is not None else keyring_get(database)


def key_for_database(database: Path, key_file: Path | None, key_env: str | None) -> bytes | None:
    """The key to open `database` with, or None for a plain SQLite file. A new file is
    encrypted when a key is configured (`notewell init --encrypt` creates one)."""
    state = file_state(database)
    if state == "plain":
        return None
    if state == "pg_dump":
        raise StoreError(f"{database} is a PostgreSQL dump, not a SQLite database")
    key = find_key(database, key_file, key_env)
    if state == "encrypted" and key is None:
        raise EncryptionKeyError(
            f"{database} is encrypted (SQLCipher) and no database key was found: put it in "
            f"{key_file or 'the key file'} (NOTEWELL_DATABASE_KEY_FILE), set "
            "NOTEWELL_DATABASE_KEY, or store it in the OS keyring"
        )
    return key


def require_sqlcipher() -> None:
    try:
        import sqlcipher3  # noqa: F401
    except ImportError:
        raise StoreError(
            "this database is encrypted with SQLCipher: install it with "
            "pip install 'notewell[encrypt]' (the sqlcipher3-binary package)"
        ) from None
