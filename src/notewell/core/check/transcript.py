"""`transcript-like`: long verbatim dialogue or quotes instead of a summary."""

from __future__ import annotations

import re

from notewell.core.check.base import CheckContext, finding
from notewell.core.models import Finding

# "T: ...", "Client: ...", "Dr. Lee: ..." at the start of a line, with speech after it.
_SPEAKER = re.compile(
    r"^[ \t]*(?P<who>t|c|th|cl|pt|p|therapist|clinician|counselor|client|patient|me|dr\.? ?\w+"
    r"|mom|dad|mother|father|parent|partner)[ \t]*:[ \t]*(?P<said>\S.*)$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER_VALUE = re.compile(r"^[A-Z]\.?\s?[A-Z]?\.?\b|^\S*\d")  # "Client: A.B." / "Client: 1042"


def check_transcript(ctx: CheckContext) -> list[Finding]:
    thresholds = ctx.profile.thresholds
    dialogue = []
    for match in _SPEAKER.finditer(ctx.text):
        said = match.group("said")
        if match.group("who").lower() == "client" and (
            len(said.split()) <= 4 or _HEADER_VALUE.match(said)
        ):
            continue  # a header field, not speech
        dialogue.append(match)
    speakers = {m.group("who").lower() for m in dialogue}
    if len(dialogue) >= thresholds.transcript_dialogue_lines and len(speakers) >= 2:
        return [
            finding(
                "transcript-like",
                f"The note reads as a transcript: {len(dialogue)} speaker-labelled lines of "
                "dialogue.",
                (dialogue[0].start(), dialogue[-1].end()),
                "Summarise the session in clinical terms (concerns, interventions, response, "
                "plan); keep at most a brief quote that matters clinically.",
            )
        ]
    words = len(ctx.text.split())
    quotes = ctx.note.quotes
    quoted_words = sum(len(ctx.text[a:b].split()) for a, b in quotes)
    longest = max(quotes, key=lambda q: q[1] - q[0], default=None)
    if (
        longest
        and len(ctx.text[longest[0] : longest[1]].split()) >= thresholds.transcript_long_quote_words
    ):
        return [_quote_finding(longest, "a long verbatim quote")]
    if (
        quoted_words >= thresholds.transcript_min_quoted_words
        and quoted_words >= thresholds.transcript_quoted_share * max(1, words)
    ):
        share = round(100 * quoted_words / max(1, words))
        return [_quote_finding((quotes[0][0], quotes[-1][1]), f"{share}% verbatim quotes")]
    return []


def _quote_finding(span: tuple[int, int], what: str) -> Finding:
    return finding(
        "transcript-like",
        f"The note reads as a transcript: {what} instead of a summary.",
        span,
        "Paraphrase in clinical terms, e.g. 'Client described hopelessness about finding work' "
        "instead of quoting the exchange.",
    )
