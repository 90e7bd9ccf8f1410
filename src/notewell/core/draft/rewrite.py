"""Turn one input clause into one record sentence: third person, past tense,
abbreviations written out, the preferred names for client and clinician.

Rewriting only changes form, never content: nothing is added that the clause does not
say, and quoted speech is left exactly as written.
"""

from __future__ import annotations

import re
from functools import cache

from notewell.core.draft.style import StylePreferences
from notewell.core.extract.elements import QUOTED, find_interventions
from notewell.core.extract.segment import split_label
from notewell.core.lexicons import abbreviation_pattern, cue_lexicon, intervention_labels
from notewell.core.models import Segment, SessionFacts
from notewell.core.risk.questions import is_no_answer

_FORMAT_LABELS = {
    "plan",
    "p",
    "goal",
    "goals",
    "g",
    "data",
    "d",
    "assessment",
    "a",
    "subjective",
    "s",
    "objective",
    "o",
    "behavior",
    "behaviour",
    "b",
    "intervention",
    "interventions",
    "i",
    "response",
    "r",
    "progress",
    "risk",
}
# Only verbs that are never nouns in notes are put in the past tense mid-sentence.
_SAFE_PAST = {
    "reports",
    "denies",
    "endorses",
    "states",
    "says",
    "appears",
    "presents",
    "agrees",
    "identifies",
    "describes",
    "feels",
    "notes",
    "expresses",
    "shares",
    "acknowledges",
    "admits",
    "complains",
    "continues",
    "demonstrates",
    "verbalizes",
    "engages",
    "participates",
    "completes",
    "requests",
    "discloses",
    "mentions",
    "wants",
    "worries",
    "struggles",
    "seems",
    "looks",
    "helps",
    "practices",
    "thinks",
    "knows",
}
_ACKNOWLEDGEMENTS = re.compile(
    r"(?i)^(ok(ay)?|yes|yeah|yep|sure|alright|all right|sounds good)[.!]*$"
)
_FIRST_PERSON = (
    (re.compile(r"\bI'm\b"), "{subject} {be}"),
    (re.compile(r"\bI've\b"), "{subject} had"),
    (re.compile(r"\bI'll\b"), "{subject} would"),
    (re.compile(r"\bI'd\b"), "{subject} would"),
    (re.compile(r"\bI\b"), "{subject}"),
    (re.compile(r"\bmyself\b", re.I), "{reflexive}"),
    (re.compile(r"\bmy\b", re.I), "{possessive}"),
    (re.compile(r"\bme\b", re.I), "{object}"),
    (re.compile(r"\bam\b"), "{be}"),
)


@cache
def _past() -> dict[str, str]:
    return {k: v for k, v in cue_lexicon()["past_tense"].items()}


@cache
def _verbs() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    lex = cue_lexicon()
    return (
        frozenset(lex["clinician_verbs"]),
        frozenset(lex["client_verbs"]),
        frozenset(s.lower() for s in lex["client_subjects"]),
    )


def _outside_quotes(text: str, transform) -> str:  # type: ignore[no-untyped-def]
    """Apply `transform` to the text between quotations only."""
    out, last = [], 0
    for match in QUOTED.finditer(text):
        out.append(transform(text[last : match.start()]))
        out.append(match.group())
        last = match.end()
    out.append(transform(text[last:]))
    return "".join(out)


def expand_abbreviations(text: str, style: StylePreferences) -> str:
    pattern, exact, folded = abbreviation_pattern()
    client_mid = _client_mid(style)

    def replace(match: re.Match[str]) -> str:
        found = match.group()
        expansion = exact.get(found) or folded.get(found.lower(), found)
        return expansion.replace("{client}", client_mid)

    return _outside_quotes(text, lambda chunk: pattern.sub(replace, chunk))


def _past_tense(text: str) -> str:
    past = _past()

    def replace(match: re.Match[str]) -> str:
        word = match.group()
        if word.lower() not in _SAFE_PAST:
            return word
        result = past.get(word.lower(), word)
        return result.capitalize() if word[0].isupper() else result

    return _outside_quotes(text, lambda chunk: re.sub(r"[A-Za-z]+", replace, chunk))


def strip_format_label(text: str) -> str:
    label, content_start = split_label(text)
    if label is not None and re.sub(r"\s*#?\s*\d+$", "", label) in _FORMAT_LABELS:
        return text[content_start:]
    return text


def record_sentence(segment: Segment, style: StylePreferences) -> str:
    """The clause as a sentence of the record."""
    if segment.speaker is not None:
        return _from_utterance(segment, style)
    text = strip_format_label(segment.text).strip()
    if segment.element == "private_reflection":
        return _finish(expand_abbreviations(text, style))
    text = expand_abbreviations(text, style)
    if segment.element in ("plan", "goal"):
        return _finish(text)  # plans and goals are written as the clinician wrote them
    text = _with_subject(text, style)
    text = _past_tense(text)
    return _finish(text)


