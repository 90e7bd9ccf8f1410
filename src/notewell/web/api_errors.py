"""The JSON API's error bodies beyond `{"error": "..."}`: a conflict's two versions, a
refused signature's findings, and which fields of a malformed request were wrong.
Pydantic's own messages are used, never the input they refused (it may be health
information)."""

from __future__ import annotations

from typing import Any

from fastapi.exceptions import RequestValidationError

from notewell.services.errors import Conflict, SigningBlocked, StaleChange


def details(exc: Exception) -> dict[str, Any]:
    # A StaleChange (a plan, the first admin) is a Conflict without a note's versions.
    if isinstance(exc, Conflict) and not isinstance(exc, StaleChange):
        return {
            "note_id": exc.note_id,
            "base_version": exc.base_version,
            "current_version": exc.current_version,
            "current_text": exc.current_text,
            "attempted_text": exc.attempted_text,
        }
    if isinstance(exc, SigningBlocked):
        return {"note_id": exc.note_id, "findings": [f.to_dict() for f in exc.findings]}
    return {}


def field_name(location: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in location) or "request"


def field_problems(exc: RequestValidationError) -> list[dict[str, str]]:
    return [
        {"field": field_name(e.get("loc", ())), "problem": str(e.get("msg", "invalid"))[:200]}
        for e in exc.errors()
    ]
