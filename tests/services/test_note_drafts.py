"""A new note from session input is saved all at once: the progress note, its session
details, provenance, goals and psychotherapy note, or nothing. All text is SYNTHETIC."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from sqlalchemy import event, func, select

from notewell.core.errors import InputError
from notewell.services import note_drafts, notes, plans, private_notes
from notewell.services.errors import AuthFailed
from notewell.services.note_drafts import NewNote
from notewell.store.models import (
    AuditEntry,
    NoteVersion,
    ProgressNote,
    PsychotherapyNote,
    ServiceSession,
    note_goals,
)

SESSION = (
    "45 min individual session in office. pt reports low mood and avoidance of work email. "
    "Used cognitive restructuring to challenge catastrophic thoughts about work. pt identified "
    "2 balanced thoughts. denies SI/HI. f/u 1 wk. I wonder if her avoidance echoes the "
    "criticism she grew up with.\n"
)


def _plan(world) -> None:
    goal = plans.GoalInput(text="Reduce avoidance of work tasks")
    plans.set_plan(world.dana, "C-001", plans.PlanInput(goals=[goal]))


def _saved_rows(world) -> dict[str, int]:
    """What a note new writes, counted below notewell (reading through it is audited)."""
    with world.db.transaction() as session:
        counts = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (ProgressNote, NoteVersion, ServiceSession, PsychotherapyNote)
        }
        counts["note_goals"] = session.scalar(select(func.count()).select_from(note_goals))
        counts["note.create audits"] = session.scalar(
            select(func.count()).where(AuditEntry.action == "note.create")
        )
        return counts


@contextmanager
def inserts_into(world, table: str) -> Iterator[list[str]]:
    """The INSERT statements into `table` the database really received meanwhile."""
    seen: list[str] = []

    def record(conn, cursor, statement: str, *args) -> None:
        if statement.lstrip().upper().startswith(f"INSERT INTO {table.upper()}"):
            seen.append(statement)

    event.listen(world.db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(world.db.engine, "before_cursor_execute", record)


def test_when_a_note_is_drafted_then_note_session_goals_and_private_note_are_saved(world):
    _plan(world)
    saved = note_drafts.draft_and_save(
        world.dana, NewNote("C-001", SESSION, "dap", keep_private=True, goals=(1,))
    )
    view = notes.show_note(world.dana, saved.note.note_id)
    assert (view.version, view.summary.note_format, view.summary.client) == (1, "dap", "C-001")
    assert view.session.duration_minutes == 45
    assert view.provenance.engine == "embedded"
    assert [g.number for g in view.goals] == [1]
    assert "wonder" not in view.text  # the private reflection stays out of the record
    assert saved.private_note_id is not None
    private = private_notes.show_private_note(world.dana, saved.private_note_id)
    assert "wonder" in private.text


def test_when_private_is_not_asked_for_then_no_psychotherapy_note_is_saved(world):
    saved = note_drafts.draft_and_save(world.dana, NewNote("C-001", SESSION, "dap"))
    assert saved.private_note_id is None
    assert _saved_rows(world)["psychotherapy_notes"] == 0


# Failures that strike inside the unit of work, after the progress note is written.
FAILURES: dict[str, tuple[Callable[..., object], type[Exception], str]] = {
    "private note the author cannot write (another user's keys)": (
        lambda w: note_drafts.draft_and_save(
            replace(w.dana, keys=w.lee.keys), NewNote("C-001", SESSION, keep_private=True)
        ),
        AuthFailed,
        "belong to another user",
    ),
    "a goal the treatment plan does not have": (
        lambda w: note_drafts.draft_and_save(w.dana, NewNote("C-001", SESSION, goals=(1, 7))),
        InputError,
        "no goal 7",
    ),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_when_saving_fails_after_the_note_is_written_then_nothing_is_saved(world, failure):
    _plan(world)
    before = _saved_rows(world)
    call, error, message = FAILURES[failure]
    with inserts_into(world, "progress_notes") as written, pytest.raises(error, match=message):
        call(world)
    assert len(written) == 1  # the note was written, in the transaction that failed
    assert _saved_rows(world) == before
    assert notes.list_notes(world.dana, "C-001").items == ()
