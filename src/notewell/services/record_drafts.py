"""Drafting for the JSON API: the engine's JSON contract with the psychotherapy-note
material withheld, and a new note from session text (`note_drafts.draft_and_save`).

The contract is `Draft.to_dict()`, the dict `notewell draft --output json` prints, with
two changes: `psychotherapy_note` is always null and the input's private reflections
are left out of `facts.elements`. A private reflection never leaves the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from notewell.core.errors import InputError
from notewell.core.formats import RECORD_FORMATS, load_format
from notewell.core.models import Draft
from notewell.services import drafting, note_drafts
from notewell.services.context import Context
from notewell.services.views import NoteView

# Progress-note formats (psychotherapy notes are not drafted through the record).
PROGRESS_FORMATS: tuple[str, ...] = RECORD_FORMATS
PRIVATE_ELEMENTS = frozenset({"private_reflection"})


@dataclass(frozen=True, slots=True)
class DraftedNote:
    note: NoteView
    findings: list[dict[str, Any]]  # the checker's findings on the draft, as in the contract


def _check_request(text: str, format_name: str) -> None:
    if format_name not in PROGRESS_FORMATS:
        raise InputError(f"choose one of the formats: {', '.join(PROGRESS_FORMATS)}")
    if not text.strip():
        raise InputError("paste or type the session details first")


def _draft(text: str, format_name: str) -> Draft:
    _check_request(text, format_name)
    request = drafting.DraftRequest(
        note_format=load_format(format_name), style=drafting.load_style(None)
    )
    return drafting.draft_text(text, request)


def record_safe_contract(draft: Draft) -> dict[str, Any]:
    data = draft.to_dict()
    data["psychotherapy_note"] = None
    facts = data["facts"]
    facts["elements"] = [e for e in facts["elements"] if e["element"] not in PRIVATE_ELEMENTS]
    return data


def draft_contract(text: str, format_name: str) -> dict[str, Any]:
    """Nothing is stored: the draft for the caller to review or keep elsewhere."""
    return record_safe_contract(_draft(text, format_name))


def draft_new_note(
    ctx: Context, client_identifier: str, text: str, format_name: str
) -> DraftedNote:
    """As `notewell note new` (`note_drafts.draft_and_save`: refused and audited before
    the seconds of drafting for a client the actor may not write for, saved in one
    unit of work); the draft's private part is never saved from here."""
    _check_request(text, format_name)
    saved = note_drafts.draft_and_save(
        ctx, note_drafts.NewNote(client_identifier, text, format_name, keep_private=False)
    )
    return DraftedNote(saved.note, [f.to_dict() for f in saved.draft.findings])
