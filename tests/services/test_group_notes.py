"""A group session into the record: one note per member on that member's client, saved
all at once or not at all; no member's note names another; each signs like any note.
On SQLite and PostgreSQL. All names and text are SYNTHETIC."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from notewell.core.errors import InputError
from notewell.services import clients, group_notes, notes
from notewell.services.errors import AuthFailed, NotFound
from notewell.store.models import ProgressNote

SESSION = (
    "Skills group 60 min in person 2026-11-30. Topic: distress tolerance.\n"
    "Facilitator taught the TIPP skill and led paced breathing.\n"
    "Dana: practiced paced breathing, said it helped before a shift. Denies SI.\n"
    "Luis: talked about his job interview; denies SI/HI.\n"
    "Kat endorsed passive SI this week, no plan or intent; safety plan reviewed.\n"
    "Plan: next group in one week.\n"
)
MEMBERS = {"G-001": "Dana Reyes", "G-002": "Luis Moreno", "G-003": "Katherine Oyelaran"}


@pytest.fixture()
def members(world):
    for identifier, name in MEMBERS.items():
        clients.add_client(world.dana, identifier, name)
    return world


def _count(world) -> int:
    with world.db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(ProgressNote)) or 0)


def test_each_member_gets_a_note_on_their_record_that_names_no_other(members):
    saved = group_notes.draft_and_save_group(
        members.dana, group_notes.NewGroupNote(tuple(MEMBERS), SESSION)
    )
    assert [m.client for m in saved.members] == list(MEMBERS)
    for member in saved.members:
        view = notes.show_note(members.dana, member.note.note_id)
        assert view.summary.client == member.client
        assert "GROUP TOPIC" in view.text and "Distress tolerance" in view.text
        assert "90853" in view.text
        for other in ("Dana", "Luis", "Kat", "Reyes", "Moreno", "Oyelaran"):
            if not member.name.startswith(other) and other not in member.name:
                assert other not in view.text, (member.client, other)
    kat = notes.show_note(members.dana, saved.members[2].note.note_id).text
    assert "passive suicidal ideation" in kat
    luis = notes.show_note(members.dana, saved.members[1].note.note_id).text
    assert "passive" not in luis and "job interview" in luis


def test_a_member_the_clinician_may_not_write_for_saves_nothing(members):
    before = _count(members)
    with pytest.raises((AuthFailed, NotFound)):
        group_notes.draft_and_save_group(
            members.dana, group_notes.NewGroupNote(("G-001", "C-002"), SESSION)
        )
    assert _count(members) == before


def test_bad_group_requests_are_clear_errors(members):
    with pytest.raises(InputError, match="at least two members"):
        group_notes.draft_and_save_group(
            members.dana, group_notes.NewGroupNote(("G-001",), SESSION)
        )
    with pytest.raises(InputError, match="member note formats"):
        group_notes.draft_and_save_group(
            members.dana, group_notes.NewGroupNote(("G-001", "G-002"), SESSION, "intake")
        )
    clients.add_client(members.dana, "G-009", "Dana Reyes")
    with pytest.raises(InputError, match="same name"):
        group_notes.draft_and_save_group(
            members.dana, group_notes.NewGroupNote(("G-001", "G-009"), SESSION)
        )
