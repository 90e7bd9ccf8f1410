"""More of the grid: the layouts of session 13's reader (all SYNTHETIC).

Tables over several lines (concepts heading the columns with dated, weekday or people
rows; concepts heading the rows with a current and a history column; staff-data counts),
signs in columns and in parentheses, dictation with spoken punctuation and corrections,
hard-wrapped sentences, notes in capitals, and whose risk a pronoun names. Gold by
construction, as in `risk_grid`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

from risk_grid import HI, SH, SI, TYPES, Statement, _gold, _k

ABBREVIATIONS = {SI: "SI", HI: "HI", SH: "SH"}
SIGNS = {"+": "endorsed", "-": "denied"}
YES_NO = {"Y": "endorsed", "N": "denied", "Yes": "endorsed", "No": "denied"}


def _status_gold(statuses: dict[str, str]) -> dict[str, str]:
    return _gold(**{_k(t): s for t, s in statuses.items()})


def _risk_columns() -> Iterator[Statement]:
    """`Date  SI  HI  SH` with rows; only the latest (or today's) row counts."""
    for old, new in itertools.product(itertools.product("+-", repeat=3), repeat=2):
        rows = [("03/02", old), ("03/09", new)]
        lines = ["Date     SI   HI   SH"] + [
            f"{date}    {'    '.join(signs)}" for date, signs in rows
        ]
        gold = {t: SIGNS[s] for t, s in zip(TYPES, new, strict=True)}
        yield Statement("table_dated_rows", "\n".join(lines), _status_gold(gold))
    for client_signs, other_signs in itertools.product(
        itertools.product("+-", repeat=3), [("+", "+", "+")]
    ):
        lines = [
            "Member         SI       HI       SH",
            f"Mom            {'        '.join(other_signs)}",
            f"Dad (client)   {'        '.join(client_signs)}",
        ]
        gold = {t: SIGNS[s] for t, s in zip(TYPES, client_signs, strict=True)}
        yield Statement("table_people_rows", "\n".join(lines), _status_gold(gold))


def _concept_rows() -> Iterator[Statement]:
    """`| Risk | Current | Hx |`: the current column decides, the history one does not."""
    for current, history in itertools.product(YES_NO, repeat=2):
        for risk_type, label in ABBREVIATIONS.items():
            text = (
                "| Risk | Current | Hx | Comment |\n|------|---------|----|---------|\n"
                f"| {label}   | {current}       | {history}  |         |"
            )
            gold = {risk_type: YES_NO[current]}
            yield Statement("table_current_history", text, _status_gold(gold))
    for counts in itertools.product(["0", "2", "12/wk"], repeat=2):
        text = f"Target behavior   Wk1   Wk2\nSIB (head-hit)    {counts[0]}     {counts[1]}"
        status = "denied" if counts[1] == "0" else "endorsed"
        yield Statement("table_staff_counts", text, _status_gold({SH: status}))


def _signs_in_columns() -> Iterator[Statement]:
    for signs in itertools.product("+-", repeat=3):
        gold = {t: SIGNS[s] for t, s in zip(TYPES, signs, strict=True)}
        spaced = "   ".join(f"{ABBREVIATIONS[t]} {s}" for t, s in zip(TYPES, signs, strict=True))
        yield Statement("signs_spaced", spaced, _status_gold(gold))
        boxed = "  ".join(f"{ABBREVIATIONS[t]} ({s})" for t, s in zip(TYPES, signs, strict=True))
        yield Statement("signs_parenthesised", boxed, _status_gold(gold))


def _dictated() -> Iterator[Statement]:
    for risk_type, spoken in ((SI, "S I"), (HI, "H I"), (SH, "self harm")):
        for value, status in (("denies", "denied"), ("endorses", "endorsed")):
            text = (
                f"safety new line {spoken} colon {value} period new line plan colon weekly period"
            )
            yield Statement("dictation_spoken", text, _status_gold({risk_type: status}))
        text = (
            f"patient endorses {spoken} scratch that patient denies {spoken} period "
            "follow up in one week period"
        )
        yield Statement("dictation_corrected", text, _status_gold({risk_type: "denied"}))


def _wrapped_and_capitals() -> Iterator[Statement]:
    for pronoun, reflexive in (("she", "herself"), ("he", "himself")):
        text = (
            f"Client reports that since the last session {pronoun} has been thinking about killing\n"
            f"{reflexive} most nights after work. No plan. Denies HI."
        )
        yield Statement("wrapped_line", text, _gold(si="endorsed", hi="denied"))
    for signs in itertools.product("+-", repeat=2):
        text = f"PT SEEN FOR F/U. SI{signs[0]}. HI{signs[1]}. NO PLAN, NO INTENT. RTC 1 WK."
        yield Statement("capitals", text, _gold(si=SIGNS[signs[0]], hi=SIGNS[signs[1]]))


def _whose() -> Iterator[Statement]:
    """A pronoun of another gender than the client's names someone else; harm the client
    aims at a woman is violence toward another person, not self-harm."""
    for client, other, pronoun, reflexive in (
        ("her", "boyfriend", "he", "himself"),
        ("his", "sister", "she", "herself"),
    ):
        text = f"Client worried that {client} {other} keeps saying {pronoun} wants to kill {reflexive}."
        yield Statement("experiencer_other", text, _gold())
    text = "Client admitted he told his wife he would slit her throat."
    yield Statement("experiencer_aimed", text, _gold(hi="endorsed"))


GENERATORS: tuple[Callable[[], Iterator[Statement]], ...] = (
    _risk_columns,
    _concept_rows,
    _signs_in_columns,
    _dictated,
    _wrapped_and_capitals,
    _whose,
)
