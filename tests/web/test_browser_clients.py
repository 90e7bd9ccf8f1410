"""Issue 10's journey in a real browser (Debian's Chromium, headless, via Playwright):
sign in, add a client on the New client page, draft a DAP note from shorthand for them,
see the draft. SYNTHETIC data only."""

from __future__ import annotations

from typing import Any

from chromium_pages import SHORTHAND, browser, context, needs_chromium, page, sign_in
from sqlalchemy import select
from web_server import Server

from notewell.store.models import Client, ProgressNote

__all__ = ["browser", "context", "page"]  # fixtures, by name
pytestmark = needs_chromium


def test_add_a_client_then_draft_a_dap_note_for_them(page: Any, server: Server) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, "dana")
    page.click("#new-client-link")
    page.wait_for_url("**/clients/new")
    page.fill("#client-identifier", "C-020")
    page.fill("#client-name", "Synthetic Client Twenty")
    page.fill("#client-dob", "1991-05-17")
    assert page.input_value("#client-clinician") == "dana"  # herself, preselected
    page.click('#new-client button[type="submit"]')
    page.wait_for_url("**/clients/C-020")
    page.click("text=New note")
    page.wait_for_url("**/clients/C-020/notes/new")
    page.fill("#session-text", SHORTHAND)
    page.select_option("#note-format", "dap")
    page.click("#draft-button")
    page.wait_for_selector('textarea[data-name="PLAN"]')
    assert "[Add client response" in page.inner_text(".prompts")
    note_id = int(page.get_attribute("#editor", "action").split("/")[2])
    with server.db_session() as session:
        owner = session.scalar(
            select(Client.identifier)
            .join(ProgressNote, ProgressNote.client_id == Client.id)
            .where(ProgressNote.id == note_id)
        )
    assert owner == "C-020"
    assert errors == []
