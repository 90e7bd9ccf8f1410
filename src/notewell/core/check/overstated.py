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
from notewell.core.check.registry import registers
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

# Absolute claims are about the client's condition: symptoms, diagnoses, treatment. A
# claim that names none of these ("cured", "recovery" do by themselves) must have the
# client, or a clinical term, as its subject; "her concern about the lease is fully
# resolved" is an everyday problem, not overstated progress.
_CLINICAL = re.compile(
    r"\b(?:symptom\w*|anxi\w+|worr\w+|depress\w*|mood|panic|phobi\w*|fears?|ptsd|trauma\w*|ocd"
    r"|obsess\w*|compuls\w*|insomnia|sleep\w*|nightmares|flashbacks|grief|anger|irritab\w+"
    r"|outbursts|urges|cravings|drinking|use|relapse|self-harm|cutting|ideation|si|hi|psychos\w+"
    r"|hallucinat\w+|mania|manic|diagnos\w+|disorder|condition|illness|adhd|eating|binge\w*|purg\w*"
    r"|distress|low mood|sadness|hopeless\w*|avoidance|presenting (?:problem|concern|issue)s?"
    r"|treatment|therapy|goals?|recover\w*|remission|remitted|cured?|healed|symptom-free)\b",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(r"[;:,]|\b(?:and|but|after|because|since|when|while|as)\b", re.I)
_CLIENT_ONLY = re.compile(
    r"^\W*(?:(?:the )?(?:client|pt\.?|patient|member|she|he|they|[A-Z]\.[A-Z]\.)\W+"
    r"(?:(?:is|are|was|were|has|have|had|been|be|being|now|feels?|felt|feeling|seems?|appears?"
    r"|reports?|reported|says|said|states?|stated|that|today|finally|overall)\W+)*)?$",
    re.IGNORECASE,
)


def _about_condition(sentence: str, match: re.Match[str]) -> bool:
    if _CLINICAL.search(match.group(0)):
        return True
    before = sentence[: match.start()]
    cuts = [m.end() for m in _CLAUSE_START.finditer(before)]
    subject = before[cuts[-1] :] if cuts else before
    subject = re.sub(r"^[A-Za-z #*]{1,30}?:\s+", "", subject)  # a section label
    return bool(_CLINICAL.search(subject) or _CLIENT_ONLY.match(subject))


@registers("overstated-progress")
def check_overstated(ctx: CheckContext) -> list[Finding]:
    note = ctx.note
    claims = ctx.profile.patterns["overstated_progress"]
    support = ctx.profile.patterns["overstated_support"]
    findings: list[Finding] = []
    for sentence in note.sentences:
        match = search_outside_quotes(claims, note, sentence)
        if match is None or _NEGATED.search(sentence.text[: match.start()]):
            continue
        if not _about_condition(sentence.text, match):
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
