"""The JSON API under /api/v1 over real HTTP, every endpoint, with a personal token
and with a browser session: the same operations and access rules as the pages, the
engine's draft contract, stable error bodies, no psychotherapy-note material. SYNTHETIC."""

from __future__ import annotations

import pytest
from api_client import API, bearer
from web_server import PRIVATE_PHRASE, SESSION_TEXT, Server, csrf_of

from notewell.core.formats import load_format
from notewell.services import drafting, notes, private_notes
from record_db import SYNTHETIC_NOTE, sign_with_overrides

# A note the checker blocks (no plan, no intervention): SYNTHETIC.
BARE_NOTE = "Client: C-001\nDate of service: 2026-11-20\n\nDATA\nClient talked about her week.\n"


def test_me_clients_and_a_client_follow_the_roles(server: Server) -> None:
    with bearer(server, "dana") as dana:
        assert dana.get(f"{API}/me").json() == {
            "username": "dana", "display_name": "Synthetic dana", "role": "clinician",
        }  # fmt: skip
        listed = dana.get(f"{API}/clients").json()["clients"]
        assert [c["identifier"] for c in listed] == ["C-001"]
        client = dana.get(f"{API}/clients/C-001").json()
        assert client["clinician"] == "dana" and client["consent"] is None
        other = dana.get(f"{API}/clients/C-002")
        # another clinician's client reads as one that does not exist (the refusal audited)
        assert other.status_code == 404 and "may not" not in other.json()["error"]
        missing = dana.get(f"{API}/clients/C-404")
        assert missing.status_code == 404 and missing.json() == {"error": "no client 'C-404'"}
    with bearer(server, "sam") as sam:
        everyone = [c["identifier"] for c in sam.get(f"{API}/clients").json()["clients"]]
        assert everyone == ["C-001", "C-002"]


def test_a_clients_notes_and_a_note_as_the_pages_allow(server: Server) -> None:
    w = server.world
    draft = notes.create_note(w.dana, "C-001", SYNTHETIC_NOTE, "dap")
    private_notes.create_private_note(w.dana, "C-001", f"SYNTHETIC {PRIVATE_PHRASE}")
    with bearer(server, "dana") as dana:
        listed = dana.get(f"{API}/clients/C-001/notes").json()["notes"]
        assert [(n["note_id"], n["status"]) for n in listed] == [(draft.note_id, "draft")]
        shown = dana.get(f"{API}/notes/{draft.note_id}").json()
        assert shown["text"] == SYNTHETIC_NOTE and shown["summary"]["version"] == 1
        assert PRIVATE_PHRASE not in str(listed) + str(shown)
    with bearer(server, "lee") as lee:
        assert lee.get(f"{API}/notes/{draft.note_id}").status_code == 404
        assert lee.get(f"{API}/clients/C-001/notes").status_code == 404
    with bearer(server, "bo") as bo:
        assert bo.get(f"{API}/clients/C-001/notes").json()["notes"] == []  # drafts hidden
        assert bo.get(f"{API}/notes/{draft.note_id}").status_code == 404
        sign_with_overrides(w.dana, draft.note_id)
        assert bo.get(f"{API}/notes/{draft.note_id}").json()["summary"]["status"] == "signed"
        assert bo.get(f"{API}/notes/999999").status_code == 404


def test_draft_is_the_engines_contract_without_private_material(server: Server) -> None:
    request = drafting.DraftRequest(
        note_format=load_format("soap"), style=drafting.load_style(None)
    )
    engine = drafting.draft_text(SESSION_TEXT, request).to_dict()
    with bearer(server, "dana") as dana:
        got = dana.post(f"{API}/draft", json={"text": SESSION_TEXT, "format": "soap"}).json()
    assert set(got) == set(engine)
    for key in ("format", "input_type", "header", "sections", "findings"):
        assert got[key] == engine[key], key
    assert got["psychotherapy_note"] is None
    assert got["facts"]["risk"] == engine["facts"]["risk"]
    kept = [e for e in engine["facts"]["elements"] if e["element"] != "private_reflection"]
    assert got["facts"]["elements"] == kept and len(kept) < len(engine["facts"]["elements"])
    assert PRIVATE_PHRASE not in str(got)


