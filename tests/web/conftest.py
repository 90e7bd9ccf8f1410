"""Web fixtures: the synthetic practice of tests/record_db.py served by a real uvicorn
on 127.0.0.1 (a free port). All SYNTHETIC."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from web_server import Server

from notewell.web.app import create_app
from record_db import (  # noqa: F401 - fixtures and hooks re-exported for pytest
    World,
    db,
    pg_database,
    pytest_runtest_logreport,
    pytest_sessionfinish,
    pytest_terminal_summary,
    world,
)


@pytest.fixture()
def server(world: World) -> Iterator[Server]:  # noqa: F811 - the fixture, by name
    """uvicorn in a thread, on a socket bound here (port 0: the OS picks a free one)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(world.db), log_level="warning", access_log=False)
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield Server(f"http://127.0.0.1:{port}", world)
    uv.should_exit = True
    thread.join(10)
    sock.close()
