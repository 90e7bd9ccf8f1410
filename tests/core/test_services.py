"""The services catalogue: every service resolves to a service type, a format and the
CPT rule it bills under (or none); the stated service wins over the detected one.
All inputs are SYNTHETIC."""

from __future__ import annotations

import pytest

from notewell.core.billing import suggest_cpt
from notewell.core.errors import FormatError
from notewell.core.formats import BUILTIN_FORMATS, list_formats, load_format, parse_format
from notewell.core.formats.services import find_service, list_services, with_service
from notewell.core.models import ServiceDetails


def test_every_service_drafts_in_a_builtin_format_and_has_a_unique_name():
    services = list_services()
    assert [s.id for s in services][:3] == ["individual", "intake", "group"]
    for service in services:
        assert load_format(service.format).name == service.format
    names = [n for s in services for n in (s.id, *s.aliases)]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("name", "service_id"),
    [("Intake", "intake"), ("case management", "case-management"), ("termination", "discharge"),
     ("treatment_plan", "plan"), ("Couples", "couples"), ("check-in", "check-in")],
)  # fmt: skip
def test_a_service_is_found_by_id_or_alias_in_any_case(name, service_id):
    assert find_service(name).id == service_id


def test_an_unknown_service_names_the_known_ones():
    with pytest.raises(FormatError, match=r"unknown service 'massage'.*intake"):
        find_service("massage")


def test_the_stated_service_overrides_the_detected_one(facts_of):
    facts = facts_of("Session 50 min in person. Client reported panic attacks at work.")
    stated, service = with_service(facts, "crisis")
    assert service.format == "crisis"
    assert stated.service.service_type == "crisis psychotherapy"
    assert suggest_cpt(stated.service).code == "90839"


def test_a_family_session_without_the_client_keeps_90846(facts_of):
    facts = facts_of("Family session without the client, 50 min. Parents reported curfew fights.")
    stated, _ = with_service(facts, "family")
    assert stated.service.service_type == "family psychotherapy without client"
    assert suggest_cpt(stated.service).code == "90846"


@pytest.mark.parametrize(
    "service_type", ["case management", "collateral contact", "brief check-in",
                     "treatment planning", "discharge summary"],
)  # fmt: skip
def test_contacts_plans_and_summaries_get_no_psychotherapy_code(service_type):
    assert suggest_cpt(ServiceDetails(service_type=service_type, duration_minutes=45)) is None


@pytest.mark.parametrize(
    ("minutes", "code"),
    [(29, "90832"), (30, "90839"), (74, "90839"), (75, "90839 +90840"), (104, "90839 +90840"),
     (105, "90839 +90840 +90840")],
)  # fmt: skip
def test_crisis_codes_at_their_boundaries(minutes, code):
    service = ServiceDetails(service_type="crisis psychotherapy", duration_minutes=minutes)
    suggestion = suggest_cpt(service)
    assert suggestion is not None and suggestion.code == code


def test_every_builtin_format_loads():
    assert [f.name for f in list_formats()] == list(BUILTIN_FORMATS)
    assert {"pirp", "pie", "intake", "group", "crisis", "contact"} <= set(BUILTIN_FORMATS)


def test_an_intake_format_holds_topics_and_a_progress_format_may_not():
    intake = (
        "name: mine\nkind: intake\nsections:\n  - name: Family\n    elements: [family_history]\n"
    )
    assert parse_format(intake).sections[0].elements == ("family_history",)
    progress = intake.replace("kind: intake", "kind: progress")
    with pytest.raises(FormatError, match="unknown element 'family_history'"):
        parse_format(progress)
