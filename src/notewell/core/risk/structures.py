"""Risk read from the structures clinicians write it in, before any phrase matching.

Three parsers over one clause (checkboxes already reduced to what was ticked, see
`checkboxes`), each deciding the status of the concepts it holds:

- label-value lines: a risk label, a separator and a value
  (`SI: denies`, `HI - neg`, `SI/HI/SH: -/-/-`, `Suicidal ideation: passive, no plan`);
  a combined label names each of its types, a generic one (`Risk:`) leaves the naming
  to its value (`Risk: no SI`, `Risk screen: neg x3`);
- negation over a coordinated list, forward (`no SI, HI or SH`, `neither SI nor HI`,
  `negative for SI, HI, and self-harm`, `no thoughts of harming self or others`) and
  backward (`SI/HI denied`, `suicidal and homicidal ideation: none`);
- elliptical values after a named concept (`hx of cutting, none in 10+ yrs`): a bare
  denial continues the concept before it (see `reader`).

Every reading keeps the span it came from; statuses are `endorsed`, `denied`,
`historical`, `unassessed` (and labels of goals or family history mark a clause as
no evidence about the client at all).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import cast

from notewell.core.risk.lists import negated_lists, signed_terms
from notewell.core.risk.readings import ALL_TYPES, Span
from notewell.core.risk.readings import ClauseStructure as ClauseStructure  # re-exported
from notewell.core.risk.readings import Reading as Reading  # re-exported
from notewell.core.risk.vocabulary import Phrases, structure_vocabulary, term_types

_SEPARATOR = re.compile(r"\s*(?P<sep>[:=]+|\.{3,}|\?(?=\s)|[-–—](?=\s+\S)|[-–—]{2})\s*")
_LEAD = re.compile(r"^[\s\-–—•*#>\d.)(]*")
PIECE_BREAK = re.compile(
    r"[,;()]|\s(?:but|however|though|although|except)\s|\sand\s(?=(?:den|no\b|not\b|neg|none))",
    re.I,
)
_LABEL_TAIL = re.compile(
    r"\s*(?:screen(?:ing)?|risk|assessment|status|ideation|thoughts|behaviou?rs?|urges|history|hx)\b",
    re.I,
)
_PAST_LABEL = re.compile(r"(?i)(?:past|history|hx|prior history|past history|previously)\s*:")
_HISTORY_LABEL = re.compile(r"(?i)\b(?:history|hx|lifetime)\b")
_LIFETIME_BEFORE = re.compile(
    r"(?i)\b(?:lifetime|past|prior|previous|historical|history of|hx of|hx|h/o)\s*$"
)
_SUBJECT = re.compile(
    r"^(?:(?:both|all|all three|either|each)\s+)?(?:(?:the\s+)?(?:client|pt|patient|she|he|they|member|student|youth)\s+)?"
    r"(?:(?:reports?|reported|states?|stated|says|said|endorses|indicates|indicated|is|was)\s+)?",
    re.I,
)
_PLAN_ONLY = re.compile(
    r"^(?:no|denies|denied|without|den(?:y|ies) any|neg(?:ative)? for)\s+(?:any\s+|current\s+|specific\s+)*"
    r"(?:plan|plans|intent|intention|means)\b",
    re.I,
)
_RATING = re.compile(r"^(\d{1,2})\s*(?:/\s*10|out of 10)\b")
_COUNT_SLASH = re.compile(r"^\s*([^/\s]+)(?:\s*/\s*([^/\s]+))+\s*[.]?\s*$")


def may_hold_structure(text: str) -> bool:
    """A cheap test: does the clause name a risk term or a generic risk label?"""
    vocabulary = structure_vocabulary()
    if vocabulary.term_words.isdisjoint(re.findall(r"[a-z0-9]+", text.lower())):
        return False
    return bool(vocabulary.terms.search(text) or vocabulary.lists["generic_labels"].search(text))


def read_structures(text: str, heading_allowed: bool = True) -> ClauseStructure:
    """Readings of one clause (checkbox marks already resolved).

    A clause that is only a label is a heading over values to come, unless it is what
    was left of a ticked box ("[x] Passive SI"): then it is the statement itself.
    """
    vocabulary = structure_vocabulary()
    label: str | Span  # the not-evidence label's words, then each pair's label span
    lead = _LEAD.match(text)
    body_start = lead.end() if lead else 0
    if _PAST_LABEL.match(text, body_start):
        return ClauseStructure((), "history")  # "Past: 3 psych admits for SI."
    not_evidence = vocabulary.lists["not_evidence_labels"].match(text, body_start)
    if not_evidence and _SEPARATOR.match(text, not_evidence.end()):
        label = not_evidence.group().lower()
        return ClauseStructure((), "goal" if "goal" in label or "objective" in label else "family")
    if re.match(
        r"(?i)(?:(?:treatment |tx |counseling |iep )?goals?|objectives?|short[- ]term goal|long[- ]term goal)\s*#?\s*\d+\s*[:.)-]",
        text[body_start:],
    ):
        return ClauseStructure((), "goal")
    heading = label_only(text) if heading_allowed else None
    if heading is not None:
        # "Suicidal Ideation" over a list of boxes: a heading states nothing itself.
        return ClauseStructure(
            (Reading(heading[0], "unassessed", heading[1], (0, len(text))),), None
        )
    readings: list[Reading] = []
    pairs = _label_values(text, body_start)
    claimed: list[Span] = []
    for types, label, value in pairs:
        reading = _value_reading(types, label, value, text)
        readings += reading
        if types is not None:
            claimed.append((label[0], value[1]))
    readings += negated_lists(
        text, [(r.span[0], r.span[1]) for r in readings if r.span != r.claimed] + claimed
    )
    readings += signed_terms(text, [r.claimed for r in readings])
    if any(r.status == "historical" for r in readings):
        # "Lifetime C-SSRS: + wish to be dead, + active SI (2020)": all of it is the past.
        readings = [
            replace(r, status="historical") if r.status == "endorsed" else r for r in readings
        ]
    if _other_subject(text, readings):
        return ClauseStructure(tuple(readings), "family")
    return ClauseStructure(tuple(readings), None)


# --- label-value lines -------------------------------------------------------------------


def _label_values(text: str, body_start: int) -> list[tuple[tuple[str, ...] | None, Span, Span]]:
    """(types or None for a generic label, label span, value span) for each pair."""
    vocabulary = structure_vocabulary()
    candidates: list[tuple[tuple[str, ...] | None, int, int, int, str]] = []
    generic = vocabulary.lists["generic_labels"].match(text, body_start)
    term = vocabulary.loose_terms.match(text, body_start)
    if generic and term and term.end() > generic.end():
        generic = None  # "Danger to self:" names its type; "Danger:" does not
    if generic:
        sep = _SEPARATOR.match(text, generic.end())
        if sep:
            candidates.append((None, generic.start(), generic.end(), sep.end(), sep.group("sep")))
        else:
            generic = None
    types: tuple[str, ...] | None  # a term's types, then each accepted label's (or None)
    for match in vocabulary.loose_terms.finditer(text):
        if generic and match.start() < generic.end():
            continue
        types, end = _joined_terms(text, match)
        tail = _LABEL_TAIL.match(text, end)
        label_end = tail.end() if tail else end
        if not text[body_start : match.start()].strip():
            # "Self-harm since last visit: ☒ No": a qualified label opening the line.
            qualified = _QUALIFIED_LABEL.match(text, label_end)
            label_end = qualified.end() if qualified else label_end
        sep = _SEPARATOR.match(text, label_end)
        if sep:
            candidates.append((types, match.start(), label_end, sep.end(), sep.group("sep")))
        elif (
            _GLUED_SIGN.match(text, end)
            or _PAREN_SIGN.match(text, end)
            or _SCREEN_RESULT.match(text, end)
        ):  # "SI+, HI-, SH-", "SI (-)  SIB (+)"
            candidates.append((types, match.start(), end, end, "sign"))
        elif _bare_value_follows(text, end):  # "Suicidal ideation      No" (a ticked box)
            candidates.append((types, match.start(), end, end, "space"))
    candidates.sort(key=lambda c: c[1])
    accepted: list[tuple[tuple[str, ...] | None, int, int, int, str]] = []
    for cand in candidates:
        if accepted and cand[1] < accepted[-1][3]:
            continue  # inside the previous label
        before = text[body_start : cand[1]]
        at_start = (
            not before.strip()
            or text[: cand[1]].rstrip()[-1:] in ",;|:"
            or bool(_COLUMN_QUALIFIER.search(before))  # "Current SI  N     Hx SI  Y"
        )
        if (
            cand[4][:1] in (":", "=")
            or cand[4] == "sign"
            or (cand[4] in ("-", "–", "—") and text[cand[2] : cand[2] + 1] == cand[4])  # "SI-"
            or cand[4].startswith("...")
            or at_start
            or accepted
        ):
            accepted.append(cand)
    pairs: list[tuple[tuple[str, ...] | None, Span, Span]] = []
    for i, (types, start, end, value_start, mark) in enumerate(accepted):
        value_end = accepted[i + 1][1] if i + 1 < len(accepted) else len(text)
        if mark in ("-", "–", "—") and not text[value_start:value_end].strip():
            value_start = text.index(mark, end)  # "HI- SIB-": the dash is HI's sign
        pairs.append((types, (start, end), (value_start, value_end)))
    return pairs


# Words qualifying a label ("since last visit"); a bare sign is not a word ("SI -   HI -").
_QUALIFIED_LABEL = re.compile(
    r"(?:\s*[/&]\s*[\w'()-]*\w[\w'()-]*|\s+[\w'/()-]*\w[\w'/()-]*){1,5}?(?=\s*[:=?]|\s+[-–—]\s)"
)
_SCREEN_RESULT = re.compile(r"\s+(?:positive|negative|pos|neg)\b", re.I)
# "SI+", and "SI +   HI -" (a sign, then a column gap or the end)
_GLUED_SIGN = re.compile(r"(?: ?)[+\-–](?=\s{2,}|[,;/.)]|\s*$)|[+\-–](?=\s)")
_PAREN_SIGN = re.compile(r"\s?\(\s*[+\-–]\s*\)")


_COLUMN_QUALIFIER = re.compile(
    r"(?i)(?:^|\s{2,})(?:current|currently|hx|history of|lifetime|past|prior|recent|active|passive)\s+$"
)
_NEXT_QUALIFIER = re.compile(r"(?i)\s+(?:hx|history|lifetime|past|prior|current|recent)$")


def _bare_value_follows(text: str, end: int) -> bool:
    """Is what follows a term, up to the next term, only a value ("SI   N   HI   N")?"""
    if not text[end : end + 1].isspace():
        return False
    nxt = structure_vocabulary().terms.search(text, end)
    region = text[end : nxt.start() if nxt else len(text)].strip(" .,;|")
    region = _NEXT_QUALIFIER.sub("", region).strip(" .,;|")  # "N     Hx SI  Y": Hx is SI's
    return bool(region) and value_status(region) is not None


def value_status(text: str) -> str | None:
    """The status a bare value states ("Denied", "yes", "N"), or None if it is not one."""
    values = structure_vocabulary().values
    text = text.strip().strip(".")
    text = text[_SUBJECT.match(text).end() :] or text  # type: ignore[union-attr]
    for kind in ("denied", "endorsed", "not_assessed"):
        if _full(values[kind], text):
            return "unassessed" if kind == "not_assessed" else kind
    return None


def label_only(text: str) -> tuple[tuple[str, ...], Span] | None:
    """A clause that is only a risk label ("Suicidal Ideation", "HI:"), values to follow."""
    vocabulary = structure_vocabulary()
    lead = _LEAD.match(text)
    match = vocabulary.loose_terms.match(text, lead.end() if lead else 0)
    if not match:
        return None
    types, end = _joined_terms(text, match)
    tail = _LABEL_TAIL.match(text, end)
    end = tail.end() if tail else end
    if text[end:].strip() not in ("", ":", "="):
        return None  # "SI: -" is a value, not a heading
    return types, (match.start(), end)


def _joined_terms(text: str, match: re.Match[str]) -> tuple[tuple[str, ...], int]:
    """A label naming several concepts: "SI/HI", "SI, HI and SH", "SI & HI"."""
    vocabulary = structure_vocabulary()
    types = list(term_types(match))
    end = match.end()
    while True:
        joint = _LABEL_JOINT.match(text, end)
        if not joint:
            break
        nxt = vocabulary.loose_terms.match(text, joint.end())
        if not nxt:
            other = _OTHER_ABBREVIATION.match(text, end)  # "HI/AVH": a symptom beside it
            if other:
                end = other.end()
                continue
            break
        types += [t for t in term_types(nxt) if t not in types]
        end = nxt.end()
    return tuple(types), end


# "SI + HI", "SI+HI" join; "SI+ HI-" is a sign after each (SI endorsed, HI denied).
_LABEL_JOINT = re.compile(r"\s*(?:/|,|&|and|or)\s*| \+ (?=\S)|\+(?=\S)", re.I)
_OTHER_ABBREVIATION = re.compile(r"/(?-i:[A-Z]{1,5})\b")


def _value_reading(
    types: tuple[str, ...] | None, label: Span, value: Span, text: str
) -> list[Reading]:
    vocabulary = structure_vocabulary()
    raw = text[value[0] : value[1]]
    if types is None:
        # "Risk: neg x3" names the three types; any other generic value is read as prose.
        counted = vocabulary.lists["counts"].search(raw)
        if counted and vocabulary.values["denied"].match(raw.strip()):
            return [Reading(ALL_TYPES, "denied", label, (label[0], value[1]))]
        return []
    if text[max(0, label[0] - 1) : label[0]] == "+":
        # "+HI: states ... - no plan, no intent": the sign decides; the rest is detail
        return [Reading(types, "endorsed", label, (label[0], value[1]))]
    slashed = _COUNT_SLASH.match(raw)
    if slashed and len(types) > 1:
        parts = [p.strip() for p in raw.strip().rstrip(".").split("/")]
        if len(parts) == len(types):
            statuses = [piece_status(p) for p in parts]
            if all(s in ("endorsed", "denied", "unassessed") for s in statuses):
                return [
                    Reading((t,), s, label, (label[0], value[1]))
                    for t, s in zip(types, statuses, strict=True)
                    if s is not None
                ]
    if not raw.strip(" .,;|_") or re.fullmatch(r"\s*(?:-{2,}|—|_+)\s*", raw):  # "--", "___"
        # "HI: [ ] Yes [ ] No": nothing ticked, nothing said.
        return [Reading(types, "unassessed", label, (label[0], value[1]))]
    pieces = [piece for piece in PIECE_BREAK.split(raw) if piece.strip()]
    statuses = [piece_status(piece) for piece in pieces]
    if _HISTORY_LABEL.search(text[label[0] : label[1]]) or _LIFETIME_BEFORE.search(
        text[: label[0]]
    ):
        # "Self-harm history: cutting, burning (teens)": the value is the past, unless it
        # says "current".
        current = vocabulary.lists["current_words"]
        statuses = [
            s if s in ("denied", "unassessed") or current.search(p) else "historical"
            for s, p in zip(statuses, pieces, strict=True)
        ]
    for status in ("endorsed", "denied", "unassessed", "historical"):
        if status in statuses:
            return [Reading(types, status, label, (label[0], value[1]))]
    if pieces and _neutral(pieces[0]):
        # "Suicide risk: low", "SI: denies plan": a level or a plan says nothing of the
        # ideation itself; the label is no endorsement (the value's own words still count).
        return [Reading(types, "unassessed", label, label)]
    return []  # prose: the narrative reader decides


_QUOTED_VALUE = re.compile(r"^[\"“'].*[\"”']$")


def piece_status(piece: str) -> str | None:
    vocabulary = structure_vocabulary()
    text = piece.replace("_", " ").strip().strip(".\"'“”()").strip()
    if not text:
        return None
    text = text[_SUBJECT.match(text).end() :] or text  # type: ignore[union-attr]
    values = vocabulary.values
    if _full(values["neutral"], text) or _PLAN_ONLY.match(text):
        return None
    if values["not_assessed"].match(text):
        return "unassessed"
    historical = bool(vocabulary.lists["history_words"].search(text)) and not (
        vocabulary.lists["current_words"].search(text)
    )
    rating = _RATING.match(text)
    if rating:  # "6/10 most days", "0/10"
        return "denied" if int(rating.group(1)) == 0 else "endorsed"
    if values["denied"].match(text):
        return "denied"
    if values["endorsed"].match(text):
        return "historical" if historical else "endorsed"
    if _QUOTED_VALUE.match(piece.strip()) and vocabulary.no_answer.fullmatch(text):
        return "denied"  # 'HI: "nah"': the client's own no, quoted
    return "historical" if historical else None


def _neutral(piece: str) -> bool:
    text = piece.strip().strip(".\"'“”()").strip()
    neutral = structure_vocabulary().values["neutral"]
    return bool(neutral.match(text)) or bool(_PLAN_ONLY.match(text))


def _full(phrases: Phrases, text: str) -> bool:
    match = phrases.match(text, 0)
    return bool(match) and not text[cast("re.Match[str]", match).end() :].strip(" .")


# --- whose statement ---------------------------------------------------------------------

_DETERMINER = re.compile(
    # "Last month, her best friend attempted suicide": a time phrase before the subject.
    r"(?i)^\s*(?:(?:last|this|past|earlier this|over the) (?:week|weekend|month|year|night|spring|"
    r"summer|fall|winter)|yesterday|recently|(?:\w+|\d+) (?:days?|weeks?|months?|years?) ago)?,?\s*"
    r"(?:(?:the|a|an|one|her|his|their|my|client'?s|pt'?s|patient'?s|[A-Z]\.'?s|best|close|old)\s+)*"
)


def other_subject_end(text: str) -> int | None:
    """Where the subject ends when a clause's subject is someone else ("Brother denies
    SI", "Client's neighbor attempted suicide"), else None."""
    start = _DETERMINER.match(text).end()  # type: ignore[union-attr]
    other = structure_vocabulary().lists["other_people"].match(text, start)
    return other.end() if other else None


