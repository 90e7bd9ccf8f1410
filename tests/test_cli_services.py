"""`notewell draft --service` and `notewell formats` as a user runs them. All inputs
are SYNTHETIC."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from notewell.cli import app

runner = CliRunner()

GROUP = (
    "Skills group 60 min in person 2026-11-30. Topic: distress tolerance.\n"
    "Facilitator taught the TIPP skill.\n"
    "Dana: practiced paced breathing, denies SI.\n"
    "Luis: said the skill helped at work, denies SI/HI.\n"
    "Kat: quiet, engaged when prompted; endorsed passive SI, no plan, safety plan reviewed.\n"
    "Plan: next group in one week.\n"
)


def test_formats_lists_the_services_and_the_formats():
    result = runner.invoke(app, ["formats"], env={"COLUMNS": "220"})
    assert result.exit_code == 0, result.output
    for text in ("Services (--service)", "case-management", "Intake / diagnostic evaluation",
                 "Note formats (--format)", "pirp", "Family history"):  # fmt: skip
        assert text in result.output


def test_an_intake_drafts_in_the_intake_template():
    text = "Intake 60 min. CC: panic attacks. FHx: mother - depression. Denies SI/HI."
    result = runner.invoke(app, ["draft", "-", "--service", "intake", "-o", "markdown"], input=text)
    assert result.exit_code == 0, result.output
    assert "## Family history\n\nMother - depression." in result.output
    assert "## Mental status examination\n\n_[Add mental status" in result.output
    assert "90791" in result.output


def test_a_group_drafts_a_note_per_member_in_json():
    result = runner.invoke(
        app,
        ["draft", "-", "--service", "group", "--member", "Dana Reyes", "--member", "Luis Moreno",
         "--member", "Katherine Oyelaran", "-o", "json"],
        input=GROUP,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [m["member"] for m in report["members"]] == [
        "Dana Reyes",
        "Luis Moreno",
        "Katherine Oyelaran",
    ]
    risk = {
        m["member"]: m["note"]["facts"]["risk"]["suicidal_ideation"]["status"]
        for m in report["members"]
    }
    assert risk == {
        "Dana Reyes": "denied",
        "Luis Moreno": "denied",
        "Katherine Oyelaran": "endorsed",
    }
    for m in report["members"]:
        text = json.dumps(m["note"]["sections"])
        for other in ("Dana", "Luis", "Kat"):
            if not m["member"].startswith(other):
                assert other not in text


def test_a_group_in_text_shows_each_member_under_a_rule():
    result = runner.invoke(
        app, ["draft", "-", "-s", "group", "-m", "Dana", "-m", "Luis", "-m", "Kat"], input=GROUP
    )
    assert result.exit_code == 0, result.output
    assert "Member note: Dana" in result.output and "Member note: Kat" in result.output


def test_an_unknown_service_is_a_clear_error():
    result = runner.invoke(app, ["draft", "-", "--service", "massage"], input="Client reported.")
    assert result.exit_code == 2
    assert "unknown service 'massage'" in result.output and "Traceback" not in result.output


def test_members_without_a_group_is_a_clear_error():
    result = runner.invoke(app, ["draft", "-", "--member", "Dana"], input="Client reported stress.")
    assert result.exit_code == 2
    assert "--member is for group sessions" in result.output