def _with_subject(text: str, style: StylePreferences) -> str:
    clinician_verbs, client_verbs, _ = _verbs()
    past = _past()
    verb: re.Match[str] | str | None  # the auxiliary's match, then a pronoun's or "we"'s verb
    match = re.match(
        r"(?i)(the (client|patient|pt)|client|patient|pt\.?|cl|member|consumer)\b", text
    )
    if match:
        rest = text[match.end() :]
        verb = re.match(r"\s+(is|are|has|have|does)\b", rest)
        if verb:
            rest = f" {past[verb.group(1).lower()]}{rest[verb.end() :]}"
        return style.client + rest
    pronoun = re.match(r"(She|He|They)\s+([a-z]+)\b", text)
    if pronoun and (pronoun.group(2) in client_verbs or pronoun.group(2) in past):
        # "She reported..." -> "Client reported..."; the record names the client.
        verb = pronoun.group(2)
        return f"{style.client} {past.get(verb, verb)}{text[pronoun.end() :]}"
    we_or_i = re.match(r"(We|I)\s+([a-z]+)\b", text)
    if we_or_i and we_or_i.group(2) in clinician_verbs | set(past):
        who = (
            style.clinician
            if we_or_i.group(1) == "I"
            else f"{style.clinician} and {_client_mid(style)}"
        )
        verb = we_or_i.group(2)
        return f"{who} {past.get(verb, verb)}{text[we_or_i.end() :]}"
    lead_the = re.match(rf"(?i)the {re.escape(style.client_term)}\b", text)
    if lead_the:
        return style.client + text[lead_the.end() :]
    words = re.match(r"([A-Za-z/'-]+)(.*)", text, re.S)
    if not words:
        return text
    first, rest = words.group(1), words.group(2)
    lower = first.lower()
    if lower in clinician_verbs and lower not in client_verbs:
        # "Explored intent: no plan, denies HI" — the denial is the client's, not ours.
        client_mid = _client_mid(style)
        rest = re.sub(
            r"([,;:])\s+(denies|denied|reports|reported|endorses|endorsed|states|stated|agrees|agreed)\b",
            lambda m: f"{m.group(1)} {client_mid} {m.group(2)}",
            rest,
        )
        return f"{style.clinician} {past.get(lower, lower)}{rest}"
    if lower in client_verbs:
        return f"{style.client} {past.get(lower, lower)}{rest}"
    return text


def _client_mid(style: StylePreferences) -> str:
    """The client in mid-sentence: "the client", "the patient", or their initials."""
    return style.client if style.client_term == "initials" else f"the {style.client_term}"


def _from_utterance(segment: Segment, style: StylePreferences) -> str:
    text = segment.text.strip()
    if segment.speaker == "clinician":
        if segment.element == "intervention":
            labels = intervention_labels()
            names = list(dict.fromkeys(labels[i] for i, _ in find_interventions(text)))
            return f"{style.clinician} used {_join(names)}."
        spoken = _second_to_third_person(re.sub(r"(?i)\blet'?s\s+|\blet us\s+", "", text), style)
        spoken = spoken[0].lower() + spoken[1:] if spoken else spoken
        verb = "set a plan" if segment.element == "plan" else "said"
        return _finish(f"{style.clinician} {verb}: {expand_abbreviations(spoken, style)}")
    if _ACKNOWLEDGEMENTS.match(text):
        return f"{style.client} agreed."
    spoken = _first_to_third_person(expand_abbreviations(text, style), style)
    spoken = _past_tense(spoken)
    verb = {"response": "responded", "plan": "agreed"}.get(segment.element, "reported")
    if segment.element == "plan":
        spoken = re.sub(r"(?i)^(ok(ay)?|yes|yeah|sure|alright)[,.!]?\s*", "", spoken) or spoken
    if re.match(r"(?i)(she|he|they|it|that|this|there)\b", spoken):
        return _finish(f"{style.client} {verb} that {spoken[0].lower()}{spoken[1:]}")
    return _finish(f"{style.client} {verb}: {spoken[0].lower()}{spoken[1:]}")


def _first_to_third_person(text: str, style: StylePreferences) -> str:
    forms = {f: style.pronoun(f) for f in ("subject", "object", "possessive", "reflexive", "be")}
    for pattern, template in _FIRST_PERSON:
        text = pattern.sub(template.format(**forms), text)
    return text


def _second_to_third_person(text: str, style: StylePreferences) -> str:
    client_mid = _client_mid(style)
    text = re.sub(r"(?i)\byour\b", f"{client_mid}'s", text)
    return re.sub(r"(?i)\byou\b", client_mid, text)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _finish(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip().rstrip(",;:-– ")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if text[-1] not in '.!?"”' or (text[-1] in '"”' and text[-2:-1] not in (".", "!", "?")):
        text += "."
    return text


_RISK_LABELS = {
    "suicidal_ideation": "suicidal ideation",
    "homicidal_ideation": "homicidal ideation",
    "self_harm": "self-harm",
}


def risk_dialogue(facts: SessionFacts, style: StylePreferences) -> dict[int, str]:
    """Record sentences for a transcript's risk questions and the client's answers.

    "T: Any thoughts of hurting yourself?  C: No." becomes "Therapist asked about
    self-harm." and "Client denied self-harm." — keyed by the segment's start offset.
    The status itself was decided by extraction; this only writes it down.
    """
    written: dict[int, str] = {}
    segments = facts.segments
    for i, question in enumerate(segments):
        if not (
            question.speaker == "clinician"
            and question.element == "risk"
            and question.text.rstrip().endswith("?")
        ):
            continue
        asked = [
            t
            for t in _RISK_LABELS
            if any(
                m.risk_type == t and question.start <= m.span[0] < question.end
                for m in facts.risk_mentions
            )
        ]
        if not asked:
            continue
        labels = _join([_RISK_LABELS[t] for t in asked])
        written[question.start] = f"{style.clinician} asked about {labels}."
        answer = segments[i + 1] if i + 1 < len(segments) else None
        if answer is None or answer.speaker != "client" or answer.element != "risk":
            continue
        if is_no_answer(answer.text):
            written[answer.start] = f"{style.client} denied {labels}."
        elif all(facts.risk[t].status == "endorsed" for t in asked):
            spoken = _first_to_third_person(expand_abbreviations(answer.text, style), style)
            written[answer.start] = _finish(f"{style.client} endorsed {labels}: {spoken}")
    return written
