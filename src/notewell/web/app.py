"""`create_app(db)`: the FastAPI application over one record store."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from notewell.services import drafting
from notewell.store.database import Database, open_database
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
    routes_groups,
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
    db: Database,
    *,
    csrf_key: bytes | None = None,
    setup_code: str | None = None,
    warm: bool = False,
) -> FastAPI:
    """`csrf_key` signs the per-session CSRF tokens; a new random key per process by
    default (a restart only asks open pages to be reloaded, sessions stay). While the
    record has no users, `/setup` asks for `setup_code` (random by default, in
    `app.state.first_run.code` for `notewell serve` to print). `warm`: load the drafting
    engine as the server starts, before it answers (`notewell serve` does)."""
    app = FastAPI(
        title="notewell",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=_warm_engine if warm else None,
    )
    app.state.db = db
    app.state.csrf_key = csrf_key or secrets.token_bytes(32)
    app.state.templates = templates()
    app.state.first_run = FirstRun(db, setup_code)
    errors.install(app)  # first: its middleware is the innermost of ours
    app.add_middleware(SetupRedirect)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so redirects get headers
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (
        routes_auth,
        routes_clients,  # before routes_pages: /clients/new is not a client
        routes_pages,
        routes_notes,
        routes_groups,
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


@asynccontextmanager
async def _warm_engine(_app: FastAPI) -> AsyncIterator[None]:
    # Before the server accepts its first connection (in a thread, so the event loop is
    # free): with several workers on one socket, a cold one takes no requests until it
    # is warm, and no clinician's draft waits seconds while the caches fill.
    await run_in_threadpool(drafting.warm_up)
    yield


# `notewell serve --workers N` hands its worker processes the one CSRF key and set-up
# code it printed through this variable (never a setting: each serve makes new ones).
WORKER_SECRETS_ENV = "_NOTEWELL_SERVE_WORKER_SECRETS"


def worker_secrets_env(csrf_key: bytes, setup_code: str) -> str:
    return json.dumps({"csrf_key": csrf_key.hex(), "setup_code": setup_code})


def worker_options() -> dict[str, Any]:
    """`create_app`'s options in a worker of `notewell serve --workers N`: the key and
    code its parent printed, taken out of the environment so nothing the worker starts
    inherits them."""
    raw = os.environ.pop(WORKER_SECRETS_ENV, None)
    if raw is None:
        raise RuntimeError(f"{WORKER_SECRETS_ENV} is not set: start workers with `notewell serve`")
    shared = json.loads(raw)
    return {
        "csrf_key": bytes.fromhex(shared["csrf_key"]),
        "setup_code": shared["setup_code"],
        "warm": True,
    }


def app_for_worker() -> FastAPI:
    """uvicorn's factory in each worker: every worker signs and checks CSRF tokens with
    the same key and asks for the same set-up code, so a form served by one worker posts
    to any other. Sessions, lockouts and the write lock already live in the record,
    which each worker opens itself."""
    return create_app(open_database(), **worker_options())
