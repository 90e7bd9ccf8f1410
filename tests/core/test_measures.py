"""Standardized measures: the data's strict loader, scoring by the published rules at
every band boundary and for missing items, change since the last administration, and
the reader on the ways clinicians write scores. All notes are synthetic."""

from __future__ import annotations

import pytest

from notewell.core.errors import ConfigError
from notewell.core.measures import (
    ChangeThresholds,
    compare,
    find_measure,
    measures,
    parse_measures,
    raised_risk_items,
    read_measures,
    score_answers,
    score_total,
)
from notewell.core.measures.wording import all_items

PHQ9, GAD7, PCL5 = find_measure("PHQ-9"), find_measure("gad 7"), find_measure("pcl5")

# The published severity bands (Kroenke 2001; Spitzer 2006; NCPTSD provisional cut-off 33),
# written out here rather than read from the data the code uses.
BOUNDARIES = [
    (PHQ9, 0, "minimal"), (PHQ9, 4, "minimal"), (PHQ9, 5, "mild"), (PHQ9, 9, "mild"),
    (PHQ9, 10, "moderate"), (PHQ9, 14, "moderate"), (PHQ9, 15, "moderately severe"),
    (PHQ9, 19, "moderately severe"), (PHQ9, 20, "severe"), (PHQ9, 27, "severe"),
    (GAD7, 0, "minimal"), (GAD7, 4, "minimal"), (GAD7, 5, "mild"), (GAD7, 9, "mild"),
    (GAD7, 10, "moderate"), (GAD7, 14, "moderate"), (GAD7, 15, "severe"), (GAD7, 21, "severe"),
    (PCL5, 0, "below cut-off"), (PCL5, 32, "below cut-off"), (PCL5, 33, "probable PTSD"),
    (PCL5, 80, "probable PTSD"),
]  # fmt: skip


@pytest.mark.parametrize(("measure", "total", "band"), BOUNDARIES)
def test_every_band_boundary_scores_to_its_published_band(measure, total, band):
    assert score_total(measure, total).band == band
    # The same total from item answers (spread over the items) lands in the same band.
    high = measure.item_range[1]
    answers = [min(high, max(0, total - high * i)) for i in range(measure.item_count)]
    assert sum(answers) == total
    assert score_answers(measure, answers).band == band


@pytest.mark.parametrize(("measure", "total"), [(PHQ9, 28), (GAD7, 22), (PCL5, 81), (PHQ9, -1)])
def test_a_total_outside_the_range_is_not_scored(measure, total):
    score = score_total(measure, total)
    assert score.total is None and score.band is None
    assert "outside" in (score.problem or "")


def test_missing_items_are_prorated_half_up_within_the_rule():
    # PHQ-9: 8 answered summing to 4 -> 4.5 -> 5 (crosses from minimal to mild).
    one_missing = score_answers(PHQ9, [1, 0, 1, 0, 1, 0, 1, None, 0])
    assert (one_missing.total, one_missing.band, one_missing.prorated) == (5, "mild", True)
    two_missing = score_answers(PHQ9, [3, 3, None, 3, 3, None, 3, 3, 3])
    assert two_missing.total == 27
    # GAD-7: 6 answered summing to 9 -> 10.5 -> 11.
    assert score_answers(GAD7, [2, 2, None, 2, 1, 1, 1]).total == 11
    # PCL-5: 18 answered summing to 29 -> 32.2 -> 32; 19 summing to 31 -> 32.6 -> 33 (cut-off).
    assert score_answers(PCL5, [2] * 14 + [1] + [None, None] + [0, 0, 0]).total == 32
    assert score_answers(PCL5, [2] * 15 + [1, None, 0, 0, 0]).band == "probable PTSD"


@pytest.mark.parametrize(
    ("measure", "answers"),
    [
        (PHQ9, [1, None, 1, None, 1, None, 1, 1, 1]),
        (GAD7, [1, None, 1, None, 1, 1, 1]),
        (PCL5, [1, None, 1, None, 1, None] + [1] * 14),
    ],
)
def test_more_missing_items_than_the_rule_allows_is_not_scored(measure, answers):
    score = score_answers(measure, answers)
    assert score.total is None
    assert f"allows at most {measure.missing.max_missing}" in (score.problem or "")


def test_an_answer_outside_the_items_range_or_a_wrong_count_is_not_scored():
    assert score_answers(PHQ9, [4, 0, 0, 0, 0, 0, 0, 0, 0]).total is None
    assert score_answers(GAD7, [1, 1, 1]).total is None


