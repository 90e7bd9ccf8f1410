"""New note (draft from session input, save), a note's page, save and sign."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from notewell.core.errors import InputError
from notewell.services import (
    note_actions,
    note_drafts,
    notes,
    signing,
    validation,
)
from notewell.services.errors import Conflict, SigningBlocked
from notewell.services.note_drafts import NewNote
from notewell.services.notes import MAX_NOTE_CHARS
from notewell.web.conflict_view import conflict_view
from notewell.web.deps import Page, Post
from notewell.web.editor import (
    FORMATS,
    SERVICES,
    EditorView,
    checked,
    editor_view,
    override_reasons,
    submitted_text,
)
from notewell.web.note_text import digest
from notewell.web.provenance import source_view
from notewell.web.render import is_fetch, page
from notewell.web.session import WebSession

router = APIRouter()

Text = Annotated[str, Form(max_length=MAX_NOTE_CHARS)]
Texts = Annotated[list[str], Form()]


def go(request: Request, url: str) -> Response:
    """Our script follows this header itself; a plain form gets a redirect."""
    if is_fetch(request):
        return Response(status_code=204, headers={"x-notewell-location": url})
    return RedirectResponse(url, 303)


def editor_response(
    request: Request, session: WebSession, view: EditorView, status_code: int = 200
) -> Response:
    name = "_editor.html" if is_fetch(request) else "note.html"
    return page(request, name, session, status_code, editor=view, note=view.note)


@router.get("/clients/{identifier}/notes/new")
def new_note_form(request: Request, identifier: str, session: Page) -> Response:
    client = notes.require_can_write(session.ctx, identifier)
    return page(
        request, "note_new.html", session, client=client, formats=FORMATS, services=SERVICES
    )


@router.post("/clients/{identifier}/notes")
def draft_and_save(
    request: Request,
    identifier: str,
    session: Post,
    text: Text = "",
    note_format: Annotated[str, Form(alias="format")] = "",
    service: Annotated[str, Form()] = "",
    keep_private: Annotated[bool, Form()] = False,
) -> Response:
    """As `notewell note new` (the same service call): refuse early for a client the
    user may not write for, draft, save version 1. The draft's private part is never
    put in the note; with `keep_private` (as `--private`) it is saved as the author's
    psychotherapy note on the session, shown on the note's own tab only."""
    if note_format and note_format not in FORMATS:
        raise InputError(f"choose one of the formats: {', '.join(FORMATS)}")
    if service and service not in {s.id for s in SERVICES}:
        raise InputError(f"choose one of the services: {', '.join(s.id for s in SERVICES)}")
    if not text.strip():
        raise InputError("paste or type the session details first")
    saved = note_drafts.draft_and_save(
        session.ctx,
        NewNote(identifier, text, note_format, keep_private=keep_private, service=service or None),
    )
    if not is_fetch(request):
        return RedirectResponse(f"/notes/{saved.note.note_id}", 303)
    # The input is not kept with the note: sentence -> source lives on this page only.
    editor = editor_view(saved.note, saved.draft.findings)
    source = source_view(saved.draft)
    private = _private_outcome(keep_private, saved.private_note_id)
    return page(
        request,
        "_drafted.html",
        session,
        editor=editor,
        source=source,
        client=identifier,
        private=private,
    )


def _private_outcome(asked: bool, private_note_id: int | None) -> str | None:
    """What became of the draft's private part, said beside the draft: never silent."""
    if not asked:
        return None
    return "kept" if private_note_id is not None else "none"


@router.get("/notes/{note_id}")
def note_page(request: Request, note_id: int, session: Page) -> Response:
    validation.record_id(note_id, "note id")  # an overflowing id is a 400, not a 500
    shown = note_actions.note_page(session.ctx, note_id)
    view = shown.note
    editable = view.status != "signed" and view.summary.author == session.ctx.username
    editor = editor_view(view) if editable else None
    return page(request, "note.html", session, note=view, editor=editor, actions=shown.actions)


@router.post("/notes/{note_id}/save")
def save(
    request: Request,
    note_id: int,
    session: Post,
    version: Annotated[int, Form()],
    header: Text = "",
    section_name: Texts = [],  # noqa: B006 - FastAPI copies defaults per request
    section_body: Texts = [],  # noqa: B006
) -> Response:
    validation.record_id(note_id, "note id")  # an overflowing id is a 400, not a 500
    text = submitted_text(header, section_name, section_body)
    try:
        view = notes.save_note(session.ctx, note_id, text, version)
    except Conflict as conflict:  # both versions shown; the editor keeps the clinician's text
        name = "_conflict.html" if is_fetch(request) else "conflict.html"
        return page(request, name, session, 409, conflict=conflict_view(conflict))
    return editor_response(request, session, editor_view(view))


@router.post("/notes/{note_id}/sign")
def sign(
    request: Request,
    note_id: int,
    session: Post,
    version: Annotated[int, Form()],
    text_hash: Annotated[str, Form()] = "",
    header: Text = "",
    section_name: Texts = [],  # noqa: B006
    section_body: Texts = [],  # noqa: B006
    override_rule: Texts = [],  # noqa: B006
    override_reason: Texts = [],  # noqa: B006
) -> Response:
    """Sign what the clinician sees: unsaved edits are saved first (a new version)."""
    validation.record_id(note_id, "note id")  # an overflowing id is a 400, not a 500
    text = submitted_text(header, section_name, section_body)
    if digest(text) != text_hash:
        notes.save_note(session.ctx, note_id, text, version)
    reasons = override_reasons(override_rule, override_reason)
    try:
        signing.sign_note(session.ctx, note_id, reasons)
    except SigningBlocked as blocked:
        view = notes.show_note(session.ctx, note_id)
        # Every error rule keeps its box (and the reason already typed), not only the
        # ones still unexplained, so a second attempt sends them all.
        blocking = {f.rule for f in blocked.findings}
        others = [f for f in checked(view) if f.rule not in blocking]
        editor = editor_view(view, [*blocked.findings, *others], reasons, str(blocked))
        return editor_response(request, session, editor, 422)
    return go(request, f"/notes/{note_id}")
