"""API test helpers: a user's personal token, made as a browser would (a signed-in
session and its CSRF header), and an httpx client that bears it. SYNTHETIC."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from web_server import Server, csrf_of

API = "/api/v1"


def make_token(session: httpx.Client, name: str = "synthetic integration") -> dict[str, object]:
    csrf = csrf_of(session.get("/").text)
    made = session.post(f"{API}/tokens", json={"name": name}, headers={"x-csrf-token": csrf})
    assert made.status_code == 201, made.text
    body: dict[str, object] = made.json()
    return body


def token_for(server: Server, username: str) -> str:
    with server.signed_in(username) as session:
        token = make_token(session)["token"]
    assert isinstance(token, str)
    return token


@contextmanager
def bearer(server: Server, username: str) -> Iterator[httpx.Client]:
    """A client with no cookie at all: only the token speaks for it."""
    headers = {"authorization": f"Bearer {token_for(server, username)}"}
    with httpx.Client(base_url=server.url, headers=headers, timeout=60) as client:
        yield client
