"""An app served by a real uvicorn in a thread on 127.0.0.1 (a free port), for tests that
need an app other than conftest's `server` (an empty record, a known set-up code); and
the real `notewell serve` command in its own processes."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """The base URL while uvicorn serves `app`; stopped on exit."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(10)
        sock.close()


@contextmanager
def notewell_serve(folder: Path, *options: str) -> Iterator[tuple[str, str]]:
    """The real `notewell serve` in its own process(es) over a fresh record made by
    `notewell init` (no users yet) in `folder`: (base URL, the set-up code it printed),
    once it answers (each worker loads the language pipeline first)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTEWELL_")}
    env |= {"NOTEWELL_DATA_DIR": str(folder / "data"), "COLUMNS": "250"}
    env |= {"PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-c", "from notewell.cli import main; main()"]
    subprocess.run([*command, "init"], env=env, check=True, capture_output=True, timeout=120)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen(
        [*command, "serve", "--port", str(port), *options],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert serve.stdout is not None
        code = None
        for _ in range(5):
            found = re.search(r"set-up code ([0-9a-f-]+)", serve.stdout.readline())
            if found:
                code = found.group(1)
                break
        assert code, "serve printed no set-up code"
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                httpx.get(base + "/login", timeout=30)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.3)
        yield base, code
    finally:
        serve.terminate()
        serve.wait(30)
