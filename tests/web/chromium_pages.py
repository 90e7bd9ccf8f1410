"""Playwright over Debian's Chromium (headless, never `playwright install`) for the
editor and accessibility tests. SYNTHETIC data only."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from web_server import PASSWORD, Server

CHROMIUM = os.environ.get("NOTEWELL_TEST_CHROMIUM", "/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"
)

# Shorthand for a DAP note (SYNTHETIC): no client response, so the draft carries the
# "[Add client response to the intervention]" prompt and a missing-client-response finding.
SHORTHAND = (
    "SYNTHETIC. 11/20/2026 45 min indiv, in person.\nc/o low mood, avoiding work email. "
    "CR for catastrophic thoughts re return to work. Denies SI/HI. Plan: weekly; daily "
    "thought record."
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        launched.close()


@pytest.fixture()
def context(browser: Any, server: Server) -> Iterator[Any]:
    opened = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 768})
    yield opened
    opened.close()


@pytest.fixture()
def page(context: Any) -> Any:
    opened = context.new_page()
    opened.set_default_timeout(60_000)  # the first draft loads the language pipeline
    return opened


def sign_in(page: Any, username: str) -> None:
    page.goto("/login")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_url("**/")


def draft_shorthand(page: Any, client: str = "C-001", text: str = SHORTHAND) -> int:
    """Draft a DAP note on the new-note page; the draft's note id."""
    page.goto(f"/clients/{client}/notes/new")
    page.fill("#session-text", text)
    page.select_option("#note-format", "dap")
    page.click("#draft-button")
    page.wait_for_selector('textarea[data-name="PLAN"]')
    return int(page.get_attribute("#editor", "action").split("/")[2])


def sign_in_the_browser(tab: Any, reason: str = "SYNTHETIC: documented elsewhere") -> None:
    """Sign, giving a reason for each error-level finding if the checker raises any."""
    tab.click("#sign-button")
    tab.wait_for_selector("#signature, #sign-refused")
    if tab.locator("#sign-refused").count():
        reasons = tab.locator('input[name="override_reason"]')
        for index in range(reasons.count()):
            reasons.nth(index).fill(reason)
        tab.click("#sign-button")
        tab.wait_for_selector("#signature")
