"""A group session: pick the members among your clients, paste the session details,
draft; each member's note is saved as an unsigned draft on that member's record (one
service call, `group_notes.draft_and_save_group`), then edited and signed like any
note."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from notewell.services import group_notes
from notewell.services.notes import MAX_NOTE_CHARS
from notewell.web.deps import Page, Post
from notewell.web.editor import MEMBER_FORMATS
from notewell.web.render import page

router = APIRouter()


@router.get("/groups/new")
def new_group_form(request: Request, session: Page) -> Response:
    own = group_notes.member_choices(session.ctx)
    return page(request, "group_new.html", session, clients=own, formats=MEMBER_FORMATS)


@router.post("/groups")
def draft_group(
    request: Request,
    session: Post,
    text: Annotated[str, Form(max_length=MAX_NOTE_CHARS)] = "",
    members: Annotated[list[str] | None, Form(alias="member")] = None,
    note_format: Annotated[str, Form(alias="format")] = "dap",
) -> Response:
    saved = group_notes.draft_and_save_group(
        session.ctx, group_notes.NewGroupNote(tuple(members or ()), text, note_format)
    )
    return page(request, "group_drafted.html", session, saved=saved)
