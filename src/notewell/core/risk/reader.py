"""Risk status per type (suicidal ideation, homicidal ideation, self-harm).

Mentions are found by medspaCy's TargetMatcher and put in context by ConText (negated,
hypothetical, historical, someone else's). The status of a type is:

- `endorsed` when any mention of the client's own current risk is not negated;
  a missed endorsement is the worst error the engine can make, so uncertain
  mentions ("possible SI") count as endorsed;
- `denied` when the only current mentions are negated ("denies SI/HI");
- `not_assessed` otherwise: history, family history and "what if" talk never turn
  into a denial, and nothing the input does not say becomes one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from notewell.core.models import RiskMention, RiskStatus
from notewell.core.risk.casing import uncapped
from notewell.core.risk.checkboxes import any_ticked, first_mark, tick_marks_only
from notewell.core.risk.context import mention_flags, not_this_risk, with_urges
from notewell.core.risk.experiencer import whose
from notewell.core.risk.forms import (
    blanked_terms,
    checked_none,
    heading_value,
    none_ticked,
    short_question_terms,
    table_header,
    table_row,
    table_value_row,
    unticked_terms,
)
from notewell.core.risk.prefilter import may_mention_risk
from notewell.core.risk.questions import resolve_questions
from notewell.core.risk.structures import (
    ClauseStructure,
    Reading,
    continuation_status,
    elliptical_denials,
    label_only,
    may_hold_structure,
    read_structures,
)
from notewell.core.risk.tables import read_tables
from notewell.core.risk.vocabulary import structure_vocabulary, term_types

__all__ = ["find_mentions", "resolve_questions", "summarise"]

Clause = tuple[str, int, int]
_BULLETS = re.compile("[▪◦‣∙⁃]")
# "Risk screen at close (SI/HI): -/-": the concepts in brackets are the label the values
# answer, as in "SI/HI: -/-".
_BRACKETED_CONCEPTS = re.compile(
    r"^(?P<before>[^:()\n]{1,60}?)\((?P<concepts>(?:SI|HI|SH|SIB|NSSI)(?:\s*[/,&]\s*(?:SI|HI|SH|SIB|NSSI))*)\)"
    r"(?=\s*[:=\-–])",
    re.I,
)


def concepts_first(text: str) -> str:
    """The clause with a bracketed concept list standing as its label (same length)."""
    match = _BRACKETED_CONCEPTS.match(text)
    if match is None:
        return text
    blank = " " * (len(match.group("before")) + 1)
    return blank + match.group("concepts") + " " + text[match.end() :]


_CLARIFIED = re.compile(
    r"(?i)\b(clarified|clarification|on clarifying|figure of speech|expression of (frustration|anger)|not (meant )?literal|joke|joking|kidding"
    r"|did(n't| not) mean (it |that )?(literally|seriously)|just an expression|venting)\b"
)
# Detail labels that document an assessment (the checker's evidence), beside the
# passive/active kind and "possible", which describe the ideation itself.
ASSESSMENT_DETAILS = frozenset(
    {
        "no plan",
        "plan",
        "no intent",
        "intent",
        "access to means",
        "means restricted",
        "protective factors noted",
        "safety plan",
        "crisis resources given",
        "risk level",
    }
)


def assessment_documented(text: str) -> bool:
    """Whether a text documents any part of a risk assessment (plan or intent addressed,
    means, protective factors, a safety plan, crisis resources, a risk level), by the
    same cues a draft shows as risk detail."""
    cues = structure_vocabulary().assessment_cues
    return any(p.search(text) for label, p in cues if label in ASSESSMENT_DETAILS)


def find_mentions(clauses: list[Clause], nlp: Any) -> list[RiskMention]:
    """Risk mentions of every clause: structures first, then the narrative reader.

    Checkbox marks are resolved first (unticked options become spaces, offsets stay).
    """
    # ALL CAPS notes read in lower case; bullets such as "▪" are spaces (same offsets)
    clauses = [
        (concepts_first(_BULLETS.sub(" ", uncapped(text))), start, end)
        for text, start, end in clauses
    ]
    ticked = [(tick_marks_only(text), start, end) for text, start, end in clauses]
    mentions: list[RiskMention] = []
    heading: tuple[tuple[str, ...], int] | None = None  # a label line, values below it
    previous: list[RiskMention] = []  # the client's mentions in the clause before
    table: list[str] | None = None  # a table's header of value columns
    unticked_above: list[tuple[str, str, int]] = []  # lines of boxes none of which is ticked
    terms = structure_vocabulary().loose_terms
    tables = read_tables(ticked, clauses)
    whole = "\n".join(text for text, _s, _e in clauses)  # what a target may require of the note
    for index, ((text, start, _end), (original, _s, _e)) in enumerate(
        zip(ticked, clauses, strict=True)
    ):
        if index in tables.consumed:
            # a table decided this line: the client's current row, the value column
            mentions += [
                m for r in tables.readings.get(index, []) for m in _reading_mentions(r, text, start)
            ]
            previous, heading, table = [], None, None
            continue
        header = table_header(text)
        if header is not None:
            table = header
            continue
        if table is not None:
            rows = table_row(text, table)
            if rows:
                mentions += [m for r in rows for m in _reading_mentions(r, text, start)]
                continue
            if "|" not in text:
                table = None
        rows = table_value_row(text)
        if rows:
            mentions += [m for r in rows for m in _reading_mentions(r, text, start)]
            continue
        if heading is not None:
            status = heading_value(text) if text.strip() else "blank"
            if status == "blank":
                continue
            if status is not None:
                mentions += _reading_mentions(
                    Reading(heading[0], status, (0, len(text)), (0, 0)), text, start
                )
                continue
            heading = None
        boxed = original != text
        label = label_only(text)
        if boxed and label and label[1][1] <= (first_mark(original) or 0):
            # "HI ☐ Yes ☐ No": a label before boxes none of which is ticked.
            mentions += _reading_mentions(
                Reading(label[0], "unassessed", label[1], (0, 0)), text, start
            )
            previous, heading = [], None
            continue
        empty: list[RiskMention] = []
        resolved = text  # the ticked options, before empty columns are blanked
        if boxed:
            blanked = blanked_terms(original, text)
            empty = [m for r in blanked for m in _reading_mentions(r, text, start)]
            text = _blanked(text, [r.claimed for r in blanked])
        narrative = may_mention_risk(text)
        structure = (
            read_structures(text, heading_allowed=not boxed)
            if narrative or may_hold_structure(text)
            else None
        )
        # The language pipeline is the slow part of drafting: only a clause with a word
        # of some risk target (an exact pre-filter) that its structures have not already
        # read ("Client denies SI/HI.") needs it.
        if narrative and structure is not None and structure.readings:
            narrative = may_mention_risk(_blanked(text, [r.span for r in structure.readings]))
        doc = nlp(text.replace("\n", " ")) if narrative else None  # wrapped lines
        found = _clause_mentions(text, start, doc, structure, whole)
        if not found:
            # "MD: any si?", "hi?": a terse question names its concept in any case.
            found = [
                m for r in short_question_terms(text) for m in _reading_mentions(r, text, start)
            ]
        found += empty + [
            m for r in checked_none(original, resolved) for m in _reading_mentions(r, text, start)
        ]
        if boxed and none_ticked(original, resolved):
            # "[ ] SI  [ ] HI / [ ] SIB  [X] denies all of the above": the lines above too.
            for line_text, line_original, line_start in unticked_above:
                found += [
                    m
                    for r in unticked_terms(line_original, line_text)
                    for m in _reading_mentions(r, line_text, line_start)
                ]
        if boxed and not terms.search(resolved) and terms.search(original):
            unticked_above.append((resolved, original, start))
        else:
            unticked_above = []
        if boxed and not any_ticked(original):
            # "Wants to hurt someone else:  Y ☐  N ☐": asked on the form, nothing ticked
            found = [m if m.negated else replace(m, unassessed=True) for m in found]
        if not found and previous:
            # "Pt reports past self-injury; none since age 20": a bare answer continues
            # the concept of the clause before it.
            found, mentions = _continued(text, start, previous, mentions)
        mentions += found
        previous = [m for m in found if not m.family]
        heading = (label[0], start) if label and not boxed else None
    return with_urges(mentions, ticked)


def _continued(
    text: str, start: int, previous: list[RiskMention], mentions: list[RiskMention]
) -> tuple[list[RiskMention], list[RiskMention]]:
    status = continuation_status(text)
    types = tuple(dict.fromkeys(m.risk_type for m in previous))
    if status == "denied":
        return _reading_mentions(
            Reading(types, "denied", (0, len(text)), (0, 0)), text, start
        ), mentions
    if status == "unassessed":  # "possible SI; not yet assessed"
        earlier = {m.span for m in previous}
        return [], [replace(m, unassessed=True) if m.span in earlier else m for m in mentions]
    return [], mentions


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _reading_mentions(reading: Reading, text: str, start: int) -> list[RiskMention]:
    return [
        RiskMention(
            risk_type=risk_type,
            text=text[reading.span[0] : reading.span[1]],
            span=(start + reading.span[0], start + reading.span[1]),
            negated=reading.status == "denied",
            historical=reading.status == "historical",
            unassessed=reading.status == "unassessed",
        )
        for risk_type in reading.types
    ]


def _clause_mentions(
    text: str, start: int, doc: Any, structure: ClauseStructure | None, whole: str = ""
) -> list[RiskMention]:
    readings = list(structure.readings) if structure else []
    found: list[RiskMention] = []
    for ent in doc.ents if doc is not None else ():
        if not_this_risk(ent.label_, ent.text, text, ent.start_char, ent.end_char):
            continue
        required = _metadata(ent).get("requires")
        if required and not re.search(str(required), whole or text):
            continue  # "go be with Harold" is a death wish only where Harold has died
        if any(_decides(r, ent.label_, ent.start_char, ent.end_char) for r in readings):
            continue  # the structure has read this concept
        flags = mention_flags(ent, text)
        risk_type = ent.label_
        match whose(text, ent.start_char, ent.end_char):
            case "other":
                flags["family"] = True
            case "aimed_at_other" if risk_type in ("suicidal_ideation", "self_harm"):
                risk_type = "homicidal_ideation"  # "he would slit her throat"
        mention = RiskMention(
            risk_type=risk_type, text=ent.text, span=(ent.start_char, ent.end_char), **flags
        )
        found.append(mention)
        also = _also(ent)
        if also and also != risk_type:  # "kill her and then myself": both types at once
            found.append(replace(mention, risk_type=also))
    found = _compound_terms(text, found, readings)
    named = [(m.risk_type, m.span) for m in found] + [
        (t, r.span) for r in readings for t in r.types
    ]
    readings += elliptical_denials(text, named)
    found += [m for reading in readings for m in _reading_mentions(reading, text, 0)]
    no_evidence = structure.no_evidence if structure else None
    return [
        replace(
            m,
            span=(start + m.span[0], start + m.span[1]),
            family=m.family or no_evidence == "family",
            historical=m.historical or no_evidence == "history",
            unassessed=m.unassessed or no_evidence == "goal",
        )
        for m in found
    ]


def _metadata(ent: Any) -> dict[str, Any]:
    rule = getattr(ent._, "target_rule", None)
    return dict(getattr(rule, "metadata", None) or {})


def _also(ent: Any) -> str | None:
    """A second risk type a narrative target names (`metadata.also`)."""
    also = _metadata(ent).get("also")
    return str(also) if also else None


def _compound_terms(
    text: str, found: list[RiskMention], readings: list[Reading]
) -> list[RiskMention]:
    """A phrase that names two types ("thoughts of hurting yourself or others"); ConText sees one
    ("hurting yourself") in it. Each type named gets that phrase's context."""
    if not found or (" or " not in text and " and " not in text):
        return found  # every compound phrase joins two concepts
    vocabulary = structure_vocabulary()
    for match in vocabulary.terms.finditer(text):
        types = term_types(match)
        a, b = match.span()
        if (
            len(types) < 2
            or " " not in match.group()
            or any(r.span[0] < b and a < r.span[1] for r in readings)
        ):
            continue
        inside = [m for m in found if m.span[0] < b and a < m.span[1]]
        if not inside:
            continue
        model = inside[0]
        found = [m for m in found if m not in inside] + [
            replace(model, risk_type=t, text=match.group(), span=(a, b)) for t in types
        ]
    return found


