"""Psychotherapy notes are ciphertext in the database, bound to their row, and survive
key rotation. Synthetic data only."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from notewell.services import private_notes
from notewell.store.crypto import load_key_ring
from notewell.store.errors import EncryptionKeyError

PRIVATE = "SYNTHETIC: I wonder whether my irritation today mirrors the client's father."


def test_when_private_note_saved_then_database_holds_no_plaintext(world, tmp_path):
    note_id = private_notes.create_private_note(world.dana, "C-001", PRIVATE)
    with world.db.engine.connect() as conn:
        row = conn.execute(
            text("SELECT nonce, ciphertext FROM psychotherapy_notes WHERE id = :i"), {"i": note_id}
        ).one()
    assert PRIVATE.encode() not in bytes(row.ciphertext)
    assert b"irritation" not in bytes(row.ciphertext)
    assert len(row.nonce) == 12
    if world.db.settings.is_sqlite:
        world.db.close()  # flush the WAL into the file, then read the raw bytes
        raw = (tmp_path / "record.db").read_bytes()
        assert b"irritation" not in raw
    assert private_notes.show_private_note(world.dana, note_id).text == PRIVATE


def test_when_ciphertext_is_moved_to_another_row_then_it_does_not_open(world):
    first = private_notes.create_private_note(world.dana, "C-001", PRIVATE)
    second = private_notes.create_private_note(world.dana, "C-001", "SYNTHETIC: other note.")
    with world.db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE psychotherapy_notes SET ciphertext = "
                "(SELECT ciphertext FROM psychotherapy_notes WHERE id = :a), nonce = "
                "(SELECT nonce FROM psychotherapy_notes WHERE id = :a) WHERE id = :b"
            ),
            {"a": first, "b": second},
        )
    with pytest.raises(EncryptionKeyError, match="failed authentication"):
        private_notes.show_private_note(world.dana, second)


def test_when_key_rotated_then_notes_open_under_the_new_key_only(world):
    note_id = private_notes.create_private_note(world.dana, "C-001", PRIVATE)
    old = load_key_ring(world.db.settings.key_file, None)
    result = private_notes.rotate_key(world.admin)
    assert result.notes_reencrypted == 1
    new = load_key_ring(world.db.settings.key_file, None)
    assert new.keys == new.keys[:1] and new.active_id != old.active_id
    assert private_notes.show_private_note(world.dana, note_id).text == PRIVATE


def test_when_key_file_is_missing_then_saving_fails_cleanly(world):
    world.db.settings.key_file.unlink()
    world.db.forget_key_ring()
    with pytest.raises(EncryptionKeyError, match="notewell init"):
        private_notes.create_private_note(world.dana, "C-001", PRIVATE)
