"""Group drafts (90853): a group note and a note per member; no member's name in the
group note or another member's note, each member's risk read from what they said, an
all-member statement for every attending member. All inputs are SYNTHETIC."""

from __future__ import annotations

import re

import pytest

from notewell.core.draft.group_notes import draft_group, note_plain_text
from notewell.core.group.roster import member, roster, roster_from_text, with_short_names

SESSION = """Process group, 90 min, in person. Date: 2026-11-30.
Members present: Dana Reyes, Luis Moreno, Katherine Oyelaran, Tomas Berg
Topic: coping with the holidays
Facilitator used psychoeducation on grief and led a mindfulness exercise.
Dana shared that the anniversary of her son's death is next week. Luis offered support to Dana.
She reported passive SI last night, no plan or intent; safety plan reviewed.
Luis: talked about his job interview, engaged, denies SI/HI.
Kat was quiet but practiced the breathing exercise.
Tomas absent (called in sick).
All other members denied SI.
Plan: next group in one week.
"""
NAMES = {"Dana Reyes": ["Dana", "Reyes"], "Luis Moreno": ["Luis", "Moreno"],
         "Katherine Oyelaran": ["Katherine", "Kat", "Oyelaran"], "Tomas Berg": ["Tomas", "Berg"]}  # fmt: skip


@pytest.fixture(scope="module")
def group(facts_of, nlp):
    return draft_group(facts_of(SESSION), nlp=nlp)


def _named(text, forms):
    return [f for f in forms if re.search(rf"\b{re.escape(f)}\b", text)]


def test_the_roster_comes_from_the_members_present_line():
    names, span = roster_from_text(SESSION)
    assert names == list(NAMES)
    assert span is not None and SESSION[span[0] : span[1]].startswith("Members present")


def test_no_note_names_another_member(group):
    assert not _named(note_plain_text(group.group), [f for fs in NAMES.values() for f in fs])
    for note in group.members:
        others = [f for name, fs in NAMES.items() if name != note.member for f in fs]
        assert not _named(note_plain_text(note.draft), others), note.member
    assert not any(f.rule == "group-member-named" for f in group.findings)


def test_each_members_risk_is_their_own(group):
    status = {n.member: n.draft.facts.risk["suicidal_ideation"].status for n in group.members}
    assert status["Dana Reyes"] == "endorsed"  # "She reported passive SI" after Dana
    assert status["Luis Moreno"] == "denied"
    assert status["Katherine Oyelaran"] == "denied"  # "all other members denied SI"
    assert status["Tomas Berg"] == "not_assessed"  # absent: no statement reaches him


def test_a_member_note_holds_that_members_participation_and_the_groups_interventions(group):
    notes = {n.member: note_plain_text(n.draft) for n in group.members}
    assert "anniversary of her son's death" in notes["Dana Reyes"]
    assert "job interview" in notes["Luis Moreno"] and "son's death" not in notes["Luis Moreno"]
    assert "breathing exercise" in notes["Katherine Oyelaran"]
    # "Luis offered support to Dana" is Luis's participation; Dana is another member there.
    assert "Client offered support to another group member" in notes["Luis Moreno"]
    for name in ("Dana Reyes", "Luis Moreno", "Katherine Oyelaran"):
        assert "psychoeducation on grief" in notes[name]


def test_an_absent_member_is_marked_and_not_billed(group):
    tomas = next(n for n in group.members if n.member == "Tomas Berg")
    assert not tomas.attended and tomas.draft.cpt is None
    dana = next(n for n in group.members if n.member == "Dana Reyes")
    assert dana.attended and dana.draft.cpt is not None and dana.draft.cpt.code == "90853"


def test_sentence_sources_point_into_the_group_input(group):
    dana = next(n for n in group.members if n.member == "Dana Reyes")
    sentence = next(
        s for sec in dana.draft.sections for s in sec.sentences if "anniversary" in s.text
    )
    start, end = sentence.sources[0]
    assert SESSION[start:end].startswith("Dana shared that the anniversary")


def test_the_group_note_has_topic_and_interventions_and_no_member_content(group):
    text = note_plain_text(group.group)
    assert "Coping with the holidays" in text and "psychoeducation on grief" in text
    assert "job interview" not in text and "anniversary" not in text


def test_short_names_and_initials_are_aliases():
    kat = member("Katherine Oyelaran")
    assert {"Katherine", "Kat", "Kate", "K.O.", "Oyelaran", "Katherine O."} <= set(kat.aliases)
    members = with_short_names(
        roster(["Penelope Rhodes", "Bernard Quist"]), "Penny spoke. Bernie too."
    )
    aliases = {m.name: m.aliases for m in members}
    assert "Penny" in aliases["Penelope Rhodes"] and "Bernie" in aliases["Bernard Quist"]


