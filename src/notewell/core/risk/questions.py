"""Questions about risk and their answers: "T: Any thoughts of suicide?  C: No.",
"Q: Thoughts of harming yourself? A: Sometimes.", questions that point back at the
concept just named, answers that say "I did it", and clarifying questions answered no.
The answer vocabulary is data (risk_structures.yaml: answers)."""

from __future__ import annotations

import re
from dataclasses import replace

from notewell.core.models import RiskMention
from notewell.core.risk.vocabulary import structure_vocabulary

_ANSWER_LABEL = re.compile(r"^\s*(?:A\s*[:.-]\s*)?[\"'“]?")


_OPENER_ONLY = re.compile(
    r"(?i)^\W*(honestly|well|um+|uh+|hmm+|so|okay|ok|i mean|truthfully|to be honest)\W*$"
)


def is_no_answer(text: str) -> bool:
    """A client's no: "No.", "Never. I'm religious", "(shakes head) No"."""
    return bool(structure_vocabulary().no_answer.match(text))


_RATING_ANSWER = re.compile(
    r"(?i)^\W*(?:like|about|maybe|probably|around)?\s*(?:a\s+)?(\d{1,2})\b(?!\s*(?:am|pm|years?|days?))"
)


def is_yes_answer(text: str) -> bool:
    """A client's yes: "Sometimes.", "Honestly, every day.", "Last night.", "Like a 7."."""
    rating = _RATING_ANSWER.match(text)
    if rating and int(rating.group(1)) <= 10:
        return int(rating.group(1)) > 0
    return bool(structure_vocabulary().yes_answer.match(text))


def resolve_questions(
    mentions: list[RiskMention], units: list[tuple[str, int, int, str | None]]
) -> list[RiskMention]:
    """A question about risk is answered by what follows it.

    "T: Any thoughts of suicide?  C: No." and, in a narrative, "Q: Thoughts of harming
    yourself? A: No." are denials; "Sometimes." or "Passively, ..." endorsements; a
    question with no clear answer is only a question (it counts for nothing).
    `units` are (text, start, end, speaker) in input order; the client's own questions
    are not risk questions.
    """
    mentions = mentions + _anaphoric_questions(mentions, units)
    mentions = mentions + _anaphoric_answers(mentions, units)
    resolved = []
    clarified: list[tuple[str, int]] = []  # (type, question start) answered "no, I didn't mean it"
    for mention in mentions:
        index = next((i for i, u in enumerate(units) if u[1] <= mention.span[0] < u[2]), None)
        if (
            index is None
            or units[index][3] == "client"
            or not units[index][0].rstrip().endswith("?")
        ):
            resolved.append(mention)
            continue
        after = index + 1
        # "Honestly? Sometimes I picture it.": an opener alone is not yet the answer.
        while (
            after + 1 < len(units)
            and units[after][3] == "client"
            and _OPENER_ONLY.match(units[after][0])
        ):
            after += 1
        reply_unclear = (
            after + 2 < len(units)
            and units[after][3] == "client"
            and not (
                is_no_answer(_ANSWER_LABEL.sub("", units[after][0]))
                or is_yes_answer(_ANSWER_LABEL.sub("", units[after][0]))
            )
            and units[after + 1][3] == "clinician"
            and not units[after + 1][0].rstrip().endswith("?")
            and units[after + 2][3] == "client"
        )
        if reply_unclear:  # "...I don't know." / "Take your time." / "Maybe. Some days."
            after += 2
        answer = units[after] if after < len(units) else None
        reply = _ANSWER_LABEL.sub("", answer[0]) if answer and answer[3] != "clinician" else ""
        replies = [answer] if answer else []
        for unit in units[after + 1 :]:
            if unit[3] != "client":
                break
            replies.append(unit)
        if any(
            m.risk_type == mention.risk_type and any(r[1] <= m.span[0] < r[2] for r in replies)
            for m in mentions
        ):
            # "Yes, the relationship. I'm not suicidal": the answer's own words decide.
            resolved.append(replace(mention, hypothetical=True))
            if is_no_answer(reply) and _CLARIFYING.search(units[index][0]):
                clarified.append((mention.risk_type, units[index][1]))
            continue
        if is_no_answer(reply) and _taken_back(" ".join(r[0] for r in replies)):
            # "Not really... I mean, sometimes ...", "No, I wouldn't. But I wish it.": the no
            # is taken back; uncertain counts as endorsed
            resolved.append(replace(mention, negated=False, hypothetical=False, uncertain=True))
        elif is_no_answer(reply):
            resolved.append(replace(mention, negated=True, hypothetical=False))
            if _CLARIFYING.search(units[index][0]):
                clarified.append((mention.risk_type, units[index][1]))
        elif is_yes_answer(reply):
            answered_now = bool(_NOW.search(" ".join(r[0] for r in replies)))
            resolved.append(
                replace(
                    mention,
                    negated=False,
                    hypothetical=False,
                    historical=mention.historical and not answered_now,
                )
            )
        else:
            resolved.append(replace(mention, hypothetical=True))
    # "I swear I'm gonna kill him." / "Do you mean you actually want to hurt him?" / "No.":
    # the client's words before a clarifying question answered no were not meant.
    return [
        replace(m, hypothetical=True)
        if any(
            m.risk_type == kind and m.span[0] < asked and _speaker(units, m) == "client"
            for kind, asked in clarified
        )
        else m
        for m in resolved
    ]


