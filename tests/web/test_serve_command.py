"""`notewell serve`: registered, loopback by default, TLS required elsewhere; on a record
without users it prints the one-time set-up code."""

from __future__ import annotations

from pathlib import Path

import httpx
from served import notewell_serve
from typer.testing import CliRunner
from web_server import PASSWORD

from notewell.cli import app


def test_serve_is_a_command_with_loopback_defaults() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output and "8000" in result.output


def test_serve_refuses_a_network_address_without_tls() -> None:
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "serve it over TLS" in result.output


def test_serve_on_a_record_without_users_prints_a_set_up_code_that_opens_setup(
    tmp_path: Path,
) -> None:
    """The real command in its own process: `init` without an admin, then `serve` prints
    the one-time code on its terminal, and only that code makes the first admin."""
    with notewell_serve(tmp_path, "--workers", "1") as (base, code):
        first = httpx.get(base + "/", timeout=30)
        assert first.status_code == 303 and first.headers["location"] == "/setup"
        form = {"username": "alex", "password": PASSWORD, "password_again": PASSWORD}
        wrong = httpx.post(
            base + "/setup",
            data=form | {"code": code[:-1] + ("1" if code.endswith("0") else "0")},
            timeout=30,
        )
        assert wrong.status_code == 403
        made = httpx.post(base + "/setup", data=form | {"code": code}, timeout=30)
        assert made.status_code == 303 and made.headers["location"] == "/login?set_up=1"
        assert httpx.get(base + "/setup", timeout=5).status_code == 404
