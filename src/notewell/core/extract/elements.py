"""Classify each clause into a session element, and find named interventions.

Rules, in order of what matters most clinically: a private reflection is caught
before anything else (it must never reach the record), then risk, then what the
input itself labels ("Plan:", a structured field), then the remaining cues.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from notewell.core.extract.segment import split_label
from notewell.core.extract.session_input import Unit
from notewell.core.lexicons import cue_lexicon, interventions
from notewell.core.models import Segment

_LABEL_ELEMENTS = {
    "plan": "plan",
    "p": "plan",
    "hw": "plan",
    "homework": "plan",
    "goal": "goal",
    "goals": "goal",
    "g": "goal",
    "intervention": "intervention",
    "interventions": "intervention",
    "i": "intervention",
    "response": "response",
    "r": "response",
    "progress": "progress",
    "risk": "risk",
    "subjective": "client_report",
    "s": "client_report",
    "objective": "observation",
    "o": "observation",
    "behavior": "client_report",
    "behaviour": "client_report",
    "b": "client_report",
    "assessment": "progress",
    "a": "progress",
}


@cache
def _cue_patterns() -> dict[str, re.Pattern[str]]:
    cues = cue_lexicon()["elements"]
    return {
        element: re.compile(
            r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![\w-])", re.I
        )
        for element, patterns in cues.items()
    }


@cache
def _verb_sets() -> tuple[frozenset[str], frozenset[str]]:
    lex = cue_lexicon()
    return frozenset(lex["clinician_verbs"]), frozenset(lex["client_verbs"])


QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
# A quote the clause splitter cut in two: an opening quote left open runs to the clause
# end ('Coached both in "I feel...'), a lone closing quote closes from the clause start
# ('I need..." statements').
_OPEN_QUOTE = re.compile(r"(?:“|(?<![^\s(\[])\")[^\"“”]*$")
_CLOSE_QUOTE = re.compile(r"^[^\"“”]*(?:”|\"(?![^\s.,;:!?)\]]))")
# A planned assessment ("will assess whether symptoms might stem from a medical cause")
# is the record's business, not the clinician's private speculation.
_PLANNED_ASSESSMENT = re.compile(
    r"(?i)\b(assess|evaluate|rule out|screen|determine|refer\w*|consult\w*)\b[^.]{0,20}\b(whether|if|for)\b"
)


def without_quotes(text: str) -> str:
    """The clause with quoted speech blanked out (same length, so offsets still hold)."""
    closed = QUOTED.sub(lambda m: " " * len(m.group()), text)
    opened = _OPEN_QUOTE.sub(lambda m: " " * len(m.group()), closed)
    return _CLOSE_QUOTE.sub(lambda m: " " * len(m.group()), opened)


def is_private_reflection(text: str, speaker: str | None = None) -> bool:
    # In a transcript the client says "I felt..." and the clinician says "I wonder if..."
    # to the client: neither is the clinician's private note. Nor is a client's quoted
    # "I'm having the thought that I'll ruin it" inside a narrative clause.
    if speaker is not None:
        return False
    bare = without_quotes(text)
    return bool(_cue_patterns()["private_reflection"].search(bare)) and not (
        _PLANNED_ASSESSMENT.search(bare)
    )


def find_interventions(text: str) -> list[tuple[str, tuple[int, int]]]:
    return list(_find_interventions(text))


@lru_cache(maxsize=4096)
def _find_interventions(text: str) -> tuple[tuple[str, tuple[int, int]], ...]:
    # Classification, extraction and rewriting all ask about the same clause: ask once.
    hits = []
    for intervention in interventions():
        for span in intervention.find(text):
            hits.append((intervention.id, span))
    return tuple(hits)


def classify(unit: Unit, has_risk: bool, risk_endorsed: bool = False) -> str:
    text = unit.text
    if unit.hint == "private_reflection" or is_private_reflection(text, unit.speaker):
        # "I think client is suicidal" is a clinical risk judgement: it belongs in the
        # record, and a missed endorsement is the worst error the engine can make.
        return "risk" if risk_endorsed else "private_reflection"
    if unit.hint == "service":
        return "service"
    label, _ = split_label(text)
    label_key = re.sub(r"\s*#?\s*\d+$", "", label) if label else None
    if unit.hint == "goal" or _LABEL_ELEMENTS.get(label_key or "") == "goal":
        return "goal"
    if has_risk:
        return "risk"
    if unit.hint:
        return unit.hint
    if label_key in _LABEL_ELEMENTS:
        # The clinician said what this is ("Plan:", "O:", "Response:"); believe them.
        return _LABEL_ELEMENTS[label_key]
    cues = _cue_patterns()
    if unit.speaker is not None:
        return _classify_utterance(unit, cues)
    text = without_quotes(text)  # the client's quoted words do not say what the clause is
    if _is_session_summary(text):
        return "service"  # "Intake-style follow-up, 53 min telehealth" is not a plan
    if cues["plan"].search(text):
        return "plan"
    if cues["goal"].search(text):
        return "goal"
    if cues["risk"].search(text):
        return "risk"
    first = _first_word(text)
    clinician_verbs, client_verbs = _verb_sets()
    starts_with_client = first in client_verbs or bool(
        re.match(r"(?i)(the )?(pt|cl|client|patient|she|he|they|member)\b", text)
    )
    if first in clinician_verbs and not starts_with_client:
        return "intervention"
    if _TEST_SCORE.search(text):
        return "observation"
    if starts_with_client and _second_word(text) in _REPORT_VERBS:
        return "client_report"
    if find_interventions(text) and not starts_with_client:
        return "intervention"
    if re.match(r"(?i)(therapist|clinician|writer|counselor|this writer|i)\b", text) and (
        find_interventions(text) or _second_word(text) in clinician_verbs
    ):
        return "intervention"
    if not starts_with_client and cues["diagnosis"].search(text):
        return "progress"  # diagnoses and impressions: the assessment part of any format
    if cues["response"].search(text):
        return "response"
    if cues["progress"].search(text):
        return "progress"
    if cues["observation"].search(text):
        return "observation"
    if _is_service_only(text) and (cues["service"].search(text) or re.search(r"\d", text)):
        return "service"
    if starts_with_client or first in client_verbs or cues["client_report"].search(text):
        return "client_report"
    if find_interventions(text):
        return "intervention"
    return "other"


def _classify_utterance(unit: Unit, cues: dict[str, re.Pattern[str]]) -> str:
    text = unit.text
    if unit.speaker == "clinician":
        if cues["plan"].search(text):
            return "plan"
        return "intervention" if find_interventions(text) else "other"
    if cues["plan"].search(text) and re.search(r"(?i)\b(i'll|i will|i can|i'm going to)\b", text):
        return "plan"
    return "client_report"


def _first_word(text: str) -> str:
    _, content_start = split_label(text)
    match = re.match(r"\s*([A-Za-z/'-]+)", text[content_start:])
    return match.group(1).lower() if match else ""


def _second_word(text: str) -> str:
    words = re.findall(r"[A-Za-z/'-]+", text)
    return words[1].lower() if len(words) > 1 else ""


_TEST_SCORE = re.compile(
    r"(?i)\b(phq-?9|gad-?7|pcl-?5|c-ssrs|cssrs|bdi(-ii)?|bai|audit|dast|ors|srs)\b[^.;]{0,20}?\d"
)
_REPORT_VERBS = frozenset(
    [
        "reports",
        "reported",
        "says",
        "said",
        "states",
        "stated",
        "describes",
        "described",
        "notes",
        "noted",
        "shares",
        "shared",
        "endorses",
        "endorsed",
        "complains",
        "complained",
        "c/o",
        "denies",
        "denied",
        "mentions",
        "mentioned",
    ]
)
_SERVICE_WORDS = re.compile(
    r"(?i)\b(\d+|min(ute)?s?|hours?|hrs?|session|individual|indiv|therapy|psychotherapy|telehealth|video"
    r"|phone|telephone|in|person|office|via|attended|a|an|the|client|pt|\d+-minute|minute|visit|pm|am"
    r"|p\.m|a\.m|at|home|school|clinic|zoom|virtual|family|group|couples|intake|start|end|to|with|by"
    r"|date|duration|modality|location|of|service|time|appointment|and|for|was|session's)\b"
)


def _is_session_summary(text: str) -> bool:
    """A short clause stating the session's length and how it was held."""
    from notewell.core.extract.service import is_session_clause

    words = len(text.split())
    return (
        words <= 8
        and bool(re.search(r"\d", text))
        and is_session_clause(text)
        and (_MODALITY_WORDS.search(text) is not None)
        and not find_interventions(text)  # "EMDR #5, 60 min, office" documents the EMDR
    )


