"""Psychotherapy notes are ciphertext in the database, bound to their row, and survive
key rotation. Synthetic data only."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from notewell.services import private_notes
from notewell.services.context import Context
from notewell.services.errors import AuthFailed
from notewell.store.errors import EncryptionKeyError
from record_db import PASSWORD, sign_in

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


def _key_ids(world, note_id: int) -> tuple[str, list[tuple[str, bool]]]:
    with world.db.engine.connect() as conn:
        note_key = conn.execute(
            text("SELECT key_id FROM psychotherapy_notes WHERE id = :i"), {"i": note_id}
        ).scalar_one()
        rows = conn.execute(
            text(
                "SELECT key_id, active FROM author_keys WHERE user_id = "
                "(SELECT id FROM users WHERE username = 'dana') ORDER BY id"
            )
        ).all()
    return note_key, [(r[0], bool(r[1])) for r in rows]


def test_when_author_rotates_their_key_then_notes_move_to_the_new_key(world):
    note_id = private_notes.create_private_note(world.dana, "C-001", PRIVATE)
    before, _ = _key_ids(world, note_id)
    with pytest.raises(AuthFailed, match="wrong password"):
        private_notes.rotate_key(world.dana, "not the password")
    result = private_notes.rotate_key(world.dana, PASSWORD)
    assert result.notes_reencrypted == 1
    after, keys = _key_ids(world, note_id)
    assert after == result.new_key_id != before
    assert keys == [(before, False), (after, True)]  # the old key stays, inactive
    # A new sign-in opens both keys with the one password.
    assert private_notes.show_private_note(sign_in(world.db, "dana"), note_id).text == PRIVATE


def test_when_context_carries_no_keys_then_private_notes_refuse_cleanly(world):
    unproven = Context(world.db, "dana", origin="test")
    with pytest.raises(AuthFailed, match="sign in"):
        private_notes.create_private_note(unproven, "C-001", PRIVATE)


def test_when_a_note_predates_per_author_keys_then_its_author_moves_it_under_their_key(world):
    """A note sealed under the old shared key ring (as notewell wrote them before)."""
    import base64
    import secrets

    from notewell.store.crypto import KeyRing

    note_id = private_notes.create_private_note(world.dana, "C-001", "SYNTHETIC placeholder")
    old_key = secrets.token_bytes(32)
    ring = KeyRing((old_key,))
    with world.db.transaction() as session:
        from notewell.store.models import PsychotherapyNote

        note = session.get(PsychotherapyNote, note_id)
        aad = private_notes.associated_data(note)
        key_id, nonce, ciphertext = ring.encrypt(PRIVATE, aad)
    with world.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE psychotherapy_notes SET key_id = :k, nonce = :n, ciphertext = :c"),
            {"k": key_id, "n": nonce, "c": ciphertext},
        )
    with pytest.raises(EncryptionKeyError, match=f"sealed under key {key_id}"):
        private_notes.show_private_note(world.dana, note_id)  # no old key file here
    world.db.settings.key_file.write_text(base64.b64encode(old_key).decode() + "\n")
    assert private_notes.show_private_note(world.dana, note_id).text == PRIVATE
    world.db.settings.key_file.unlink()  # moved: the old file is no longer needed
    world.db.__dict__.pop("key_ring", None)
    assert private_notes.show_private_note(world.dana, note_id).text == PRIVATE
    with world.db.engine.connect() as conn:
        now_key = conn.execute(text("SELECT key_id FROM psychotherapy_notes")).scalar_one()
    assert now_key == world.dana.keys.active_id
