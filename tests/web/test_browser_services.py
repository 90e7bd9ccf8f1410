"""Issue 11's journeys in a real browser: a group note drafted for three members and
each member's note signed; an intake drafted in the intake template and signed.
SYNTHETIC data only."""

from __future__ import annotations

from typing import Any

from chromium_pages import browser, context, needs_chromium, page, sign_in, sign_in_the_browser
from web_server import Server

from notewell.services import clients, notes

__all__ = ["browser", "context", "page"]  # fixtures, by name
pytestmark = needs_chromium

GROUP = (
    "Skills group 60 min in person 2026-11-30. Topic: distress tolerance.\n"
    "Facilitator taught the TIPP skill and led paced breathing.\n"
    "Dana: practiced paced breathing, said it helped before a shift. Denies SI/HI.\n"
    "Luis: talked about his job interview, engaged; denies SI/HI.\n"
    "Kat endorsed passive SI this week, no plan or intent; safety plan reviewed. Denies HI.\n"
    "Plan: next group in one week.\n"
)
MEMBERS = {"G-001": "Dana Reyes", "G-002": "Luis Moreno", "G-003": "Katherine Oyelaran"}
INTAKE = (
    'Intake 60 min in person 2026-11-30.\nCC: "I can\'t stop worrying"\n'
    "HPI: worry most days for 8 months since a job change, poor sleep.\n"
    "Psych hx: no prior treatment.\nMeds: none.\nSubst: wine 1-2 glasses a week.\n"
    "FHx: mother - depression; maternal aunt completed suicide.\n"
    "SHx: married, two children, works as an accountant.\n"
    'MSE: casually dressed, mood "anxious", affect congruent.\nRisk: denies SI/HI/SH.\n'
    "Dx: F41.1 GAD.\nPlan: CBT weekly.\n"
)


def _sign(page: Any) -> None:
    sign_in_the_browser(page, "SYNTHETIC: reviewed in supervision")
    assert page.inner_text("#note-status") == "signed"


def test_draft_a_group_note_for_three_members_and_sign_each(page: Any, server: Server) -> None:
    for identifier, name in MEMBERS.items():
        clients.add_client(server.world.dana, identifier, name)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, "dana")
    page.click("#new-group-link")
    page.wait_for_url("**/groups/new")
    for identifier in MEMBERS:
        page.check(f'input[name="member"][value="{identifier}"]')
    page.fill("#group-text", GROUP)
    page.select_option("#member-format", "birp")
    page.click("#group-draft-button")
    page.wait_for_selector("#member-notes")
    rows = page.locator("#member-notes tbody tr")
    assert rows.count() == 3
    links = [rows.nth(i).locator("a").get_attribute("href") for i in range(3)]
    for identifier, link in zip(MEMBERS, links, strict=True):
        page.goto(link)
        page.wait_for_selector('textarea[data-name="PLAN"]')
        text = notes.show_note(server.world.dana, int(link.rsplit("/", 1)[1])).text
        own = MEMBERS[identifier]
        for other in MEMBERS.values():
            if other != own:
                assert other.split()[0] not in text and other.split()[1] not in text
        assert "distress tolerance" in text.lower()
        _sign(page)
    kat = notes.show_note(server.world.dana, int(links[2].rsplit("/", 1)[1]))
    assert kat.status == "signed" and "passive suicidal ideation" in kat.text
    assert errors == []


def test_draft_an_intake_and_sign_it(page: Any, server: Server) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, "dana")
    page.goto("/clients/C-001/notes/new")
    page.fill("#session-text", INTAKE)
    page.select_option("#note-service", "intake")
    page.click("#draft-button")
    page.wait_for_selector('textarea[data-name="FAMILY HISTORY"]')
    family = page.input_value('textarea[data-name="FAMILY HISTORY"]')
    assert "Mother - depression" in family and "completed suicide" in family
    mse = page.input_value('textarea[data-name="MENTAL STATUS EXAMINATION"]')
    assert "[Mental status not documented" in mse and "within normal limits" not in mse
    assert "Client denied suicidal ideation" in page.input_value(
        'textarea[data-name="RISK ASSESSMENT"]'
    )
    _sign(page)
    note_id = int(page.url.rsplit("/", 1)[1])
    view = notes.show_note(server.world.dana, note_id)
    assert view.summary.note_format == "intake" and view.status == "signed"
    assert "90791" in view.text
    assert errors == []
