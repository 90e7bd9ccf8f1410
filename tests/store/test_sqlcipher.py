"""Encryption at rest of the SQLite file (SQLCipher): no plaintext in the database or
its WAL, a clear error without the key. Every name and note here is SYNTHETIC."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from notewell.core.errors import InputError
from notewell.services import clients, notes, private_notes
from notewell.services.setup import init_store, prepare_encryption
from notewell.store.config import settings_from_env
from notewell.store.database import Database, open_database
from notewell.store.errors import EncryptionKeyError
from notewell.store.sqlcipher import file_state
from record_db import PASSWORD, enrol_user, sign_in

pytest.importorskip("sqlcipher3", reason="the [encrypt] extra (sqlcipher3-binary) is needed")

CLIENT_NAME = "Zebulon Quartzfeather"  # synthetic, and distinctive enough to grep for
PHRASE = "tangerine lighthouse ritual"
PRIVATE_PHRASE = "cobalt harbour countertransference"


def _env(tmp_path: Path) -> dict[str, str]:
    return {"NOTEWELL_DATA_DIR": str(tmp_path / "data")}


@pytest.fixture()
def encrypted(tmp_path: Path) -> Database:
    settings = settings_from_env(_env(tmp_path))
    assert "key file" in prepare_encryption(settings)
    db = open_database(settings)
    init_store(db, "root", "", PASSWORD)
    yield db
    db.close()


def _write_record(db: Database) -> None:
    dana = enrol_user(sign_in(db, "root"), "dana", "clinician")
    clients.add_client(dana, "C-001", CLIENT_NAME)
    view = notes.create_note(dana, "C-001", f"DATA\nClient described a {PHRASE}.\n", "dap")
    for version in range(1, 6):
        text = f"DATA\nClient described a {PHRASE} (edit {version}).\n"
        notes.save_note(dana, view.note_id, text, version)
    private_notes.create_private_note(dana, "C-001", f"SYNTHETIC: {PRIVATE_PHRASE}.")


def test_when_notes_are_written_then_database_and_wal_hold_no_plaintext(encrypted):
    path = Path(encrypted.settings.database_url.removeprefix("sqlite:///"))
    _write_record(encrypted)
    with encrypted.engine.connect() as connection:  # the pool keeps the WAL file in use
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        wal = Path(f"{path}-wal")
        assert wal.stat().st_size > 0, "the writes should still be in the WAL"
        for file in (path, wal):
            data = file.read_bytes()
            for secret in (CLIENT_NAME, PHRASE, PRIVATE_PHRASE, "progress_notes"):
                assert secret.encode() not in data, f"{secret!r} in {file.name}"
    assert file_state(path) == "encrypted"
    key_file = encrypted.settings.db_key_file
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # Sanity: through the key, the record reads back.
    dana = sign_in(encrypted, "dana")
    assert PHRASE in notes.show_note(dana, 1).text


def test_when_key_is_missing_or_wrong_then_open_fails_clearly(encrypted, tmp_path):
    _write_record(encrypted)
    encrypted.close()
    path = Path(encrypted.settings.database_url.removeprefix("sqlite:///"))
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT * FROM clients").fetchall()
    key_file = encrypted.settings.db_key_file
    original = key_file.read_text()
    key_file.unlink()
    with pytest.raises(EncryptionKeyError, match=r"encrypted \(SQLCipher\) and no database key"):
        open_database(settings_from_env(_env(tmp_path)))
    key_file.write_text("00" * 32 + "\n")
    with pytest.raises(EncryptionKeyError, match="does not open this encrypted database"):
        Database(settings_from_env(_env(tmp_path))).require_current_schema()
    key_file.write_text(original)
    reopened = open_database(settings_from_env(_env(tmp_path)))
    reopened.require_current_schema()
    assert reopened.encrypted
    reopened.close()


def test_when_key_comes_from_the_environment_then_no_key_file_is_needed(encrypted, tmp_path):
    _write_record(encrypted)
    encrypted.close()
    key_hex = encrypted.settings.db_key_file.read_text().splitlines()[1]
    encrypted.settings.db_key_file.unlink()
    env = {**_env(tmp_path), "NOTEWELL_DATABASE_KEY": key_hex}
    db = open_database(settings_from_env(env))
    assert clients.show_client(sign_in(db, "dana"), "C-001").name == CLIENT_NAME
    db.close()


def test_when_keyring_has_no_backend_then_init_falls_back_to_key_file(tmp_path, monkeypatch):
    pytest.importorskip("keyring")
    import keyring
    from keyring.backends.fail import Keyring as NoBackend

    monkeypatch.setattr(keyring, "get_keyring", lambda: NoBackend())
    monkeypatch.setattr(keyring.core, "_keyring_backend", NoBackend(), raising=False)
    where = prepare_encryption(settings_from_env(_env(tmp_path)), use_keyring=True)
    assert "no usable OS keyring" in where and "key file" in where


def test_when_store_is_plain_then_encrypt_refuses_and_postgres_is_not_offered(tmp_path):
    settings = settings_from_env(_env(tmp_path))
    init_store(open_database(settings))
    with pytest.raises(InputError, match="unencrypted record"):
        prepare_encryption(settings)
    pg = settings_from_env({**_env(tmp_path), "NOTEWELL_DATABASE_URL": "postgresql://x@h/db"})
    with pytest.raises(InputError, match="applies to the SQLite file"):
        prepare_encryption(pg)


def test_when_encrypted_store_is_backed_up_then_backup_stays_encrypted_and_restores(
    encrypted, tmp_path
):
    from notewell.services.backup import backup_record
    from notewell.services.restore import restore_record

    _write_record(encrypted)
    backup = tmp_path / "record.backup"
    assert backup_record(sign_in(encrypted, "root"), backup).encrypted
    data = backup.read_bytes()
    assert file_state(backup) == "encrypted"
    assert CLIENT_NAME.encode() not in data and PHRASE.encode() not in data
    # Disaster recovery on another machine: the backup plus the three key files.
    fresh = tmp_path / "elsewhere"
    fresh.mkdir()
    # Psychotherapy notes need no key file: their authors' keys travel wrapped inside.
    for key in ("database.key", "audit.key"):
        (fresh / key).write_bytes((tmp_path / "data" / key).read_bytes())
    db = open_database(settings_from_env({"NOTEWELL_DATA_DIR": str(fresh)}))
    restore_record(db, backup, admin="root", password=PASSWORD, origin="test")
    assert db.encrypted and file_state(fresh / "notewell.db") == "encrypted"
    dana = sign_in(db, "dana")
    assert PHRASE in notes.show_note(dana, 1).text
    assert PRIVATE_PHRASE in private_notes.show_private_note(dana, 1).text
    db.close()


def test_when_plain_backup_is_restored_into_an_encrypted_store_then_it_is_encrypted(tmp_path):
    from notewell.services.audit import verify_audit_log
    from notewell.services.backup import backup_record
    from notewell.services.restore import restore_record

    plain = open_database(settings_from_env({"NOTEWELL_DATA_DIR": str(tmp_path / "plain")}))
    init_store(plain, "root", "", PASSWORD)
    _write_record(plain)
    backup_record(sign_in(plain, "root"), tmp_path / "plain.backup", "synthetic passphrase")
    plain.close()
    settings = settings_from_env(_env(tmp_path))
    prepare_encryption(settings)
    # The same practice: its audit key stays with the record (the chain is keyed with it).
    (tmp_path / "data" / "audit.key").write_bytes((tmp_path / "plain" / "audit.key").read_bytes())
    db = open_database(settings)
    init_store(db, "root", "", PASSWORD)
    result = restore_record(
        db,
        tmp_path / "plain.backup",
        admin="root",
        password=PASSWORD,
        origin="test",
        force=True,
        rollback_reason="synthetic: the new encrypted store replaces its empty self",
        passphrase="synthetic passphrase",
    )
    assert result.warnings == []
    path = tmp_path / "data" / "notewell.db"
    assert db.encrypted and file_state(path) == "encrypted"
    assert CLIENT_NAME.encode() not in path.read_bytes()
    assert verify_audit_log(sign_in(db, "dana")).ok
    db.close()
