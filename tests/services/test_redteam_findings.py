"""Attacks a red-team pass found working, each now refused or named. Everything here
is SYNTHETIC. The attacker has SQL access to the store (as its tables' owner) but not
the audit key, which is kept outside the database."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from sqlalchemy import select, text
from test_tamper_evidence import _recompute_plain, _signed_note, lifted

from notewell.core.errors import InputError
from notewell.services import audit, auth, clients, notes, row_macs
from notewell.services.backup import backup_record
from notewell.services.errors import AuthFailed
from notewell.store.audit_anchor import AnchorError
from notewell.store.keywrap import AuthorKeys, key_id_of
from notewell.store.models import AuthorKey, User
from record_db import PASSWORD, sign_in


def _problems(world) -> str:
    return "\n".join(audit.verify_audit_log(world.dana).problems)


def test_when_the_chain_is_rewritten_as_unkeyed_history_then_commands_refuse_and_verify_names_it(
    world,
):
    _signed_note(world)
    length, _ = _recompute_plain(world.db, 1)  # every entry, as plain SHA-256
    with world.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE settings SET value = :v WHERE key = 'audit_keyed_from'"),
            {"v": str(length + 1)},
        )
    with pytest.raises(AnchorError, match="audit_keyed_from"):
        clients.show_client(world.dana, "C-001")  # the next command does not launder it
    problems = _problems(world)
    assert "audit_keyed_from" in problems, problems


def test_when_only_the_chain_says_keyed_from_later_then_verify_still_names_it(world):
    """Even with the checkpoint re-anchored to match, #N must be an authentic
    `audit.keyed` entry."""
    from notewell.store.audit_chain import load_entries, verify_chain

    _signed_note(world)
    _recompute_plain(world.db, 1)
    with world.db.transaction() as session:
        entries = load_entries(session)
    # Claiming the first entries predate keying (#3 on are "keyed") needs #3 to be the
    # authentic `audit.keyed` entry; a log claimed wholly older is only ever restored
    # with a logged reason (test_backup) and never laundered in place (the test above).
    report = verify_chain(entries, key=world.db.anchor.key(), keyed_from=3)
    assert any("is not an authentic `audit.keyed` entry" in p for p in report.problems)


@pytest.mark.parametrize("how", ["reverted-to-draft", "deleted"])
def test_when_a_signed_note_is_unsigned_or_deleted_below_notewell_then_verify_names_it(world, how):
    note_id = _signed_note(world)
    tables = ("progress_notes", "note_versions", "note_overrides", "note_goals")
    with lifted(world.db, *tables) as conn:
        if how == "deleted":
            for table in ("note_overrides", "note_goals", "note_versions"):
                conn.execute(text(f"DELETE FROM {table} WHERE note_id = :n"), {"n": note_id})
            conn.execute(text("DELETE FROM progress_notes WHERE id = :n"), {"n": note_id})
        else:
            conn.execute(
                text(
                    "UPDATE progress_notes SET status = 'draft', signed_by_id = NULL, "
                    "content_hash = NULL, signed_at = NULL WHERE id = :n"
                ),
                {"n": note_id},
            )
            conn.execute(
                text("UPDATE note_versions SET text = 'SYNTHETIC forged' WHERE note_id = :n"),
                {"n": note_id},
            )
    expected = "is missing from the record" if how == "deleted" else "is now a draft"
    problems = _problems(world)
    assert f"note {note_id} was signed" in problems and expected in problems, problems
    if how != "deleted":
        shown = notes.show_note(world.dana, note_id).integrity_problems
        assert any(expected in p for p in shown), shown


def _forge_session(world, victim: str) -> tuple[str, bytes]:
    """A session row inserted with database access alone, as the red team did."""
    from notewell.services.auth import _session_aad, token_hash

    token, secret = secrets.token_urlsafe(32), secrets.token_bytes(32)
    digest = token_hash(token)
    with world.db.transaction() as session:
        user = session.scalar(select(User).where(User.username == victim))
        key = secrets.token_bytes(32)
        keys = AuthorKeys(user.id, key_id_of(key), {key_id_of(key): key})
        sealed = keys.seal(secret, _session_aad(digest, user.id))
        user_id = user.id
    with world.db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO auth_sessions (token_hash, user_id, created_at, last_seen, "
                "idle_seconds, origin, wrapped_keys) VALUES (:t, :u, CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP, 900, 'forged', :w)"
            ),
            {"t": digest, "u": user_id, "w": sealed},
        )
    return token, secret


def test_when_a_session_row_is_forged_with_database_access_then_it_proves_nothing(world):
    token, secret = _forge_session(world, "root")
    with pytest.raises(AuthFailed, match="not made by a sign-in"):
        auth.resume(world.db, token, secret, "test")
    assert "of root was not made by a sign-in" in _problems(world)
    # Copying a MAC from a real session does not help: it covers the token's hash.
    with world.db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE auth_sessions SET mac = (SELECT mac FROM auth_sessions WHERE mac IS "
                "NOT NULL LIMIT 1) WHERE origin = 'forged'"
            )
        )
    with pytest.raises(AuthFailed, match="not made by a sign-in"):
        auth.resume(world.db, token, secret, "test")


def test_when_a_session_s_idle_limit_is_raised_by_sql_then_it_ends(world):
    signed = auth.sign_in(world.db, "dana", PASSWORD, origin="test")
    with world.db.engine.begin() as conn:
        conn.execute(text("UPDATE auth_sessions SET idle_seconds = 999999999"))
    with pytest.raises(AuthFailed, match="not made by a sign-in"):
        auth.resume(world.db, signed.token, signed.secret, "test")


def test_when_a_key_row_is_planted_for_a_user_then_it_is_never_theirs(world):
    """A key row planted for dana, wrapped under the attacker's own password: dana's
    sign-in does not open it, so it never gets notewell's MAC and no session may use it."""
    from notewell.services.auth import _key_aad
    from notewell.store import keywrap

    planted = secrets.token_bytes(32)
    salt = keywrap.new_salt()
    with world.db.transaction() as session:
        dana = session.scalar(select(User).where(User.username == "dana"))
        aad = _key_aad(dana.id, key_id_of(planted))
        wrapping = keywrap.derive_wrapping_key("attacker-chosen-password", salt)
        session.add(
            AuthorKey(
                user_id=dana.id,
                key_id=key_id_of(planted),
                kdf_salt=salt,
                wrapped=keywrap.wrap(wrapping, planted, aad),
                active=True,
            )
        )
    fresh = sign_in(world.db, "dana")
    assert fresh.keys is not None and key_id_of(planted) not in fresh.keys.keys
    with world.db.transaction() as session:
        row = session.scalar(select(AuthorKey).where(AuthorKey.key_id == key_id_of(planted)))
        assert row is not None and row.mac is None


