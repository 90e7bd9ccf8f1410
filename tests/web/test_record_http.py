"""A signed note's life over real HTTP: addenda, co-signature, break-the-glass. SYNTHETIC."""

from __future__ import annotations

import httpx
from web_server import Server, csrf_of

from notewell.services import notes, practice
from record_db import SYNTHETIC_NOTE, World, sign_with_overrides


def signed_note(w: World) -> int:
    view = notes.create_note(w.dana, "C-001", SYNTHETIC_NOTE, "dap")
    sign_with_overrides(w.dana, view.note_id)
    return view.note_id


def post_form(client: httpx.Client, page: str, url: str, **fields: str) -> httpx.Response:
    csrf = csrf_of(client.get(page).text)
    return client.post(url, data={"csrf": csrf, **fields})


def test_the_author_adds_an_addendum_to_a_signed_note(server: Server) -> None:
    note_id = signed_note(server.world)
    with server.signed_in("dana") as dana:
        page = dana.get(f"/notes/{note_id}").text
        assert f'action="/notes/{note_id}/addenda"' in page
        text = "SYNTHETIC: client called to confirm the homework <b>plan</b>."
        added = post_form(dana, "/", f"/notes/{note_id}/addenda", text=text)
        assert added.status_code == 303 and added.headers["location"] == f"/notes/{note_id}"
        shown = dana.get(f"/notes/{note_id}").text
        assert "Addendum 1 — dana" in shown
        assert "&lt;b&gt;plan&lt;/b&gt;" in shown and "<b>plan</b>" not in shown  # escaped
        view = notes.show_note(server.world.dana, note_id)
        assert [a.text for a in view.addenda] == [text]
        assert view.text == SYNTHETIC_NOTE  # the signed note itself never changes
        empty = post_form(dana, "/", f"/notes/{note_id}/addenda", text="  ")
        assert empty.status_code == 400 and "the addendum is empty" in empty.text
        no_csrf = dana.post(f"/notes/{note_id}/addenda", data={"text": "SYNTHETIC"})
        assert no_csrf.status_code == 403
        draft = notes.create_note(server.world.dana, "C-001", SYNTHETIC_NOTE, "dap")
        refused = post_form(dana, "/", f"/notes/{draft.note_id}/addenda", text="SYNTHETIC")
        assert refused.status_code == 400 and "edit it instead" in refused.text
    assert len(notes.show_note(server.world.dana, note_id).addenda) == 1


def test_others_may_not_add_addenda(server: Server) -> None:
    note_id = signed_note(server.world)
    # 404 for who may not read the note (lee, root), 403 for a reader who may not add (bo)
    for name, status in (("lee", 404), ("bo", 403), ("root", 404)):
        with server.signed_in(name) as other:
            page = other.get(f"/notes/{note_id}")
            assert 'name="text"' not in page.text  # no addendum form for them
            refused = post_form(other, "/", f"/notes/{note_id}/addenda", text="SYNTHETIC")
            assert refused.status_code == status, name
    with server.signed_in("sam") as sam:  # a supervisor may add one
        assert f'action="/notes/{note_id}/addenda"' in sam.get(f"/notes/{note_id}").text
        ok = post_form(sam, "/", f"/notes/{note_id}/addenda", text="SYNTHETIC supervisor note")
        assert ok.status_code == 303
    assert [a.author for a in notes.show_note(server.world.dana, note_id).addenda] == ["sam"]


def test_a_supervisor_cosigns_a_note_that_needs_it(server: Server) -> None:
    w = server.world
    practice.set_cosign_required(w.admin, True)
    note_id = signed_note(w)
    with server.signed_in("dana") as dana:
        page = dana.get(f"/notes/{note_id}").text
        assert "Awaiting supervisor co-signature" in page and "cosign-button" not in page
        assert post_form(dana, "/", f"/notes/{note_id}/cosign").status_code == 403
    with server.signed_in("sam") as sam:
        assert "cosign-button" in sam.get(f"/notes/{note_id}").text
        cosigned = post_form(sam, "/", f"/notes/{note_id}/cosign")
        assert cosigned.status_code == 303
        page = sam.get(f"/notes/{note_id}").text
        assert "Co-signed by sam" in page and "cosign-button" not in page
        again = post_form(sam, "/", f"/notes/{note_id}/cosign")
        assert again.status_code == 400 and "already co-signed" in again.text
    assert [c.username for c in notes.show_note(w.dana, note_id).cosignatures] == ["sam"]
    for name, status in (("lee", 404), ("bo", 403), ("root", 404)):
        with server.signed_in(name) as other:
            assert post_form(other, "/", f"/notes/{note_id}/cosign").status_code == status, name


def test_no_cosign_button_when_the_practice_does_not_ask(server: Server) -> None:
    note_id = signed_note(server.world)
    with server.signed_in("sam") as sam:
        assert "cosign-button" not in sam.get(f"/notes/{note_id}").text


def test_an_admin_breaks_the_glass_with_a_reason_shown_to_the_author(server: Server) -> None:
    note_id = signed_note(server.world)
    with server.signed_in("root") as root:
        assert root.get(f"/notes/{note_id}").status_code == 404  # not by the rules
        assert 'href="/break-glass"' in root.get("/").text
        form = root.get(f"/break-glass?note={note_id}")
        assert form.status_code == 200 and f'value="{note_id}"' in form.text
        short = post_form(root, "/", "/break-glass", note_id=str(note_id), reason="urgent")
        assert short.status_code == 400 and "at least 10 characters" in short.text
        reason = "SYNTHETIC: client in crisis, clinician unreachable"
        read = post_form(root, "/", "/break-glass", note_id=str(note_id), reason=reason)
        assert read.status_code == 200
        assert "Client reported low mood" in read.text
        assert "You broke the glass" in read.text
        assert "Break-the-glass read by root at" in read.text and reason in read.text
        assert 'name="text"' not in read.text and "/export/" not in read.text  # read only
        missing = post_form(root, "/", "/break-glass", note_id="999999", reason=reason)
        assert missing.status_code == 404
    with server.signed_in("dana") as dana:
        page = dana.get(f"/notes/{note_id}").text
        assert "Break-the-glass read by root" in page and reason in page
    with server.signed_in("lee") as lee:  # only admins break the glass
        refused = post_form(lee, "/", "/break-glass", note_id=str(note_id), reason=reason)
        assert refused.status_code == 403
        assert "Client reported low mood" not in refused.text
