"""The draft editor in a real browser: sentence -> source highlighting, live findings,
autosave and its saved state, and two tabs editing one draft. SYNTHETIC data only."""

from __future__ import annotations

from typing import Any

from chromium_pages import browser, context, draft_shorthand, needs_chromium, page, sign_in
from web_server import Server

from notewell.services import notes

__all__ = ["browser", "context", "page"]  # fixtures, by name
pytestmark = needs_chromium

RESPONSE = "Client identified two balanced thoughts and rated anxiety lower."
RISK = "Client reported passive thoughts of not wanting to wake up."


def test_clicking_a_sentence_highlights_its_source_and_announces_it(page: Any) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, "dana")
    draft_shorthand(page)
    data = page.locator('textarea[data-name="DATA"]')
    assert page.locator(".source-hl").count() == 0
    data.click(position={"x": 6, "y": 6})  # the first sentence, "SYNTHETIC."
    page.wait_for_selector(".source-hl")
    assert page.inner_text(".source-hl") == "SYNTHETIC."
    assert "SYNTHETIC." in page.inner_text("#source-status")
    # By keyboard: the cursor moved to the last sentence highlights its own source.
    data.press("Control+End")
    page.wait_for_function(
        "document.querySelector('.source-hl').textContent.includes('thought record')"
    )
    assert page.locator(".source-hl").count() >= 1
    assert "SYNTHETIC." not in page.inner_text(".source-hl")
    assert page.get_attribute("#source-status", "aria-live") == "polite"
    # The prompt has no source: said so, nothing highlighted.
    assessment = page.locator('textarea[data-name="ASSESSMENT"]')
    assessment.press("Control+End")
    page.wait_for_function("!document.querySelector('.source-hl')")
    assert "prompt" in page.inner_text("#source-status")
    # The source view itself is reachable by keyboard (Shift+Tab from the editor).
    page.focus("#box-header")
    for _ in range(4):
        if page.evaluate("document.activeElement.id") == "source-view":
            break
        page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "source-view"
    assert errors == []


def test_a_finding_appears_and_disappears_as_the_text_is_edited_and_autosave_keeps_it(
    page: Any, server: Server
) -> None:
    sign_in(page, "dana")
    note_id = draft_shorthand(page)
    missing_response = page.locator('.findings li[data-rule="missing-client-response"]')
    assert missing_response.count() == 1
    assert "[Add client response" in page.inner_text(".prompts")
    assessment = page.locator('textarea[data-name="ASSESSMENT"]')
    assert "has-prompt" in (assessment.get_attribute("class") or "")

    drafted = assessment.input_value()
    answered = drafted.replace("[Add client response to the intervention]", RESPONSE)
    assessment.fill(answered)
    missing_response.wait_for(state="detached")
    assert page.locator(".prompts").count() == 0
    assert "has-prompt" not in (assessment.get_attribute("class") or "")

    risk = page.locator('.findings li[data-rule="missing-risk-assessment"]')
    assessment.fill(answered.replace("Client denied suicidal and homicidal ideation.", RISK))
    risk.wait_for()
    assert page.locator('input[data-rule="missing-risk-assessment"]').count() == 1
    assessment.fill(answered)
    risk.wait_for(state="detached")

    # Autosave: the state says so, and the record has the edited text.
    page.wait_for_selector('#save-state[data-state="saved"]:has-text("Saved at")')
    view = notes.show_note(server.world.dana, note_id)
    assert view.version >= 2 and RESPONSE in view.text and RISK not in view.text
    assert page.input_value('input[name="version"]') == str(view.version)


def test_two_tabs_editing_one_draft_get_a_conflict_showing_both_versions(
    context: Any, page: Any, server: Server
) -> None:
    sign_in(page, "dana")
    note_id = draft_shorthand(page)
    other = context.new_page()
    other.set_default_timeout(60_000)
    other.goto(f"/notes/{note_id}")
    plan_here = page.locator('textarea[data-name="PLAN"]')
    plan_there = other.locator('textarea[data-name="PLAN"]')

    plan_here.fill("Weekly. SYNTHETIC plan from tab one.")
    page.wait_for_selector('#save-state[data-state="saved"]:has-text("Saved at")')
    plan_there.fill("Weekly. SYNTHETIC plan from tab two.")
    other.wait_for_selector('#save-state[data-state="conflict"]')
    assert "tab one" in other.inner_text(".conflict-saved")
    assert "tab two" in other.inner_text(".conflict-yours")
    assert plan_there.input_value() == "Weekly. SYNTHETIC plan from tab two."
    assert "tab one" in notes.show_note(server.world.dana, note_id).text  # nothing overwritten

    # The clinician chooses: keep this tab's text, saved as the next version.
    other.click("[data-keep-mine]")
    other.wait_for_selector('#save-state[data-state="saved"]')
    stored = notes.show_note(server.world.dana, note_id)
    assert "tab two" in stored.text and "tab one" not in stored.text
    assert other.locator(".conflict").count() == 0


def test_typing_in_the_editor_counts_as_activity_for_the_idle_timer(
    page: Any, server: Server
) -> None:
    page.clock.install()
    sign_in(page, "dana")
    note_id = draft_shorthand(page)
    warning = page.locator("#idle-warning")
    page.clock.fast_forward(14 * 60 * 1000)  # about a minute of the 15 left
    with page.expect_response("**/check") as checked:
        page.locator('textarea[data-name="PLAN"]').fill("Weekly. SYNTHETIC typed late.")
    assert checked.value.status == 200  # the server resumed (refreshed) the session
    page.wait_for_selector('#save-state[data-state="saved"]')
    page.clock.fast_forward(45_000)  # past the old end: the typing restarted the timer
    page.wait_for_timeout(1200)  # two ticks of the page's idle check
    assert warning.is_hidden() and "/clients/C-001/notes/new" in page.url
    assert "typed late" in notes.show_note(server.world.dana, note_id).text  # autosaved
    page.clock.fast_forward(14 * 60 * 1000)  # no more typing: the warning comes
    warning.wait_for(state="visible")