def test_when_a_backup_destination_is_a_dangling_symlink_then_it_is_refused(world, tmp_path):
    target = tmp_path / "elsewhere.db"
    link = tmp_path / "backup.db"
    link.symlink_to(target)
    with pytest.raises(InputError, match="already exists"):
        backup_record(world.admin, link, "synthetic backup passphrase")
    assert not target.exists()


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_when_a_backup_of_another_store_would_replace_this_one_then_a_reason_is_needed(
    world, tmp_path: Path
):
    from notewell.services.restore import restore_record

    source = tmp_path / "b.backup"
    backup_record(world.admin, source, "synthetic backup passphrase")
    with world.db.engine.begin() as conn:  # this record now claims another store id
        conn.execute(text("UPDATE settings SET value = 'feedface' WHERE key = 'store_id'"))
    with pytest.raises((InputError, AnchorError)):
        restore_record(
            world.db,
            source,
            admin="root",
            password=PASSWORD,
            origin="test",
            force=True,
            passphrase="synthetic backup passphrase",
        )


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_when_a_guard_is_recreated_as_a_no_op_then_verify_names_it(world):
    from record_db import owner_connection

    with owner_connection(world.db) as conn:
        conn.execute(text("DROP TRIGGER nw_version_no_update"))
        conn.execute(
            text(
                "CREATE TRIGGER nw_version_no_update BEFORE UPDATE ON note_versions "
                "FOR EACH ROW WHEN 0 BEGIN SELECT 1; END"
            )
        )
    problems = _problems(world)
    assert "nw_version_no_update was redefined" in problems, problems


def test_when_clients_are_swapped_below_notewell_then_the_database_refuses(world):
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError, match="record is locked"), world.db.engine.begin() as conn:
        conn.execute(text("UPDATE clients SET identifier = 'tmp-x' WHERE identifier = 'C-001'"))
    with pytest.raises(DBAPIError, match="record is locked"), world.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM clients WHERE identifier = 'C-002'"))


