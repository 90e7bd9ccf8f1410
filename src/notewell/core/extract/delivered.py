"""Which named interventions the clinician delivered this session.

A technique named in a clause counts when the clause reports what happened: not a plan
for next time, not the client's own quoted words, not past treatment or treatment given
elsewhere, not a proposal, not something the client did alone.
"""

from __future__ import annotations

import re

from notewell.core.extract.elements import QUOTED, find_interventions
from notewell.core.models import InterventionFact, Segment
from notewell.core.risk.checkboxes import tick_marks_only

# Elements whose clauses are evidence that an intervention was delivered this session.
_INTERVENTION_EVIDENCE = {
    "intervention",
    "response",
    "risk",
    "observation",
    "progress",
    "client_report",
    "other",
}

_NOT_DELIVERED = re.compile(
    r"(?i)\b(declined|refused|did(n't| not) (get to|have time for|complete|do)|ran out of time"
    r"|deferred|postponed|not (yet )?(started|begun|introduced)|will (introduce|begin|start|develop|complete|create)"
    r"|to be (developed|completed|done|created|started|introduced|reviewed)|at (the )?next (session|visit)"
    # "resume PE protocol once self-injury decreases": work for a later day.
    r"|(resume|restart|return to) (\w+ ){0,3}(once|when|after|if))\b"
    # "Next week: Problem Solving skill", "Chain analysis of Mon episode next wk."
    r"|^\W*next( (week|wk|session|time|visit|appt|appointment))?\s*[:\-–]"
    r"|(?<!until )(?<!before )(?<!by )\bnext (week|wk|session|time|visit|appt)\W*$"
)
_DECLINED_NEXT = re.compile(r"(?i)^(the )?(client |pt |she |he |they )?(declined|refused)\b")
# A "P:" line that reports what was done ("Psychoeducation provided", "referral placed").
_DELIVERED = re.compile(
    r"(?i)\b(provided|given|gave|completed|reviewed|taught|practiced|practised|built|placed|made"
    r"|sent|done|explained|discussed|introduced|used|did|solved|validated|coached|modell?ed"
    r"|rehearsed|mapped|explored|contacted|called|notified|informed|consulted|scheduled|updated"
    r"|wrote|created|referred|coordinated)\b"
)
# Agreeing to a safety plan is having made one: it counts though worded as a plan.
_DONE_WHEN_PLANNED = {"safety_planning"}


# The client's own words ("I should have called 911 sooner") name no technique the
# clinician used; a quoted technique name ("wise mind") has no first person in it.
_FIRST_PERSON = re.compile(r"(?i)\b(i|i'm|i'd|i'll|i've|me|my|myself)\b")


# Words just before a technique that say it was not given by this clinician this session:
# past or elsewhere ("previously did CBT", "hx of DBT", "her previous therapist used
# EMDR"), only proposed ("consider EMDR", "referred for DBT group"), or done by the client
# alone (checked after the technique: "did a body scan on his own").
_NOT_THIS_SESSION_BEFORE = re.compile(
    r"(?i)\b(history of|hx of|h/o|previously (did|had|tried|received|completed|done|learned|used)"
    r"|(had|did|tried|received|completed|went through) (\w+ ){0,2}(previously|before|in the past)"
    r"|(previous|prior|former|past|old|last|other|another) (therapist|therapy|treatment|provider|clinician"
    r"|counsel(l)?or|program|psychiatrist)s?( \w+){0,2}"
    r"|consider(ing)?|may (try|benefit from|start|begin|add)|might (try|benefit from)"
    r"|could (try|benefit from)|would benefit from|recommend(ed|s)?|candidate for|interested in"
    r"|open to|wants? to (try|start|do)|asked about|refer(red|ral)? (her |him |them )?(to|for))"
    r"\W+(\w+\W+){0,3}$"
)
_NOT_THIS_SESSION_AFTER = re.compile(
    r"(?i)^\W*(\w+\W+){0,4}(on (her|his|their) own|by (her|him|them)sel(f|ves)|independently)\b"
)
# The client's own past treatment or own contact: "had EMDR years ago", "called the crisis line".
_CLIENT_HAD_BEFORE = re.compile(
    r"(?i)\b(had|did|tried|received|went through|was in)\W+(\w+\W+){0,2}$"
)
_LONG_AGO_AFTER = re.compile(
    r"(?i)^(\W*[\w'-]+){0,6}\W*((\w+ )?(years?|months?) ago|in the past|as a (child|teen\w*)|in (19|20)\d\d)\b"
)
_CLIENT_CONTACTED_BEFORE = re.compile(
    r"(?i)\b(called|texted|contacted|phoned|went to|visited|attended)\W+(the |a |an )?$"
)
_BY_THE_CLIENT = re.compile(
    r"(?i)^\W*(?:[A-Za-z ]{1,20}:\s*)?(the )?(client|pt|patient|she|he|they|member)\b"
)


def _not_this_session(text: str, start: int, end: int) -> bool:
    if _NOT_THIS_SESSION_BEFORE.search(text[max(0, start - 80) : start]):
        return True
    if not _BY_THE_CLIENT.match(text):
        return False
    before, after = text[max(0, start - 40) : start], text[end : end + 60]
    return bool(
        _NOT_THIS_SESSION_AFTER.match(after)
        or (_CLIENT_HAD_BEFORE.search(before) and _LONG_AGO_AFTER.match(after))
        or _CLIENT_CONTACTED_BEFORE.search(before)
    )


def _first_person_quotes(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in QUOTED.finditer(text) if _FIRST_PERSON.search(m.group()[1:-1])]


def extract_interventions(segments: list[Segment], text: str) -> list[InterventionFact]:
    """Named interventions in clauses that report what happened (not plans or musings)."""
    found: dict[str, list[tuple[int, int]]] = {}
    for index, segment in enumerate(segments):
        following = segments[index + 1].text if index + 1 < len(segments) else ""
        if (
            segment.speaker == "client"
            or _NOT_DELIVERED.search(segment.text)
            or _DECLINED_NEXT.match(following)
        ):
            continue  # "Offered EMDR; client declined", "did not get to the breathing"
        quotes = _first_person_quotes(segment.text)
        # "Interventions: [x] CBT [ ] DBT": an unticked box names what was not done.
        for intervention_id, (start, end) in find_interventions(tick_marks_only(segment.text)):
            if any(a < start and end < b for a, b in quotes):
                continue
            if _not_this_session(segment.text, start, end):
                continue
            if segment.element not in _INTERVENTION_EVIDENCE and not (
                segment.element == "plan"
                and (intervention_id in _DONE_WHEN_PLANNED or _DELIVERED.search(segment.text))
            ):
                continue
            found.setdefault(intervention_id, []).append(
                (segment.start + start, segment.start + end)
            )
    facts = []
    for intervention_id, spans in found.items():
        spans.sort()
        first = spans[0]
        facts.append(InterventionFact(intervention_id, text[first[0] : first[1]], tuple(spans)))
    return sorted(facts, key=lambda f: f.sources[0])
