"""`notewell serve`: registered, loopback by default, TLS required elsewhere; on a record
without users it prints the one-time set-up code."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
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
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTEWELL_")}
    env |= {"NOTEWELL_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "250"}
    env |= {"PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-c", "from notewell.cli import main; main()"]
    subprocess.run([*command, "init"], env=env, check=True, capture_output=True, timeout=120)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert serve.stdout is not None
        code = None
        for _ in range(5):
            line = serve.stdout.readline()
            found = re.search(r"set-up code ([0-9a-f-]+)", line)
            if found:
                code = found.group(1)
                break
        assert code, "serve printed no set-up code"
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                first = httpx.get(base + "/", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.2)
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
    finally:
        serve.terminate()
        serve.wait(10)
