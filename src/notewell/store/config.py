"""Where the record lives: database URL, key file and audit checkpoint, from the environment.

Environment variables (all optional):
  NOTEWELL_DATA_DIR                 folder for the default SQLite file, key and checkpoint
  NOTEWELL_DATABASE_URL             SQLAlchemy URL; PostgreSQL for a group practice
  NOTEWELL_PSYCHOTHERAPY_KEY_FILE   key ring for psychotherapy notes (outside the database)
  NOTEWELL_PSYCHOTHERAPY_KEY        a base64 key instead of a file (e.g. from a secret store)
  NOTEWELL_AUDIT_KEY_FILE           the audit chain's HMAC key (default: data folder, audit.key)
  NOTEWELL_AUDIT_KEY                that key as 64 hex digits instead of a file
  NOTEWELL_AUDIT_CHECKPOINT         file holding the chain's head (default: beside the audit key,
                                    named by the store's id)
  NOTEWELL_DATABASE_KEY_FILE        SQLCipher key of an encrypted SQLite file (`init --encrypt`)
  NOTEWELL_DATABASE_KEY             that key as hex instead of a file
  NOTEWELL_PG_BIN                   folder of pg_dump/pg_restore matching the server's version
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "NOTEWELL_DATA_DIR"
DATABASE_URL_ENV = "NOTEWELL_DATABASE_URL"
KEY_FILE_ENV = "NOTEWELL_PSYCHOTHERAPY_KEY_FILE"
KEY_ENV = "NOTEWELL_PSYCHOTHERAPY_KEY"
CHECKPOINT_ENV = "NOTEWELL_AUDIT_CHECKPOINT"
DB_KEY_FILE_ENV = "NOTEWELL_DATABASE_KEY_FILE"
DB_KEY_ENV = "NOTEWELL_DATABASE_KEY"
PG_BIN_ENV = "NOTEWELL_PG_BIN"
AUDIT_KEY_FILE_ENV = "NOTEWELL_AUDIT_KEY_FILE"
AUDIT_KEY_ENV = "NOTEWELL_AUDIT_KEY"
AUDIT_KEY_NAME = "audit.key"


@dataclass(frozen=True, slots=True)
class StoreSettings:
    database_url: str
    key_file: Path
    key_env: str | None  # a key given directly; takes precedence over the file
    # None: beside the audit key, named by the store's id (the same for every workstation
    # and independent of the folder's path or the database URL). A path overrides that.
    checkpoint_file: Path | None
    # SQLCipher key of the SQLite file; None: no key file (a plain or keyring-keyed file).
    db_key_file: Path | None = None
    db_key_env: str | None = None  # the database key given directly (hex)
    pg_bin: Path | None = None  # where pg_dump/pg_restore live when not on PATH
    # HMAC key of the audit chain; None: `audit.key` beside the psychotherapy key.
    audit_key_file: Path | None = None
    audit_key_env: str | None = None  # the audit key given directly (hex)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def audit_key_path(self) -> Path:
        return self.audit_key_file or self.key_file.parent / AUDIT_KEY_NAME


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("notewell", appauthor=False))


def settings_from_env(env: dict[str, str] | None = None) -> StoreSettings:
    env = dict(os.environ) if env is None else env
    data_dir = Path(env.get(DATA_DIR_ENV) or default_data_dir())
    url = env.get(DATABASE_URL_ENV) or f"sqlite:///{data_dir / 'notewell.db'}"
    checkpoint = env.get(CHECKPOINT_ENV)
    return StoreSettings(
        database_url=url,
        key_file=Path(env.get(KEY_FILE_ENV) or data_dir / "psychotherapy.key"),
        key_env=env.get(KEY_ENV) or None,
        checkpoint_file=Path(checkpoint) if checkpoint else None,
        db_key_file=Path(env.get(DB_KEY_FILE_ENV) or data_dir / "database.key"),
        db_key_env=env.get(DB_KEY_ENV) or None,
        pg_bin=Path(env[PG_BIN_ENV]) if env.get(PG_BIN_ENV) else None,
        audit_key_file=Path(env.get(AUDIT_KEY_FILE_ENV) or data_dir / AUDIT_KEY_NAME),
        audit_key_env=env.get(AUDIT_KEY_ENV) or None,
    )