def _other_subject(text: str, readings: list[Reading]) -> bool:
    end = other_subject_end(text)
    return bool(readings) and end is not None and end <= min(r.span[0] for r in readings)


# --- elliptical values -------------------------------------------------------------------


def elliptical_denials(text: str, named: list[tuple[str, Span]]) -> list[Reading]:
    """A piece that is only a denial continues the concept named in the piece before it:
    "hx of cutting in adolescence, none in 10+ yrs, denies current urges".

    `named` holds (risk type, span relative to `text`) of the clause's mentions.
    """
    readings: list[Reading] = []
    pieces = _pieces(text)
    previous: tuple[str, ...] = ()
    for start, end in pieces:
        own = tuple(dict.fromkeys(t for t, (a, _b) in named if start <= a < end))
        if own:
            previous = own
            continue
        if previous and piece_status(text[start:end]) == "denied":
            readings.append(Reading(previous, "denied", (start, end), (start, end)))
    return readings


def _pieces(text: str) -> list[Span]:
    spans, cursor = [], 0
    for match in PIECE_BREAK.finditer(text):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


_CONTINUATION_LABEL = re.compile(
    r"(?i)^\s*(?:(?:current(?:ly)?|now|today|at present|presently|this session|this week)\b\s*[:,-]?\s*)?"
)


_DETAIL_ONLY = re.compile(
    r"(?i)\b(plans?|planning|intent|intention|means|methods?|access|firearms?|guns?|weapons?|timeline)\b"
)


def continuation_status(text: str) -> str | None:
    """A clause that only answers for the concept before it: "none since age 20",
    "Current: none", "denies any in the past month", "not yet assessed"."""
    body = text[_CONTINUATION_LABEL.match(text).end() :]  # type: ignore[union-attr]
    status = piece_status(body)
    if status == "denied" and _DETAIL_ONLY.search(body):
        return None  # "She has not made a plan.": a detail of the ideation, not its denial
    if status in ("denied", "unassessed"):
        return status
    if structure_vocabulary().lists["unassessed_after"].match(body.strip()):
        return "unassessed"
    return None
