"""The new-note journey in a real browser: Debian's Chromium, headless, via Playwright
(never `playwright install`). SYNTHETIC data only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from chromium_pages import CHROMIUM, browser, needs_chromium, sign_in  # noqa: F401 - fixture
from web_server import PRIVATE_PHRASE, Server

from notewell.services import notes

# Raises risk without assessing it: the checker's error-level finding (SYNTHETIC).
RISK_TEXT = (
    "SYNTHETIC. Date of service: 2026-11-20. Individual psychotherapy, 45 minutes, in "
    "person. Client reported low mood and passive thoughts of not wanting to wake up. Used "
    "cognitive restructuring to challenge hopeless thoughts. Client identified two balanced "
    f"thoughts. I wonder if her fear of criticism {PRIVATE_PHRASE}."
)

pytestmark = needs_chromium


@pytest.fixture()
def page(browser: Any, server: Server) -> Iterator[Any]:  # noqa: F811 - the fixture, by name
    context = browser.new_context(base_url=server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    opened = context.new_page()
    opened.set_default_timeout(60_000)  # the first draft loads the language pipeline
    yield opened
    context.close()


def test_sign_in_draft_sign_with_overrides_and_see_the_signed_note(
    page: Any, server: Server
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, "dana")
    page.click('a[href="/clients/C-001"]')
    page.wait_for_url("**/clients/C-001")
    page.click("text=New note")
    page.fill("#session-text", RISK_TEXT)
    page.select_option('select[name="format"]', "dap")
    page.click("#draft-button")
    page.wait_for_selector('textarea[data-name="PLAN"]')
    assert "cognitive restructuring" in page.input_value('textarea[data-name="DATA"]')
    assert page.locator('.findings li[data-rule="missing-risk-assessment"]').count() == 1
    assert page.locator('input[data-rule="missing-risk-assessment"]').count() == 1
    assert PRIVATE_PHRASE not in page.inner_text("#draft-result")

    # Copy for EHR puts the plain note text on the clipboard.
    page.click("button[data-copy-editor]")
    copied = page.evaluate("navigator.clipboard.readText()")
    draft_id = int(page.get_attribute("#editor", "action").split("/")[2])
    assert copied == notes.show_note(server.world.dana, draft_id).text  # as the record has it
    assert PRIVATE_PHRASE not in copied

    # Signing without a reason for each error-level rule is refused, box by box.
    page.click("#sign-button")
    page.wait_for_selector("#sign-refused")
    reasons = page.locator('input[name="override_reason"]')
    assert reasons.count() >= 1
    for index in range(reasons.count()):
        reasons.nth(index).fill("SYNTHETIC: documented in the crisis log")
    page.click("#sign-button")
    page.wait_for_selector("#signature")
    assert "Signed by dana" in page.inner_text("#signature")
    assert page.inner_text("#note-status") == "signed"
    note_id = int(page.url.rsplit("/", 1)[1])
    view = notes.show_note(server.world.dana, note_id)
    assert view.status == "signed" and view.overrides
    assert all(o.reason == "SYNTHETIC: documented in the crisis log" for o in view.overrides)
    assert errors == []


def test_idle_warning_comes_before_the_end_and_stay_signed_in_pings(
    page: Any, server: Server
) -> None:
    page.clock.install()
    sign_in(page, "dana")
    warning = page.locator("#idle-warning")
    assert warning.is_hidden()
    page.clock.fast_forward(14 * 60 * 1000 + 15_000)  # 45 s before the 15 minutes end
    warning.wait_for(state="visible")
    left = int(page.inner_text("#idle-count"))
    assert 20 <= left <= 60
    with page.expect_response("**/ping") as ping:
        page.click("#stay-signed-in")
    assert ping.value.status == 200
    warning.wait_for(state="hidden")


def test_a_conflicting_save_keeps_the_clinicians_text(page: Any, server: Server) -> None:
    from record_db import SYNTHETIC_NOTE

    view = notes.create_note(server.world.dana, "C-001", SYNTHETIC_NOTE, "dap")
    sign_in(page, "dana")
    page.goto(f"/notes/{view.note_id}")
    notes.save_note(server.world.dana, view.note_id, SYNTHETIC_NOTE + "\nSYNTHETIC edit.", 1)
    page.fill('textarea[data-name="PLAN"]', "My unsaved SYNTHETIC plan.")
    page.click("#save-button")
    page.wait_for_selector(".fetch-problem .error")
    assert "changed since version 1" in page.inner_text(".fetch-problem")
    assert page.input_value('textarea[data-name="PLAN"]') == "My unsaved SYNTHETIC plan."
