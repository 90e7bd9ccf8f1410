"""`notewell check` / `notewell rules` through a tiny Typer app with `register(app)`.

Notes written to tmp_path are synthetic.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import GOOD_NOTE, PRIVATE_NOTE
from notewell.cli.check import register

NO_PLAN = GOOD_NOTE.split("Plan:")[0]  # an error-level finding (missing-plan)
VAGUE = GOOD_NOTE.replace("Data:", "Data: Provided support.")  # a warning only


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    for name, text in (("good.txt", GOOD_NOTE), ("noplan.md", NO_PLAN), ("vague.txt", VAGUE)):
        (tmp_path / name).write_text(text, "utf-8")
    (tmp_path / "private.txt").write_text(PRIVATE_NOTE, "utf-8")
    return tmp_path


def run(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


EXIT_CASES = [
    ("clean", ["good.txt"], 0),
    ("warnings-only", ["vague.txt"], 0),
    ("error-finding", ["noplan.md"], 1),
    ("private-as-psychotherapy", ["private.txt", "--type", "psychotherapy"], 0),
    ("private-as-progress", ["private.txt", "--type", "progress"], 1),
    ("unknown-type", ["good.txt", "--type", "discharge"], 2),
    ("missing-file", ["absent.txt"], 2),
    ("unknown-output", ["good.txt", "--output", "xml"], 2),
    ("bad-signed-date", ["good.txt", "--signed", "yesterday"], 2),
]


@pytest.mark.parametrize(
    ("args", "code"), [c[1:] for c in EXIT_CASES], ids=[c[0] for c in EXIT_CASES]
)
def test_when_check_runs_then_exit_status_follows_findings(
    app: typer.Typer, notes: Path, args: list[str], code: int
) -> None:
    args = [str(notes / a) if a.endswith((".txt", ".md")) else a for a in args]
    exit_code, output = run(app, "check", *args)
    assert exit_code == code, output
    if code == 2:
        assert "Traceback" not in output and "error:" in output


def test_when_bad_profile_then_exit_2_naming_key(app: typer.Typer, notes: Path) -> None:
    (notes / "p.yaml").write_text("deadline_day: 3\n", "utf-8")
    code, output = run(app, "check", str(notes / "good.txt"), "--profile", str(notes / "p.yaml"))
    assert code == 2 and "deadline_day" in output


def test_when_json_output_then_findings_with_spans(app: typer.Typer, notes: Path) -> None:
    code, output = run(app, "check", str(notes / "noplan.md"), "--output", "json")
    data = json.loads(output)
    assert code == 1
    assert data["note_type"] == "progress"
    rule = next(f for f in data["findings"] if f["rule"] == "missing-plan")
    assert rule["severity"] == "error" and len(rule["span"]) == 2 and rule["suggestion"]


def test_when_folder_checked_then_summary_per_rule(app: typer.Typer, notes: Path) -> None:
    (notes / "private.txt").unlink()
    code, output = run(app, "check", str(notes))
    assert code == 1
    assert "Findings per rule (3 notes checked)" in output and "missing-plan" in output


def test_when_folder_checked_as_json_then_notes_and_summary(app: typer.Typer, notes: Path) -> None:
    _code, output = run(app, "check", str(notes), "--output", "json", "--type", "psychotherapy")
    data = json.loads(output)
    assert data["summary"]["notes"] == 4 and len(data["notes"]) == 4


def test_when_history_has_copy_then_cloned_note(
    app: typer.Typer, notes: Path, tmp_path: Path
) -> None:
    history = tmp_path / "history"
    history.mkdir()
    (history / "last-week.txt").write_text(GOOD_NOTE.replace("2026-10-05", "2026-09-28"), "utf-8")
    code, output = run(app, "check", str(notes / "good.txt"), "--history", str(history))
    assert code == 0 and "cloned-note" in output and "last-week.txt" in output


def test_when_plan_given_then_goals_are_used(app: typer.Typer, notes: Path) -> None:
    (notes / "plan.yaml").write_text(
        "goals:\n  - {id: A, text: Improve sleep to seven hours}\n", "utf-8"
    )
    _code, output = run(app, "check", str(notes / "good.txt"), "--plan", str(notes / "plan.yaml"))
    assert "progress-not-linked-to-goal" in output


def test_when_rules_listed_then_every_rule_has_rationale_and_example(app: typer.Typer) -> None:
    code, output = run(app, "rules", "--output", "json")
    rows = json.loads(output)
    assert code == 0
    assert {r["id"] for r in rows} >= {
        "missing-plan",
        "cloned-note",
        "record-content-in-psychotherapy-note",
    }
    assert all(r["rationale"] and r["example"] and r["severity"] for r in rows)


def test_when_rules_listed_then_spacy_and_datasketch_not_imported() -> None:
    code = (
        "import sys, typer; from notewell.cli.check import register; app = typer.Typer(); "
        "register(app); from typer.testing import CliRunner; CliRunner().invoke(app, ['rules']); "
        "bad = [m for m in ('spacy', 'medspacy', 'datasketch') if m in sys.modules]; print(bad)"
    )
    src = str(Path(__file__).resolve().parents[2] / "src")
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": src},
        check=True,
    )
    assert out.stdout.strip() == "[]"