def _decides(reading: Reading, risk_type: str, start: int, end: int) -> bool:
    a, b = reading.claimed
    if not (a < end and start < b):
        return False
    s, e = reading.span
    return risk_type in reading.types or (s < end and start < e)


def summarise(
    risk_type: str, mentions: list[RiskMention], clauses: list[Clause], related: list[Clause]
) -> RiskStatus:
    own = [m for m in mentions if m.risk_type == risk_type]
    current = [m for m in own if m.counts_for_status]
    quoted = any(m.quoted for m in current)
    clarified = [c for c in clauses if _CLARIFIED.search(c[0])] if quoted else []
    if any(m.negated for m in current) and clarified:
        # 'said "I could kill him." Clarified: an expression of frustration; denies HI':
        # the quoted idiom was clarified away by the clinician, the denial stands.
        current = [m for m in current if m.negated or not m.quoted]
    # '"wanted to kill her sister" ... laughed and clarified it was a joke': the words
    # quoted in the very clause that clarifies them.
    current = [
        m
        for m in current
        if not (m.quoted and any(start <= m.span[0] < end for _t, start, end in clarified))
    ]
    endorsed = [m for m in current if not m.negated]
    denied = [m for m in current if m.negated]
    if not current and risk_type == "homicidal_ideation":
        # "no intention or plan to harm others" is how an HI screen is written; for
        # suicidal ideation a denied plan leaves passive ideation unasked (C-SSRS).
        denied = [
            m for m in own if m.plan_only and not (m.family or m.historical or m.hypothetical)
        ]
    context_notes = _context_notes(own)
    if endorsed:
        texts = _clauses_around(endorsed, clauses) + [c[0] for c in related]
        detail = _detail(texts, uncertain=any(m.uncertain for m in endorsed)) + context_notes
        return RiskStatus("endorsed", "; ".join(detail) or None, tuple(m.span for m in endorsed))
    if denied:
        return RiskStatus("denied", "; ".join(context_notes) or None, tuple(m.span for m in denied))
    return RiskStatus("not_assessed", "; ".join(context_notes) or None, tuple(m.span for m in own))


def _context_notes(mentions: list[RiskMention]) -> list[str]:
    notes = []
    if any(m.family for m in mentions):
        notes.append("mentioned about another person")
    if any(m.historical and not m.family for m in mentions):
        notes.append("history mentioned")
    if any(m.hypothetical and not m.family for m in mentions):
        notes.append("hypothetical or conditional mention")
    return notes


def _clauses_around(mentions: list[RiskMention], clauses: list[Clause]) -> list[str]:
    starts = {m.span[0] for m in mentions}
    return [text for text, start, end in clauses if any(start <= s < end for s in starts)]


def _detail(texts: list[str], uncertain: bool) -> list[str]:
    joined = " ".join(texts)
    cues = structure_vocabulary().assessment_cues
    found = [label for label, pattern in cues if pattern.search(joined)]
    # A negative cue and its positive twin both match "no plan"; keep the negative.
    for negative, positive in (("no plan", "plan"), ("no intent", "intent")):
        if negative in found and positive in found:
            found.remove(positive)
    if uncertain:
        found.insert(0, "possible (uncertain wording)")
    return found
