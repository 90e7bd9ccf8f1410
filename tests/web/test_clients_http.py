"""The New client page over real HTTP, both backends: who may add a client (and who gets
403), the redirect to the client's page, refused input shown on the form again (400,
never a traceback), escaping, and the audit entry the CLI writes too. All SYNTHETIC."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from web_server import Server, csrf_of

from notewell.services import clients, users
from notewell.store.models import AuditEntry, Client


def add(client: httpx.Client, **form: str) -> httpx.Response:
    csrf = csrf_of(client.get("/").text)
    return client.post("/clients", data=form | {"csrf": csrf})


def identifiers(server: Server) -> set[str]:
    with server.db_session() as session:
        return set(session.scalars(select(Client.identifier)))


def test_a_clinician_adds_a_client_assigned_to_them_and_lands_on_its_page(
    server: Server,
) -> None:
    with server.signed_in("dana") as client:
        assert 'href="/clients/new"' in client.get("/").text
        form = client.get("/clients/new")
        assert form.status_code == 200
        assert '<option value="dana" selected>' in form.text  # herself, as the CLI assigns
        assert 'value="bo"' not in form.text  # a biller is no clinician to choose
        added = add(client, identifier="C-010", name="Synthetic Client Ten", clinician="dana")
        assert added.status_code == 303
        assert added.headers["location"] == "/clients/C-010"
        page = client.get("/clients/C-010")
        assert page.status_code == 200 and "C-010" in page.text
    shown = clients.show_client(server.world.dana, "C-010")
    assert (shown.name, shown.clinician) == ("Synthetic Client Ten", "dana")


def test_an_admin_assigns_a_clinician_and_the_audit_entry_is_the_clis(server: Server) -> None:
    with server.signed_in("root") as client:
        assert 'href="/clients/new"' in client.get("/").text
        unassigned = add(client, identifier="C-011", name="Synthetic Client Eleven")
        assert unassigned.status_code == 400
        assert "name the assigned clinician" in unassigned.text
        added = add(
            client,
            identifier="C-011",
            name="Synthetic Client Eleven",
            date_of_birth="1990-01-31",
            clinician="lee",
        )
        assert added.status_code == 303
    with server.db_session() as session:
        entry = session.scalar(
            select(AuditEntry)
            .where(AuditEntry.action == "client.create")
            .order_by(AuditEntry.seq.desc())
        )
    assert entry is not None
    assert (entry.actor, entry.entity_type, entry.entity_id) == ("root", "client", "C-011")
    assert entry.detail == "clinician=lee"
    shown = clients.show_client(server.world.lee, "C-011")
    assert (str(shown.date_of_birth), shown.clinician) == ("1990-01-31", "lee")


def test_a_biller_may_not_add_clients(server: Server) -> None:
    before = identifiers(server)
    with server.signed_in("bo") as client:
        assert 'href="/clients/new"' not in client.get("/").text
        assert client.get("/clients/new").status_code == 403
        refused = add(client, identifier="C-012", name="Synthetic", clinician="dana")
        assert refused.status_code == 403
    assert identifiers(server) == before


def test_a_post_without_the_csrf_token_is_refused(server: Server) -> None:
    with server.signed_in("dana") as client:
        forged = client.post("/clients", data={"identifier": "C-013", "name": "Synthetic"})
        assert forged.status_code == 403
    assert "C-013" not in identifiers(server)


def test_refused_input_shows_the_form_again_with_one_line(server: Server) -> None:
    before = identifiers(server)
    cases = {
        "existing": ({"identifier": "C-001", "name": "Synthetic"}, "already exists"),
        "space": ({"identifier": "C 14", "name": "Synthetic"}, "client identifier"),
        "empty": ({"identifier": "", "name": "Synthetic"}, "client identifier"),
        "reserved": ({"identifier": "new", "name": "Synthetic"}, "reserved"),
        "no name": ({"identifier": "C-014", "name": "  "}, "client name is empty"),
        "bad date": (
            {"identifier": "C-014", "name": "Synthetic", "date_of_birth": "31/01/1990"},
            "use YYYY-MM-DD",
        ),
        "future": (
            {"identifier": "C-014", "name": "Synthetic", "date_of_birth": "2999-01-01"},
            "in the future",
        ),
        "no such clinician": (
            {"identifier": "C-014", "name": "Synthetic", "clinician": "nobody"},
            "no user &#39;nobody&#39;",  # escaped
        ),
        "a biller": (
            {"identifier": "C-014", "name": "Synthetic", "clinician": "bo"},
            "not a clinician",
        ),
    }
    with server.signed_in("dana") as client:
        for case, (form, message) in cases.items():
            answer = add(client, **form)
            assert answer.status_code == 400, case
            assert message in answer.text, case
            assert 'id="client-error"' in answer.text and 'id="new-client"' in answer.text, case
            assert "Traceback" not in answer.text, case
    assert identifiers(server) == before


def test_a_hostile_identifier_and_name_are_escaped(server: Server) -> None:
    hostile = '<script>alert("x")</script>'
    with server.signed_in("dana") as client:
        answer = add(client, identifier=hostile, name=hostile, clinician="dana")
        assert answer.status_code == 400
        assert "<script>alert" not in answer.text
        assert "&lt;script&gt;alert" in answer.text  # in the error line and the kept values
    assert identifiers(server) == {"C-001", "C-002"}


def test_the_form_offers_active_clinicians_and_supervisors_only(server: Server) -> None:
    users.deactivate_user(server.world.admin, "lee")
    with server.signed_in("root") as client:
        form = client.get("/clients/new").text
    assert 'value="dana"' in form and 'value="sam"' in form  # a clinician, a supervisor
    assert 'value="lee"' not in form and 'value="root"' not in form
    assert "Choose a clinician" in form  # an admin is assigned nobody by default
