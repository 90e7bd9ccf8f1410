"""`notewell serve`: the web app over the configured record (uvicorn)."""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from typing import Annotated

import typer

from notewell.cli.console import console, err_console, fail, one_line_errors


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", help="Port.")] = 8000,
    ssl_certfile: Annotated[
        Path | None, typer.Option("--ssl-certfile", help="TLS certificate (PEM).")
    ] = None,
    ssl_keyfile: Annotated[
        Path | None, typer.Option("--ssl-keyfile", help="TLS private key (PEM).")
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            help="Processes serving requests (default: one per CPU core, at most 4).",
        ),
    ] = 0,
) -> None:
    """Serve the web app (sign in at /login) with the configured record.

    Example: notewell serve            # http://127.0.0.1:8000
    """
    import uvicorn

    from notewell.store.database import open_database
    from notewell.web.app import WORKER_SECRETS_ENV, create_app, worker_secrets_env

    if (ssl_certfile is None) != (ssl_keyfile is None):
        raise fail("give both --ssl-certfile and --ssl-keyfile, or neither")
    if not _loopback(host) and ssl_certfile is None:
        # Passwords and health information would cross the network in clear.
        raise fail(
            f"{host} is not a loopback address: serve it over TLS (--ssl-certfile/--ssl-keyfile)"
        )
    if not 1 <= port <= 65535:
        raise fail("--port: 1 to 65535")
    if not 0 <= workers <= 64:
        raise fail("--workers: 1 to 64 (0: one per CPU core, at most 4)")
    workers = workers or default_workers()
    csrf_key = secrets.token_bytes(32)
    with one_line_errors():  # the record is opened here first, so its errors are one line
        app = create_app(open_database(), csrf_key=csrf_key, warm=workers == 1)
    scheme = "https" if ssl_certfile else "http"
    console.print(f"notewell web app on {scheme}://{host}:{port}/ (Ctrl-C stops it)")
    if app.state.first_run.pending():
        # Only on this terminal: whoever reads it could run `notewell init` anyway.
        console.print(
            f"No users yet: create the first admin at {scheme}://{host}:{port}/setup "
            f"with the one-time set-up code {app.state.first_run.code}"
        )
    err_console.print("Access log off: request paths name clients and notes.", style="dim")
    if workers > 1:
        # Each worker process builds its own app from the configured record (uvicorn
        # needs an import string to start them) with this process's key and code.
        app.state.db.close()
        os.environ[WORKER_SECRETS_ENV] = worker_secrets_env(csrf_key, app.state.first_run.code)
    uvicorn.run(
        "notewell.web.app:app_for_worker" if workers > 1 else app,
        factory=workers > 1,
        workers=workers if workers > 1 else None,
        host=host,
        port=port,
        ssl_certfile=str(ssl_certfile) if ssl_certfile else None,
        ssl_keyfile=str(ssl_keyfile) if ssl_keyfile else None,
        access_log=False,
        server_header=False,
        proxy_headers=False,
    )


def default_workers() -> int:
    """One per core the process may use, at most 4: drafting is CPU-bound, and past a
    few processes the record's write lock, not the CPU, sets the pace."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
