"""The audit log for admins: pages newest first (filter by user, action) and a Verify
that runs `notewell audit verify`'s check. The services refuse others with 403."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from notewell.services import audit
from notewell.web.deps import Page, Post
from notewell.web.render import page

router = APIRouter(prefix="/admin/audit")

MAX_SEQ = 2**63 - 1


@router.get("")
def audit_log(
    request: Request,
    session: Page,
    before: Annotated[int | None, Query(ge=1, le=MAX_SEQ)] = None,
    actor: Annotated[str, Query(max_length=64)] = "",
    action: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    found = audit.audit_page(
        session.ctx, before=before, actor=actor.strip() or None, action=action.strip() or None
    )
    return page(
        request, "audit.html", session, found=found, actor=actor.strip(), action=action.strip()
    )


@router.post("/verify")
def audit_verify(request: Request, session: Post) -> Response:
    report = audit.verify_as_admin(session.ctx)
    return page(request, "audit_verify.html", session, report=report)
