"""Administration in a real browser (Debian's Chromium, headless, via Playwright): an
admin adds a user, the user enrols with the one-time code on the sign-in page and signs
in, and the audit log verifies intact. SYNTHETIC data only."""

from __future__ import annotations

from typing import Any

from test_browser import browser, page, pytestmark, sign_in  # noqa: F401 - fixtures, skip mark
from web_server import Server

NEW_PASSWORD = "synthetic-kim-password"


def test_admin_adds_a_user_who_enrols_signs_in_and_the_audit_log_verifies(
    page: Any,  # noqa: F811 - the fixture, by name
    server: Server,
) -> None:
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(  # CSP violations among them; failed loads are checked below, by URL
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    failed: list[str] = []  # the browser's own /favicon.ico probe aside
    page.on(
        "response",
        lambda r: (
            failed.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    sign_in(page, "root")
    page.click('a[href="/admin/users"]')
    page.wait_for_url("**/admin/users")
    page.fill('#add-user input[name="username"]', "kim")
    page.fill('#add-user input[name="display_name"]', "Synthetic Kim")
    page.select_option('#add-user select[name="role"]', "clinician")
    page.click('#add-user button[type="submit"]')
    code = page.inner_text("#enrolment-code").strip()
    assert len(code) == 20 and code.count("-") == 2
    page.click('header button:has-text("Sign out")')
    page.wait_for_url("**/login?signed_out=1")

    page.fill('#enrol input[name="username"]', "kim")
    page.fill('#enrol input[name="code"]', code)
    page.fill('#enrol input[name="password"]', NEW_PASSWORD)
    page.fill('#enrol input[name="password_again"]', NEW_PASSWORD)
    page.click("#enrol-button")
    page.wait_for_url("**/login?enrolled=1")
    assert "Your password is set" in page.inner_text("#login-notice")
    page.fill('.login input[name="username"]', "kim")
    page.fill('.login input[name="password"]', NEW_PASSWORD)
    page.click('form[action="/login"] button[type="submit"]')
    page.wait_for_url("**/")
    assert "Synthetic Kim (clinician)" in page.inner_text(".who-line")
    page.click('header button:has-text("Sign out")')
    page.wait_for_url("**/login?signed_out=1")

    sign_in(page, "root")
    page.goto("/admin/audit")
    assert "user.create" in page.inner_text("#audit-entries")
    page.click("#verify-button")
    page.wait_for_selector("#verdict")
    assert page.inner_text("#verdict").startswith("Audit log intact:")
    assert problems == [] and failed == []
