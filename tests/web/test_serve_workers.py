"""`notewell serve --workers N`: the workers share the CSRF key and the set-up code their
parent made, so a page served by one worker posts to any other; a real multi-process
server sets up its first admin and takes CSRF-protected forms on every connection.
All SYNTHETIC."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
from served import notewell_serve
from starlette.testclient import TestClient
from web_server import csrf_of

from notewell.web.app import WORKER_SECRETS_ENV, create_app, worker_options, worker_secrets_env
from record_db import PASSWORD, World


def _signed_in_page(client: TestClient) -> str:
    signed = client.post("/login", data={"username": "root", "password": PASSWORD})
    assert signed.status_code == 303, signed.text
    return csrf_of(client.get("/admin/users").text)


def _worker_app(world: World, monkeypatch: pytest.MonkeyPatch, key: bytes) -> TestClient:
    monkeypatch.setenv(WORKER_SECRETS_ENV, worker_secrets_env(key, "a1b2-c3d4"))
    options = worker_options()
    assert WORKER_SECRETS_ENV not in os.environ  # not passed on to what the worker starts
    return TestClient(create_app(world.db, **options), follow_redirects=False)


def test_a_form_from_one_worker_posts_to_another(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = os.urandom(32)
    first, second = _worker_app(world, monkeypatch, key), _worker_app(world, monkeypatch, key)
    csrf = _signed_in_page(first)
    second.cookies = first.cookies
    added = second.post("/admin/users", data={"username": "kim", "role": "clinician", "csrf": csrf})
    assert added.status_code == 200 and "kim" in added.text


def test_without_the_shared_key_another_process_refuses_the_form(world: World) -> None:
    """The control: two apps with keys of their own (what workers without it would be)."""
    first = TestClient(create_app(world.db), follow_redirects=False)
    second = TestClient(create_app(world.db), follow_redirects=False)
    csrf = _signed_in_page(first)
    second.cookies = first.cookies
    refused = second.post(
        "/admin/users", data={"username": "kim", "role": "clinician", "csrf": csrf}
    )
    assert refused.status_code == 403


def test_a_worker_without_its_parent_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WORKER_SECRETS_ENV, raising=False)
    with pytest.raises(RuntimeError, match="notewell serve"):
        worker_options()


def test_serve_with_two_workers_sets_up_and_takes_forms_on_every_connection(
    tmp_path: Path,
) -> None:
    """Real processes: the printed set-up code works (and a wrong one does not) on
    whichever worker answers, and each of ten fresh connections (the kernel spreads them
    over the workers) signs in and posts a CSRF-protected form."""
    with notewell_serve(tmp_path, "--workers", "2") as (base, code):
        form = {"username": "root", "password": PASSWORD, "password_again": PASSWORD}
        wrong = "0" if code[-1] != "0" else "1"
        assert (
            httpx.post(base + "/setup", data=form | {"code": code[:-1] + wrong}).status_code == 403
        )
        assert httpx.post(base + "/setup", data=form | {"code": code}).status_code == 303
        for n in range(10):
            headers = {"connection": "close"}  # a new connection each time
            with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
                signed = client.post("/login", data={"username": "root", "password": PASSWORD})
                assert signed.status_code == 303, signed.text
                csrf = csrf_of(client.get("/admin/users").text)
                added = client.post(
                    "/admin/users",
                    data={"username": f"user{n}", "role": "clinician", "csrf": csrf},
                )
                assert added.status_code == 200, (n, added.status_code)