def test_create_save_conflict_sign_and_addendum(server: Server) -> None:
    with bearer(server, "dana") as dana:
        made = dana.post(f"{API}/clients/C-001/notes", json={"text": SESSION_TEXT})
        assert made.status_code == 201, made.text
        note = made.json()["note"]
        note_id = note["summary"]["note_id"]
        assert note["summary"]["version"] == 1 and note["summary"]["status"] == "draft"
        assert "2026-11-20" in note["text"] and PRIVATE_PHRASE not in note["text"]
        assert all("rule" in f for f in made.json()["findings"])

        url = f"{API}/notes/{note_id}"
        saved = dana.post(f"{url}/versions", json={"text": BARE_NOTE, "base_version": 1})
        assert saved.status_code == 200 and saved.json()["summary"]["version"] == 2
        stale = dana.post(f"{url}/versions", json={"text": "my other tab", "base_version": 1})
        assert stale.status_code == 409
        conflict = stale.json()
        assert conflict["current_version"] == 2 and conflict["base_version"] == 1
        assert conflict["current_text"] == BARE_NOTE
        assert conflict["attempted_text"] == "my other tab"
        assert notes.show_note(server.world.dana, note_id).text == BARE_NOTE  # kept

        blocked = dana.post(f"{url}/sign", json={})
        assert blocked.status_code == 422
        body = blocked.json()
        assert "not signed" in body["error"] and body["note_id"] == note_id
        rules = sorted({f["rule"] for f in body["findings"]})
        assert rules and all(f["severity"] == "error" for f in body["findings"])
        blank = dana.post(f"{url}/sign", json={"overrides": {r: "  " for r in rules}})
        assert blank.status_code == 422  # a blank reason is no reason
        assert sorted({f["rule"] for f in blank.json()["findings"]}) == rules
        reasons = {r: "synthetic test reason" for r in rules}
        signed = dana.post(f"{url}/sign", json={"overrides": reasons})
        assert signed.status_code == 200, signed.text
        assert signed.json()["summary"]["status"] == "signed"
        assert {o["rule"] for o in signed.json()["overrides"]} == set(rules)

        locked = dana.post(f"{url}/versions", json={"text": "late edit", "base_version": 2})
        assert locked.status_code == 409 and "signed" in locked.json()["error"]
        again = dana.post(f"{url}/sign", json={})
        assert again.status_code == 409 and "already signed" in again.json()["error"]
        added = dana.post(f"{url}/addenda", json={"text": "SYNTHETIC late entry."})
        assert added.status_code == 201
        assert [a["text"] for a in added.json()["addenda"]] == ["SYNTHETIC late entry."]
    with bearer(server, "lee") as lee:
        assert lee.post(f"{url}/addenda", json={"text": "not mine"}).status_code == 404


def test_writes_refused_for_other_clinicians_and_drafts(server: Server) -> None:
    draft = notes.create_note(server.world.dana, "C-001", SYNTHETIC_NOTE, "dap")
    url = f"{API}/notes/{draft.note_id}"
    with bearer(server, "lee") as lee:
        created = lee.post(f"{API}/clients/C-001/notes", json={"text": SESSION_TEXT})
        assert created.status_code == 404 and "may not" not in created.text
        assert lee.post(f"{url}/versions", json={"text": "x", "base_version": 1}).status_code == 404
        assert lee.post(f"{url}/sign", json={}).status_code == 404
    with bearer(server, "dana") as dana:
        early = dana.post(f"{url}/addenda", json={"text": "too early"})
        assert early.status_code == 400 and "is a draft" in early.json()["error"]
        empty = dana.post(f"{url}/versions", json={"text": "  ", "base_version": 1})
        assert empty.status_code == 400 and empty.json()["error"] == "the note is empty"


