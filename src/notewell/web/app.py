"""`create_app(db)`: the FastAPI application over one record store."""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from notewell.store.database import Database
from notewell.web import (
    api_openapi,
    errors,
    routes_admin,
    routes_api,
    routes_api_notes,
    routes_api_tokens,
    routes_audit,
    routes_auth,
    routes_clients,
    routes_editor,
    routes_enrol,
    routes_notes,
    routes_pages,
    routes_plan,
    routes_record,
    routes_setup,
)
from notewell.web.first_run import FirstRun, SetupRedirect
from notewell.web.middleware import SecurityHeaders
from notewell.web.render import templates

HERE = Path(__file__).parent


def create_app(
    db: Database, *, csrf_key: bytes | None = None, setup_code: str | None = None
) -> FastAPI:
    """`csrf_key` signs the per-session CSRF tokens; a new random key per process by
    default (a restart only asks open pages to be reloaded, sessions stay). While the
    record has no users, `/setup` asks for `setup_code` (random by default, in
    `app.state.first_run.code` for `notewell serve` to print)."""
    app = FastAPI(title="notewell", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.db = db
    app.state.csrf_key = csrf_key or secrets.token_bytes(32)
    app.state.templates = templates()
    app.state.first_run = FirstRun(db, setup_code)
    app.add_middleware(SetupRedirect)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so redirects get headers
    errors.install(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (
        routes_auth,
        routes_clients,  # before routes_pages: /clients/new is not a client
        routes_pages,
        routes_notes,
        routes_editor,
        routes_record,
        routes_api,
    ):
        app.include_router(module.router)
    for module in (routes_setup, routes_enrol, routes_admin, routes_audit, routes_plan):
        app.include_router(module.router)
    for module in (routes_api_notes, routes_api_tokens, api_openapi):
        app.include_router(module.router)
    return app
