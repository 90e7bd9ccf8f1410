"""Notes over real HTTP: draft, save, sign, access rules, the JSON API. SYNTHETIC."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date

import httpx
import pytest
from web_server import PRIVATE_PHRASE, SESSION_TEXT, Server, csrf_of

from notewell.services import notes, plans
from record_db import SYNTHETIC_NOTE, sign_with_overrides

FETCH = {"x-notewell-fetch": "1"}


def draft_note(client: httpx.Client, identifier: str = "C-001") -> tuple[int, str, str]:
    """Draft through the new-note page as its script does; (note id, fragment, csrf)."""
    csrf = csrf_of(client.get(f"/clients/{identifier}/notes/new").text)
    response = client.post(
        f"/clients/{identifier}/notes",
        data={"text": SESSION_TEXT, "format": "dap", "csrf": csrf},
        headers=FETCH,
    )
    assert response.status_code == 200, response.text
    found = re.search(r'action="/notes/(\d+)/save"', response.text)
    assert found
    return int(found.group(1)), response.text, csrf


def editor_form(fragment: str, csrf: str, **reasons: str) -> dict[str, object]:
    """The editor's fields as the browser would send them (unchanged text)."""

    def value(name: str) -> str:
        found = re.search(rf'name="{name}" value="([^"]*)"', fragment)
        assert found, name
        return found.group(1)

    header = re.search(r'name="header"[^>]*>(.*?)</textarea>', fragment, re.S)
    assert header
    names = re.findall(r'name="section_name" value="([^"]*)"', fragment)
    bodies = re.findall(r'name="section_body"[^>]*>(.*?)</textarea>', fragment, re.S)
    rules = re.findall(r'name="override_rule" value="([^"]*)"', fragment)
    return {
        "csrf": csrf,
        "version": value("version"),
        "text_hash": value("text_hash"),
        "header": html.unescape(header.group(1)),
        "section_name": names,
        "section_body": [html.unescape(b) for b in bodies],
        "override_rule": rules,
        "override_reason": [reasons.get(r, "") for r in rules],
    }


def test_draft_saves_a_note_with_sections_and_findings_and_no_private_material(
    server: Server,
) -> None:
    with server.signed_in("dana") as client:
        note_id, fragment, _ = draft_note(client)
        for heading in ("DATA", "ASSESSMENT", "PLAN"):
            assert f'data-name="{heading}"' in fragment
        assert "cognitive restructuring" in fragment
        assert "Checker findings" in fragment
        assert PRIVATE_PHRASE not in fragment  # routed out of the progress note
        view = notes.show_note(server.world.dana, note_id)
        assert view.status == "draft" and view.version == 1
        assert PRIVATE_PHRASE not in view.text
        assert "2026-11-20" in view.text
        page = client.get(f"/notes/{note_id}").text
        assert PRIVATE_PHRASE not in page
        today = client.get("/").text
        assert f"/notes/{note_id}" in today and "old" in today  # a draft, with its age


def test_save_makes_a_new_version_and_sign_needs_a_reason_per_error(server: Server) -> None:
    with server.signed_in("dana") as client:
        note_id, fragment, csrf = draft_note(client)
        form = editor_form(fragment, csrf)
        form["section_body"][-1] += " Next session 2026-11-27."  # type: ignore[index]
        saved = client.post(f"/notes/{note_id}/save", data=form, headers=FETCH)
        assert saved.status_code == 200
        assert "version 2" in saved.text
        assert "Next session 2026-11-27." in notes.show_note(server.world.dana, note_id).text

        # Force an error-level finding: the clinician rewrote the note as one text
        # without a plan (SYNTHETIC).
        bare = editor_form(saved.text, csrf)
        bare["header"] = "DAP progress note\n\nClient: C-001\n\nDATA\nClient talked about her week."
        bare["section_name"] = bare["section_body"] = []
        refused = client.post(f"/notes/{note_id}/sign", data=bare, headers=FETCH)
        assert refused.status_code == 422
        assert "not signed" in refused.text
        rules = re.findall(r'name="override_rule" value="([^"]*)"', refused.text)
        assert rules, "a reason box per blocking rule"
        again = editor_form(refused.text, csrf, **{r: "synthetic test" for r in rules})
        signed = client.post(f"/notes/{note_id}/sign", data=again, headers=FETCH)
        assert signed.status_code == 204, signed.text
        assert signed.headers["x-notewell-location"] == f"/notes/{note_id}"
        view = notes.show_note(server.world.dana, note_id)
        assert view.status == "signed"
        assert {o.rule for o in view.overrides} == set(rules)
        page = client.get(f"/notes/{note_id}").text
        assert "Signed by dana" in page and "Copy for EHR" in page
        assert f'action="/notes/{note_id}/save"' not in page  # no editor on a signed note
        assert 'id="editor"' not in page
        assert f'action="/notes/{note_id}/addenda"' in page  # an addendum instead


def test_a_stale_version_is_a_conflict_not_an_overwrite(server: Server) -> None:
    with server.signed_in("dana") as client:
        note_id, fragment, csrf = draft_note(client)
        form = editor_form(fragment, csrf)
        assert client.post(f"/notes/{note_id}/save", data=form, headers=FETCH).status_code == 200
        stale = client.post(f"/notes/{note_id}/save", data=form, headers=FETCH)
        assert stale.status_code == 409
        assert "changed since version 1" in stale.text


