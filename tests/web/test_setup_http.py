"""First-run set-up over real HTTP: while the record has no users every page leads to
/setup, which makes the first admin for whoever holds the set-up code; then /setup is
gone. Both backends (the `db` fixture: an initialised store with no users). SYNTHETIC."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest
from served import served
from sqlalchemy import select

from notewell.services.users import has_users
from notewell.store.database import Database
from notewell.store.models import AuditEntry, User
from notewell.web.app import create_app
from record_db import PASSWORD

CODE = "aaaaaa-bbbbbb-cccccc-dddddd"  # the set-up code this test's server expects


def form(**changes: str) -> dict[str, str]:
    values = {
        "code": CODE,
        "username": "alex",
        "display_name": "Synthetic Admin",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    return values | changes


@pytest.fixture()
def empty(db: Database) -> Iterator[httpx.Client]:
    assert not has_users(db)
    with (
        served(create_app(db, setup_code=CODE)) as url,
        httpx.Client(base_url=url, follow_redirects=False, timeout=60) as client,
    ):
        yield client


def audit_actions(db: Database) -> list[tuple[str, str]]:
    with db.sessions() as session:
        return [(e.action, e.detail) for e in session.scalars(select(AuditEntry))]


def test_every_page_leads_to_setup_while_there_are_no_users(empty: httpx.Client) -> None:
    for path in ("/", "/login", "/admin/users", "/clients/C-001", "/api/notes/1"):
        response = empty.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"] == "/setup"
        assert "script-src 'self'" in response.headers["content-security-policy"]
    assert empty.get("/static/app.css").status_code == 200
    page = empty.get("/setup")
    assert page.status_code == 200
    assert 'name="code"' in page.text and 'name="password_again"' in page.text


def test_a_wrong_code_is_refused_and_audited(empty: httpx.Client, db: Database) -> None:
    response = empty.post("/setup", data=form(code="000000-000000-000000-000000"))
    assert response.status_code == 403
    assert "wrong set-up code" in response.text
    assert 'value="alex"' in response.text  # the form comes back, filled in
    assert PASSWORD not in response.text  # but never the password
    assert not has_users(db)
    assert ("setup.refused", "wrong set-up code") in audit_actions(db)
    assert empty.post("/setup", data=form(code="")).status_code == 403


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"password_again": PASSWORD + "x"}, "the two passwords differ", id="differ"),
        pytest.param(
            {"password": "short", "password_again": "short"}, "at least 10 characters", id="short"
        ),
        pytest.param({"username": "-alex"}, "user name &#39;-alex&#39;", id="bad-name"),
    ],
)
def test_the_services_rules_refuse_a_bad_admin(
    empty: httpx.Client, db: Database, changes: dict[str, str], message: str
) -> None:
    response = empty.post("/setup", data=form(**changes))
    assert response.status_code == 400
    assert message in response.text
    assert not has_users(db)


def test_setup_makes_the_first_admin_then_is_gone(empty: httpx.Client, db: Database) -> None:
    response = empty.post("/setup", data=form())
    assert response.status_code == 303
    assert response.headers["location"] == "/login?set_up=1"
    with db.sessions() as session:
        admins = [(u.username, u.role) for u in session.scalars(select(User))]
    assert admins == [("alex", "admin")]
    assert ("user.create", "role=admin (first user, by web set-up)") in audit_actions(db)
    assert empty.get("/setup").status_code == 404
    assert empty.post("/setup", data=form(username="mallory")).status_code == 404
    login = empty.get("/login?set_up=1")
    assert login.status_code == 200 and "The first admin is set up" in login.text
    signed = empty.post("/login", data={"username": "alex", "password": PASSWORD})
    assert signed.status_code == 303
    assert empty.get("/").status_code == 200


def test_two_set_ups_at_once_make_one_admin(empty: httpx.Client, db: Database) -> None:
    start = threading.Barrier(2)
    statuses: dict[str, int] = {}

    def submit(name: str) -> None:
        with httpx.Client(base_url=str(empty.base_url), timeout=60) as own:
            start.wait()
            statuses[name] = own.post("/setup", data=form(username=name)).status_code

    threads = [threading.Thread(target=submit, args=(n,)) for n in ("alex", "robin")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses.values())[0] == 303, statuses
    # The other came second: refused with 409 in the race, or 404 once set-up closed.
    assert sorted(statuses.values())[1] in (404, 409), statuses
    with db.sessions() as session:
        assert len(list(session.scalars(select(User)))) == 1
