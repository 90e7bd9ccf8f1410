"""User administration and the audit log over real HTTP, both backends: who may use each
new page, and what each change does to the record and its audit log. SYNTHETIC."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import select
from web_server import PASSWORD, Server, csrf_of

from notewell.services import notes
from notewell.store.models import AuditEntry, User
from record_db import SYNTHETIC_NOTE

# (method, path, form) of every administration route.
ADMIN_ROUTES = [
    ("GET", "/admin/users", {}),
    ("POST", "/admin/users", {"username": "newbie", "role": "clinician"}),
    ("POST", "/admin/users/lee/code", {}),
    ("POST", "/admin/users/lee/deactivate", {}),
    ("POST", "/admin/users/lee/role", {"role": "biller"}),
    ("GET", "/admin/audit", {}),
    ("POST", "/admin/audit/verify", {}),
]


def call(client: httpx.Client, method: str, path: str, form: dict[str, str]) -> httpx.Response:
    if method == "GET":
        return client.get(path)
    csrf = csrf_of(client.get("/").text)
    return client.post(path, data=form | {"csrf": csrf})


def users_in(server: Server) -> dict[str, tuple[str, bool]]:
    with server.world.db.sessions() as session:
        return {u.username: (u.role, u.active) for u in session.scalars(select(User))}


def last_entry(server: Server, action: str) -> AuditEntry:
    with server.world.db.sessions() as session:
        found = session.scalar(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq.desc())
        )
    assert found is not None, f"no {action} entry"
    return found


def code_on(html: str) -> str:
    found = re.search(r'<code id="enrolment-code">([0-9a-f-]+)</code>', html)
    assert found, "no enrolment code on the page"
    return found.group(1)


def test_only_an_admin_may_use_the_admin_pages(server: Server) -> None:
    before = users_in(server)
    for name in ("dana", "sam", "bo"):  # clinician, supervisor, biller
        with server.signed_in(name) as client:
            for method, path, form in ADMIN_ROUTES:
                response = call(client, method, path, form)
                assert response.status_code == 403, (name, method, path)
                assert "may not" in response.text
    assert users_in(server) == before  # nothing changed by the refused requests
    denied = last_entry(server, "access.denied")
    assert denied.actor == "bo"
    with server.client() as anonymous:
        assert anonymous.get("/setup").status_code == 404  # the record has users
        assert anonymous.post("/setup", data={"code": "x"}).status_code == 404
        for method, path, form in ADMIN_ROUTES:
            response = anonymous.request(method, path, data=form or None)
            assert response.status_code == 303, (method, path)
            assert response.headers["location"] == "/login"
    with server.signed_in("root") as admin:
        today = admin.get("/").text
        assert 'href="/admin/users"' in today and 'href="/admin/audit"' in today
        assert admin.get("/admin/users").status_code == 200
        assert admin.get("/admin/audit").status_code == 200
    with server.signed_in("dana") as clinician:
        assert 'href="/admin/users"' not in clinician.get("/").text


def test_an_admin_adds_a_user_who_enrols_with_the_code_once(server: Server) -> None:
    with server.signed_in("root") as admin:
        csrf = csrf_of(admin.get("/admin/users").text)
        added = admin.post(
            "/admin/users",
            data={"username": "ari", "display_name": "Synthetic Ari", "role": "supervisor"},
            headers={"x-csrf-token": csrf},
        )
        assert added.status_code == 200
        code = code_on(added.text)
        listing = admin.get("/admin/users").text
        assert 'data-user="ari"' in listing and code not in listing  # shown once
        duplicate = admin.post(
            "/admin/users", data={"username": "ari", "role": "biller", "csrf": csrf}
        )
        assert duplicate.status_code == 400 and "already exists" in duplicate.text
    assert users_in(server)["ari"] == ("supervisor", True)
    assert last_entry(server, "user.create").detail == "role=supervisor"
    assert last_entry(server, "user.create").actor == "root"
    with server.client() as ari:
        early = ari.post("/login", data={"username": "ari", "password": PASSWORD})
        assert early.status_code == 401 and "First sign-in, below" in early.text
        differ = {"username": "ari", "code": code, "password": PASSWORD}
        refused = ari.post("/enrol", data=differ | {"password_again": PASSWORD + "!"})
        assert refused.status_code == 400 and "the two passwords differ" in refused.text
        wrong = ari.post("/enrol", data=differ | {"code": "0-0-0", "password_again": PASSWORD})
        assert wrong.status_code == 401 and "wrong user name, password or code" in wrong.text
        enrolled = ari.post("/enrol", data=differ | {"password_again": PASSWORD})
        assert enrolled.status_code == 303
        assert enrolled.headers["location"] == "/login?enrolled=1"
        again = ari.post("/enrol", data=differ | {"password_again": PASSWORD})
        assert again.status_code == 401  # the code was for one use
        assert ari.post("/login", data={"username": "ari", "password": PASSWORD}).status_code == 303
        assert "Synthetic Ari (supervisor)" in ari.get("/").text


def test_a_new_code_ends_the_users_password_and_sessions(server: Server) -> None:
    with server.signed_in("dana") as dana, server.signed_in("root") as admin:
        assert dana.get("/").status_code == 200
        response = call(admin, "POST", "/admin/users/dana/code", {})
        assert response.status_code == 200
        code = code_on(response.text)
        assert dana.get("/").headers["location"] == "/login?ended=1"
    assert last_entry(server, "user.reset_password").entity_id == "dana"
    with server.client() as client:
        old = client.post("/login", data={"username": "dana", "password": PASSWORD})
        assert old.status_code == 401
        new = PASSWORD + "-2"
        form = {"username": "dana", "code": code, "password": new, "password_again": new}
        assert client.post("/enrol", data=form).status_code == 303
        assert client.post("/login", data={"username": "dana", "password": new}).status_code == 303


def test_deactivating_ends_sessions_and_sign_in_and_is_audited(server: Server) -> None:
    with server.signed_in("lee") as lee, server.signed_in("root") as admin:
        response = call(admin, "POST", "/admin/users/lee/deactivate", {})
        assert response.status_code == 303 and response.headers["location"] == "/admin/users"
        row = admin.get("/admin/users").text
        assert re.search(r'data-user="lee">.*?deactivated', row, re.S)
        assert lee.get("/").status_code == 303  # the live session ended
        again = lee.post("/login", data={"username": "lee", "password": PASSWORD})
        assert again.status_code == 401
    assert users_in(server)["lee"] == ("clinician", False)
    entry = last_entry(server, "user.deactivate")
    assert (entry.actor, entry.entity_id, entry.detail) == ("root", "lee", "role=clinician")


def test_changing_a_role_is_audited_and_the_last_admin_keeps_theirs(server: Server) -> None:
    with server.signed_in("root") as admin:
        response = call(admin, "POST", "/admin/users/bo/role", {"role": "clinician"})
        assert response.status_code == 303
        assert call(admin, "POST", "/admin/users/bo/role", {"role": "owner"}).status_code == 400
        last = call(admin, "POST", "/admin/users/root/role", {"role": "clinician"})
        assert last.status_code == 403 and "last active admin" in last.text
        alone = call(admin, "POST", "/admin/users/root/deactivate", {})
        assert alone.status_code == 403 and "last active admin" in alone.text
        assert (
            call(admin, "POST", "/admin/users/nobody/role", {"role": "biller"}).status_code == 404
        )
    roles = users_in(server)
    assert roles["bo"] == ("clinician", True) and roles["root"] == ("admin", True)
    assert last_entry(server, "user.role").detail == "biller->clinician"
    with server.signed_in("bo") as bo:
        assert "(clinician)" in bo.get("/").text  # the new role is in force


def test_the_audit_log_pages_newest_first_with_filters_and_no_note_text(server: Server) -> None:
    world = server.world
    note = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap")
    for _ in range(40):  # more entries than one page holds
        notes.show_note(world.dana, note.note_id)
    with server.signed_in("root") as admin:
        html = admin.get("/admin/audit").text
        seqs = [int(s) for s in re.findall(r"<tr>\s*<td>(\d+)</td>", html)]
        assert seqs == sorted(seqs, reverse=True) and len(seqs) == 50
        assert "cognitive restructuring" not in html and "low mood" not in html
        older = re.search(r'id="older" href="/admin/audit\?before=(\d+)"', html)
        assert older and int(older.group(1)) == seqs[-1]
        page_two = admin.get(f"/admin/audit?before={seqs[-1]}").text
        seqs_two = [int(s) for s in re.findall(r"<tr>\s*<td>(\d+)</td>", page_two)]
        assert seqs_two and max(seqs_two) < seqs[-1]
        by_dana = admin.get("/admin/audit?actor=dana&action=note.read").text
        rows = re.findall(
            r"<tr>\s*<td>\d+</td><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td>", by_dana
        )
        assert rows and set(rows) == {("dana", "note.read")}
        assert "No entries match" in admin.get("/admin/audit?actor=nobody").text
        assert admin.get("/admin/audit?before=0").status_code == 400
    assert last_entry(server, "audit.read").actor == "root"


@pytest.mark.parametrize("tampered", [False, True], ids=["intact", "checkpoint-deleted"])
def test_verify_shows_the_services_verdict(server: Server, tampered: bool) -> None:
    with server.signed_in("root") as admin:
        csrf = csrf_of(admin.get("/admin/audit").text)
        path = server.world.db.checkpoint_path()
        if tampered:
            path.unlink()  # every unit of work now refuses; verification must still run
        response = admin.post("/admin/audit/verify", data={"csrf": csrf})
        assert response.status_code == 200
        if tampered:
            assert "Audit log failed verification" in response.text
            assert f"{path} is missing" in response.text
            assert 'id="problems"' in response.text
        else:
            assert "Audit log intact" in response.text
            assert last_entry(server, "audit.verify").detail == "ok"