def test_pcl5_cluster_rule_needs_every_item():
    meets = [2, 0, 0, 0, 0, 2, 0, 2, 2, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0]
    assert score_answers(PCL5, meets).clusters_met is True
    assert score_answers(PCL5, [2, 0, 0, 0, 0] + [0] * 15).clusters_met is False
    assert score_answers(PCL5, [None, *meets[1:]]).clusters_met is None


@pytest.mark.parametrize(
    ("measure", "previous", "current", "words"),
    [
        (PHQ9, 19, 14, "down 5 points from 19, below the reliable-change threshold of 6"),
        (PHQ9, 19, 13, "down 6 points from 19: a reliable improvement (threshold 6 points)"),
        (PHQ9, 10, 16, "up 6 points from 10: a reliable worsening (threshold 6 points)"),
        (GAD7, 15, 11, "down 4 points from 15: a reliable improvement (threshold 4 points)"),
        (PCL5, 50, 45, "down 5 points from 50: a reliable improvement (threshold 5 points)"),
        (PCL5, 50, 40, "down 10 points from 50: a meaningful improvement (threshold 10 points)"),
        (PHQ9, 12, 12, "unchanged from 12, below the reliable-change threshold of 6"),
    ],
)
def test_change_since_the_last_administration(measure, previous, current, words):
    assert compare(measure, previous, current).describe() == words


def test_a_practice_sets_its_own_change_thresholds():
    change = compare(PHQ9, 19, 14, ChangeThresholds(reliable=5))
    assert change.reliable and "reliable improvement (threshold 5 points)" in change.describe()
    with pytest.raises(ValueError):
        ChangeThresholds(reliable=8, meaningful=4)


def test_a_risk_item_answered_zero_raises_nothing_and_above_zero_raises_it():
    assert raised_risk_items(PHQ9, [(9, 0)]) == []
    assert [r.item for r, _ in raised_risk_items(PHQ9, [(9, 1)])] == [9]
    assert [a for _, a in raised_risk_items(PHQ9, [(9, None)])] == [None]  # "positive"
    assert raised_risk_items(GAD7, [(7, 3)]) == []  # no risk item


def test_the_packaged_measures_and_their_names():
    assert set(measures()) == {"phq9", "gad7", "pcl5"}
    assert find_measure("Patient Health Questionnaire-9") is PHQ9
    with pytest.raises(ConfigError, match="unknown measure"):
        find_measure("BDI-II")


