"""Sign-in, sign-out, sessions and CSRF over real HTTP (uvicorn on 127.0.0.1). SYNTHETIC."""

from __future__ import annotations

from web_server import PASSWORD, Server, csrf_of

from notewell.services import auth


def test_sign_in_sets_a_strict_http_only_cookie_and_opens_today(server: Server) -> None:
    with server.client() as client:
        response = client.post("/login", data={"username": "dana", "password": PASSWORD})
        assert response.status_code == 303
        assert response.headers["location"] == "/"
        cookie = response.headers["set-cookie"]
        assert "notewell_session=" in cookie
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
        assert "Secure" not in cookie  # plain http on loopback; https sets it
        today = client.get("/")
        assert today.status_code == 200
        assert "C-001" in today.text and "C-002" not in today.text  # lee's client
        assert 'data-idle-seconds="900"' in today.text  # the service's 15 minutes
        assert today.headers["cache-control"] == "no-store"
        assert "script-src 'self'" in today.headers["content-security-policy"]


def test_wrong_password_shows_the_services_one_line(server: Server) -> None:
    with server.client() as client:
        response = client.post("/login", data={"username": "dana", "password": "wrong-password"})
        assert response.status_code == 401
        assert "wrong user name, password or code" in response.text
        assert "notewell_session" not in response.headers.get("set-cookie", "")
        unknown = client.post("/login", data={"username": "nobody", "password": PASSWORD})
        assert "wrong user name, password or code" in unknown.text  # same line: no hint


def test_five_failures_lock_the_account_with_the_services_message(server: Server) -> None:
    with server.client() as client:
        for _ in range(4):
            client.post("/login", data={"username": "lee", "password": "not-the-password"})
        fifth = client.post("/login", data={"username": "lee", "password": "not-the-password"})
        assert "5 failed sign-ins: lee is locked for 15 minutes" in fifth.text
        locked = client.post("/login", data={"username": "lee", "password": PASSWORD})
        assert locked.status_code == 401
        assert "lee is locked after repeated failed sign-ins until" in locked.text


def test_pages_redirect_to_login_without_a_session(server: Server) -> None:
    with server.client() as client:
        for path in ("/", "/clients/C-001", "/clients/C-001/notes/new", "/notes/1"):
            response = client.get(path)
            assert response.status_code == 303, path
            assert response.headers["location"] == "/login"
        client.cookies.set("notewell_session", "forged.AAAA.900")
        response = client.get("/")
        assert response.status_code == 303
        assert response.headers["location"] == "/login?ended=1"
        api = client.get("/api/v1/notes/1")
        assert api.status_code == 401
        assert api.json()["login"] == "/login"


def test_sign_out_ends_the_session(server: Server) -> None:
    with server.signed_in("dana") as client:
        csrf = csrf_of(client.get("/").text)
        cookie = client.cookies["notewell_session"]
        response = client.post("/logout", data={"csrf": csrf})
        assert response.status_code == 303
        assert response.headers["location"] == "/login?signed_out=1"
        assert 'notewell_session=""' in response.headers["set-cookie"]
        client.cookies.set("notewell_session", cookie)  # replaying the old cookie
        assert client.get("/").headers["location"] == "/login?ended=1"


def test_post_without_or_with_a_wrong_csrf_token_is_refused(server: Server) -> None:
    with server.signed_in("dana") as client:
        page = client.get("/clients/C-001/notes/new").text
        assert "csrf" in page
        for data in ({"text": "Client reported low mood."}, {"text": "x", "csrf": "0" * 64}):
            response = client.post("/clients/C-001/notes", data=data)
            assert response.status_code == 403
            assert "CSRF token missing or wrong" in response.text
            assert "Traceback" not in response.text
        assert client.post("/logout").status_code == 403
        assert client.post("/ping").status_code == 403
        # Another session's token is no good either.
        with server.signed_in("dana") as other:
            other_csrf = csrf_of(other.get("/").text)
        assert client.post("/ping", headers={"x-csrf-token": other_csrf}).status_code == 403
        assert client.post("/ping", headers={"x-csrf-token": csrf_of(page)}).status_code == 200


def test_a_post_from_another_site_is_refused(server: Server) -> None:
    with server.client() as client:
        response = client.post(
            "/login",
            data={"username": "dana", "password": PASSWORD},
            headers={"origin": "https://evil.example"},
        )
        assert response.status_code == 403


def test_ping_refreshes_the_session_through_resume(server: Server) -> None:
    with server.signed_in("dana") as client:
        csrf = csrf_of(client.get("/").text)
        response = client.post("/ping", headers={"x-csrf-token": csrf})
        assert response.status_code == 200
        assert response.json() == {"user": "dana", "idle_seconds": 900}


def test_an_idle_session_ends_at_the_service(server: Server) -> None:
    """The idle period is the service's: a session last seen too long ago is refused."""
    from datetime import timedelta

    from sqlalchemy import update

    from notewell.store.models import AuthSession

    with server.signed_in("dana") as client:
        token = client.cookies["notewell_session"].split(".")[0]
        with server.world.db.transaction() as session:
            session.execute(
                update(AuthSession)
                .where(AuthSession.token_hash == auth.token_hash(token))
                .values(last_seen=auth.now() - timedelta(minutes=16))
            )
        response = client.get("/")
        assert response.headers["location"] == "/login?ended=1"
        notice = client.get("/login?ended=1").text
        assert "Your session ended" in notice


def test_unknown_page_and_bad_id_are_clean(server: Server) -> None:
    with server.signed_in("dana") as client:
        missing = client.get("/no-such-page")
        assert missing.status_code == 404 and "no such page" in missing.text
        bad = client.get("/notes/not-a-number")
        assert bad.status_code == 400 and "Traceback" not in bad.text


def test_two_step_sign_in_needs_the_code(server: Server) -> None:
    import pyotp

    uri = auth.enable_totp(server.world.sam)
    secret = pyotp.parse_uri(uri).secret
    with server.client() as client:
        without = client.post("/login", data={"username": "sam", "password": PASSWORD})
        assert without.status_code == 401
        assert "with two-step sign-in on, enter your code" in without.text
        code = pyotp.TOTP(secret).now()
        with_code = client.post(
            "/login", data={"username": "sam", "password": PASSWORD, "totp": code}
        )
        assert with_code.status_code == 303


def test_a_supervisor_sees_signed_notes_awaiting_co_signature(server: Server) -> None:
    from notewell.services import notes, practice
    from record_db import SYNTHETIC_NOTE, sign_with_overrides

    w = server.world
    practice.set_cosign_required(w.admin, True)
    view = notes.create_note(w.dana, "C-001", SYNTHETIC_NOTE, "dap")
    sign_with_overrides(w.dana, view.note_id)
    with server.signed_in("sam") as client:
        today = client.get("/").text
        assert "Awaiting your co-signature" in today
        assert f'href="/notes/{view.note_id}"' in today
    with server.signed_in("dana") as client:
        assert "Awaiting your co-signature" not in client.get("/").text
