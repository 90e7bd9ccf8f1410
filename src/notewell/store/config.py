"""Where the record lives: database URL, key file and audit checkpoint, from the environment.

Environment variables (all optional):
  NOTEWELL_DATA_DIR                 folder for the default SQLite file, key and checkpoint
  NOTEWELL_DATABASE_URL             SQLAlchemy URL; PostgreSQL for a group practice
  NOTEWELL_PSYCHOTHERAPY_KEY_FILE   key ring for psychotherapy notes (outside the database)
  NOTEWELL_PSYCHOTHERAPY_KEY        a base64 key instead of a file (e.g. from a secret store)
  NOTEWELL_AUDIT_CHECKPOINT         file holding the audit chain's head hash and length
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "NOTEWELL_DATA_DIR"
DATABASE_URL_ENV = "NOTEWELL_DATABASE_URL"
KEY_FILE_ENV = "NOTEWELL_PSYCHOTHERAPY_KEY_FILE"
KEY_ENV = "NOTEWELL_PSYCHOTHERAPY_KEY"
CHECKPOINT_ENV = "NOTEWELL_AUDIT_CHECKPOINT"


@dataclass(frozen=True, slots=True)
class StoreSettings:
    database_url: str
    key_file: Path
    key_env: str | None  # a key given directly; takes precedence over the file
    checkpoint_file: Path

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("notewell", appauthor=False))


def settings_from_env(env: dict[str, str] | None = None) -> StoreSettings:
    env = dict(os.environ) if env is None else env
    data_dir = Path(env.get(DATA_DIR_ENV) or default_data_dir())
    url = env.get(DATABASE_URL_ENV) or f"sqlite:///{data_dir / 'notewell.db'}"
    # One checkpoint per database, so switching URLs never compares two different logs.
    url_tag = hashlib.sha256(url.encode()).hexdigest()[:12]
    checkpoint = env.get(CHECKPOINT_ENV) or str(data_dir / f"audit-checkpoint-{url_tag}.json")
    return StoreSettings(
        database_url=url,
        key_file=Path(env.get(KEY_FILE_ENV) or data_dir / "psychotherapy.key"),
        key_env=env.get(KEY_ENV) or None,
        checkpoint_file=Path(checkpoint),
    )
