"""Personal API tokens over real HTTP: made and revoked from a session only, stored as
hashes, bearer auth on /api/v1 only, refused when expired, planted or re-dated, ended
by a password reset. SYNTHETIC."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import httpx
from api_client import API, bearer, make_token, token_for
from sqlalchemy import select, text
from web_server import Server, csrf_of

from notewell.services import api_tokens, users
from notewell.services.row_macs import api_token_mac, problems
from notewell.store.models import ApiToken
from record_db import owner_connection


def bearing(server: Server, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=server.url, headers={"authorization": f"Bearer {token}"}, timeout=60
    )


def test_a_session_makes_lists_and_revokes_its_own_tokens(server: Server) -> None:
    with server.signed_in("dana") as session:
        csrf = csrf_of(session.get("/").text)
        no_csrf = session.post(f"{API}/tokens", json={"name": "ehr bridge"})
        assert no_csrf.status_code == 403 and "CSRF" in no_csrf.json()["error"]
        made = make_token(session, "ehr bridge")
        token = made["token"]
        assert isinstance(token, str) and token.startswith("nw_") and len(token) > 40
        assert made["name"] == "ehr bridge" and made["expires_at"] is None
        listed = session.get(f"{API}/tokens").json()["tokens"]
        assert [t["name"] for t in listed] == ["ehr bridge"]
        assert "token" not in listed[0]  # shown once, at creation
        with server.db_session() as db_session:
            row = db_session.scalar(select(ApiToken))
            assert row is not None
            assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
            assert token not in repr([row.token_hash, row.name, row.mac])

        with bearing(server, token) as client:
            assert client.get(f"{API}/me").json()["username"] == "dana"
        with server.signed_in("lee") as lee:
            lee_csrf = csrf_of(lee.get("/").text)
            theirs = lee.delete(
                f"{API}/tokens/{made['token_id']}", headers={"x-csrf-token": lee_csrf}
            )
            assert theirs.status_code == 404  # another user's token is unknown
            assert lee.get(f"{API}/tokens").json()["tokens"] == []
        no_csrf_revoke = session.delete(f"{API}/tokens/{made['token_id']}")
        assert no_csrf_revoke.status_code == 403
        revoked = session.delete(f"{API}/tokens/{made['token_id']}", headers={"x-csrf-token": csrf})
        assert revoked.status_code == 204
        with bearing(server, token) as client:
            refused = client.get(f"{API}/me")
            assert refused.status_code == 401 and "revoked" in refused.json()["error"]


def test_a_token_works_on_the_api_only_and_cannot_manage_tokens(server: Server) -> None:
    token = token_for(server, "dana")
    with bearing(server, token) as client:
        assert client.get(f"{API}/clients").status_code == 200
        for path in ("/", "/clients/C-001", "/notes/1"):
            page = client.get(path, follow_redirects=False)
            assert page.status_code == 303 and page.headers["location"] == "/login", path
        more = client.post(f"{API}/tokens", json={"name": "another"})
        assert more.status_code == 403 and "session" in more.json()["error"]
        assert client.get(f"{API}/tokens").status_code == 403
        # No CSRF for a bearer request, and another Origin is not a forged cookie.
        drafted = client.post(
            f"{API}/draft", json={"text": "Client reported low mood."},
            headers={"origin": "https://ehr.example"},
        )  # fmt: skip
        assert drafted.status_code == 200, drafted.text
    with bearing(server, "nw_not-a-real-token") as client:
        unknown = client.get(f"{API}/clients")
        assert unknown.status_code == 401 and unknown.json()["login"] == "/login"
    with httpx.Client(base_url=server.url, timeout=60) as client:
        basic = client.get(f"{API}/clients", headers={"authorization": "Basic ZGFuYTp4"})
        assert basic.status_code == 401 and "Bearer" in basic.json()["error"]


def test_expired_planted_and_redated_tokens_are_refused(server: Server) -> None:
    w = server.world
    made = api_tokens.create_token(w.dana, "short-lived", expires_in_days=1)
    with bearing(server, made.token) as client:
        assert client.get(f"{API}/me").status_code == 200
    with w.db.transaction() as session:  # as notewell would write it, a day later
        row = session.get(ApiToken, made.view.token_id)
        assert row is not None and row.last_used is not None  # the use was recorded
        row.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        row.mac = api_token_mac(session, row)
    with bearing(server, made.token) as client:
        expired = client.get(f"{API}/me")
        assert expired.status_code == 401 and "expired" in expired.json()["error"]

    other = api_tokens.create_token(w.lee, "re-dated by SQL", expires_in_days=1)
    with owner_connection(w.db) as connection:
        connection.execute(
            text("UPDATE api_tokens SET expires_at = :far WHERE id = :id"),
            {"far": datetime(2099, 1, 1, tzinfo=UTC), "id": other.view.token_id},
        )
    with bearing(server, other.token) as client:
        redated = client.get(f"{API}/me")
        assert redated.status_code == 401 and "not made by notewell" in redated.json()["error"]
    with w.db.transaction() as session:
        assert any("API token row" in p and "lee" in p for p in problems(session))


def test_a_password_reset_ends_the_users_tokens(server: Server) -> None:
    token = token_for(server, "dana")
    with bearing(server, token) as client:
        assert client.get(f"{API}/me").status_code == 200
        users.reset_password(server.world.admin, "dana")
        assert client.get(f"{API}/me").status_code == 401


def test_token_names_and_expiry_are_checked(server: Server) -> None:
    with server.signed_in("dana") as session:
        csrf = {"x-csrf-token": csrf_of(session.get("/").text)}
        blank = session.post(f"{API}/tokens", json={"name": "   "}, headers=csrf)
        assert blank.status_code == 400 and "name the token" in blank.json()["error"]
        control = session.post(f"{API}/tokens", json={"name": "a\u202eb"}, headers=csrf)
        assert control.status_code == 400
        long = session.post(
            f"{API}/tokens", json={"name": "x", "expires_in_days": 400}, headers=csrf
        )
        assert long.status_code == 400
        assert long.json()["fields"][0]["field"] == "body.expires_in_days"
        ok = session.post(f"{API}/tokens", json={"name": "x", "expires_in_days": 30}, headers=csrf)
        assert ok.status_code == 201 and ok.json()["expires_at"] is not None


def test_every_role_may_hold_a_token_and_acts_under_its_own_rules(server: Server) -> None:
    with bearer(server, "bo") as biller:
        assert biller.get(f"{API}/me").json()["role"] == "biller"
        created = biller.post(f"{API}/clients/C-001/notes", json={"text": "Client reported."})
        assert created.status_code == 403
