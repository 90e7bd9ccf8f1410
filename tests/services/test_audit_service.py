"""Every create/read/update/sign/addendum/export is audited, and auditing cannot be
turned off. Synthetic data only."""

from __future__ import annotations

from notewell.services import audit, clients, notes, record_export, signing
from notewell.services.context import AUDIT_SETTING
from notewell.store.audit_chain import append_entry
from notewell.store.models import Setting
from record_db import SYNTHETIC_NOTE, sign_with_overrides


def _actions(world) -> list[str]:
    return [e.action for e in audit.show_audit_log(world.admin, limit=1000)]


def test_when_record_is_used_then_each_step_is_audited_with_who_and_where(world):
    note_id = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap").note_id
    notes.save_note(world.dana, note_id, SYNTHETIC_NOTE + " Edit.", 1)
    notes.show_note(world.dana, note_id)
    sign_with_overrides(world.dana, note_id)
    signing.add_addendum(world.dana, note_id, "SYNTHETIC addendum")
    record_export.export_record(world.bo, "C-001", "json")
    entries = audit.show_audit_log(world.admin, limit=1000)
    actions = [e.action for e in entries]
    for expected in (
        "note.create",
        "note.update",
        "note.read",
        "note.sign",
        "note.addendum",
        "record.export",
    ):
        assert expected in actions
    entry = entries[-1]
    assert (entry.actor, entry.origin) == ("bo", "test")
    assert entry.at.endswith("Z")


def test_when_settings_say_audit_is_off_then_reads_are_logged_all_the_same(world):
    # A store from an older version, where an admin had switched routine logging off.
    with world.db.transaction() as session:
        session.merge(Setting(key=AUDIT_SETTING, value="false"))
    clients.show_client(world.dana, "C-001")
    assert _actions(world)[-1] == "client.read"
    assert audit.verify_audit_log(world.dana).ok


def test_when_the_chain_shows_audit_was_switched_off_then_verify_names_the_period(world):
    # Entries an older version wrote when an admin switched logging off and on again.
    with world.db.transaction() as session:
        for action in ("audit.disable", "audit.enable", "audit.disable"):
            append_entry(
                session,
                actor="root",
                action=action,
                entity_type="audit_log",
                entity_id=None,
                origin="test",
                detail="synthetic maintenance window",
            )
    report = audit.verify_audit_log(world.dana)
    assert report.ok, report.problems
    periods = [w for w in report.warnings if "switched off" in w]
    assert len(periods) == 2 and "not switched back on" in periods[1], report.warnings
