"""The signed note's life: addenda, co-signature, an admin's break-the-glass read,
exports (PDF, text, Markdown, FHIR R4), and the author's psychotherapy-note tab."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from notewell.services import exports, note_actions, private_notes, signing, validation
from notewell.services.notes import MAX_NOTE_CHARS
from notewell.services.private_notes import MAX_PRIVATE_CHARS
from notewell.web.deps import Page, Post
from notewell.web.render import page
from notewell.web.routes_notes import go

router = APIRouter()

Text = Annotated[str, Form(max_length=MAX_NOTE_CHARS)]


@router.post("/notes/{note_id}/addenda")
def add_addendum(request: Request, note_id: int, session: Post, text: Text = "") -> Response:
    validation.record_id(note_id, "note id")
    signing.add_addendum(session.ctx, note_id, text)
    return go(request, f"/notes/{note_id}")


@router.post("/notes/{note_id}/cosign")
def cosign(request: Request, note_id: int, session: Post) -> Response:
    validation.record_id(note_id, "note id")
    signing.cosign_note(session.ctx, note_id)
    return go(request, f"/notes/{note_id}")


@router.get("/break-glass")
def break_glass_form(request: Request, session: Page, note: int | None = None) -> Response:
    """The form only: it reads nothing. The POST is where the service decides."""
    return page(request, "break_glass.html", session, note_id=note)


@router.post("/break-glass")
def break_glass(
    request: Request,
    session: Post,
    note_id: Annotated[int, Form()],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """The note id and reason travel in the body, never in a URL (logs, history)."""
    validation.record_id(note_id, "note id")
    shown = note_actions.note_page(session.ctx, note_id, break_glass=reason)
    return page(
        request,
        "note.html",
        session,
        note=shown.note,
        actions=shown.actions,
        editor=None,
        broke_glass=True,
    )


def download(file: exports.ExportFile) -> Response:
    return Response(
        file.content,
        media_type=file.media_type,
        headers={"content-disposition": f'attachment; filename="{file.filename}"'},
    )


@router.get("/notes/{note_id}/export/{output}")
def export_note(note_id: int, output: str, session: Page) -> Response:
    validation.record_id(note_id, "note id")
    return download(exports.export_note(session.ctx, note_id, output))


@router.get("/clients/{identifier}/export/{output}")
def export_record(identifier: str, output: str, session: Page) -> Response:
    return download(exports.export_client_record(session.ctx, identifier, output))


@router.get("/notes/{note_id}/private")
def private_tab(request: Request, note_id: int, session: Page) -> Response:
    """The author's own tab; anyone else gets 404 whether or not such notes exist."""
    validation.record_id(note_id, "note id")
    found = private_notes.session_private_notes(session.ctx, note_id)
    return page(request, "private.html", session, note_id=note_id, private=found)


@router.post("/notes/{note_id}/private")
def write_private(
    note_id: int,
    session: Post,
    text: Annotated[str, Form(max_length=MAX_PRIVATE_CHARS)] = "",
) -> Response:
    validation.record_id(note_id, "note id")
    private_notes.create_session_private_note(session.ctx, note_id, text)
    return RedirectResponse(f"/notes/{note_id}/private", 303)
