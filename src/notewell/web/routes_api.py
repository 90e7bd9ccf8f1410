"""The JSON API: a note's view, and a draft from session text (nothing saved)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.responses import JSONResponse, Response

from notewell.core.errors import InputError
from notewell.core.extract.readers import MAX_INPUT_CHARS
from notewell.core.formats import load_format
from notewell.core.models import Draft
from notewell.services import drafting, notes, validation
from notewell.services.record_export import plain_data
from notewell.services.record_text import note_text_from_draft
from notewell.web.deps import Page, Post
from notewell.web.editor import FORMATS

router = APIRouter(prefix="/api")


class DraftIn(BaseModel):
    text: str = Field(max_length=MAX_INPUT_CHARS)
    format: str = "dap"


@router.get("/notes/{note_id}")
def note_json(note_id: int, session: Page) -> Response:
    """The same view, and the same access rules, as the note's page."""
    validation.record_id(note_id, "note id")  # an overflowing id is a 400, not a 500
    return JSONResponse(plain_data(asdict(notes.show_note(session.ctx, note_id))))


def draft_json(draft: Draft) -> dict[str, Any]:
    """The progress-note part only: the draft's psychotherapy-note part is left out."""
    header = {k: v for k, v in asdict(draft.header).items() if k != "sources"}
    return {
        "format": draft.format,
        "header": plain_data(header),
        "cpt": plain_data(asdict(draft.cpt)) if draft.cpt else None,
        "sections": [
            {
                "name": s.name,
                "text": s.text,
                "sentences": [{"text": x.text, "prompt": x.prompt} for x in s.sentences],
            }
            for s in draft.sections
        ],
        "findings": [plain_data(asdict(f)) for f in draft.findings],
        "text": note_text_from_draft(draft),
    }


@router.post("/draft")
def draft(body: DraftIn, session: Post) -> Response:
    """Needs a signed-in session (and its CSRF header) though nothing is stored: the
    text is health information and drafting costs the server seconds."""
    if body.format not in FORMATS:
        raise InputError(f"choose one of the formats: {', '.join(FORMATS)}")
    request = drafting.DraftRequest(
        note_format=load_format(body.format), style=drafting.load_style(None)
    )
    return JSONResponse(draft_json(drafting.draft_text(body.text, request)))
