"""Every create/read/update/sign/addendum/export is audited; audit off is an admin action
that is itself logged. Synthetic data only."""

from __future__ import annotations

from notewell.services import audit, clients, notes, record_export, signing
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


def test_when_admin_turns_audit_off_then_that_is_logged_and_routine_reads_are_not(world):
    audit.set_audit_enabled(world.admin, False, "synthetic maintenance window")
    clients.show_client(world.dana, "C-001")
    audit.set_audit_enabled(world.admin, True, "maintenance over")
    actions = _actions(world)
    assert actions[-2:] == ["audit.disable", "audit.enable"]
    assert "client.read" not in actions
    assert audit.verify_audit_log(world.dana).ok
