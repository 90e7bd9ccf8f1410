"""The web tests' server and clients (tests/web/conftest.py serves them). SYNTHETIC."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

import httpx
from sqlalchemy.orm import Session

from record_db import PASSWORD, World

# SYNTHETIC session input: no real person.
SESSION_TEXT = (
    "SYNTHETIC. Date of service: 2026-11-20. Individual psychotherapy, 45 minutes, in person.\n"
    "Client reported low mood and avoidance of work email. Used cognitive restructuring to "
    "identify and challenge catastrophic thoughts about returning to work. Client identified "
    "two balanced thoughts and rated anxiety lower. Denies SI/HI. "
    "I wonder if her fear of criticism echoes her father. "
    "Plan: weekly session; practise a thought record daily.\n"
)
PRIVATE_PHRASE = "echoes her father"


@dataclass
class Server:
    url: str
    world: World

    def db_session(self) -> AbstractContextManager[Session]:
        """A transaction on the served record, to look at what the server stored."""
        return self.world.db.transaction()

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, follow_redirects=False, timeout=60)

    @contextmanager
    def signed_in(self, username: str) -> Iterator[httpx.Client]:
        with self.client() as client:
            response = client.post("/login", data={"username": username, "password": PASSWORD})
            assert response.status_code == 303, response.text
            yield client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf-token" content="([0-9a-f]+)"', html)
    assert found, "page carries no CSRF token"
    return found.group(1)
