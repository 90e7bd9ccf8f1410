"""The treatment-plan editor over real HTTP, both backends: who may set a plan, that
each save is a new version, and that a plan changed meanwhile is a conflict. SYNTHETIC."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from web_server import Server, csrf_of

from notewell.services import clients
from notewell.store.models import AuditEntry, TreatmentPlan

PLAN = "/clients/C-001/plan"


def plan_form(csrf: str, based_on: str = "", **changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "csrf": csrf,
        "based_on": based_on,
        "problems": "SYNTHETIC depressed mood\nAvoidance of work tasks",
        "goal_text": ["Reduce avoidance of work tasks", "Improve sleep", ""],
        "goal_objectives": ["Complete 3 work tasks a week\nSend one email daily", "", ""],
        "goal_keywords": ["avoidance, work", "sleep", ""],
        "interventions": "behavioral_activation\ncognitive_restructuring",
        "review_date": "2027-02-01",
    }
    return values | changes


def plan_versions(server: Server) -> int:
    with server.world.db.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(TreatmentPlan)) or 0)


def test_who_may_open_and_save_the_plan_editor(server: Server) -> None:
    for name, status in (("dana", 200), ("sam", 200), ("lee", 404), ("bo", 403), ("root", 403)):
        with server.signed_in(name) as client:
            editor = client.get(PLAN)
            assert editor.status_code == status, name
            loaded = re.search(r'name="based_on" value="(\d*)"', editor.text)
            csrf = csrf_of(client.get("/").text)
            saved = client.post(PLAN, data=plan_form(csrf, loaded.group(1) if loaded else ""))
            assert saved.status_code == (303 if status == 200 else status), name
            if status == 403:
                assert "may not set the plan of C-001" in saved.text
    assert plan_versions(server) == 2  # dana's and sam's, nobody else's
    with server.client() as anonymous:
        assert anonymous.get(PLAN).headers["location"] == "/login"
        assert anonymous.post(PLAN, data={"goal_text": "x"}).headers["location"] == "/login"
    with server.signed_in("bo") as biller:  # reads the client, may not edit the plan
        page = biller.get("/clients/C-001")
        assert page.status_code == 200 and 'id="edit-plan"' not in page.text
    with server.signed_in("lee") as other:
        assert other.get("/clients/C-001").status_code == 404  # another clinician's client
        assert other.get("/clients/NOPE/plan").status_code == 404


def test_each_save_is_a_new_version_shown_on_the_client_page(server: Server) -> None:
    with server.signed_in("dana") as dana:
        client_page = dana.get("/clients/C-001").text
        assert "No treatment plan yet" in client_page and 'id="edit-plan"' in client_page
        csrf = csrf_of(client_page)
        first = dana.post(PLAN, data=plan_form(csrf))
        assert first.status_code == 303 and first.headers["location"] == "/clients/C-001"
        shown = dana.get("/clients/C-001").text
        assert "Reduce avoidance of work tasks" in shown and "Send one email daily" in shown
        assert "Review by 2027-02-01" in shown
        editor = dana.get(PLAN).text
        based_on = re.search(r'name="based_on" value="(\d+)"', editor)
        assert based_on and "avoidance, work" in editor
        second = dana.post(
            PLAN,
            data=plan_form(
                csrf,
                based_on.group(1),
                goal_text=["Reduce avoidance of work tasks", "", "<script>alert(1)</script>"],
                goal_objectives=["Complete 4 work tasks a week", "", ""],
                goal_keywords=["avoidance", "", ""],
            ),
        )
        assert second.status_code == 303
        shown = dana.get("/clients/C-001").text
        assert "Improve sleep" not in shown and "Complete 4 work tasks a week" in shown
        assert "<script>alert(1)</script>" not in shown
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert plan_versions(server) == 2
    view = clients.show_client(server.world.dana, "C-001")
    assert view.plan is not None
    assert [g.text for g in view.plan.goals] == [
        "Reduce avoidance of work tasks",
        "<script>alert(1)</script>",
    ]
    assert view.plan.goals[0].keywords == ("avoidance",)
    with server.world.db.sessions() as session:
        creates = session.scalars(select(AuditEntry).where(AuditEntry.action == "plan.create"))
        assert [(e.actor, e.entity_id) for e in creates] == [("dana", "C-001")] * 2


def test_a_plan_changed_meanwhile_is_a_conflict_and_nothing_is_lost(server: Server) -> None:
    with server.signed_in("dana") as dana, server.signed_in("sam") as sam:
        csrf_dana = csrf_of(dana.get(PLAN).text)  # dana opens the editor: no plan yet
        assert sam.post(PLAN, data=plan_form(csrf_of(sam.get(PLAN).text))).status_code == 303
        late = dana.post(PLAN, data=plan_form(csrf_dana, "", goal_text=["Dana's goal"]))
        assert late.status_code == 409
        assert "the plan of C-001 changed since you opened it" in late.text
    assert plan_versions(server) == 1  # sam's; dana's was not written over it
    view = clients.show_client(server.world.dana, "C-001")
    assert view.plan is not None and view.plan.created_by == "sam"


def test_a_plan_without_goals_or_with_a_bad_date_is_refused(server: Server) -> None:
    with server.signed_in("dana") as dana:
        csrf = csrf_of(dana.get(PLAN).text)
        empty = dana.post(PLAN, data=plan_form(csrf, goal_text=["", ""]))
        assert empty.status_code == 400 and "treatment plan: goals" in empty.text
        bad = dana.post(PLAN, data=plan_form(csrf, review_date="next week"))
        assert bad.status_code == 400 and "review_date" in bad.text
    assert plan_versions(server) == 0
