"""The checker on a draft's text as the clinician is editing it (the editor's live
findings): nothing is saved, but only the draft's author may ask, as for saving."""

from __future__ import annotations

from datetime import UTC, datetime

from notewell.core.models import Finding
from notewell.services import access
from notewell.services.context import Context, unit_of_work
from notewell.services.errors import RecordLocked
from notewell.services.notes import MAX_NOTE_CHARS
from notewell.services.signing import run_checker


def check_draft_text(ctx: Context, note_id: int, text: str) -> list[Finding]:
    """Findings for `text` as an edit of draft `note_id`. Not audited: it reads no stored
    health information (the plan's goal rules apply at signing), and an entry per pause
    in typing would bury the log; a refusal is audited by the unit of work as usual."""
    with unit_of_work(ctx) as uow:
        note = uow.readable_note(note_id, f"edit note {note_id}")
        uow.require(access.can_edit_note(uow.actor, note), f"edit note {note_id}")
        if note.status == "signed":
            raise RecordLocked(f"note {note_id} is signed; it cannot be changed (add an addendum)")
    if not text.strip() or len(text) > MAX_NOTE_CHARS:
        return []  # the save route names these; the checker has nothing useful to say
    return run_checker(text, None, datetime.now(UTC).date().isoformat())
