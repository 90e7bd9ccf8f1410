"""`notewell measures`: the measures' rules listed, and one administration scored, as a
user runs it (exit status 0 scored, 1 not scorable, 2 bad input)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from notewell.cli import app

runner = CliRunner()


def test_the_list_names_every_measure_and_its_rules():
    result = runner.invoke(app, ["measures", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for text in ("PHQ-9", "GAD-7", "PCL-5", "0-4 minimal", "33-80 probable PTSD", "reliable 6"):
        assert text in result.output


def test_scoring_items_with_a_previous_total_and_a_positive_item_9():
    result = runner.invoke(
        app, ["measures", "score", "PHQ-9", "--items", "2,1,3,1,2,0,1,2,1", "--previous", "19"]
    )
    assert result.exit_code == 0, result.output
    assert "PHQ-9 total 13 of 27 (moderate)" in result.output
    assert "down 6 points from 19: a reliable improvement" in result.output
    assert "item 9 was answered 1 (several days)" in result.output


def test_scoring_to_json_with_the_practices_threshold():
    result = runner.invoke(
        app,
        ["measures", "score", "gad7", "--total", "12", "--previous", "17",
         "--reliable-change", "5", "-o", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["total"], report["band"]) == (12, "moderate")
    assert report["change"]["reliable"] is True and report["risk_items"] == []


def test_too_many_unanswered_items_is_not_scored_and_says_why():
    result = runner.invoke(app, ["measures", "score", "PHQ-9", "--items", "2,1,-,-,-,0,1,2,1"])
    assert result.exit_code == 1
    assert "not scored (3 of 9 items unanswered; the PHQ-9 allows at most 2)" in result.output


def test_bad_input_is_one_line_and_status_2():
    for args, message in (
        (["BDI", "--total", "3"], "unknown measure 'BDI'"),
        (["PHQ-9", "--items", "2,1"], "2 answers given; the measure has 9 items"),
        (["PHQ-9"], "give either --items or --total"),
        (["PHQ-9", "--items", "2,1,3,1,2,0,1,2,x"], "'x' is not an answer"),
    ):
        result = runner.invoke(app, ["measures", "score", *args])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output
        assert "Traceback" not in result.output