def test_other_clinicians_and_billers_cannot_read_a_draft(server: Server) -> None:
    """A note or client the user may not read is answered as if it did not exist."""
    w = server.world
    draft = notes.create_note(w.dana, "C-001", SYNTHETIC_NOTE, "dap")
    with server.signed_in("lee") as lee:
        page = lee.get(f"/notes/{draft.note_id}")
        assert page.status_code == 404
        assert f"no progress note {draft.note_id}" in page.text
        assert "may not" not in page.text and "Traceback" not in page.text
        assert lee.get(f"/api/v1/notes/{draft.note_id}").status_code == 404
        assert lee.get("/clients/C-001").status_code == 404
        new = lee.get("/clients/C-001/notes/new")
        assert new.status_code == 404
        csrf = csrf_of(lee.get("/").text)
        write = lee.post(
            "/clients/C-001/notes", data={"text": SESSION_TEXT, "format": "dap", "csrf": csrf}
        )
        assert write.status_code == 404
        assert "no client &#39;C-001&#39;" in write.text
    with server.signed_in("sam") as sam:  # may read the client, may not write for them
        csrf = csrf_of(sam.get("/").text)
        write = sam.post(
            "/clients/C-001/notes", data={"text": SESSION_TEXT, "format": "dap", "csrf": csrf}
        )
        assert write.status_code == 403
        assert "may not write notes for C-001" in write.text
    with server.signed_in("bo") as bo:
        assert bo.get(f"/notes/{draft.note_id}").status_code == 404  # drafts are not the record
        assert bo.get(f"/api/v1/notes/{draft.note_id}").status_code == 404
        sign_with_overrides(w.dana, draft.note_id)
        assert bo.get(f"/api/v1/notes/{draft.note_id}").status_code == 200  # signed: billing
        assert bo.get("/api/v1/notes/999999").status_code == 404
        assert bo.get("/notes/999999").status_code == 404
        assert "no progress note 999999" in bo.get("/notes/999999").text
        huge = bo.get("/api/v1/notes/99999999999999999999999")  # would overflow the database
        assert huge.status_code == 400 and "note_id" in huge.json()["error"]


def test_api_note_json_and_draft(server: Server) -> None:
    w = server.world
    view = notes.create_note(w.dana, "C-001", SYNTHETIC_NOTE, "dap")
    with server.signed_in("dana") as client:
        data = client.get(f"/api/v1/notes/{view.note_id}").json()
        assert data["summary"]["note_id"] == view.note_id
        assert data["summary"]["client"] == "C-001"
        assert data["text"] == SYNTHETIC_NOTE
        csrf = csrf_of(client.get("/").text)
        no_csrf = client.post("/api/v1/draft", json={"text": SESSION_TEXT, "format": "soap"})
        assert no_csrf.status_code == 403
        assert "CSRF" in no_csrf.json()["error"]
        drafted = client.post(
            "/api/v1/draft",
            json={"text": SESSION_TEXT, "format": "soap"},
            headers={"x-csrf-token": csrf},
        ).json()
        assert [s["name"] for s in drafted["sections"]] == [
            "Subjective",
            "Objective",
            "Assessment",
            "Plan",
        ]
        assert drafted["header"]["date"] == "2026-11-20"
        assert all({"rule", "severity", "message"} <= f.keys() for f in drafted["findings"])
        assert PRIVATE_PHRASE not in str(drafted)
        bad = client.post(
            "/api/v1/draft", json={"text": "x", "format": "nope"}, headers={"x-csrf-token": csrf}
        )
        assert bad.status_code == 400 and "choose one of the formats" in bad.json()["error"]
        empty = client.post(
            "/api/v1/draft", json={"text": "", "format": "dap"}, headers={"x-csrf-token": csrf}
        )
        assert empty.status_code == 400
    with server.client() as anonymous:
        assert anonymous.post("/api/v1/draft", json={"text": "x"}).status_code == 401


def test_client_page_shows_goals_and_notes_in_date_order(server: Server) -> None:
    w = server.world
    plan = plans.parse_plan_yaml(
        "problems: [SYNTHETIC low mood]\ngoals:\n  - text: Return to work within eight weeks\n"
    )
    plans.set_plan(w.dana, "C-001", plan)
    later = notes.create_note(w.dana, "C-001", SYNTHETIC_NOTE, "dap")
    earlier = notes.create_note(w.dana, "C-001", SYNTHETIC_NOTE, "dap")  # written second
    for view, day in ((later, 20), (earlier, 13)):
        notes.set_session_details(
            w.dana, view.note_id, replace(view.session, service_date=date(2026, 11, day))
        )
    with server.signed_in("dana") as client:
        page = client.get("/clients/C-001").text
        assert "Return to work within eight weeks" in page
        assert page.index("2026-11-13") < page.index("2026-11-20")
        assert client.get("/clients/C-404").status_code == 404


def test_an_unexpected_failure_is_a_clean_500_page(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("synthetic failure /secret/path")

    with server.signed_in("dana") as client:
        monkeypatch.setattr(notes, "show_note", broken)
        page = client.get("/notes/1")
        assert page.status_code == 500
        assert "internal error (RuntimeError)" in page.text
        assert "Traceback" not in page.text and "/secret/path" not in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        # The same connection takes the next request: the server did not drop it.
        api = client.get("/api/v1/notes/1")
        assert api.status_code == 500 and "RuntimeError" in api.json()["error"]
