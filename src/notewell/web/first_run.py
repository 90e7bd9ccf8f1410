"""First-run set-up: while the record has no users, every page leads to /setup, where
whoever holds the one-time code `notewell serve` printed creates the first admin."""

from __future__ import annotations

import secrets
import threading

from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from notewell.services.users import has_users
from notewell.store.database import Database

SETUP_PATH = "/setup"


class FirstRun:
    """The process's set-up code and whether set-up is still open. Users are never
    deleted, so once the record has one, set-up stays closed for this process."""

    def __init__(self, db: Database, code: str | None = None) -> None:
        self.db = db
        self.code = code or "-".join(secrets.token_hex(3) for _ in range(4))
        self._open = not has_users(db)
        self._lock = threading.Lock()

    @property
    def maybe_open(self) -> bool:
        """Cheap (no database): False once set-up is known to be closed."""
        return self._open

    def pending(self) -> bool:
        if self._open:
            with self._lock:
                self._open = not has_users(self.db)
        return self._open


class SetupRedirect(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        first_run: FirstRun = request.app.state.first_run
        path = request.url.path
        if (
            path != SETUP_PATH
            and not path.startswith("/static/")
            and first_run.maybe_open
            and await run_in_threadpool(first_run.pending)
        ):
            return RedirectResponse(SETUP_PATH, 303)
        return await call_next(request)
