"""The JSON API, writes: a note drafted and saved from session text, a new version
(based on the version the caller read), signing with override reasons, an addendum.
Each route calls one service function; the errors' bodies are in web/api_errors."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from notewell.services import notes, record_drafts, signing
from notewell.web.api_auth import Caller
from notewell.web.api_models import (
    AddendumIn,
    ConflictBody,
    NewNoteIn,
    NoteCreated,
    NoteOut,
    SaveIn,
    SignIn,
    SigningBlockedBody,
)
from notewell.web.routes_api import ERRORS, PREFIX, ClientId, NoteId

router = APIRouter(prefix=PREFIX, responses=ERRORS, tags=["record"])

CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": ConflictBody, "description": "a stale base version, or a signed note"}
}
BLOCKED: dict[int | str, dict[str, Any]] = {
    422: {"model": SigningBlockedBody, "description": "error findings without a reason"}
}


@router.post("/clients/{identifier}/notes", response_model=NoteCreated, status_code=201)
def create_note(identifier: ClientId, body: NewNoteIn, caller: Caller) -> NoteCreated:
    """Draft from session text and save version 1 (as `notewell note new`). The draft's
    private part is never saved."""
    drafted = record_drafts.draft_new_note(caller.ctx, identifier, body.text, body.format)
    return NoteCreated.model_validate(drafted)


@router.post("/notes/{note_id}/versions", response_model=NoteOut, responses=CONFLICT)
def save_version(note_id: NoteId, body: SaveIn, caller: Caller) -> NoteOut:
    """A new version of a draft. A base version older than the stored one is a 409
    with both texts: nothing is overwritten."""
    return NoteOut.model_validate(
        notes.save_note(caller.ctx, note_id, body.text, body.base_version)
    )


@router.post("/notes/{note_id}/sign", response_model=NoteOut, responses={**CONFLICT, **BLOCKED})
def sign(note_id: NoteId, body: SignIn, caller: Caller) -> NoteOut:
    """Sign the current version; each error-level rule needs a reason in `overrides`
    (422 lists the findings still without one)."""
    return NoteOut.model_validate(signing.sign_note(caller.ctx, note_id, body.overrides))


@router.post("/notes/{note_id}/addenda", response_model=NoteOut, status_code=201)
def add_addendum(note_id: NoteId, body: AddendumIn, caller: Caller) -> NoteOut:
    """A dated, signed addendum to a signed note (a draft is edited instead: 400)."""
    return NoteOut.model_validate(signing.add_addendum(caller.ctx, note_id, body.text))
