"""Treatment plans: problems, measurable goals and objectives, planned interventions,
review date. Each `set_plan` adds a new version; the newest is the current plan.

Plan files (YAML) read by `notewell plan set`:

    problems: [Depressed mood limiting work attendance]
    goals:
      - text: Reduce avoidance of work-related tasks
        objectives: [Complete 3 scheduled work tasks per week for 4 weeks]
        keywords: [avoidance, work]
    interventions: [behavioral_activation, cognitive_restructuring]
    review_date: 2027-02-01
"""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from notewell.core.errors import InputError
from notewell.services import access
from notewell.services.context import Context, unit_of_work
from notewell.services.errors import StaleChange
from notewell.services.views import GoalView, PlanView
from notewell.store.models import PlanGoal, TreatmentPlan, User


class GoalInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1)
    objectives: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)


class PlanInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    problems: list[str] = Field(default_factory=list)
    goals: list[GoalInput] = Field(min_length=1)
    interventions: list[str] = Field(default_factory=list)
    review_date: date | None = None


def parse_plan_yaml(text: str, source: str = "plan") -> PlanInput:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        raise InputError(f"{source}: not valid YAML") from None
    return plan_input(data, source)


def plan_input(data: Any, source: str = "plan") -> PlanInput:
    """A plan from plain data (a parsed file, a web form), or InputError naming the field."""
    try:
        return PlanInput.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "plan"
        message = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
        raise InputError(f"{source}: {where}: {message}") from None


def current_plan(session: Session, client_id: int) -> TreatmentPlan | None:
    return session.scalar(
        select(TreatmentPlan)
        .where(TreatmentPlan.client_id == client_id)
        .order_by(TreatmentPlan.id.desc())
        .limit(1)
    )


def goal_view(goal: PlanGoal) -> GoalView:
    return GoalView(goal.number, goal.text, tuple(goal.objectives), tuple(goal.keywords))


def plan_view(session: Session, plan: TreatmentPlan) -> PlanView:
    author = session.get(User, plan.created_by_id)
    return PlanView(
        plan_id=plan.id,
        problems=tuple(plan.problems),
        goals=tuple(goal_view(g) for g in plan.goals),
        interventions=tuple(plan.interventions),
        review_date=plan.review_date,
        created_by=author.username if author else "?",
        created_at=plan.created_at,
    )


def plan_for_checker(plan: TreatmentPlan | None) -> dict[str, Any] | None:
    """The plan in the checker's input shape (core.check.treatment_plan)."""
    if plan is None or not plan.goals:
        return None
    return {
        "goals": [
            {"id": str(g.number), "text": g.text, "keywords": list(g.keywords)} for g in plan.goals
        ]
    }


def may_set_plan(ctx: Context, client_identifier: str) -> bool:
    """Whether the acting user may set this client's plan (for an interface's links;
    `set_plan` checks again)."""
    with unit_of_work(ctx) as uow:
        return access.can_set_plan(uow.actor, uow.client(client_identifier))


def plan_for_editing(ctx: Context, client_identifier: str) -> PlanView | None:
    """The current plan (None: none yet), for whoever may set it."""
    with unit_of_work(ctx) as uow:
        client = uow.readable_client(client_identifier, f"use the record of {client_identifier}")
        uow.require(access.can_set_plan(uow.actor, client), f"set the plan of {client.identifier}")
        uow.audit("plan.read", "client", client.identifier)
        plan = current_plan(uow.session, client.id)
        return plan_view(uow.session, plan) if plan else None


_UNCHECKED = -1


def set_plan(
    ctx: Context, client_identifier: str, plan: PlanInput, based_on: int | None = _UNCHECKED
) -> PlanView:
    """A new version of the plan. `based_on`: the plan id the editor loaded (None: there
    was none); a newer plan saved meanwhile refuses with StaleChange, nothing lost."""
    with unit_of_work(ctx) as uow:
        client = uow.readable_client(client_identifier, f"set the plan of {client_identifier}")
        uow.require(access.can_set_plan(uow.actor, client), f"set the plan of {client.identifier}")
        if based_on != _UNCHECKED:
            latest = current_plan(uow.session, client.id)
            if (latest.id if latest else None) != based_on:
                raise StaleChange(
                    f"the plan of {client.identifier} changed since you opened it; your "
                    "version was not saved: reload and apply your changes again"
                )
        row = TreatmentPlan(
            client_id=client.id,
            problems=plan.problems,
            interventions=plan.interventions,
            review_date=plan.review_date,
            created_by_id=uow.actor.id,
            goals=[
                PlanGoal(number=i, text=g.text, objectives=g.objectives, keywords=g.keywords)
                for i, g in enumerate(plan.goals, start=1)
            ],
        )
        uow.session.add(row)
        uow.session.flush()
        uow.audit("plan.create", "client", client.identifier, f"plan {row.id}")
        return plan_view(uow.session, row)
