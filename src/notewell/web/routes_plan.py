"""The treatment-plan editor: problems, goals with their objectives and keywords,
interventions, review date. Each save is a new version of the plan (services/plans.py);
the version the editor loaded rides along, so a plan changed meanwhile is a 409."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from notewell.services import plans
from notewell.web.deps import Page, Post
from notewell.web.forms import MAX_GOALS, plan_data
from notewell.web.render import page

router = APIRouter()

BLANK_GOALS = 2  # empty rows for new goals; a goal whose text is cleared is dropped


@router.get("/clients/{identifier}/plan")
def plan_form(request: Request, identifier: str, session: Page) -> Response:
    current = plans.plan_for_editing(session.ctx, identifier)
    return page(
        request, "plan_edit.html", session, identifier=identifier, plan=current, blank=BLANK_GOALS
    )


@router.post("/clients/{identifier}/plan")
def plan_save(
    identifier: str,
    session: Post,
    based_on: Annotated[str, Form(max_length=20)] = "",
    problems: Annotated[str, Form(max_length=20_000)] = "",
    interventions: Annotated[str, Form(max_length=20_000)] = "",
    review_date: Annotated[str, Form(max_length=20)] = "",
    goal_text: Annotated[list[str] | None, Form(max_length=MAX_GOALS)] = None,
    goal_objectives: Annotated[list[str] | None, Form(max_length=MAX_GOALS)] = None,
    goal_keywords: Annotated[list[str] | None, Form(max_length=MAX_GOALS)] = None,
) -> Response:
    data = plan_data(
        problems,
        interventions,
        review_date,
        goal_text or [],
        goal_objectives or [],
        goal_keywords or [],
    )
    plan = plans.plan_input(data, "treatment plan")
    loaded = int(based_on) if based_on.isdigit() else None
    plans.set_plan(session.ctx, identifier, plan, based_on=loaded)
    return RedirectResponse(f"/clients/{identifier}", 303)
