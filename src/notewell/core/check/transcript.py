"""`transcript-like`: long verbatim dialogue or quotes instead of a summary."""

from __future__ import annotations

import re

from notewell.core.check.base import CheckContext, finding
from notewell.core.check.registry import registers
from notewell.core.models import Finding

_WHO = (
    r"(?P<who>t|c|th|cl|pt|p|therapist|clinician|counselor|client|patient|me|dr\.? ?\w+"
    r"|mom|dad|mother|father|parent|partner)"
)
# "T: ...", "Client: ...", "Dr. Lee: ..." at the start of a line, or after the end of an
# earlier turn on the same line ("T: What happened? C: He yelled. T: ..."), or after a
# section label ("Data: T: ...").
_SPEAKER = re.compile(rf"(?<![\w-]){_WHO}[ \t]*:[ \t]*(?=\S)", re.IGNORECASE)
_TURN_BEFORE = re.compile(r"(?:^|\n|[.?!\"”:])[ \t]*$")  # what may precede a speaker label
_HEADER_VALUE = re.compile(r"^[A-Z]\.?\s?[A-Z]?\.?\b|^\S*\d")  # "Client: A.B." / "Client: 1042"


@registers("transcript-like")
def check_transcript(ctx: CheckContext) -> list[Finding]:
    thresholds = ctx.profile.thresholds
    text = ctx.text
    labels = [
        m
        for m in _SPEAKER.finditer(text)
        if _TURN_BEFORE.search(text, max(0, m.start() - 8), m.start())
    ]
    dialogue: list[tuple[str, int, int]] = []  # speaker, start, end of the turn
    for index, match in enumerate(labels):
        line_end = text.find("\n", match.end())
        end = len(text) if line_end < 0 else line_end
        if index + 1 < len(labels) and labels[index + 1].start() < end:
            end = labels[index + 1].start()
        said = text[match.end() : end].strip()
        at_line_start = match.start() == 0 or text[match.start() - 1] == "\n"
        if (
            match.group("who").lower() == "client"
            and at_line_start
            and (len(said.split()) <= 4 or _HEADER_VALUE.match(said))
        ):
            continue  # a header field, not speech
        dialogue.append((match.group("who").lower(), match.start(), end))
    speakers = {who for who, _, _ in dialogue}
    if len(dialogue) >= thresholds.transcript_dialogue_lines and len(speakers) >= 2:
        return [
            finding(
                "transcript-like",
                f"The note reads as a transcript: {len(dialogue)} speaker-labelled turns of "
                "dialogue.",
                (dialogue[0][1], dialogue[-1][2]),
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
