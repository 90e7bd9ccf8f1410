"""The command line, run as a user runs it. Session files are synthetic."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notewell.cli import app

SESSION = "45 min in office. pt reports low mood. BA: scheduled 2 tasks/day. pt agreed. denies SI/HI. f/u 1 wk."
runner = CliRunner()


@pytest.fixture()
def session_file(tmp_path: Path) -> Path:
    path = tmp_path / "session.txt"
    path.write_text(SESSION, encoding="utf-8")
    return path


def test_when_drafting_to_json_then_contract_is_printed(session_file):
    result = runner.invoke(
        app, ["draft", str(session_file), "--format", "soap", "--output", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "soap"
    assert data["header"]["cpt"]["code"] == "90834"
    assert data["facts"]["risk"]["homicidal_ideation"]["status"] == "denied"


def test_when_drafting_text_then_sections_are_headed(session_file):
    result = runner.invoke(app, ["draft", str(session_file), "--format", "birp"])
    assert result.exit_code == 0
    for heading in ("Behavior", "Intervention", "Response", "Plan"):
        assert heading in result.stdout


def test_when_reading_stdin_then_markdown_is_written():
    result = runner.invoke(app, ["draft", "-", "-o", "markdown"], input=SESSION)
    assert result.exit_code == 0
    assert result.stdout.startswith("# DAP note")
    assert "## Assessment" in result.stdout


def test_when_psychotherapy_note_is_asked_then_private_section_follows(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(
        "50 min video. Client tearful. Used grounding. I wonder if she felt abandoned.", "utf-8"
    )
    result = runner.invoke(app, ["draft", str(path), "--psychotherapy-note", "-o", "json"])
    data = json.loads(result.stdout)
    assert "abandoned" in data["psychotherapy_note"]["sections"][0]["text"]
    assert all("abandoned" not in s["text"] for s in data["sections"])


def test_when_a_folder_is_drafted_then_one_file_per_input_is_written(tmp_path):
    sessions = tmp_path / "day"
    sessions.mkdir()
    for i in range(3):
        (sessions / f"s{i}.txt").write_text(SESSION, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["draft", str(sessions), "--out-dir", str(out), "-o", "json"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["s0.json", "s1.json", "s2.json"]
    assert json.loads((out / "s1.json").read_text())["format"] == "dap"


def test_when_one_file_of_a_batch_is_bad_then_others_are_still_drafted(tmp_path):
    sessions = tmp_path / "day"
    sessions.mkdir()
    (sessions / "a.txt").write_text(SESSION, encoding="utf-8")
    (sessions / "b.txt").write_bytes(b"\xff\xfe bad bytes")
    out = tmp_path / "out"
    result = runner.invoke(app, ["draft", str(sessions), "--out-dir", str(out)])
    assert result.exit_code == 2
    assert (out / "a.txt").exists() and not (out / "b.txt").exists()
    assert "not UTF-8" in result.stderr


BAD_INPUT = [
    ("empty", b"  \n", [], "empty"),
    ("not-utf8", b"\xff\xfe\x00bad", [], "not UTF-8"),
    ("unknown-format", SESSION.encode(), ["--format", "xyz"], "unknown format"),
    ("too-large", b"word " * 30_000, [], "limit"),
    (
        "bad-structured",
        b"date: 2026-10-02\nnotes: low mood\nmood: 3\n",
        ["--input-type", "structured"],
        "unknown field 'mood'",
    ),
]


@pytest.mark.parametrize(
    ("content", "args", "message"), [b[1:] for b in BAD_INPUT], ids=[b[0] for b in BAD_INPUT]
)
def test_when_input_is_bad_then_one_line_error_and_status_2(tmp_path, content, args, message):
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    result = runner.invoke(app, ["draft", str(path), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_when_format_file_is_malformed_then_the_field_is_named(tmp_path, session_file):
    fmt = tmp_path / "fmt.yaml"
    fmt.write_text("name: mine\nsections: [{name: A, elements: [plan, moods]}]\n", "utf-8")
    result = runner.invoke(app, ["draft", str(session_file), "--format-file", str(fmt)])
    assert result.exit_code == 2
    assert "moods" in result.stderr


def test_when_style_file_is_given_then_it_is_applied(tmp_path, session_file):
    style = tmp_path / "style.yaml"
    style.write_text("client_term: member\n", "utf-8")
    result = runner.invoke(app, ["draft", str(session_file), "--style", str(style), "-o", "json"])
    assert json.loads(result.stdout)["sections"][0]["text"].startswith("Member reported low mood")


def test_when_file_is_missing_then_status_2(tmp_path):
    result = runner.invoke(app, ["draft", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_listing_commands_show_formats_and_interventions():
    formats = runner.invoke(app, ["formats"])
    assert formats.exit_code == 0 and "girp" in formats.stdout
    listed = runner.invoke(app, ["interventions"])
    assert listed.exit_code == 0 and "cognitive_restructuring" in listed.stdout


@pytest.mark.parametrize("args", [["--help"], ["formats"], ["interventions"]])
def test_when_a_light_command_runs_then_spacy_is_not_imported(args):
    code = (
        "import sys\nfrom notewell.cli import app\n"
        f"try:\n    app({args!r})\nexcept SystemExit:\n    pass\n"
        "print('spacy' in sys.modules, 'medspacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False False"


def test_when_several_files_are_drafted_to_json_on_stdout_then_it_is_one_array(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(SESSION, encoding="utf-8")
    result = runner.invoke(
        app, ["draft", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", "json"]
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [Path(d["path"]).name for d in data] == ["a.txt", "b.txt"]
    assert all(d["format"] == "dap" for d in data)