def test_when_a_signed_note_s_other_fields_are_rewritten_then_verify_and_show_name_it(world):
    note_id = _signed_note(world)
    with lifted(world.db, "progress_notes", "note_overrides") as conn:
        conn.execute(
            text(
                "UPDATE progress_notes SET note_format = 'soap', draft_engine = 'human', "
                "changed_ratio = 1.0, signed_at = :t WHERE id = :n"
            ),
            {"t": "2020-01-01 09:00:00", "n": note_id},
        )
        conn.execute(
            text(
                "INSERT INTO note_overrides (note_id, rule, message, reason) "
                "VALUES (:n, 'missing-risk-assessment', 'forged', 'SYNTHETIC forged reason')"
            ),
            {"n": note_id},
        )
    problems = _problems(world)
    assert f"signed note {note_id}: its client, author" in problems, problems
    shown = notes.show_note(world.dana, note_id).integrity_problems
    assert any("changed after signing" in p for p in shown), shown


def test_when_an_expired_session_s_last_activity_is_moved_by_sql_then_it_stays_ended(world):
    signed = auth.sign_in(world.db, "dana", PASSWORD, origin="test")
    with world.db.engine.begin() as conn:
        conn.execute(text("UPDATE auth_sessions SET last_seen = CURRENT_TIMESTAMP"))
    with pytest.raises(AuthFailed, match="not made by a sign-in"):
        auth.resume(world.db, signed.token, signed.secret, "test")


def test_when_key_rows_active_flags_are_flipped_then_the_retired_key_never_writes(world):
    from notewell.services import private_notes

    private_notes.rotate_key(world.dana, PASSWORD)
    with world.db.engine.begin() as conn:  # retired key active again, new one retired
        conn.execute(
            text("UPDATE author_keys SET active = NOT active WHERE user_id = :u"),
            {"u": world.dana.keys.user_id},
        )
    with pytest.raises(Exception, match="no psychotherapy-note key"):
        sign_in(world.db, "dana")  # neither row is notewell's any more: nothing writes
    problems = _problems(world)
    assert "author key row" in problems and "of dana was changed below notewell" in problems


def test_when_a_sign_entry_is_rewritten_to_match_forged_text_then_show_still_names_it(world):
    note_id = _signed_note(world)
    with lifted(world.db, "note_versions", "audit_log") as conn:
        conn.execute(
            text("UPDATE note_versions SET text = 'SYNTHETIC forged' WHERE note_id = :n"),
            {"n": note_id},
        )
        conn.execute(
            text(
                "UPDATE audit_log SET detail = 'signed' WHERE action = 'note.sign' "
                "AND entity_id = :n"
            ),
            {"n": str(note_id)},
        )
    shown = notes.show_note(world.dana, note_id).integrity_problems
    assert any("note.sign was changed below notewell" in p for p in shown), shown


@pytest.mark.parametrize("how", ["changed", "deleted", "replayed"])
def test_when_a_practice_policy_is_changed_deleted_or_replayed_by_sql_then_the_logged_value_holds(
    world, how
):
    from notewell.services import practice

    practice.set_idle_minutes(world.admin, 240)
    with world.db.engine.connect() as conn:
        old = conn.execute(text("SELECT value FROM settings WHERE key = 'idle_minutes'")).scalar()
    practice.set_cosign_required(world.admin, True)
    practice.set_idle_minutes(world.admin, 10)
    with world.db.engine.begin() as conn:
        if how == "deleted":
            conn.execute(
                text("DELETE FROM settings WHERE key IN ('idle_minutes', 'cosign_required')")
            )
        elif how == "replayed":
            conn.execute(
                text("UPDATE settings SET value = :v WHERE key = 'idle_minutes'"), {"v": old}
            )
        else:
            conn.execute(text("UPDATE settings SET value = '5256000' WHERE key = 'idle_minutes'"))
            conn.execute(text("UPDATE settings SET value = 'false' WHERE key = 'cosign_required'"))
    assert auth.sign_in(world.db, "dana", PASSWORD, origin="test").idle_minutes == 10
    with world.db.transaction() as session:
        assert practice.cosign_required(session) is True
    if how != "deleted":
        assert "the practice setting idle_minutes was changed below notewell" in _problems(world)


