"""`overstated-progress`: absolute claims of recovery the rest of the note does not support.

"Fully resolved", "cured", "no longer has any symptoms" are flagged unless the note
backs them (a measure in the remission range, goals met and sustained, discharge) and
always when the note itself reports ongoing symptoms. Negated claims ("not fully
resolved") and quoted client speech are not claims.
"""

from __future__ import annotations

import re

from notewell.core.check.base import CheckContext, finding
from notewell.core.check.note import search_outside_quotes
from notewell.core.models import Finding

_NEGATED = re.compile(
    r"\b(?:not|n't|never|yet to|has yet|have yet|nor|far from|no means|isn't|aren't|hasn't|haven't)"
    r"(?:\W+\w+){0,2}\W*$",
    re.IGNORECASE,
)
_ONGOING = re.compile(
    r"\b(?:remains?|remained|still|continues? to (?:report|experience|struggle|have)|persist\w*"
    r"|ongoing|partial(?:ly)?|residual|some (?:anxiety|symptoms|panic|low mood|worry|sadness)"
    r"|(?:reported|reports|endorsed|endorses) (?:\w+ ){0,2}(?:anxiety|panic|low mood|depress\w*"
    r"|worry|sadness|nightmares|flashbacks|insomnia|symptoms))\b",
    re.IGNORECASE,
)


def check_overstated(ctx: CheckContext) -> list[Finding]:
    note = ctx.note
    claims = ctx.profile.patterns["overstated_progress"]
    support = ctx.profile.patterns["overstated_support"]
    findings: list[Finding] = []
    for sentence in note.sentences:
        match = search_outside_quotes(claims, note, sentence)
        if match is None or _NEGATED.search(sentence.text[: match.start()]):
            continue
        others = " ".join(s.text for s in note.sentences if s is not sentence)
        contradicted = bool(_ONGOING.search(others))
        if not contradicted and support.search(ctx.text):
            continue
        start = sentence.start + match.start()
        reason = (
            "the note itself reports ongoing symptoms"
            if contradicted
            else "nothing else in the note supports it"
        )
        findings.append(
            finding(
                "overstated-progress",
                f"Overstated progress: '{match.group(0)}' is an absolute claim and {reason}.",
                (start, sentence.start + match.end()),
                "Describe the change measurably, e.g. 'Panic attacks decreased from 4 to 1 per "
                "week; GAD-7 fell from 15 to 8.'",
            )
        )
    return findings
