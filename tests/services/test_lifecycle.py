"""Note lifecycle: draft versions → signed and locked → addenda in order; signing runs
the checker; optimistic locking. All notes are SYNTHETIC."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from notewell.core.models import Finding
from notewell.services import clients, notes, plans, signing
from notewell.services.context import NOTE_WRITES
from notewell.services.errors import Conflict, RecordLocked, SigningBlocked
from notewell.services.views import SessionView
from record_db import SYNTHETIC_NOTE, sign_with_overrides


def _draft(world) -> int:
    return notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap").note_id


def _signed(world) -> int:
    note_id = _draft(world)
    sign_with_overrides(world.dana, note_id)
    return note_id


# Every registered write to a note, tried on a signed note: (operation, its call, outcome).
# None = refused with RecordLocked; "allowed" = the paths that append without changing it.
SIGNED_NOTE_WRITES: dict[str, tuple[Callable, str | None]] = {
    "save_note": (lambda w, n: notes.save_note(w.dana, n, "SYNTHETIC forged text", 1), None),
    "link_goals": (lambda w, n: notes.link_goals(w.dana, n, [1]), None),
    "set_session_details": (
        lambda w, n: notes.set_session_details(w.dana, n, SessionView(duration_minutes=90)),
        None,
    ),
    "sign_note": (lambda w, n: signing.sign_note(w.dana, n), None),
    "add_addendum": (lambda w, n: signing.add_addendum(w.dana, n, "SYNTHETIC addendum"), "allowed"),
    "cosign_note": (lambda w, n: signing.cosign_note(w.sam, n), "allowed"),
}


def test_when_a_write_operation_exists_then_the_lifecycle_table_covers_it():
    assert set(SIGNED_NOTE_WRITES) == set(NOTE_WRITES)


@pytest.mark.parametrize("operation", sorted(SIGNED_NOTE_WRITES))
def test_when_writing_to_a_signed_note_then_only_appending_is_allowed(world, operation):
    plans.set_plan(
        world.dana, "C-001", plans.PlanInput(goals=[plans.GoalInput(text="Reduce avoidance")])
    )
    note_id = _signed(world)
    before = notes.show_note(world.dana, note_id)
    call, outcome = SIGNED_NOTE_WRITES[operation]
    if outcome is None:
        with pytest.raises(RecordLocked):
            call(world, note_id)
    else:
        call(world, note_id)
    after = notes.show_note(world.dana, note_id)
    assert (after.text, after.version, after.content_hash, after.session) == (
        before.text,
        before.version,
        before.content_hash,
        before.session,
    )


def test_when_addenda_are_added_then_they_keep_their_order(world):
    note_id = _signed(world)
    for text in ("SYNTHETIC first", "SYNTHETIC second", "SYNTHETIC third"):
        signing.add_addendum(world.dana, note_id, text)
    addenda = notes.show_note(world.sam, note_id).addenda
    assert [(a.number, a.text) for a in addenda] == [
        (1, "SYNTHETIC first"),
        (2, "SYNTHETIC second"),
        (3, "SYNTHETIC third"),
    ]
    assert len({a.content_hash for a in addenda}) == 3


def test_when_saving_a_draft_then_each_save_is_a_new_version(world):
    note_id = _draft(world)
    notes.save_note(world.dana, note_id, SYNTHETIC_NOTE + "Edit one.", 1)
    view = notes.save_note(world.dana, note_id, SYNTHETIC_NOTE + "Edit two.", 2)
    assert view.version == 3 and view.text.endswith("Edit two.")


def test_when_two_tabs_save_the_same_version_then_second_gets_conflict_with_both(world):
    note_id = _draft(world)
    notes.save_note(world.dana, note_id, "SYNTHETIC tab one", 1)
    with pytest.raises(Conflict) as caught:
        notes.save_note(world.dana, note_id, "SYNTHETIC tab two", 1)
    conflict = caught.value
    assert (conflict.current_text, conflict.attempted_text) == (
        "SYNTHETIC tab one",
        "SYNTHETIC tab two",
    )
    assert (conflict.base_version, conflict.current_version) == (1, 2)
    assert notes.show_note(world.dana, note_id).text == "SYNTHETIC tab one"


def test_when_checker_finds_errors_then_signing_needs_a_reason_for_each(world, monkeypatch):
    found = [
        Finding("missing-client-response", "error", "No response"),
        Finding("vague", "warning", "v"),
    ]
    monkeypatch.setattr(signing, "run_checker", lambda *a, **k: found)
    note_id = _draft(world)
    with pytest.raises(SigningBlocked) as blocked:
        signing.sign_note(world.dana, note_id)
    assert [f.rule for f in blocked.value.findings] == ["missing-client-response"]
    with pytest.raises(SigningBlocked):
        signing.sign_note(world.dana, note_id, {"missing-client-response": "   "})
    view = signing.sign_note(world.dana, note_id, {"missing-client-response": "Client left early"})
    assert view.status == "signed"
    assert [(o.rule, o.reason) for o in view.overrides] == [
        ("missing-client-response", "Client left early")
    ]


def test_when_signed_then_hash_time_and_provenance_are_recorded(world):
    from datetime import date

    clients.record_consent(world.dana, "C-001", True, date(2026, 11, 1))
    note = notes.create_note(
        world.dana,
        "C-001",
        SYNTHETIC_NOTE + "Clinician edit.",
        "dap",
        provenance=notes.Provenance("embedded", None, SYNTHETIC_NOTE),
    )
    view = sign_with_overrides(world.dana, note.note_id)
    assert view.signed_by == "dana" and view.signed_at is not None
    assert len(view.content_hash or "") == 64
    assert view.provenance.engine == "embedded"
    assert view.provenance.consent_on_file is True
    assert 0 < (view.provenance.changed_ratio or 0) < 0.2


def test_when_real_checker_runs_on_a_complete_note_then_it_signs(world):
    view = sign_with_overrides(world.dana, _draft(world))
    assert view.status == "signed"