def test_a_browser_session_uses_the_api_with_its_csrf_header(server: Server) -> None:
    with server.signed_in("dana") as session:
        assert session.get(f"{API}/clients").status_code == 200  # reads need no token
        forged = session.post(f"{API}/draft", json={"text": SESSION_TEXT})
        assert forged.status_code == 403 and "CSRF" in forged.json()["error"]
        csrf = {"x-csrf-token": csrf_of(session.get("/").text)}
        drafted = session.post(f"{API}/draft", json={"text": SESSION_TEXT}, headers=csrf)
        assert drafted.status_code == 200 and drafted.json()["format"] == "dap"
        cross = session.post(
            f"{API}/draft", json={"text": "x"}, headers={**csrf, "origin": "https://evil.example"}
        )
        assert cross.status_code == 403 and cross.json() == {"error": "cross-site request refused"}


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "/draft", {"format": "dap"}, "body.text"),
        ("post", "/draft", {"text": "x", "format": "nope"}, None),
        ("post", "/notes/1/versions", {"text": "x", "base_version": "two"}, "body.base_version"),
        ("get", "/notes/99999999999999999999", None, "path.note_id"),
        ("get", "/clients/bad%20id", None, "path.identifier"),
        ("post", "/notes/1/sign", {"overrides": ["not", "a", "map"]}, "body.overrides"),
    ],
)
def test_bad_requests_have_one_documented_shape(
    server: Server, method: str, path: str, body: object, field: str | None
) -> None:
    with bearer(server, "dana") as dana:
        answer = dana.request(method, f"{API}{path}", json=body)
    assert answer.status_code == 400, answer.text
    data = answer.json()
    assert isinstance(data["error"], str) and "Traceback" not in data["error"]
    if field is None:  # refused by the service, not the schema
        assert "choose one of the formats" in data["error"] and data.get("fields", []) == []
    else:
        assert field in [f["field"] for f in data["fields"]]
        assert set(data) == {"error", "fields"}
        assert all(set(f) == {"field", "problem"} for f in data["fields"])


def test_other_errors_are_json_too(server: Server) -> None:
    with bearer(server, "dana") as dana:
        broken = dana.post(
            f"{API}/draft", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert broken.status_code == 400 and broken.json()["fields"]
        assert dana.get(f"{API}/nothing-here").json() == {"error": "no such page"}
        wrong = dana.delete(f"{API}/clients")
        assert wrong.status_code == 405 and "not allowed" in wrong.json()["error"]
    with server.client() as anonymous:
        signed_out = anonymous.get(f"{API}/clients")
        assert signed_out.status_code == 401 and set(signed_out.json()) == {"error", "login"}


def test_the_openapi_document_covers_the_api_only(server: Server) -> None:
    with server.client() as anonymous:
        document = anonymous.get(f"{API}/openapi.json").json()
    paths = document["paths"]
    assert paths and all(p.startswith(f"{API}/") for p in paths)
    assert set(paths) >= {
        f"{API}/clients", f"{API}/clients/{{identifier}}", f"{API}/clients/{{identifier}}/notes",
        f"{API}/notes/{{note_id}}", f"{API}/draft", f"{API}/notes/{{note_id}}/versions",
        f"{API}/notes/{{note_id}}/sign", f"{API}/notes/{{note_id}}/addenda", f"{API}/tokens",
        f"{API}/tokens/{{token_id}}",
    }  # fmt: skip
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "BadRequestBody" in schemas
    assert not any("psychotherapy" in p or "private" in p for p in paths)
    sign = paths[f"{API}/notes/{{note_id}}/sign"]["post"]["responses"]
    assert sign["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/SigningBlockedBody"
    )
    schemes = document["components"]["securitySchemes"]
    assert schemes["HTTPBearer"]["scheme"] == "bearer"
