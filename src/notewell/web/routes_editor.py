"""The draft editor's live findings: the checker on the text being edited, as the
side-panel fragment the page script swaps in (nothing is saved)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from notewell.services import draft_check, validation
from notewell.services.notes import MAX_NOTE_CHARS
from notewell.web.deps import Post
from notewell.web.editor import Checks, override_reasons, prompts_in, submitted_text
from notewell.web.render import page

router = APIRouter()

Text = Annotated[str, Form(max_length=MAX_NOTE_CHARS)]
Texts = Annotated[list[str], Form()]


@router.post("/notes/{note_id}/check")
def check_edit(
    request: Request,
    note_id: int,
    session: Post,
    header: Text = "",
    section_name: Texts = [],  # noqa: B006 - FastAPI copies defaults per request
    section_body: Texts = [],  # noqa: B006
    override_rule: Texts = [],  # noqa: B006
    override_reason: Texts = [],  # noqa: B006
) -> Response:
    validation.record_id(note_id, "note id")  # an overflowing id is a 400, not a 500
    text = submitted_text(header, section_name, section_body)
    findings = draft_check.check_draft_text(session.ctx, note_id, text)
    # Reasons already typed stay in their boxes when the panel is swapped.
    checks = Checks(
        tuple(findings), prompts_in(text), override_reasons(override_rule, override_reason)
    )
    return page(request, "_findings.html", session, checks=checks)
