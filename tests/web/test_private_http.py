"""The psychotherapy note on the web: its author's own tab, and nowhere else — not the
client page, the note page, search, any export, the API, nor any other user (admins
included, break-the-glass included). SYNTHETIC."""

from __future__ import annotations

import io
import re

import httpx
import pytest
from pypdf import PdfReader
from web_server import Server, csrf_of

from notewell.services import audit, notes, practice, private_notes
from record_db import SYNTHETIC_NOTE, sign_with_overrides

# A unique SYNTHETIC marker: if it shows up anywhere but the tab, the test fails.
MARKER = "ZEBRA-QUILL-7731 countertransference"
PRIVATE_TEXT = f"SYNTHETIC process note. {MARKER}: my own reaction to the session."
OUTPUTS = ("pdf", "text", "markdown", "fhir")


def shown(content: bytes, media_type: str) -> str:
    """What a reader of the response sees (PDF text extracted, JSON as sent)."""
    if media_type == "application/pdf":
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8", "replace")


def write_private(client: httpx.Client, note_id: int, text: str) -> httpx.Response:
    csrf = csrf_of(client.get(f"/notes/{note_id}/private").text)
    return client.post(f"/notes/{note_id}/private", data={"csrf": csrf, "text": text})


def signed_note_with_private(server: Server) -> int:
    w = server.world
    practice.set_cosign_required(w.admin, True)  # so sam has a Co-sign page to look at
    view = notes.create_note(w.dana, "C-001", SYNTHETIC_NOTE, "dap")
    sign_with_overrides(w.dana, view.note_id)
    with server.signed_in("dana") as dana:
        saved = write_private(dana, view.note_id, PRIVATE_TEXT)
        assert saved.status_code == 303
        assert saved.headers["location"] == f"/notes/{view.note_id}/private"
    return view.note_id


def test_the_author_writes_and_reads_it_on_the_notes_own_tab(server: Server) -> None:
    note_id = signed_note_with_private(server)
    with server.signed_in("dana") as dana:
        page = dana.get(f"/notes/{note_id}").text
        assert f'href="/notes/{note_id}/private"' in page  # the tab, for its author
        tab = dana.get(f"/notes/{note_id}/private")
        assert tab.status_code == 200
        assert MARKER in tab.text
        assert 'class="psychotherapy-note"' in tab.text
        assert "Kept apart from the clinical record" in tab.text
        empty = write_private(dana, note_id, "   ")
        assert empty.status_code == 400
        markup = write_private(dana, note_id, "SYNTHETIC <script>alert(1)</script>")
        assert markup.status_code == 303
        assert "&lt;script&gt;alert(1)" in dana.get(f"/notes/{note_id}/private").text
    # Stored encrypted, tied to the note's session, readable by its author only.
    mine = private_notes.session_private_notes(server.world.dana, note_id)
    assert mine[0].text == PRIVATE_TEXT and len(mine) == 2


def test_it_appears_nowhere_else_for_its_author(server: Server) -> None:
    note_id = signed_note_with_private(server)
    with server.signed_in("dana") as dana:
        pages = ["/", "/clients/C-001", f"/notes/{note_id}", f"/api/v1/notes/{note_id}"]
        pages += [f"/notes/{note_id}/export/{o}" for o in OUTPUTS]
        pages += [f"/clients/C-001/export/{o}" for o in OUTPUTS]
        for url in pages:
            response = dana.get(url)
            assert response.status_code == 200, url
            text = shown(response.content, response.headers["content-type"])
            assert MARKER not in text, url
            assert "cognitive restructuring" in text or url == "/" or "/clients/" in url
        assert "psychotherapy-note" not in dana.get(f"/notes/{note_id}").text
    assert notes.search_notes(server.world.dana, "ZEBRA-QUILL").items == ()


