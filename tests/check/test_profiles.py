"""Profiles: strict YAML validation naming the bad key, merging onto the default.

Profiles and notes here are synthetic.
"""

from __future__ import annotations

import pytest

from conftest import GOOD_NOTE
from notewell.core.check import builtin_profile, check_note, parse_profile, rule_ids
from notewell.core.errors import ConfigError

BAD_PROFILES = [
    ("unknown-top-key", "deadline_day: 3\n", "deadline_day"),
    ("unknown-rule", "rules:\n  missing-plans: {severity: error}\n", "missing-plans"),
    ("bad-severity", "rules:\n  missing-plan: {severity: fatal}\n", "rules.missing-plan.severity"),
    ("unknown-rule-key", "rules:\n  missing-plan: {level: error}\n", "level"),
    ("bad-threshold", "thresholds:\n  clone_similarity: 2\n", "clone_similarity"),
    ("bad-regex", "phrases:\n  vague_interventions: ['(unclosed']\n", "vague_interventions"),
    ("bad-detail", "service_details:\n  required: [date, colour]\n", "service_details.required"),
    ("not-a-mapping", "- a\n- b\n", "expected a mapping"),
    ("bad-yaml", "rules: [\n", "not valid YAML"),
]


@pytest.mark.parametrize(
    ("text", "names"), [c[1:] for c in BAD_PROFILES], ids=[c[0] for c in BAD_PROFILES]
)
def test_when_profile_is_bad_then_error_names_the_key(text: str, names: str) -> None:
    with pytest.raises(ConfigError, match=r"practice\.yaml") as error:
        parse_profile(text, "practice.yaml")
    assert names in str(error.value)


def test_when_builtin_profiles_load_then_every_rule_has_a_severity() -> None:
    for name in ("default", "payer_audit"):
        profile = builtin_profile(name)
        assert set(profile.rules) == set(rule_ids()), name


def test_when_profile_disables_rule_then_it_does_not_fire() -> None:
    profile = parse_profile("rules:\n  missing-plan: {enabled: false}\n")
    text = GOOD_NOTE.split("Plan:")[0]
    assert "missing-plan" in {f.rule for f in check_note(text)}
    assert "missing-plan" not in {f.rule for f in check_note(text, profile=profile)}


def test_when_profile_changes_severity_then_findings_use_it() -> None:
    profile = parse_profile("rules:\n  vague-intervention: {severity: info}\n")
    text = GOOD_NOTE.replace("Data:", "Data: Checked in with client.")
    severities = {
        f.severity for f in check_note(text, profile=profile) if f.rule == "vague-intervention"
    }
    assert severities == {"info"}


def test_when_profile_adds_phrases_then_defaults_are_kept() -> None:
    profile = parse_profile("phrases:\n  vague_interventions: ['held space']\n")
    text = GOOD_NOTE.replace("Data:", "Data: Held space for client. Provided support.")
    messages = " ".join(f.message for f in check_note(text, profile=profile))
    assert "held space" in messages.lower() and "provided support" in messages.lower()


def test_when_profile_sets_deadline_then_late_documentation_uses_it() -> None:
    profile = parse_profile("deadline_days: 10\n")
    assert "late-documentation" not in {
        f.rule for f in check_note(GOOD_NOTE, profile=profile, signed_date="2026-10-12")
    }


def test_when_payer_profile_then_audit_items_are_required() -> None:
    findings = check_note(GOOD_NOTE, profile="payer_audit")
    messages = " ".join(f.message for f in findings if f.rule == "missing-required-content")
    for item in ("date of birth", "diagnostic statement", "signature", "credentials"):
        assert item in messages
    assert any("start and stop times" in f.message for f in findings)
    assert all(f.severity == "error" for f in findings)


def test_when_payer_profile_and_complete_note_then_clean() -> None:
    # Synthetic note written to satisfy every payer-audit item.
    text = (
        "Client: C.D.  DOB: 1990-02-03  Provider: J. Doe, LCSW\n"
        "Date of service: 2026-10-05. Individual psychotherapy, 45 minutes, 10:00-10:45, "
        "telehealth video (client at home). Attendees: client only.\n"
        "Diagnosis: F41.0 Panic disorder.\n"
        + GOOD_NOTE.split("\n", 1)[1]
        + "Mental status: alert and oriented; mood anxious; affect congruent.\n"
        "Electronically signed: J. Doe, LCSW, 2026-10-06.\n"
    )
    assert [f.message for f in check_note(text, profile="payer_audit")] == []


def test_when_90785_billed_without_reason_then_required_content() -> None:
    text = GOOD_NOTE.replace("45 minutes,", "45 minutes, 90834 + 90785,")
    messages = [f.message for f in check_note(text, profile="payer_audit")]
    assert any("interactive complexity" in m for m in messages)
    with_reason = text.replace("Data:", "Data: Spanish interpreter used throughout.")
    assert not any(
        "interactive complexity" in f.message
        for f in check_note(with_reason, profile="payer_audit")
    )


def test_when_rules_are_registered_then_registry_and_catalogue_name_the_same_ids() -> None:
    import notewell.core.check  # noqa: F401  registers every rule
    from notewell.core.check.catalogue import rule_ids
    from notewell.core.check.registry import registered_rules

    assert registered_rules() == frozenset(rule_ids())


def test_when_a_check_names_an_unknown_rule_then_registration_fails() -> None:
    import pytest

    from notewell.core.check.registry import registers
    from notewell.core.errors import ConfigError

    with pytest.raises(ConfigError, match="no-such-rule"):
        registers("no-such-rule")