_MODALITY_WORDS = re.compile(
    r"(?i)\b(telehealth|video|zoom|phone|telephone|in[- ]person|office|virtual|in clinic)\b"
)


def _is_service_only(text: str) -> bool:
    """True when a clause holds nothing but session facts ("53 min indiv telehealth")."""
    leftover = _SERVICE_WORDS.sub(" ", re.sub(r"\d{1,2}:\d{2}|[-–:,.()/]", " ", text))
    return len(leftover.split()) <= 1


def classify_units(
    units: list[Unit], risk_starts: set[int], endorsed_starts: frozenset[int] = frozenset()
) -> list[Segment]:
    segments: list[Segment] = []
    last_clinician_element: str | None = None
    for unit in units:
        has_risk = any(unit.start <= s < unit.end for s in risk_starts)
        endorsed = any(unit.start <= s < unit.end for s in endorsed_starts)
        element = classify(unit, has_risk, endorsed)
        answers_risk_question = (
            unit.speaker == "client"
            and segments
            and segments[-1].speaker == "clinician"
            and segments[-1].element == "risk"
            and segments[-1].text.rstrip().endswith("?")
        )
        if answers_risk_question:
            element = "risk"  # "T: Any thoughts of suicide? C: No." — the answer is the assessment
        if unit.speaker == "clinician":
            last_clinician_element = element
        elif unit.speaker == "client" and element == "client_report":
            # The client's answer to an intervention is their response; to a proposed
            # plan ("This week let's add...", "Okay, I can try that"), part of the plan.
            element = {"intervention": "response", "plan": "plan"}.get(
                last_clinician_element or "", element
            )
        segments.append(Segment(unit.text, unit.start, unit.end, element, unit.speaker))
    return segments
