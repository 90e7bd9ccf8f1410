"""The co-signature policy, decided in services: which signed notes await a
supervisor's co-signature, for one note and as the supervisor's list. SYNTHETIC data."""

from __future__ import annotations

from notewell.services import notes, practice, signing
from record_db import SYNTHETIC_NOTE, sign_with_overrides


def _signed(ctx, client: str = "C-001") -> int:
    note_id = notes.create_note(ctx, client, SYNTHETIC_NOTE, "dap").note_id
    sign_with_overrides(ctx, note_id)
    return note_id


def _awaiting(ctx) -> list[int]:
    return [n.note_id for n in signing.awaiting_cosignature(ctx)]


def test_when_no_policy_is_set_then_nothing_awaits_cosignature(world):
    note_id = _signed(world.dana)
    assert _awaiting(world.sam) == []
    assert notes.show_note(world.sam, note_id).cosign_pending is False


def test_when_the_practice_requires_it_then_a_supervisor_sees_signed_notes_until_cosigned(world):
    practice.set_cosign_required(world.admin, True)
    first, second = _signed(world.dana), _signed(world.lee, "C-002")
    draft = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap").note_id
    assert _awaiting(world.sam) == [first, second]  # by client, then note; no drafts
    assert draft not in _awaiting(world.sam)
    assert notes.show_note(world.sam, first).cosign_pending is True
    signing.cosign_note(world.sam, first)
    assert _awaiting(world.sam) == [second]
    assert notes.show_note(world.sam, first).cosign_pending is False


def test_when_the_reader_may_not_cosign_then_their_list_is_empty(world):
    practice.set_cosign_required(world.admin, True)
    _signed(world.dana)
    for ctx in (world.dana, world.lee, world.bo, world.admin):
        assert _awaiting(ctx) == []


def test_when_a_supervisor_wrote_the_note_then_it_awaits_no_cosignature(world):
    from notewell.services import clients

    practice.set_cosign_required(world.admin, True)
    clients.add_client(world.sam, "C-003", "Synthetic Client Three")
    own = _signed(world.sam, "C-003")
    assert notes.show_note(world.sam, own).cosign_pending is False
    assert own not in _awaiting(world.sam)
