"""Negation over a coordinated list and signs glued to concepts.

no SI, HI or SH          neither SI nor HI          negative for SI, HI, and self-harm
SI/HI denied             + SI (passive), - HI        -si, +hi toward neighbor
"""

from __future__ import annotations

import re

from notewell.core.risk.readings import Reading, Span
from notewell.core.risk.vocabulary import Phrases, structure_vocabulary, term_types

_SPACES = re.compile(r"\s*")
_IDEATION_WORDS = re.compile(r"(?i)\b(?:thoughts?|ideation|urges?|wish|desire)\b")
_HISTORY_AFTER = re.compile(r"(?i)\s*(?:history|hx|h/o)\b")
_GOVERNS = re.compile(r"(?i)\b(?:to|of|for|toward|towards|against)\s*$")
_PLAN_WORDS = re.compile(r"(?i)\b(?:plan|plans|intent|intention|intentions|means)\b")


def negated_lists(text: str, taken: list[Span]) -> list[Reading]:
    vocabulary = structure_vocabulary()
    lists = vocabulary.lists
    readings: list[Reading] = []
    used: list[Span] = list(taken)

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in used)

    # Forward: a negation, fillers, then terms joined by connectors.
    for negator in lists["negators"].pattern.finditer(text):
        if negator.start() and (
            text[negator.start() - 1].isalnum() or text[negator.start() - 1] == "-"
        ):
            continue
        if (
            negator.group() in ("-", "(-)")
            and negator.start()
            and text[negator.start() - 1].isalnum()
        ):
            continue
        after = re.compile(r"\s*[:\-–—]\s*").match(text, negator.end())  # "Denies: SI, HI"
        items = _list_items(text, after.end() if after else negator.end(), lists["list_fillers"])
        if (
            items
            and _PLAN_WORDS.search(text, negator.end(), items[0][1][0])
            and not _IDEATION_WORDS.search(text, negator.end(), items[0][1][0])
            and _GOVERNS.search(text, negator.end(), items[0][1][0])
        ):
            # "denies plan or intent to end his life": the plan, not the ideation; but
            # "denies plan, intent, means, HI, and SIB" lists HI and SIB themselves
            continue
        items = [item for item in items if free(*item[1])]
        if items and _HISTORY_AFTER.match(text, items[-1][1][1]):
            items = []  # "no SI history": the past denied, the present unsaid
        if items:
            readings += [Reading(types, "denied", span, span) for types, span in items]
            used += [span for _, span in items]
    # Backward: terms joined by connectors, then a negation ("SI/HI denied").
    for match in vocabulary.terms.finditer(text):
        if not free(match.start(), match.end()):
            continue
        items = [
            (term_types(match), match.span()),
            *_list_items(text, match.end(), None, first_needs_joint=True),
        ]
        pos = items[-1][1][1]
        pos = _skip(text, pos, lists["list_fillers"], limit=3)
        neg = re.compile(r"\s*(?:[:=-]\s*)?").match(text, pos)
        at = neg.end() if neg else pos
        status = (
            "denied"
            if lists["negations_after"].match(text, at)
            else "unassessed"
            if lists["unassessed_after"].match(text, at)
            else None
        )
        if status and free(*items[0][1]):
            readings += [Reading(types, status, span, span) for types, span in items]
            used += [span for _, span in items]
    return readings


# Details of a risk listed before the concepts themselves; they deny nothing on their own.
_DETAIL_RUN = re.compile(
    r"(?i)(?:[\s,/;]*(?:and\s+|or\s+)?(?:plans?|intent|intention|means|method"
    r"|access to (?:means|firearms|weapons|guns)|firearms|weapons|guns)\b)*[\s,/;]*(?:and\s+|or\s+)?"
)
_JOINT_WORDS = {"or", "and", "nor", "and/or", "as well as", "or any", "no", "not", "neither"}
_BETWEEN = {
    "any",
    "current",
    "active",
    "passive",
    "thoughts",
    "of",
    "ideation",
    "urges",
    "intent",
    "plan",
    "plans",
    "behaviors",
    "behaviours",
    "acts",
    "feelings",
    "the",
    "other",
    "signs",
}


def _list_items(
    text: str, pos: int, fillers: Phrases | None, first_needs_joint: bool = False
) -> list[tuple[tuple[str, ...], Span]]:
    """Terms from `pos` on, joined by connectors (and, before the first, fillers)."""
    vocabulary = structure_vocabulary()
    items: list[tuple[tuple[str, ...], Span]] = []
    if fillers is not None:
        pos = _skip(text, pos, fillers, limit=6)
        details = _DETAIL_RUN.match(text, pos)  # "denies plan, intent, means, HI, and SIB"
        if details and vocabulary.loose_terms.match(text, details.end()):
            pos = details.end()
    need_joint = first_needs_joint
    while True:
        if need_joint:
            joint_end = _joint(text, pos)
            if joint_end is None:
                break
            pos = joint_end
        terms = vocabulary.loose_terms if fillers is not None or items else vocabulary.terms
        match = terms.match(text, _SPACES.match(text, pos).end())  # type: ignore[union-attr]
        if not match:
            break
        items.append((term_types(match), match.span()))
        pos = match.end()
        need_joint = True
    return items


def _joint(text: str, pos: int) -> int | None:
    """After a list item: connectors and a few list words before the next item."""
    connectors = structure_vocabulary().lists["connectors"]
    seen_connector = False
    for _ in range(5):
        pos = _SPACES.match(text, pos).end()  # type: ignore[union-attr]
        joint = connectors.match(text, pos)
        if joint:
            seen_connector = True
            pos = joint.end()
            continue
        word = re.compile(r"[\w'-]+").match(text, pos)
        if word and word.group().lower() in _JOINT_WORDS | _BETWEEN:
            seen_connector = seen_connector or word.group().lower() in _JOINT_WORDS
            pos = word.end()
            continue
        break
    if not seen_connector and structure_vocabulary().loose_terms.match(text, pos):
        return pos  # "denies SI HI": terse lists drop the connector
    return pos if seen_connector else None


def _skip(text: str, pos: int, fillers: Phrases, limit: int) -> int:
    for _ in range(limit):
        start = _SPACES.match(text, pos).end()  # type: ignore[union-attr]
        match = fillers.match(text, start)
        if not match:
            return start
        pos = match.end()
    return _SPACES.match(text, pos).end()  # type: ignore[union-attr]


_SIGN_BEFORE = re.compile(r"(?:^|(?<=[\s,;(/]))(?P<sign>[+\-–])(?P<gap> ?)(?=\w)")


def signed_terms(text: str, taken: list[Span]) -> list[Reading]:
    """A sign glued before a concept, in any case: "+hi toward neighbor", "-si"."""
    terms = structure_vocabulary().loose_terms
    readings = []
    signs = list(_SIGN_BEFORE.finditer(text))
    for sign in signs:
        if sign.group("gap") and len(signs) < 2:
            continue  # "- SI with plan" alone is a bullet; "+ SI, - HI, - SIB" a signed list
        match = terms.match(text, sign.end())
        if not match or any(a < match.end() and match.start() < b for a, b in taken):
            continue
        status = "endorsed" if sign.group("sign") == "+" else "denied"
        readings.append(
            Reading(term_types(match), status, match.span(), (sign.start(), match.end()))
        )
    return readings
