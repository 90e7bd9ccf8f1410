"""services.checking: files and folders checked without an interface. Notes SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import GOOD_NOTE
from notewell.core.errors import InputError
from notewell.services.checking import CheckRequest, check_paths, list_rules

NO_PLAN = GOOD_NOTE.split("Plan:")[0]


class Recorder:
    """A caller's progress display: what it was told, in order."""

    def __init__(self) -> None:
        self.events: list[tuple[str, int, bool] | str] = []

    def start(self, total: int, batch: bool) -> None:
        self.events.append(("start", total, batch))

    def advance(self) -> None:
        self.events.append("advance")


def test_when_a_folder_is_checked_then_each_note_is_reported_and_progress_followed(
    tmp_path: Path,
) -> None:
    (tmp_path / "a-good.txt").write_text(GOOD_NOTE, "utf-8")
    (tmp_path / "b-noplan.txt").write_text(NO_PLAN, "utf-8")
    progress = Recorder()
    report = check_paths(CheckRequest([tmp_path]), progress)
    assert [note.path.name for note in report.checked] == ["a-good.txt", "b-noplan.txt"]
    assert (report.folder_mode, report.files, report.unreadable) == (True, 2, [])
    assert report.has_errors
    assert "missing-plan" in {f.rule for f in report.checked[1].findings}
    assert progress.events == [("start", 2, True), "advance", "advance"]


def test_when_the_history_holds_the_same_note_then_it_is_a_clone_but_never_of_itself(
    tmp_path: Path,
) -> None:
    history = tmp_path / "history"
    history.mkdir()
    (history / "earlier.txt").write_text(GOOD_NOTE, "utf-8")
    (tmp_path / "today.txt").write_text(GOOD_NOTE, "utf-8")
    copied = check_paths(CheckRequest([tmp_path / "today.txt"], history=history))
    assert "cloned-note" in {f.rule for f in copied.checked[0].findings}
    itself = check_paths(CheckRequest([history / "earlier.txt"], history=history))
    assert "cloned-note" not in {f.rule for f in itself.checked[0].findings}


BAD_REQUESTS = {
    "unknown note type": (CheckRequest([Path("x.txt")], note_type="discharge"), "unknown note"),
    "signed date": (CheckRequest([Path("x.txt")], signed="yesterday"), "is not a date"),
    "missing file": (CheckRequest([Path("absent.txt")]), "no such file"),
    "history not a folder": (CheckRequest([Path("x.txt")], history=Path("x.txt")), "not a folder"),
}


@pytest.mark.parametrize("case", sorted(BAD_REQUESTS))
def test_when_the_request_is_bad_then_nothing_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.txt").write_text(GOOD_NOTE, "utf-8")
    request, message = BAD_REQUESTS[case]
    progress = Recorder()
    with pytest.raises(InputError, match=message):
        check_paths(request, progress)
    assert progress.events == []  # refused before the first note


def test_when_rules_are_listed_then_a_profile_sets_their_severity() -> None:
    name, rows = list_rules("payer_audit")
    assert name == "payer_audit"
    assert {"missing-plan", "cloned-note"} <= {r.id for r in rows}
    assert all(r.severity in ("error", "warning", "info", "off") for r in rows)
