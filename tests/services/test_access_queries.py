"""Each access rule's query form selects exactly the rows its predicate allows, for every
role, on a varied practice (both backends); and the listings built on them show what the
predicates allow, page by page. All people, clients and notes are SYNTHETIC."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select, update

from notewell.services import access, clients, notes, private_notes, signing
from notewell.services.context import Context, unit_of_work
from notewell.services.paging import each_item
from notewell.services.row_macs import seal_client
from notewell.store.models import Client, ProgressNote, PsychotherapyNote, User
from record_db import SYNTHETIC_NOTE, World, enrol_user, owner_connection, sign_with_overrides

# The rows each query form is over; a new query form without a row here fails the test.
MODEL_OF: dict[str, type[Any]] = {
    "readable_clients": Client,
    "writable_clients": Client,
    "private_writable_clients": Client,
    "consentable_clients": Client,
    "plannable_clients": Client,
    "exportable_clients": Client,
    "readable_notes": ProgressNote,
    "editable_notes": ProgressNote,
    "signable_notes": ProgressNote,
    "addendable_notes": ProgressNote,
    "cosignable_notes": ProgressNote,
    "readable_private": PsychotherapyNote,
}
PRIVATE = "SYNTHETIC private: I wonder about the pattern."


@dataclass
class Practice:
    world: World
    people: dict[str, Context]


def _note(ctx: Context, client: str, signed: bool) -> int:
    note_id = notes.create_note(ctx, client, SYNTHETIC_NOTE, "dap").note_id
    if signed:
        sign_with_overrides(ctx, note_id)
    return note_id


@pytest.fixture()
def practice(world: World) -> Practice:
    """Two clinicians, two supervisors (one with a client of their own), a biller, an
    admin; drafts and signed notes on every client; a client reassigned after its first
    clinician wrote notes (author and assignee differ); a co-signature; private notes."""
    kim = enrol_user(world.admin, "kim", "supervisor")
    w = world
    clients.add_client(w.sam, "C-003", "Synthetic Client Three")
    clients.add_client(w.dana, "C-004", "Synthetic Client Four")
    for ctx, client in ((w.dana, "C-001"), (w.lee, "C-002"), (w.sam, "C-003"), (w.dana, "C-004")):
        _note(ctx, client, signed=False)
        _note(ctx, client, signed=True)
    signing.cosign_note(kim, _note(w.lee, "C-002", signed=True))
    private_notes.create_private_note(w.dana, "C-001", PRIVATE)
    private_notes.create_private_note(w.lee, "C-002", PRIVATE)
    with unit_of_work(w.admin) as uow:  # C-004 moves to lee, properly sealed
        moved = uow.client("C-004")
        moved.clinician_id = uow.user("lee").id
        seal_client(uow.session, moved)
    people = {c.username: c for c in (w.admin, w.dana, w.lee, w.sam, w.bo, kim)}
    return Practice(w, people)


def _allows(predicate: Any, user: User, row: Any, session: Any) -> bool:
    if len(inspect.signature(predicate).parameters) == 3:  # (user, note, client)
        return bool(predicate(user, row, session.get(Client, row.client_id)))
    return bool(predicate(user, row))


def test_every_query_form_has_its_rows_here() -> None:
    assert set(MODEL_OF) == set(access.QUERY_FORMS)


def test_each_query_form_selects_exactly_what_its_predicate_allows(practice: Practice) -> None:
    with unit_of_work(practice.world.admin) as uow:
        session = uow.session
        users = list(session.scalars(select(User)))
        assert {u.role for u in users} == {"admin", "clinician", "supervisor", "biller"}
        checked = 0
        for name, (query_form, predicate) in access.QUERY_FORMS.items():
            model = MODEL_OF[name]
            rows = list(session.scalars(select(model)))
            assert len(rows) >= 2, name
            for user in users:
                allowed = {r.id for r in rows if _allows(predicate, user, r, session)}
                selected = set(session.scalars(select(model.id).where(query_form(user))))
                assert selected == allowed, f"{name} for {user.username} ({user.role})"
                checked += 1
        assert checked == len(access.QUERY_FORMS) * len(users)


def _readable_ids(ctx: Context, client: str | None = None) -> set[int]:
    """What the predicate allows this user, computed row by row."""
    with unit_of_work(ctx) as uow:
        found = set()
        for note in uow.session.scalars(select(ProgressNote)):
            owner = uow.session.get(Client, note.client_id)
            assert owner is not None
            if (client is None or owner.identifier == client) and access.can_read_note(
                uow.actor, note, owner
            ):
                found.add(note.id)
        return found


def _client_pages(ctx: Context) -> list[str]:
    return [
        c.identifier
        for c in each_item(lambda o, n: clients.list_clients(ctx, offset=o, limit=n), limit=1)
    ]


def _note_pages(ctx: Context, client: str) -> list[int]:
    return [
        n.note_id
        for n in each_item(lambda o, n: notes.list_notes(ctx, client, offset=o, limit=n), limit=2)
    ]


def _search_pages(ctx: Context, phrase: str) -> list[int]:
    return [
        n.note_id
        for n in each_item(lambda o, n: notes.search_notes(ctx, phrase, offset=o, limit=n), limit=3)
    ]


def test_listings_page_by_page_show_what_the_predicates_allow(practice: Practice) -> None:
    for ctx in practice.people.values():
        with unit_of_work(ctx) as uow:
            expected = [
                c.identifier
                for c in uow.session.scalars(select(Client).order_by(Client.identifier))
                if access.can_read_client(uow.actor, c)
            ]
        assert _client_pages(ctx) == expected, ctx.username
        for client in expected:
            paged = _note_pages(ctx, client)
            assert len(paged) == len(set(paged))  # no row on two pages
            assert set(paged) == _readable_ids(ctx, client), (ctx.username, client)
        found = _search_pages(ctx, "RESTRUCTURING")  # case-insensitive
        assert sorted(found) == found and set(found) == _readable_ids(ctx), ctx.username


def test_a_client_reassigned_below_notewell_is_listed_to_no_one_as_theirs(
    practice: Practice,
) -> None:
    """SQL cannot check a row's MAC: the query form selects the row, the predicate
    re-checks it, and the listing drops it."""
    w = practice.world
    with owner_connection(w.db) as connection:
        lee_id = connection.scalar(select(User.id).where(User.username == "lee"))
        connection.execute(
            update(Client).where(Client.identifier == "C-001").values(clinician_id=lee_id)
        )
    listed = [c.identifier for c in clients.list_clients(w.lee).items]
    assert listed == ["C-002", "C-004"]
    assert all(n.client != "C-001" for n in notes.search_notes(w.lee, "restructuring").items)
    with unit_of_work(w.lee) as uow:  # the query form alone would have shown it
        selected = uow.session.scalars(
            select(Client.identifier).where(access.readable_clients(uow.actor))
        )
        assert "C-001" in set(selected)


def test_own_psychotherapy_notes_are_listed_to_their_author_only(practice: Practice) -> None:
    listed = {
        name: private_notes.list_own_private_notes(ctx) for name, ctx in practice.people.items()
    }
    assert [client for _, client in listed["dana"]] == ["C-001"]
    assert [client for _, client in listed["lee"]] == ["C-002"]
    assert not any(listed[name] for name in ("root", "sam", "bo", "kim"))
