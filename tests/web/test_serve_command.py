"""`notewell serve`: registered, loopback by default, TLS required elsewhere."""

from __future__ import annotations

from typer.testing import CliRunner

from notewell.cli import app


def test_serve_is_a_command_with_loopback_defaults() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output and "8000" in result.output


def test_serve_refuses_a_network_address_without_tls() -> None:
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "serve it over TLS" in result.output
