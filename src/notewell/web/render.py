"""Jinja2 templates (autoescaped) and the context every page gets."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from notewell.web.session import WebSession

HERE = Path(__file__).parent


def age(moment: datetime | None) -> str:
    """'5 min', '3 h', '2 d': how long a draft has waited."""
    if moment is None:
        return "?"
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    seconds = max(0, int((datetime.now(UTC) - moment).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"


def templates() -> Jinja2Templates:
    found = Jinja2Templates(directory=HERE / "templates")
    found.env.filters["age"] = age
    return found


def page(
    request: Request,
    name: str,
    session: WebSession | None,
    status_code: int = 200,
    **values: Any,
) -> Response:
    values["session"] = session
    result: Response = request.app.state.templates.TemplateResponse(
        request, name, values, status_code=status_code
    )
    return result


def is_fetch(request: Request) -> bool:
    """Requests from our own script (fragments) and the JSON API get no redirects."""
    return request.url.path.startswith("/api/") or request.headers.get("x-notewell-fetch") == "1"
