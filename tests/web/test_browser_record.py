"""A signed note's life in a real browser (Debian's Chromium, headless, via Playwright;
never `playwright install`): sign, add an addendum, download the PDF and FHIR exports,
write a psychotherapy note and find it nowhere else. SYNTHETIC data only."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium_pages import sign_in_the_browser
from pypdf import PdfReader
from test_browser import CHROMIUM, pytestmark, sign_in  # noqa: F401 - the skip mark
from web_server import Server

from notewell.services import notes
from record_db import SYNTHETIC_NOTE

MARKER = "OKAPI-LANTERN-4417 my own unease"  # unique, SYNTHETIC


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        launched.close()


@pytest.fixture()
def tab(chromium: Any, server: Server) -> Iterator[Any]:
    context = chromium.new_context(base_url=server.url, accept_downloads=True)
    opened = context.new_page()
    opened.set_default_timeout(60_000)
    yield opened
    context.close()


def download(tab: Any, selector: str) -> bytes:
    with tab.expect_download() as caught:
        tab.click(selector)
    return Path(caught.value.path()).read_bytes()


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def test_sign_addendum_exports_and_a_psychotherapy_note_kept_apart(
    tab: Any, server: Server
) -> None:
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.documentreference import DocumentReference

    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    draft = notes.create_note(server.world.dana, "C-001", SYNTHETIC_NOTE, "dap")
    note_id = draft.note_id
    sign_in(tab, "dana")
    tab.goto(f"/notes/{note_id}")
    sign_in_the_browser(tab)
    assert tab.inner_text("#note-status") == "signed"

    # An addendum: dated, signed, below the unchanged note.
    tab.fill("#addendum-text", "SYNTHETIC addendum: client confirmed the homework by phone.")
    tab.click("#addendum-button")
    tab.wait_for_selector("text=Addendum 1 — dana")
    assert "client confirmed the homework" in tab.inner_text("main")

    pdf = download(tab, "#export-pdf")
    assert pdf.startswith(b"%PDF")
    assert "client confirmed the homework" in pdf_text(pdf)
    fhir = download(tab, "#export-fhir")
    bundle = Bundle.model_validate_json(fhir)  # the downloaded JSON validates
    documents = [e.resource for e in bundle.entry if isinstance(e.resource, DocumentReference)]
    assert documents[0].type.coding[0].code == "11506-3"
    assert documents[0].subject.identifier.value == "C-001"

    # The psychotherapy note: only from the note's own tab, visibly not the record.
    tab.click("#private-tab")
    tab.wait_for_url(f"**/notes/{note_id}/private")
    banner = tab.locator(".private-banner")
    assert banner.is_visible() and "Kept apart from the clinical record" in banner.inner_text()
    colours = tab.eval_on_selector(
        ".psychotherapy-note", "e => getComputedStyle(e).backgroundColor"
    )
    assert colours != tab.eval_on_selector("body", "e => getComputedStyle(e).backgroundColor")
    tab.fill("#private-text", f"SYNTHETIC process note. {MARKER}.")
    tab.click("#private-save")
    tab.wait_for_selector(f"text={MARKER}")

    # ... and nowhere else: pages, the API, every export of the note and of the record.
    for url in ("/", "/clients/C-001", f"/notes/{note_id}"):
        tab.goto(url)
        assert MARKER not in tab.content(), url
    for url in [f"/api/v1/notes/{note_id}"] + [
        f"/{what}/export/{output}"
        for what in (f"notes/{note_id}", "clients/C-001")
        for output in ("pdf", "text", "markdown", "fhir")
    ]:
        response = tab.request.get(url)
        assert response.status == 200, url
        body = response.body()
        text = pdf_text(body) if body.startswith(b"%PDF") else body.decode()
        assert MARKER not in text, url
        if url.startswith("/api/"):
            assert json.loads(body)["summary"]["note_id"] == note_id
    assert errors == []


def test_other_users_in_the_browser_get_no_tab_and_no_page(tab: Any, server: Server) -> None:
    from test_private_http import signed_note_with_private

    note_id = signed_note_with_private(server)
    sign_in(tab, "sam")
    tab.goto(f"/notes/{note_id}")
    assert tab.locator("#private-tab").count() == 0
    response = tab.goto(f"/notes/{note_id}/private")
    assert response is not None and response.status == 404
    assert "ZEBRA-QUILL" not in tab.content()
