"""Clone detection with a MinHash LSH index over earlier notes (all synthetic)."""

from __future__ import annotations

from conftest import GOOD_NOTE
from notewell.core.check import check_note
from notewell.core.check.clone import HistoryIndex, client_of

# Synthetic earlier notes of the same client.
EARLIER = {
    "2026-09-28.txt": GOOD_NOTE.replace("2026-10-05", "2026-09-28"),
    "2026-09-21.txt": (
        "Client: C.D.  Date of service: 2026-09-21  Individual psychotherapy, 50 minutes, in office.\n"
        "Data: Client described conflict with her sister over caring for their father. Therapist used "
        "role-play to rehearse a boundary-setting conversation.\nAssessment: Client practiced two "
        "assertive statements. Progress toward goal 2.\nPlan: Client will call her sister this week.\n"
    ),
}


def test_when_note_copies_earlier_note_then_cloned_note_names_it() -> None:
    findings = [f for f in check_note(GOOD_NOTE, history=EARLIER) if f.rule == "cloned-note"]
    assert len(findings) == 1
    assert "2026-09-28.txt" in findings[0].message and "similarity" in findings[0].message


def test_when_note_is_new_then_no_cloned_note() -> None:
    history = {"2026-09-21.txt": EARLIER["2026-09-21.txt"]}
    assert "cloned-note" not in {f.rule for f in check_note(GOOD_NOTE, history=history)}


def test_when_note_is_itself_in_history_then_it_is_not_its_own_clone() -> None:
    index = HistoryIndex.from_texts({"today.txt": GOOD_NOTE})
    rules = {f.rule for f in check_note(GOOD_NOTE, history=index, history_key="today.txt")}
    assert "cloned-note" not in rules


def test_when_earlier_note_is_another_clients_then_not_compared() -> None:
    other = GOOD_NOTE.replace("Client: C.D.", "Client: X.Y.")
    index = HistoryIndex.from_texts({"other-client.txt": other})
    assert index.query(GOOD_NOTE) == []
    assert client_of(GOOD_NOTE) == "CD"


def test_when_index_queried_then_similarity_is_estimated() -> None:
    index = HistoryIndex.from_texts(EARLIER, threshold=0.5)
    matches = index.query(GOOD_NOTE)
    assert [m.key for m in matches] == ["2026-09-28.txt"]
    assert 0.9 <= matches[0].similarity <= 1.0
