"""axe-core (bundled by the axe-playwright-python dev dependency) over the main pages in
Chromium: no serious or critical violation of WCAG 2.x A/AA (2.2 included) or axe's best
practices. SYNTHETIC data only."""

from __future__ import annotations

from typing import Any

from chromium_pages import browser, context, draft_shorthand, needs_chromium, page, sign_in
from web_server import Server

from notewell.services import notes
from record_db import SYNTHETIC_NOTE, sign_with_overrides

__all__ = ["browser", "context", "page"]  # fixtures, by name
pytestmark = needs_chromium

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def serious_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_main_pages_have_no_serious_or_critical_axe_violation(
    page: Any, server: Server
) -> None:
    found: dict[str, list[str]] = {}
    page.goto("/login")
    found["login"] = serious_violations(page)
    sign_in(page, "dana")
    found["today"] = serious_violations(page)
    page.goto("/clients/C-001")
    found["client"] = serious_violations(page)
    page.goto("/clients/C-001/notes/new")
    found["new note"] = serious_violations(page)
    page.goto("/clients/new")
    found["new client"] = serious_violations(page)
    note_id = draft_shorthand(page)
    page.locator('textarea[data-name="DATA"]').click(position={"x": 6, "y": 6})
    page.wait_for_selector(".source-hl")
    found["fresh draft, source highlighted"] = serious_violations(page)
    page.goto(f"/notes/{note_id}")
    found["draft note"] = serious_violations(page)
    signed = notes.create_note(server.world.dana, "C-001", SYNTHETIC_NOTE, "dap")
    sign_with_overrides(server.world.dana, signed.note_id)
    page.goto(f"/notes/{signed.note_id}")
    page.wait_for_selector("#signature")
    found["signed note"] = serious_violations(page)
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_a_conflict_has_no_serious_or_critical_axe_violation(page: Any, server: Server) -> None:
    view = notes.create_note(server.world.dana, "C-001", SYNTHETIC_NOTE, "dap")
    sign_in(page, "dana")
    page.goto(f"/notes/{view.note_id}")
    notes.save_note(server.world.dana, view.note_id, SYNTHETIC_NOTE + "\nSYNTHETIC edit.", 1)
    page.fill('textarea[data-name="PLAN"]', "My unsaved SYNTHETIC plan.")
    page.wait_for_selector(".conflict")
    assert serious_violations(page) == []


def test_the_plan_editor_psychotherapy_tab_and_admin_pages_have_none_either(
    page: Any, server: Server
) -> None:
    signed = notes.create_note(server.world.dana, "C-001", SYNTHETIC_NOTE, "dap")
    sign_with_overrides(server.world.dana, signed.note_id)
    found: dict[str, list[str]] = {}
    sign_in(page, "dana")
    assert page.goto("/clients/C-001/plan").status == 200
    found["plan editor"] = serious_violations(page)
    assert page.goto(f"/notes/{signed.note_id}/private").status == 200
    found["psychotherapy tab"] = serious_violations(page)
    page.click("text=Sign out")
    page.wait_for_url("**/login**")
    sign_in(page, "root")
    assert page.goto("/admin/users").status == 200
    found["users"] = serious_violations(page)
    assert page.goto("/admin/audit").status == 200
    found["audit log"] = serious_violations(page)
    assert {name: problems for name, problems in found.items() if problems} == {}