@pytest.mark.parametrize("name", ["lee", "sam", "root", "bo"])
def test_no_one_else_can_see_it_or_learn_it_exists(server: Server, name: str) -> None:
    note_id = signed_note_with_private(server)
    other = notes.create_note(server.world.dana, "C-001", SYNTHETIC_NOTE, "dap")  # none kept
    with server.signed_in(name) as client:
        with_private = client.get(f"/notes/{note_id}/private")
        without = client.get(f"/notes/{other.note_id}/private")
        assert with_private.status_code == without.status_code == 404
        # The same answer whether or not the author keeps one for that session.
        same = re.sub(r"\d+", "N", with_private.text) == re.sub(r"\d+", "N", without.text)
        assert same and MARKER not in with_private.text
        csrf = csrf_of(client.get("/").text)
        posted = client.post(
            f"/notes/{note_id}/private", data={"csrf": csrf, "text": "SYNTHETIC intrusion"}
        )
        assert posted.status_code == 404
        for url in ("/", f"/notes/{note_id}", "/clients/C-001", f"/api/v1/notes/{note_id}"):
            response = client.get(url)
            assert MARKER not in response.text, url
            assert f"/notes/{note_id}/private" not in response.text, url  # no tab
        for output in OUTPUTS:
            response = client.get(f"/clients/C-001/export/{output}")
            assert MARKER not in shown(response.content, response.headers["content-type"])
        if name == "root":  # break-the-glass reads the progress note, never this one
            reason = "SYNTHETIC: client in crisis, clinician unreachable"
            read = client.post(
                "/break-glass", data={"csrf": csrf, "note_id": str(note_id), "reason": reason}
            )
            assert read.status_code == 200 and "cognitive restructuring" in read.text
            assert MARKER not in read.text and "/private" not in read.text
    mine = private_notes.session_private_notes(server.world.dana, note_id)
    assert [p.text for p in mine] == [PRIVATE_TEXT]  # nothing added by the intruder


def test_refused_tab_reads_are_on_the_audit_log(server: Server) -> None:
    note_id = signed_note_with_private(server)
    with server.signed_in("sam") as sam:
        assert sam.get(f"/notes/{note_id}/private").status_code == 404
    entries = audit.show_audit_log(server.world.admin, limit=20)
    # A refusal told as absence is audited as the refusal it is (services.errors.Concealed).
    refused = [e for e in entries if e.action == "access.denied" and e.actor == "sam"]
    assert refused and f"progress note {note_id}" in refused[-1].detail


def _draft_from_form(client: httpx.Client, text: str, keep: bool) -> tuple[int, str]:
    csrf = csrf_of(client.get("/clients/C-001/notes/new").text)
    form = {"text": text, "format": "dap", "csrf": csrf} | (
        {"keep_private": "true"} if keep else {}
    )
    drafted = client.post("/clients/C-001/notes", data=form, headers={"x-notewell-fetch": "1"})
    assert drafted.status_code == 200, drafted.text
    found = re.search(r'action="/notes/(\d+)/save"', drafted.text)
    assert found
    return int(found.group(1)), drafted.text


def test_the_new_note_form_keeps_the_drafts_private_part_on_the_notes_own_tab(
    server: Server,
) -> None:
    """Asked for, the private reflection goes to the author's tab and is said so beside
    the draft; it is in neither the progress note nor its page."""
    session = (
        "SYNTHETIC. Date of service: 2026-11-20. 45 minutes, in person. Client reported low "
        f"mood. Used cognitive restructuring. Denies SI/HI. I wonder if {MARKER} matters. "
        "Plan: weekly session."
    )
    with server.signed_in("dana") as dana:
        assert 'name="keep_private"' in dana.get("/clients/C-001/notes/new").text
        note_id, fragment = _draft_from_form(dana, session, keep=True)
        assert f'href="/notes/{note_id}/private"' in fragment and "psychotherapy note" in fragment
        assert MARKER not in fragment  # the draft page masks it, as always
        assert MARKER in dana.get(f"/notes/{note_id}/private").text
        assert MARKER not in dana.get(f"/notes/{note_id}").text
    assert MARKER not in notes.show_note(server.world.dana, note_id).text
    kept = private_notes.session_private_notes(server.world.dana, note_id)
    assert len(kept) == 1 and MARKER in kept[0].text


def test_without_the_box_nothing_private_is_saved_and_with_nothing_private_it_says_so(
    server: Server,
) -> None:
    plain = "SYNTHETIC. 45 minutes. Client reported low mood. Used CBT. Plan: weekly session."
    with server.signed_in("dana") as dana:
        unasked, fragment = _draft_from_form(dana, f"{plain} I wonder if {MARKER} matters.", False)
        assert 'id="private-outcome"' not in fragment
        nothing, fragment = _draft_from_form(dana, plain, keep=True)
        assert "no private reflections, so no psychotherapy note was saved" in fragment
    assert private_notes.session_private_notes(server.world.dana, unasked) == []
    assert private_notes.session_private_notes(server.world.dana, nothing) == []
