"""`notewell serve`: the web app over the configured record (uvicorn)."""

from __future__ import annotations

import ipaddress
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
) -> None:
    """Serve the web app (sign in at /login) with the configured record.

    Example: notewell serve            # http://127.0.0.1:8000
    """
    import uvicorn

    from notewell.store.database import open_database
    from notewell.web.app import create_app

    if (ssl_certfile is None) != (ssl_keyfile is None):
        raise fail("give both --ssl-certfile and --ssl-keyfile, or neither")
    if not _loopback(host) and ssl_certfile is None:
        # Passwords and health information would cross the network in clear.
        raise fail(
            f"{host} is not a loopback address: serve it over TLS (--ssl-certfile/--ssl-keyfile)"
        )
    if not 1 <= port <= 65535:
        raise fail("--port: 1 to 65535")
    with one_line_errors():
        app = create_app(open_database())
    scheme = "https" if ssl_certfile else "http"
    console.print(f"notewell web app on {scheme}://{host}:{port}/ (Ctrl-C stops it)")
    if app.state.first_run.pending():
        # Only on this terminal: whoever reads it could run `notewell init` anyway.
        console.print(
            f"No users yet: create the first admin at {scheme}://{host}:{port}/setup "
            f"with the one-time set-up code {app.state.first_run.code}"
        )
    err_console.print("Access log off: request paths name clients and notes.", style="dim")
    uvicorn.run(
        app,
        host=host,
        port=port,
        ssl_certfile=str(ssl_certfile) if ssl_certfile else None,
        ssl_keyfile=str(ssl_keyfile) if ssl_keyfile else None,
        access_log=False,
        server_header=False,
        proxy_headers=False,
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