def test_when_an_old_credential_is_replayed_after_a_password_change_then_it_is_refused(world):
    with world.db.engine.connect() as conn:
        old = conn.execute(
            text(
                "SELECT password_hash, mac FROM user_credentials WHERE user_id = "
                "(SELECT id FROM users WHERE username = 'lee')"
            )
        ).one()
    auth.change_password(world.lee, PASSWORD, "a-new-long-password")
    with world.db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE user_credentials SET password_hash = :h, mac = :m WHERE user_id = "
                "(SELECT id FROM users WHERE username = 'lee')"
            ),
            {"h": old.password_hash, "m": old.mac},
        )
    with pytest.raises(AuthFailed):
        auth.sign_in(world.db, "lee", PASSWORD, origin="test")
    assert "the credential of user" in _problems(world)


def test_when_a_role_is_raised_by_sql_then_that_user_can_do_nothing_and_verify_names_it(world):
    note_id = _signed_note(world)
    with world.db.engine.begin() as conn:
        conn.execute(text("UPDATE users SET role = 'supervisor' WHERE username IN ('lee', 'root')"))
    from notewell.services.errors import Forbidden

    for who in (world.lee, world.admin):
        with pytest.raises(Forbidden, match="changed below notewell"):
            notes.show_note(who, note_id)
    problems = _problems(world)
    assert "user 'lee' (#3, role supervisor) was made or changed below notewell" in problems


def test_when_a_client_is_reassigned_by_sql_then_nobody_gains_it(world):
    from notewell.services.errors import Forbidden

    note_id = _signed_note(world)
    with world.db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE clients SET clinician_id = (SELECT id FROM users WHERE username = 'lee') "
                "WHERE identifier = 'C-001'"
            )
        )
    with pytest.raises(Forbidden):
        notes.show_note(world.lee, note_id)
    assert all(c.identifier != "C-001" for c in clients.list_clients(world.lee).items)
    assert "client 'C-001' was made or reassigned below notewell" in _problems(world)


@pytest.mark.parametrize("who", ["ghost", "dana"])
def test_when_an_enrolment_code_is_planted_by_sql_then_it_is_refused(world, who):
    from notewell.store import keywrap

    code = "111111-222222-333333"
    planted = keywrap.hash_secret(code)
    with world.db.engine.begin() as conn:
        if who == "ghost":
            conn.execute(
                text(
                    "INSERT INTO users (id, username, display_name, role, active, created_at) "
                    "VALUES (99, 'ghost', 'ghost', 'supervisor', :t, CURRENT_TIMESTAMP)"
                ),
                {"t": True},
            )
            conn.execute(
                text(
                    "INSERT INTO user_credentials (user_id, enrolment_hash, enrolment_expires, "
                    "failed_attempts, updated_at) VALUES (99, :h, :e, 0, CURRENT_TIMESTAMP)"
                ),
                {"h": planted, "e": "2999-01-01 00:00:00"},
            )
        else:
            conn.execute(
                text(
                    "UPDATE user_credentials SET enrolment_hash = :h, enrolment_expires = :e "
                    "WHERE user_id = (SELECT id FROM users WHERE username = 'dana')"
                ),
                {"h": planted, "e": "2999-01-01 00:00:00"},
            )
    with pytest.raises(AuthFailed):
        auth.enrol(world.db, who, code, "attacker-chosen-password", origin="test")
    assert "below notewell" in _problems(world)


def test_when_the_practice_lowers_the_idle_limit_then_live_sessions_follow(world):
    from datetime import UTC, datetime, timedelta

    from notewell.services import practice
    from notewell.store.models import AuthSession

    signed = auth.sign_in(world.db, "dana", PASSWORD, origin="test")  # 15 minutes
    practice.set_idle_minutes(world.admin, 5)
    with world.db.transaction() as session:  # six minutes pass
        row = session.scalar(
            select(AuthSession).where(AuthSession.token_hash == auth.token_hash(signed.token))
        )
        row.last_seen = datetime.now(UTC) - timedelta(minutes=6)
        row.mac = row_macs.session_row_mac(session, row)
    with pytest.raises(AuthFailed, match="5 minutes without activity"):
        auth.resume(world.db, signed.token, signed.secret, "test")
