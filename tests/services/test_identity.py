"""Identity is proven, not claimed; psychotherapy notes open only with their author's
own key. Every user, client and note here is SYNTHETIC."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from notewell.services import auth, practice, private_notes, row_macs, users
from notewell.services.context import Context
from notewell.services.errors import AuthFailed, Forbidden
from notewell.store import keywrap
from notewell.store.crypto import KeyRing
from notewell.store.database import Database
from notewell.store.errors import EncryptionKeyError
from notewell.store.models import AuthorKey, AuthSession, PsychotherapyNote
from record_db import PASSWORD, enrol_user, settings_for, sign_in

PRIVATE = "SYNTHETIC: I noticed my own impatience when the client changed the subject."


@pytest.fixture()
def note_id(world) -> int:
    return private_notes.create_private_note(world.dana, "C-001", PRIVATE)


def _rows(db: Database, note: int) -> tuple[PsychotherapyNote, list[AuthorKey]]:
    with db.transaction() as session:
        row = session.get(PsychotherapyNote, note)
        keys = list(session.scalars(select(AuthorKey).where(AuthorKey.user_id == row.author_id)))
        return row, keys


def test_when_admin_or_supervisor_holds_the_database_then_they_still_cannot_decrypt(world, note_id):
    for reader in (world.admin, world.sam):
        with pytest.raises(Forbidden):
            private_notes.show_private_note(reader, note_id)
    row, author_keys = _rows(world.db, note_id)
    aad = private_notes.associated_data(row)
    # Everything an admin or supervisor could hold: every row, their own passwords and
    # data keys, and the data folder (which holds no psychotherapy key file at all).
    assert not world.db.settings.key_file.exists()
    for insider in (world.admin, world.sam):
        assert insider.keys is not None
        for key in insider.keys.keys.values():
            with pytest.raises(EncryptionKeyError):
                KeyRing((key,)).decrypt(row.key_id, row.nonce, row.ciphertext, aad)
        for wrapped in author_keys:
            wrapping = keywrap.derive_wrapping_key(PASSWORD + "-not-dana", wrapped.kdf_salt)
            with pytest.raises(EncryptionKeyError):
                keywrap.unwrap(wrapping, wrapped.wrapped, b"", "dana's key")
        # Claiming to be dana in-process with one's own keys opens nothing either.
        forged = Context(world.db, "dana", origin="test", keys=insider.keys)
        with pytest.raises(EncryptionKeyError, match="sealed"):
            private_notes.show_private_note(forged, note_id)
    with pytest.raises(AuthFailed, match="sign in"):
        private_notes.show_private_note(Context(world.db, "dana", origin="test"), note_id)


def test_when_admin_resets_a_password_and_enrols_as_the_author_then_old_notes_stay_sealed(
    world, note_id
):
    code = users.reset_password(world.admin, "dana").enrolment_code
    assert code
    enrolled = auth.enrol(world.db, "dana", code, "admin-chosen-password", origin="test")
    assert enrolled.keys_unreadable == 1 and enrolled.keys_recovered == 0
    impostor = auth.sign_in(world.db, "dana", "admin-chosen-password", origin="test").context
    with pytest.raises(EncryptionKeyError, match="sealed under key"):
        private_notes.show_private_note(impostor, note_id)


def test_when_author_made_a_recovery_key_then_a_reset_keeps_their_notes(db):
    from notewell.services import clients
    from notewell.services.users import bootstrap_admin

    bootstrap_admin(db, "root", "Synthetic Admin", "test", PASSWORD)
    admin = sign_in(db, "root")
    code = users.add_user(admin, "kim", "Synthetic Kim", "clinician").enrolment_code
    made = auth.enrol(db, "kim", code, PASSWORD, origin="test", make_recovery_key=True)
    assert made.recovery_key and made.recovery_key.count("-") >= 10
    kim = sign_in(db, "kim")
    clients.add_client(kim, "C-010", "Synthetic Ten")
    note = private_notes.create_private_note(kim, "C-010", PRIVATE)
    code = users.reset_password(admin, "kim").enrolment_code
    again = auth.enrol(
        db, "kim", code, "a-new-long-password", origin="test", recovery_key=made.recovery_key
    )
    assert again.keys_recovered == 1 and again.keys_unreadable == 0
    kim = auth.sign_in(db, "kim", "a-new-long-password", origin="test").context
    assert private_notes.show_private_note(kim, note).text == PRIVATE


def test_when_author_signs_in_on_a_second_workstation_then_they_read_their_note(
    world, note_id, tmp_path
):
    # Another machine: the same database, its own empty data folder, and only the
    # practice's shared audit anchor (the audit key's folder, shared by every
    # workstation). No psychotherapy key file exists anywhere.
    elsewhere = tmp_path / "second-workstation"
    elsewhere.mkdir()
    shared = world.db.settings.audit_key_path
    second = Database(
        replace(settings_for(world.db.settings.database_url, elsewhere), audit_key_file=shared)
    )
    try:
        dana = sign_in(second, "dana")
        assert private_notes.show_private_note(dana, note_id).text == PRIVATE
        assert not list(elsewhere.glob("*.key"))
        assert not world.db.settings.key_file.exists()
    finally:
        second.close()


def test_when_password_is_wrong_five_times_then_the_account_locks(world):
    for _ in range(auth.MAX_FAILURES - 1):
        with pytest.raises(AuthFailed, match="wrong user name"):
            auth.sign_in(world.db, "lee", "guess-guess-guess", origin="test")
    with pytest.raises(AuthFailed, match="locked"):
        auth.sign_in(world.db, "lee", "guess-guess-guess", origin="test")
    with pytest.raises(AuthFailed, match="locked"):
        auth.sign_in(world.db, "lee", PASSWORD, origin="test")  # even the right one
    with world.db.engine.begin() as conn:
        conn.execute(text("UPDATE user_credentials SET locked_until = NULL"))
    assert sign_in(world.db, "lee").username == "lee"


def test_when_enrolment_code_is_reused_or_expired_then_it_is_refused(world):
    code = users.add_user(world.admin, "ana", "Synthetic Ana", "clinician").enrolment_code
    with pytest.raises(AuthFailed):
        auth.sign_in(world.db, "ana", PASSWORD, origin="test")  # no password yet
    auth.enrol(world.db, "ana", code, PASSWORD, origin="test")
    with pytest.raises(AuthFailed):
        auth.enrol(world.db, "ana", code, "another-password", origin="test")
    code = users.add_user(world.admin, "ben", "Synthetic Ben", "clinician").enrolment_code
    past = datetime.now(UTC) - timedelta(days=1)
    with world.db.engine.begin() as conn:
        conn.execute(text("UPDATE user_credentials SET enrolment_expires = :p"), {"p": past})
    with pytest.raises(AuthFailed):
        auth.enrol(world.db, "ben", code, PASSWORD, origin="test")


def test_when_session_is_idle_past_the_limit_then_it_ends(world):
    signed = auth.sign_in(world.db, "dana", PASSWORD, origin="test")
    assert auth.resume(world.db, signed.token, signed.secret, "test").username == "dana"
    with pytest.raises(AuthFailed, match="does not match"):
        auth.resume(world.db, signed.token, b"\0" * 32, "test")
    stale = datetime.now(UTC) - timedelta(minutes=practice.DEFAULT_IDLE_MINUTES + 1)
    with world.db.transaction() as session:  # time passes (the row stays notewell's own)
        row = session.scalar(
            select(AuthSession).where(AuthSession.token_hash == auth.token_hash(signed.token))
        )
        row.last_seen = stale
        row.mac = row_macs.session_row_mac(session, row)
    with pytest.raises(AuthFailed, match="15 minutes without activity"):
        auth.resume(world.db, signed.token, signed.secret, "test")
    with pytest.raises(AuthFailed, match="not signed in"):
        auth.resume(world.db, signed.token, signed.secret, "test")


def test_when_two_step_sign_in_is_on_then_the_code_is_required(world):
    import pyotp

    uri = auth.enable_totp(world.lee)
    secret = pyotp.parse_uri(uri).secret
    with pytest.raises(AuthFailed):
        auth.sign_in(world.db, "lee", PASSWORD, origin="test")
    with pytest.raises(AuthFailed):
        auth.sign_in(world.db, "lee", PASSWORD, origin="test", totp="000000")
    code = pyotp.TOTP(secret).now()
    assert auth.sign_in(world.db, "lee", PASSWORD, origin="test", totp=code).context


def test_when_password_changes_then_keys_follow_and_other_sessions_end(world, note_id):
    other = auth.sign_in(world.db, "dana", PASSWORD, origin="test")
    with pytest.raises(AuthFailed):
        auth.change_password(world.dana, "not-the-password", "a-new-long-password")
    auth.change_password(world.dana, PASSWORD, "a-new-long-password")
    with pytest.raises(AuthFailed):
        auth.resume(world.db, other.token, other.secret, "test")
    with pytest.raises(AuthFailed):
        auth.sign_in(world.db, "dana", PASSWORD, origin="test")
    dana = auth.sign_in(world.db, "dana", "a-new-long-password", origin="test").context
    assert private_notes.show_private_note(dana, note_id).text == PRIVATE
    with world.db.transaction() as session:  # only the new session is left
        left = session.scalars(
            select(AuthSession.id).where(AuthSession.user_id == dana.keys.user_id)
        )
        assert len(list(left)) == 1


def test_when_enrolled_users_are_added_then_each_gets_their_own_key(world):
    kim = enrol_user(world.admin, "kim", "clinician")
    assert kim.keys and world.dana.keys
    assert kim.keys.active != world.dana.keys.active
    assert kim.keys.user_id != world.dana.keys.user_id


def test_when_password_is_too_short_then_enrolment_refuses(world):
    code = users.add_user(world.admin, "ana", "Synthetic Ana", "clinician").enrolment_code
    with pytest.raises(AuthFailed, match="at least"):
        auth.enrol(world.db, "ana", code, "short", origin="test")
