"""Access rules, table-driven: who may read and write what. Psychotherapy notes are
readable by their author only and never appear in listings, search or export.
All people and notes are SYNTHETIC."""

from __future__ import annotations

import pytest

from notewell.core.errors import InputError
from notewell.services import audit, clients, notes, private_notes, record_export, signing
from notewell.services.errors import AuthFailed, Forbidden, NotFound
from record_db import SYNTHETIC_NOTE, sign_with_overrides

PRIVATE = "SYNTHETIC private: I wonder if the client's silence echoes her mother's."


@pytest.mark.parametrize(
    "reader", ["sam", "bo", "lee", "root"], ids=["supervisor", "biller", "colleague", "admin"]
)
def test_when_anyone_but_the_author_reads_a_psychotherapy_note_then_refused_and_audited(
    world, reader
):
    note_id = private_notes.create_private_note(world.dana, "C-001", PRIVATE)
    with pytest.raises(NotFound) as refused:  # told as for a note that does not exist
        private_notes.show_private_note(world.as_user(reader), note_id)
    with pytest.raises(NotFound) as missing:
        private_notes.show_private_note(world.as_user(reader), note_id + 100)
    assert str(refused.value) == f"no psychotherapy note {note_id}"
    assert str(missing.value) == f"no psychotherapy note {note_id + 100}"
    log = audit.show_audit_log(world.admin, limit=5)
    denied = [e for e in log if e.action == "access.denied"]
    assert denied and denied[-1].actor == reader and str(note_id) in denied[-1].detail


@pytest.mark.parametrize(
    ("who", "draft_ok", "signed_ok"),
    [
        ("dana", True, True),  # author
        ("sam", True, True),  # supervisor reads every clinical note
        ("bo", False, True),  # biller: signed notes only
        ("lee", False, False),  # another clinician
        ("root", False, False),  # admin reads no notes
    ],
    ids=["author", "supervisor", "biller", "colleague", "admin"],
)
def test_when_reading_progress_notes_then_role_decides(world, who, draft_ok, signed_ok):
    draft = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap").note_id
    signed = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap").note_id
    sign_with_overrides(world.dana, signed)
    for note_id, allowed in ((draft, draft_ok), (signed, signed_ok)):
        if allowed:
            assert notes.show_note(world.as_user(who), note_id).note_id == note_id
        else:
            with pytest.raises(Forbidden):
                notes.show_note(world.as_user(who), note_id)


@pytest.mark.parametrize(
    ("who", "operation"),
    [
        ("lee", lambda w, n: notes.save_note(w.lee, n, "SYNTHETIC", 1)),
        ("sam", lambda w, n: signing.sign_note(w.sam, n)),
        ("bo", lambda w, n: notes.create_note(w.bo, "C-001", SYNTHETIC_NOTE, "dap")),
        ("lee", lambda w, n: private_notes.create_private_note(w.lee, "C-001", PRIVATE)),
        ("bo", lambda w, n: clients.add_client(w.bo, "C-009", "Synthetic Nine")),
        ("dana", lambda w, n: record_export.export_record(w.dana, "C-002")),
        ("dana", lambda w, n: audit.show_audit_log(w.dana)),
        ("sam", lambda w, n: audit.reanchor_audit_log(w.sam, "test")),
    ],
    ids=[
        "colleague-edits",
        "supervisor-signs-others-note",
        "biller-writes",
        "colleague-private-note",
        "biller-adds-client",
        "export-others-client",
        "clinician-reads-audit",
        "supervisor-reanchors-audit",
    ],
)
def test_when_role_lacks_the_right_then_forbidden(world, who, operation):
    note_id = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap").note_id
    with pytest.raises(Forbidden):
        operation(world, note_id)


def test_when_unknown_user_signs_in_then_refused_and_audited(world):
    with pytest.raises(AuthFailed, match="wrong user name"):
        world.as_user("mallory")
    last = audit.show_audit_log(world.admin, limit=2)[-1]
    assert (last.actor, last.action) == ("mallory", "auth.failed")


@pytest.mark.parametrize(
    "lookup",
    [lambda w: notes.show_note(w.dana, 999), lambda w: clients.show_client(w.dana, "C-404")],
    ids=["note", "client"],
)
def test_when_id_is_unknown_then_not_found(world, lookup):
    with pytest.raises(NotFound):
        lookup(world)


def test_when_listing_searching_or_exporting_then_no_psychotherapy_note_appears(world):
    note_id = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap").note_id
    sign_with_overrides(world.dana, note_id)
    private_notes.create_private_note(world.dana, "C-001", PRIVATE)
    assert [n.note_id for n in notes.list_notes(world.dana, "C-001").items] == [note_id]
    assert notes.search_notes(world.dana, "silence").items == ()
    assert notes.search_notes(world.dana, "mother").items == ()
    for output in ("text", "markdown", "json"):
        exported = record_export.export_record(world.dana, "C-001", output)
        assert "silence" not in exported and "I wonder" not in exported
        assert "cognitive restructuring" in exported


def test_when_clinician_lists_clients_then_only_their_own(world):
    assert [c.identifier for c in clients.list_clients(world.dana).items] == ["C-001"]
    assert [c.identifier for c in clients.list_clients(world.bo).items] == ["C-001", "C-002"]


def test_when_admin_breaks_the_glass_then_the_read_is_audited_and_shown_to_the_author(world):
    note_id = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap").note_id
    with pytest.raises(Forbidden):
        notes.show_note(world.admin, note_id)  # admins read no notes by default
    with pytest.raises(InputError, match="reason"):
        notes.show_note(world.admin, note_id, break_glass="urgent")
    with pytest.raises(Forbidden, match="break the glass"):
        notes.show_note(world.lee, note_id, break_glass="curious about a colleague's client")
    reason = "client in crisis; assigned clinician unreachable"
    view = notes.show_note(world.admin, note_id, break_glass=reason)
    assert view.text and view.emergency_reads[-1].reason == reason
    seen = notes.show_note(world.dana, note_id).emergency_reads
    assert [(r.reader, r.reason) for r in seen] == [("root", reason)]
    told = notes.emergency_reads_of_my_notes(world.dana)
    assert [(n, r.reader) for n, r in told] == [(note_id, "root")]
    assert notes.emergency_reads_of_my_notes(world.lee) == []
    log = audit.show_audit_log(world.admin, limit=10)
    assert any(e.action == "note.break_glass" and reason in e.detail for e in log)
