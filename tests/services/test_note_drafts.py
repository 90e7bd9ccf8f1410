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


def _session(day: str, measure: str) -> str:
    return (
        f"Date: {day}. 45 min individual session in office. pt reports low mood. {measure} "
        "Used behavioral activation to schedule two walks. pt agreed. denies SI/HI. f/u 1 wk.\n"
    )


def test_a_measures_change_comes_from_the_clients_last_administration_in_the_record(world):
    note_drafts.draft_and_save(world.dana, NewNote("C-001", _session("2026-09-07", "PHQ-9 = 22.")))
    note_drafts.draft_and_save(world.dana, NewNote("C-001", _session("2026-10-05", "PHQ-9 = 21.")))
    # Another client's score is never this client's history.
    note_drafts.draft_and_save(world.lee, NewNote("C-002", _session("2026-11-01", "PHQ-9 = 9.")))
    saved = note_drafts.draft_and_save(
        world.dana, NewNote("C-001", _session("2026-11-30", "PHQ-9 = 14."), "soap")
    )
    assert (
        "PHQ-9 total 14 of 27 (moderate), down 7 points from 21 on 2026-10-05: a reliable "
        "improvement (threshold 6 points)." in saved.note.text
    )
    # A session dated before the last administration compares with what came before it.
    earlier = note_drafts.draft_and_save(
        world.dana, NewNote("C-001", _session("2026-09-21", "PHQ-9 = 20."), "soap")
    )
    assert "down 2 points from 22 on 2026-09-07" in earlier.note.text


def test_history_is_only_what_the_actor_may_read(world):
    # lee may not read C-001's notes; dana's history of C-002 is empty, so no change is claimed.
    note_drafts.draft_and_save(world.lee, NewNote("C-002", _session("2026-10-05", "GAD-7 = 15.")))
    with world.db.transaction() as session:
        from notewell.store.models import Client

        client = session.scalar(select(Client).where(Client.identifier == "C-002"))
    assert client is not None
    from notewell.services.context import unit_of_work

    with unit_of_work(world.dana) as uow:
        history = note_drafts.measure_history(uow, uow.session.merge(client))
    assert history.previous(None) == {}
    with unit_of_work(world.lee) as uow:
        history = note_drafts.measure_history(uow, uow.session.merge(client))
    assert history.previous(None)["gad7"].total == 15
