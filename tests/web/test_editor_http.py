"""The editor's routes over real HTTP: live findings (POST /notes/{id}/check), the fresh
draft's sentence -> source data, and a conflicting save showing both versions. SYNTHETIC."""

from __future__ import annotations

import html
import re

import pytest
from test_notes_http import FETCH, draft_note, editor_form
from web_server import PRIVATE_PHRASE, SESSION_TEXT, Server, csrf_of

from notewell.services import audit, notes
from record_db import SYNTHETIC_NOTE, sign_with_overrides

RISK = "Client reported passive thoughts of not wanting to wake up."


def with_assessment(form: dict[str, object], text: str) -> dict[str, object]:
    names = list(form["section_name"])  # type: ignore[call-overload]
    bodies = list(form["section_body"])  # type: ignore[call-overload]
    bodies[names.index("ASSESSMENT")] = text
    return {**form, "section_body": bodies}


def test_check_runs_the_checker_on_the_edited_text_and_saves_nothing(server: Server) -> None:
    with server.signed_in("dana") as client:
        note_id, fragment, csrf = draft_note(client)
        form = editor_form(fragment, csrf)
        clean = client.post(f"/notes/{note_id}/check", data=form, headers=FETCH)
        assert clean.status_code == 200
        assert 'data-rule="missing-risk-assessment"' not in clean.text
        risky = with_assessment(form, RISK)
        found = client.post(f"/notes/{note_id}/check", data=risky, headers=FETCH)
        assert found.status_code == 200
        assert 'data-rule="missing-risk-assessment"' in found.text
        assert 'name="override_reason" data-rule="missing-risk-assessment"' in found.text
        prompted = with_assessment(form, "[Add client response to the intervention]")
        prompts = client.post(f"/notes/{note_id}/check", data=prompted, headers=FETCH).text
        assert '<li class="prompt">[Add client response to the intervention]</li>' in prompts
        assert notes.show_note(server.world.dana, note_id).version == 1  # nothing saved


def test_check_escapes_what_it_echoes(server: Server) -> None:
    with server.signed_in("dana") as client:
        note_id, fragment, csrf = draft_note(client)
        form = with_assessment(editor_form(fragment, csrf), "[Add <script>alert(1)</script>]")
        answer = client.post(f"/notes/{note_id}/check", data=form, headers=FETCH).text
        assert "<script>" not in answer and "&lt;script&gt;" in answer


@pytest.mark.parametrize("who", ["lee", "sam", "bo", "root"])
def test_check_is_refused_to_everyone_but_the_drafts_author(server: Server, who: str) -> None:
    with server.signed_in("dana") as client:
        note_id, fragment, csrf = draft_note(client)
        form = editor_form(fragment, csrf)
    with server.signed_in(who) as other:
        other_csrf = csrf_of(other.get("/").text)
        answer = other.post(
            f"/notes/{note_id}/check", data={**form, "csrf": other_csrf}, headers=FETCH
        )
        # 404 for who may not read the draft (lee, bo, root), 403 for sam, who may read it
        assert answer.status_code == (403 if who == "sam" else 404)
        assert "missing-" not in answer.text and "finding" not in answer.text
    log = audit.show_audit_log(server.world.admin, limit=5)
    denied = [e for e in log if e.action == "access.denied"]
    assert denied and denied[-1].actor == who and str(note_id) in denied[-1].detail


def test_check_of_a_signed_note_missing_note_without_csrf_or_signed_out(server: Server) -> None:
    signed = notes.create_note(server.world.dana, "C-001", SYNTHETIC_NOTE, "dap")
    sign_with_overrides(server.world.dana, signed.note_id)
    with server.signed_in("dana") as client:
        csrf = csrf_of(client.get("/").text)
        form = {"csrf": csrf, "header": "Client: C-001", "section_name": [], "section_body": []}
        assert client.post(f"/notes/{signed.note_id}/check", data=form).status_code == 409
        assert client.post("/notes/999999/check", data=form).status_code == 404
        no_csrf = {k: v for k, v in form.items() if k != "csrf"}
        assert client.post(f"/notes/{signed.note_id}/check", data=no_csrf).status_code == 403
    with server.client() as anonymous:
        answer = anonymous.post(f"/notes/{signed.note_id}/check", data=form, headers=FETCH)
        assert answer.status_code == 401


def test_the_fresh_draft_carries_each_sentences_source_without_the_private_part(
    server: Server,
) -> None:
    with server.signed_in("dana") as client:
        _, fragment, _ = draft_note(client)
    assert 'id="source-view"' in fragment and 'aria-live="polite"' in fragment
    assert PRIVATE_PHRASE not in fragment and "private reflection" in fragment
    text = SESSION_TEXT  # the engine indexed the text as sent
    segments = re.findall(r'<span data-start="(\d+)" data-end="(\d+)">(.*?)</span>', fragment)
    assert segments
    for start, end, shown in segments:
        assert html.unescape(shown) == text[int(start) : int(end)]
    sources = re.findall(r'<li data-sources="([\d -]+)">([^<]*)</li>', fragment)
    intervention = next(s for s, said in sources if "cognitive restructuring" in said)
    a, b = (int(x) for x in intervention.split()[0].split("-"))
    assert "cognitive restructuring" in text[a:b]


def test_a_conflicting_save_answers_409_with_both_versions(server: Server) -> None:
    with server.signed_in("dana") as client:
        note_id, fragment, csrf = draft_note(client)
        form = editor_form(fragment, csrf)
        first = with_assessment(form, "SYNTHETIC first tab's assessment.")
        assert client.post(f"/notes/{note_id}/save", data=first, headers=FETCH).status_code == 200
        second = with_assessment(form, "SYNTHETIC second tab's assessment.")  # still version 1
        for headers in (FETCH, {}):
            answer = client.post(f"/notes/{note_id}/save", data=second, headers=headers)
            assert answer.status_code == 409
            saved = re.search(
                r'class="note-text conflict-saved"[^>]*>(.*?)</pre>', answer.text, re.S
            )
            yours = re.search(
                r'class="note-text conflict-yours"[^>]*>(.*?)</pre>', answer.text, re.S
            )
            assert saved and "first tab" in html.unescape(saved.group(1))
            assert yours and "second tab" in html.unescape(yours.group(1))
            assert 'data-keep-mine="2"' in answer.text
            assert "<mark>SYNTHETIC first tab" in saved.group(1)  # the lines that differ
            assert "<mark>SYNTHETIC second tab" in yours.group(1)
            assert "<mark>PLAN" not in answer.text
        assert "first tab" in notes.show_note(server.world.dana, note_id).text
