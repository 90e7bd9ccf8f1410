"""The JSON API, reads and drafting: who am I, my clients, a client, a client's notes,
a note, and a draft from session text (nothing saved). Writes are in routes_api_notes;
tokens in routes_api_tokens. Each route calls one service function."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from notewell.services import clients, notes, record_drafts, users
from notewell.services.paging import DEFAULT_LIMIT, MAX_LIMIT, Page
from notewell.services.validation import MAX_RECORD_ID
from notewell.web.api_auth import Caller
from notewell.web.api_draft_models import DraftIn, DraftOut
from notewell.web.api_models import (
    BadRequestBody,
    ClientList,
    ClientOut,
    ErrorBody,
    NoteList,
    NoteOut,
    PageInfo,
    SignedOutBody,
    UserOut,
)

PREFIX = "/api/v1"
# Every API answer may be one of these; routes add their own (409, 422).
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": BadRequestBody, "description": "malformed request or refused input"},
    401: {"model": SignedOutBody, "description": "no valid token or signed-in session"},
    403: {"model": ErrorBody, "description": "the caller's role or relation does not allow it"},
    404: {"model": ErrorBody, "description": "no such thing (or not one the caller may know)"},
    500: {"model": ErrorBody, "description": "internal error (its type only)"},
}

router = APIRouter(prefix=PREFIX, responses=ERRORS, tags=["record"])

ClientId = Annotated[str, Path(pattern=r"^[A-Za-z0-9._-]{1,64}$", description="e.g. C-001")]
RecordId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID)]
NoteId = RecordId


@router.get("/me", response_model=UserOut)
def me(caller: Caller) -> UserOut:
    return UserOut.model_validate(users.current_user(caller.ctx))


Offset = Annotated[int, Query(ge=0, le=10**9)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


def _page_info(found: Page[Any]) -> PageInfo:
    return PageInfo(offset=found.offset, limit=found.limit, total=found.total)


@router.get("/clients", response_model=ClientList)
def list_clients(caller: Caller, offset: Offset = 0, limit: Limit = DEFAULT_LIMIT) -> ClientList:
    """All clients for a supervisor, biller or admin; a clinician's own otherwise; a page
    at a time (`offset`, `limit`)."""
    found = clients.list_clients(caller.ctx, offset=offset, limit=limit)
    return ClientList(
        clients=[ClientOut.model_validate(c) for c in found.items], page=_page_info(found)
    )


@router.get("/clients/{identifier}", response_model=ClientOut)
def show_client(identifier: ClientId, caller: Caller) -> ClientOut:
    return ClientOut.model_validate(clients.show_client(caller.ctx, identifier))


@router.get("/clients/{identifier}/notes", response_model=NoteList)
def list_notes(
    identifier: ClientId, caller: Caller, offset: Offset = 0, limit: Limit = DEFAULT_LIMIT
) -> NoteList:
    """Progress notes only (never psychotherapy notes), those the caller may read, a page
    at a time (`offset`, `limit`)."""
    found = notes.list_notes(caller.ctx, identifier, offset=offset, limit=limit)
    return NoteList.model_validate({"notes": list(found.items), "page": _page_info(found)})


@router.get("/notes/{note_id}", response_model=NoteOut)
def show_note(note_id: NoteId, caller: Caller) -> NoteOut:
    """The same view, and the same access rules, as the note's page."""
    return NoteOut.model_validate(notes.show_note(caller.ctx, note_id))


@router.post("/draft", response_model=DraftOut)
def draft(body: DraftIn, caller: Caller) -> dict[str, Any]:
    """The engine's JSON contract (as `notewell draft --output json`), psychotherapy
    parts withheld. Nothing is stored, but a caller is required: the text is health
    information and drafting costs the server time."""
    return record_drafts.draft_contract(body.text, body.format)