GOOD = """
measures:
  - id: tiny
    name: TINY-2
    title: A two-item test measure
    assesses: nothing
    names: [TINY-2]
    item_range: [0, 1]
    answers: ["no", "yes"]
    items: [one, two]
    missing: {max_missing: 0, rule: "No missing items."}
    bands:
      - {min: 0, max: 0, label: none}
      - {min: 1, max: 2, label: some}
    change: {reliable: 1}
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("max: 2, label: some", "max: 1, label: some"), "bands must end at the highest total"),
        (("min: 1, max: 2", "min: 2, max: 2"), "without gaps"),
        (("assesses: nothing", "assesses: nothing\n    colour: red"), "colour"),
        (("change: {reliable: 1}", "change: {reliable: 0}"), "reliable"),
        (
            ("change: {reliable: 1}", "change: {reliable: 1}\n    risk_items: [{item: 3, "
             "risk_type: suicidal_ideation, prompt: x}]"),
            "risk item 3",
        ),
        (
            ("change: {reliable: 1}", "change: {reliable: 1}\n    risk_items: [{item: 1, "
             "risk_type: sadness, prompt: x}]"),
            "unknown risk type",
        ),
    ],
)  # fmt: skip
def test_the_loader_is_strict(change, message):
    assert set(parse_measures(GOOD)) == {"tiny"}
    with pytest.raises(ConfigError, match=message):
        parse_measures(GOOD.replace(*change))


def test_the_loader_rejects_bad_yaml_and_duplicate_ids():
    with pytest.raises(ConfigError, match="not valid YAML"):
        parse_measures("measures: [")
    twice = GOOD + GOOD.split("measures:\n")[1]
    with pytest.raises(ConfigError, match="appears twice"):
        parse_measures(twice)


def _one(text: str, measure: str = "phq9"):
    found = [r for r in read_measures(text) if r.measure == measure]
    assert len(found) == 1, found
    return found[0]


def _item9(reading) -> int | None:
    return dict(all_items(reading)).get(9)


CODED = ", ".join(
    f"{code}{n}: 2"
    for code, count in (("B", 5), ("C", 2), ("D", 7), ("E", 6))
    for n in range(1, count + 1)
)  # "B1: 2, B2: 2, ... E6: 2": all twenty PCL-5 items

# (id, note, measure, total, previous, item 9 answer)
READINGS = [
    ("equals-shorthand", "PHQ9=14, GAD7=11. RTC 2 wks.", "phq9", 14, None, None),
    ("score-before-name", "She scored 9 on the PHQ-9 today, down from 16 at intake.", "phq9", 9, 16, None),
    ("slash-maximum", "Session 6 of 12. PHQ-9 14/27, GAD-7 7/21. #9: 0.", "phq9", 14, None, 0),
    ("date-beside-score", "PHQ-9 (11/03/2026): 12; GAD-7 (11/03/2026): 8.", "phq9", 12, None, None),
    ("arrow-trend", "PHQ-9 19 -> 14. No SI.", "phq9", 14, 19, None),
    ("trend-of-three", "O: PHQ-9 trend 21 > 17 > 12 (today).", "phq9", 12, 17, None),
    ("from-to", "GAD-7 improved from 15 to 9 over the last 6 sessions.", "gad7", 9, 15, None),
    ("item-run", "PHQ-9: 2,1,3,1,2,0,1,2,1. Item 9 endorsed.", "phq9", 13, None, 1),
    ("run-with-blank", "PHQ-9 items 1-9: 3 2 2 3 1 2 - 2 0 (item 7 left blank).", "phq9", 17, None, 0),
    ("number-words", "Therapist: your PHQ-9 came out at sixteen, up from eleven last time.", "phq9", 16, 11, None),
    ("respectively", "PHQ-9 and GAD-7 were 11 and 14 respectively, down from 15 and 16.", "gad7", 14, 16, None),
    ("series-over-time", "PHQ-9: intake 22, week 6: 16, week 12: 11; at discharge today 6.", "phq9", 6, 11, None),
    ("later-sentence-previous", "Your GAD-7 total is 16.\nIt was 14 two weeks ago.", "gad7", 16, 14, None),
    ("earlier-administration", "PHQ-9 today 14. Last PHQ-9 was 18.", "phq9", 14, 18, None),
    ("cluster-codes", f"PCL-5: {CODED}. Intake PCL-5 was 51.", "pcl5", 40, 51, None),
    ("spoken-voice", "pt did the phq nine with a total of eighteen up from fourteen last month", "phq9", 18, 14, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("note", "measure", "total", "previous", "item9"),
    [case[1:] for case in READINGS],
    ids=[case[0] for case in READINGS],
)
def test_reading_scores_as_clinicians_write_them(note, measure, total, previous, item9):
    reading = _one(note, measure)
    assert (reading.total, reading.previous) == (total, previous)
    if measure == "phq9":
        assert _item9(reading) == item9


FORM = """PHQ-9 (administered 10:15)
1. Little interest or pleasure: 2
2. Feeling down, depressed: 3
3. Trouble sleeping: 2
4. Tired/little energy: 3
5. Poor appetite/overeating: 1
6. Feeling bad about yourself: 2
7. Trouble concentrating: 2
8. Moving slowly/restless: 1
9. Better off dead / hurting yourself: 1
Total: 17"""

CHECKBOXES = """GAD-7 (0=Not at all 1=Several days 2=More than half the days 3=Nearly every day)
1. Nervous/anxious/on edge: [ ]0 [ ]1 [x]2 [ ]3
2. Can't stop worrying: [ ]0 [ ]1 [ ]2 [x]3
3. Worrying too much: [ ]0 [ ]1 [ ]2 [x]3
4. Trouble relaxing: [ ]0 [x]1 [ ]2 [ ]3
5. Restless: [ ]0 [x]1 [ ]2 [ ]3
6. Easily annoyed/irritable: [ ]0 [ ]1 [x]2 [ ]3
7. Afraid something awful might happen: [x]0 [ ]1 [ ]2 [ ]3"""

BOX_GRID = """PHQ-9 (over the last 2 weeks)        0  1  2  3
1. Little interest or pleasure      [ ][x][ ][ ]
2. Feeling down, depressed          [ ][ ][x][ ]
3. Trouble sleeping                 [ ][ ][ ][x]
4. Feeling tired                    [ ][ ][x][ ]
5. Poor appetite or overeating      [x][ ][ ][ ]
6. Feeling bad about yourself       [ ][x][ ][ ]
7. Trouble concentrating            [ ][ ][x][ ]
8. Moving/speaking slowly           [x][ ][ ][ ]
9. Better off dead / hurting self   [ ][ ][x][ ]"""

ITEM_TABLE = """PHQ-9 administered at start of session.

