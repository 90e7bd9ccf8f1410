"""The API's OpenAPI document at /api/v1/openapi.json: the /api/v1 routes only (the
pages are not an API), with our error bodies in place of FastAPI's default 422."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from starlette.responses import JSONResponse, Response

from notewell import __version__
from notewell.web.routes_api import PREFIX

router = APIRouter()

DESCRIPTION = """\
notewell's record over HTTP: the same operations, and the same access rules, as the
pages. Authenticate with a personal API token (`Authorization: Bearer nw_...`, made at
POST /api/v1/tokens from a signed-in session) or the browser's session cookie (writes
then need the `X-CSRF-Token` header). Psychotherapy notes are never served here.

Every error is JSON with at least `{"error": "one line"}`: 400 malformed or refused
input (a malformed request also lists `fields: [{field, problem}]`), 401 no valid
token or session (`login`), 403 not allowed, 404 not found, 409 a stale version (both
versions) or a signed note, 422 signing refused (the findings without a reason), 500
internal error (its type only).
"""


def _drop_default_validation(document: dict[str, Any]) -> None:
    """FastAPI documents its own 422 shape; ours is a 400 BadRequestBody everywhere."""
    for path in document.get("paths", {}).values():
        for operation in path.values():
            responses = operation.get("responses", {})
            schema = responses.get("422", {}).get("content", {}).get("application/json", {})
            if schema.get("schema", {}).get("$ref", "").endswith("/HTTPValidationError"):
                del responses["422"]
    schemas = document.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)


def _refs(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {value["$ref"].rsplit("/", 1)[-1]} if isinstance(value.get("$ref"), str) else set()
        return found.union(*(_refs(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_refs(v) for v in value))
    return set()


def _keep_api_only(document: dict[str, Any]) -> None:
    """Only /api/v1 paths, and only the schemas they reach."""
    document["paths"] = {p: v for p, v in document["paths"].items() if p.startswith(f"{PREFIX}/")}
    schemas = document.get("components", {}).get("schemas", {})
    reached, frontier = set(), _refs(document["paths"])
    while frontier:
        reached |= frontier
        frontier = _refs([schemas[n] for n in frontier if n in schemas]) - reached
    for name in set(schemas) - reached:
        del schemas[name]


def api_document(app: FastAPI) -> dict[str, Any]:
    cached: dict[str, Any] | None = getattr(app.state, "api_openapi", None)
    if cached is None:
        cached = get_openapi(
            title="notewell API", version=__version__, description=DESCRIPTION, routes=app.routes
        )
        _drop_default_validation(cached)
        _keep_api_only(cached)
        app.state.api_openapi = cached
    return cached


@router.get(f"{PREFIX}/openapi.json", include_in_schema=False)
def openapi(request: Request) -> Response:
    """Public: it describes the API, not the record."""
    return JSONResponse(api_document(request.app))