def test_a_short_form_two_members_share_names_neither():
    members = roster(["Chris Hall", "Chris Ortega"])
    assert all("Chris" not in m.aliases for m in members)
    assert any("Chris H." in m.aliases for m in members)


def test_a_name_not_on_the_roster_owns_nothing_and_is_reported(facts_of, nlp):
    text = "Group 60 min. Sam denies SI. Lee expressed worry about Sam and endorsed SI."
    result = draft_group(facts_of(text), ["Samuel Okafor", "Arjun Mehta"], nlp=nlp)
    sam = next(n for n in result.members if n.member == "Samuel Okafor")
    assert sam.draft.facts.risk["suicidal_ideation"].status == "denied"
    assert "Lee" not in note_plain_text(sam.draft)
    assert any(f.rule == "group-name-unknown" and "'Lee'" in f.message for f in result.findings)


def test_members_notes_that_say_the_same_are_flagged_as_cloned(facts_of, nlp):
    same = "participated actively in the DBT skills review, practiced the TIPP skill with the group, denies SI/HI"
    text = f"DBT skills group, 60 min.\nAna: {same}.\nBea: {same}.\n"
    result = draft_group(facts_of(text), ["Ana Cruz", "Bea Diaz"], nlp=nlp)
    assert any(f.rule == "cloned-note" for f in result.findings)


def test_without_a_roster_the_group_note_says_so(facts_of, nlp):
    result = draft_group(facts_of("Group 60 min. Members discussed sleep hygiene."), nlp=nlp)
    assert result.members == ()
    assert any(f.rule == "group-member-undocumented" for f in result.findings)


LISTS = """Process group 60 min, 2026-11-30.
Okonkwo shared 41 days sober. Bell talked about a shift change. Albright described a craving.
Risk screen at close (SI/HI): Okonkwo -/-, Bell -/+, Albright -/- (stated "pretty down," safety plan reviewed).
All members, including Bell, denied self-harm.
"""


def test_a_list_gives_each_member_their_own_value_and_an_inclusion_names_no_one(facts_of, nlp):
    result = draft_group(
        facts_of(LISTS), ["Chidi Okonkwo", "Marcus Bell", "Teresa Albright"], nlp=nlp
    )
    risk = {n.member: {t: s.status for t, s in n.draft.facts.risk.items()} for n in result.members}
    assert risk["Chidi Okonkwo"]["suicidal_ideation"] == "denied"
    assert risk["Marcus Bell"]["suicidal_ideation"] == "denied"
    assert risk["Marcus Bell"]["homicidal_ideation"] == "endorsed"
    assert risk["Teresa Albright"]["homicidal_ideation"] == "denied"
    assert all(r["self_harm"] == "denied" for r in risk.values())
    for note in result.members:
        text = note_plain_text(note.draft)
        for name in ("Okonkwo", "Bell", "Albright"):
            if name not in note.member:
                assert name not in text, (note.member, name)


def test_all_except_a_named_member_leaves_them_out(facts_of, nlp):
    text = (
        "Anger group 60 min.\nDwayne said a coworker is setting him up and he thought about "
        "waiting for him in the parking lot.\nLuis talked about his week.\n"
        "Risk: all denied SI/HI except Dwayne, who endorsed HI toward the coworker; Dwayne denied SI.\n"
    )
    result = draft_group(facts_of(text), ["Dwayne Petrakis", "Luis Carmona"], nlp=nlp)
    risk = {n.member: n.draft.facts.risk for n in result.members}
    assert risk["Luis Carmona"]["homicidal_ideation"].status == "denied"
    assert risk["Dwayne Petrakis"]["homicidal_ideation"].status == "endorsed"
    luis = next(n for n in result.members if n.member == "Luis Carmona")
    assert "Dwayne" not in note_plain_text(luis.draft)


def test_a_name_not_on_the_roster_as_an_object_is_not_written_out(facts_of, nlp):
    text = "Group 60 min.\nDana offered Lee a ride to the next group. Dana denies SI.\n"
    result = draft_group(facts_of(text), ["Dana Reyes", "Luis Moreno"], nlp=nlp)
    dana = next(n for n in result.members if n.member == "Dana Reyes")
    assert "Lee" not in note_plain_text(dana.draft)
    assert "another group member a ride" in note_plain_text(dana.draft)