| # | Item | Response |
|---|------|----------|
| 1 | Little interest | 2 |
| 2 | Feeling down | 2 |
| 3 | Sleep | 1 |
| 4 | Tired | 2 |
| 5 | Appetite |  |
| 6 | Feeling bad about yourself | 2 |
| 7 | Concentration | 2 |
| 8 | Psychomotor | 1 |
| 9 | Better off dead | 0 |"""

GRID_OF_TWO = """| Item | PHQ-9 | GAD-7 |
|------|-------|-------|
| 1 | 1 | 2 |
| 2 | 2 | 2 |
| 3 | 2 | 3 |
| 4 | 1 | 2 |
| 5 | 0 | 1 |
| 6 | 1 | 2 |
| 7 | 1 | 1 |
| 8 | 0 | — |
| 9 | 0 | — |"""

FLOWSHEET = """| Date | PHQ-9 | GAD-7 | Notes |
|------|-------|-------|-------|
| 2026-01-10 | 20 | 17 | intake |
| 2026-03-06 | 13 | 12 | |
| 2026-04-03 (today) | 10 | 8 | |"""

SPOKEN = """Clinician: Thoughts that you would be better off dead, or of hurting yourself?
Client: Maybe several days.
Clinician: Okay, that's a 1. With that, your PHQ-9 total is 15."""


@pytest.mark.parametrize(
    ("note", "measure", "total", "answers", "previous"),
    [
        pytest.param(FORM, "phq9", 17, (2, 3, 2, 3, 1, 2, 2, 1, 1), None, id="form-lines"),
        pytest.param(CHECKBOXES, "gad7", 12, (2, 3, 3, 1, 1, 2, 0), None, id="ticked-boxes"),
        pytest.param(BOX_GRID, "phq9", 13, (1, 2, 3, 2, 0, 1, 2, 0, 2), None, id="box-grid"),
        pytest.param(ITEM_TABLE, "phq9", 14, (2, 2, 1, 2, None, 2, 2, 1, 0), None, id="item-table"),
        pytest.param(GRID_OF_TWO, "gad7", 13, (2, 2, 3, 2, 1, 2, 1), None, id="grid-of-two"),
        pytest.param(FLOWSHEET, "phq9", 10, None, 13, id="flowsheet-today-row"),
    ],
)
def test_reading_forms_grids_and_tables(note, measure, total, answers, previous):
    reading = _one(note, measure)
    assert (reading.total, reading.answers, reading.previous) == (total, answers, previous)


def test_a_prorated_table_says_so():
    reading = _one(ITEM_TABLE)
    assert reading.prorated and reading.answers is not None and reading.answers[4] is None


def test_an_item_answered_aloud_is_read_from_the_exchange():
    reading = _one(SPOKEN)
    assert reading.total == 15 and _item9(reading) == 1


@pytest.mark.parametrize(
    "note",
    [
        pytest.param("Will administer GAD-7 next session. Repeat PHQ-9 in 4 wks.", id="plans"),
        pytest.param('Pt declined PHQ-9 today ("tired of forms").', id="refusal"),
        pytest.param(
            "Screening: BDI-II 22, AUDIT 6, PHQ-2 3. PHQ-9 not done (time).", id="other-scales"
        ),
        pytest.param("Return if PHQ-9 >= 10. Goal: PHQ-9 < 10 by 6/30.", id="conditions-and-goals"),
        pytest.param(
            "Last PHQ-9 (04/22) was 11; PHQ-9 planned for next visit on 6/3.", id="earlier-only"
        ),
        pytest.param(
            "Session 4, 10:00-10:50. Homework x3 daily. PHQ-9 in 2 weeks.", id="times-and-counts"
        ),
    ],
)
def test_mentions_that_are_not_this_sessions_administration(note):
    assert read_measures(note) == ()


def test_an_impossible_total_is_read_as_a_problem_not_a_score():
    reading = _one("PHQ-9 31 per pt self-scored form.")
    assert reading.total is None and "outside 0-27" in (reading.problem or "")


def test_a_stated_total_that_disagrees_with_the_items_is_flagged():
    reading = _one("PHQ-9: 2,1,3,1,2,0,1,2,1 = 12")
    assert reading.total == 13 and "differs" in (reading.problem or "")


def test_the_measures_own_wording_is_spanned_for_the_risk_reader():
    text = "PHQ-9 14/27, Q9 (better off dead/self-harm): 0. Denies SI."
    reading = _one(text)
    assert [text[a:b] for a, b in reading.wording] == ["Q9 (better off dead/self-harm): 0"]
    assert _one(FORM).wording == ((0, len(FORM)),)
    assert _one(SPOKEN).wording == ()  # the client's own answer stays risk evidence
