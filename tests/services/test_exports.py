"""Export use cases and the session-bound psychotherapy notes, below the web app.
SYNTHETIC data only."""

from __future__ import annotations

import pytest

from notewell.services import audit, exports, exports_fhir, notes, private_notes
from notewell.services.errors import NotFound
from record_db import SYNTHETIC_NOTE, World, sign_with_overrides

MARKER = "HERON-BASALT-2290"  # unique, SYNTHETIC


def signed(w: World) -> int:
    view = notes.create_note(w.dana, "C-001", SYNTHETIC_NOTE, "dap")
    sign_with_overrides(w.dana, view.note_id)
    return view.note_id


def test_a_tab_shows_only_that_sessions_private_notes(world: World) -> None:
    first, second = signed(world), signed(world)
    private_notes.create_session_private_note(world.dana, first, f"SYNTHETIC {MARKER} one")
    private_notes.create_private_note(world.dana, "C-001", "SYNTHETIC sessionless (CLI)")
    assert [p.text for p in private_notes.session_private_notes(world.dana, first)] == [
        f"SYNTHETIC {MARKER} one"
    ]
    assert private_notes.session_private_notes(world.dana, second) == []


@pytest.mark.parametrize("who", ["lee", "sam", "admin", "bo"])
def test_a_tab_is_not_found_for_anyone_but_the_author(world: World, who: str) -> None:
    note_id = signed(world)
    private_notes.create_session_private_note(world.dana, note_id, f"SYNTHETIC {MARKER}")
    ctx = getattr(world, who)
    with pytest.raises(NotFound):
        private_notes.session_private_notes(ctx, note_id)
    with pytest.raises(NotFound):
        private_notes.create_session_private_note(ctx, note_id, "SYNTHETIC intrusion")
    assert len(private_notes.session_private_notes(world.dana, note_id)) == 1


def test_no_export_format_carries_a_psychotherapy_note(world: World) -> None:
    note_id = signed(world)
    private_notes.create_session_private_note(world.dana, note_id, f"SYNTHETIC {MARKER}")
    for output in exports.FILE_FORMATS:
        for file in (
            exports.export_note(world.dana, note_id, output),
            exports.export_client_record(world.dana, "C-001", output),
        ):
            assert MARKER.encode() not in file.content, output
            assert "C-001" not in file.filename


def test_every_note_export_is_audited(world: World) -> None:
    note_id = signed(world)
    exports.export_note(world.bo, note_id, "fhir")
    entries = audit.show_audit_log(world.admin, limit=10)
    assert any(
        e.action == "note.export" and e.actor == "bo" and e.entity_id == str(note_id)
        for e in entries
    )


def test_fhir_refuses_a_draft(world: World) -> None:
    draft = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap")
    with pytest.raises(ValueError, match="not signed"):
        exports_fhir.bundle_json([draft])