_TAKEN_BACK = re.compile(
    r"(?i)\b(?:i mean|but|though|although|actually|then again)\b[,.…\s]*"
    r"(?:sometimes|maybe|kind of|sort of|a little|yeah|yes|i wish|i think about|i've thought"
    r"|i have thought|once or twice|lately|some days|some nights|at night)\b"
)


def _taken_back(reply: str) -> bool:
    return bool(_TAKEN_BACK.search(reply))


# An answer that dates the act to now ("Yes, last night") to a lifetime question.
_NOW = re.compile(
    r"(?i)\b(last night|yesterday|today|this (week|morning|weekend|month)|right now|now|lately"
    r"|recently|since (our|the|my) last|every day|every night|most days|most nights|sometimes"
    r"|still|again|(\d+|a few|two|three|couple( of)?) (days|weeks) ago|on (monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday))\b"
)
_CLARIFYING = re.compile(r"(?i)\b(mean|meant|actually|really|seriously|literally|for real)\b")
_ANAPHOR = re.compile(
    r"(?i)\b(that|it|this|those|any of that|any of it)\b|\b(what|how) about you\b|\band you\b"
)


def _speaker(units: list[tuple[str, int, int, str | None]], mention: RiskMention) -> str | None:
    return next((u[3] for u in units if u[1] <= mention.span[0] < u[2]), None)


_DID_IT = re.compile(
    r"(?i)\b(i|i've|i have)\s+(did|done|do|had|have)\s+(it|that|them|those)\b(?!\s+(before|once|back))"
    r"|\bit happened again\b|\bi did it again\b"
)


def _anaphoric_answers(
    mentions: list[RiskMention], units: list[tuple[str, int, int, str | None]]
) -> list[RiskMention]:
    """The client's "it" is the concept just named: "T: Last time you said the urges to burn
    yourself had eased. How has this week been? C: Not great. I did it Tuesday night."."""
    added = []
    for i, (text, start, end, speaker) in enumerate(units):
        if speaker != "client" or not _DID_IT.search(text):
            continue
        if any(start <= m.span[0] < end for m in mentions):
            continue
        turn: list[tuple[str, int, int, str | None]] = []
        for previous in reversed(units[:i]):
            if previous[3] == "client":
                if turn:
                    break
                continue
            if previous[3] != "clinician":
                break
            turn.append(previous)
        kinds = dict.fromkeys(
            m.risk_type for m in mentions if any(u[1] <= m.span[0] < u[2] for u in turn)
        )
        match = _DID_IT.search(text)
        assert match is not None  # searched above
        added += [
            RiskMention(kind, match.group(), (start + match.start(), start + match.end()))
            for kind in kinds
        ]
    return added


def _anaphoric_questions(
    mentions: list[RiskMention], units: list[tuple[str, int, int, str | None]]
) -> list[RiskMention]:
    """A question that points back at the concept the clinician just named asks about it:
    "Last time you mentioned scratching your arms. Any of that this week?"."""
    added = []
    for i, (text, start, end, speaker) in enumerate(units):
        if not i or speaker != "clinician" or not text.rstrip().endswith("?"):
            continue
        if any(start <= m.span[0] < end for m in mentions) or not _ANAPHOR.search(text):
            continue
        previous = units[i - 1]
        if previous[3] != speaker:
            continue
        for kind in dict.fromkeys(
            m.risk_type for m in mentions if previous[1] <= m.span[0] < previous[2]
        ):
            added.append(RiskMention(kind, text, (start, end)))
    return added
