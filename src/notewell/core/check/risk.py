"""`missing-risk-assessment`: a risk the note raises needs a documented assessment.

Risk mentions are found with fast regexes and given context the way ConText does:
negated ("denies SI/HI", "SI: denied"), someone else's ("mother has history of SI"),
or a conditional inside a plan ("will call 988 if SI returns"). Everything else -
current, past, or a client's "might hurt myself if..." - counts as raised, because a
missed risk is the worst error the checker can make. A raised risk is covered by a
denial of that same risk or by any assessment evidence (profile phrase list
`risk_assessment`: safety plan, protective factors, no plan or intent, risk level...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notewell.core.check.base import CheckContext, finding
from notewell.core.models import Finding, Span

_SELVES = r"(?:myself|herself|himself|themselves|themself|yourself|oneself)"
_TARGETS: dict[str, str] = {
    "suicidal_ideation": (
        r"suicid\w*|(?:kill|killing|kills|killed|end|ending|take|taking) (?:"
        + _SELVES
        + r"|(?:my|her|his|their) (?:own )?life)"
        r"|(?:want|wants|wanted|wanting|wish|wishes|wished|wishing) (?:to die|to be dead"
        r"|(?:she|he|they|i) (?:was|were) dead|to (?:not|never) wake up)"
        r"|(?:(?:do|does|did)(?:n'?t| not)|not|never) (?:want|wants|wanting|wanted) to (?:be here|live"
        r"|be alive|wake up|exist|go on)|better off (?:dead|gone|without (?:me|her|him|them))"
        r"|no (?:reason|point) (?:to|in) (?:live|living|going on)|thoughts? (?:of|about) (?:death"
        r"|dying|being dead|not being here)|death wish|overdos\w*|life (?:is|was|isn'?t|wasn'?t)"
        r" (?:not )?worth living|can'?t go on|passive (?:ideation|death)|(?-i:SI|S\.I\.)"
    ),
    "homicidal_ideation": (
        r"homicid\w*|(?:violent|aggressive) (?:thoughts|urges|fantasies|impulses)|(?:thoughts|urges"
        r"|fantas\w+|threat\w*|plans?|planning|intends?|intent|wants?|wanted|going|gonna) (?:of |about "
        r"|to )?(?:kill|killing|hurt|hurting|harm|harming|attack|attacking|stab|stabbing|shoot"
        r"|shooting|strangle|strangling|beat|beating) (?:him|her|them|others|someone|somebody|anyone"
        r"|people|everyone|(?:his|her|their|my|the|a) \w+|neighbou?r|boss|coworker|co-worker|partner|wife"
        r"|husband|ex|roommate|teacher|classmate|supervisor|brother|sister|mother|father|mom|dad|son"
        r"|daughter|stepfather|stepmother|landlord|girlfriend|boyfriend)|(?:kill|harm|hurt|attack) (?:others|someone|anyone"
        r"|somebody|people)|(?-i:HI|H\.I\.)"
    ),
    "self_harm": (
        r"self[- ]?(?:harm\w*|injur\w*|mutilat\w*)|(?-i:NSSI|SIB|SH)|cutting(?! (?:back|down|class"
        r"|classes|school|ties|corners|out|off|in line|hair|grass|costs|expenses|carbs|sugar|board))"
        r"|(?:cut|cuts|burn\w*|scratch\w*|hit|hitting|punch\w*|bang\w*|harm\w*|hurt\w*|injur\w*"
        r"|starv\w*) " + _SELVES + r"|(?:cut|cuts|burned|burnt|burning|scratched|scratching) "
        r"(?:my|her|his|their) (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach|hand|hands)"
        r"|head[- ]?banging|urges? to (?:cut|burn|self-harm)"
    ),
    "safety": (
        r"safety (?:concerns?|issues?|risk)|(?:unsafe|not safe) (?:at home|with|around|to)"
        r"|(?:access to|owns?|keeps?|has) (?:a |her |his |their )?(?:gun|guns|firearms?|weapons?)"
        r"|intent to (?:die|act)"
    ),
}
_LABELS = {
    "suicidal_ideation": "suicidal ideation",
    "homicidal_ideation": "homicidal ideation",
    "self_harm": "self-harm",
    "safety": "a safety concern",
}
_MENTION = re.compile(
    "|".join(rf"(?P<{name}>(?<![\w-])(?:{body})(?![\w-]))" for name, body in _TARGETS.items()),
    re.IGNORECASE,
)
# A clause ends the scope of a negation or other-person cue (as ConText terminators do).
_TERMINATOR = re.compile(
    r"\b(?:but|however|although|though|yet|except|reports|reported|endorses|endorsed|admits|admitted"
    r"|acknowledges|acknowledged|discloses|disclosed|states|stated|said|says)\b|[;:]",
    re.IGNORECASE,
)
_NEG_FILLER = (
    r"current|currently|active|passive|acute|recent|recently|ongoing|reported|evidence|signs?|indication"
    r"|of|or|and|any|suicidal|homicidal|thoughts?|urges?|ideation|intent|plans?|si|hi|self|harm"
    r"|injury|further|new|more|longer|significant|imminent|present"
)
_NEGATION_BEFORE = re.compile(
    r"(?:\b(?:den(?:y|ies|ied|ying)|negative for|free of|absence of|no evidence of|ruled out|rules out"
    r"|(?:did|does|do)(?: not|n'?t)(?: currently| presently| now)? (?:report|endorse|express|disclose"
    r"|have|experience|voice|mention)|not (?:endorsing|reporting|experiencing|having)|never (?:had"
    r"|experienced|endorsed|reported|attempted))\b(?:\W+\w+){0,7}"
    rf"|\b(?:no|nor|without)\b(?! one)(?:\W+(?:{_NEG_FILLER})\b)*|\bnot\b(?:\W+\w+)?)\W*$",
    re.IGNORECASE,
)
_NEGATION_AFTER = re.compile(
    r"^(?:\W*\b(?:and|or|ideation|thoughts|urges|behaviou?rs?|suicidal|homicidal|self|harm|injury"
    r"|auditory|visual|hallucinations|\w{1,3})\b){0,8}\W*(?:(?:was|were|is"
    r"|are) )?(?:denied|denies|negative|none|absent|not (?:endorsed|reported|present|indicated)"
    r"|ruled out)\b",
    re.IGNORECASE,
)
_OTHER_PERSON = re.compile(
    r"\b(?:mother|father|mom|dad|brother|sister|sibling|cousin|aunt|uncle|grand\w+|son|daughter"
    r"|husband|wife|partner|boyfriend|girlfriend|friend|roommate|classmate|coworker|co-worker|peer"
    r"|parents?|stepfather|stepmother|neighbou?r|relative|family member|someone|somebody)(?:'s)?\b",
    re.IGNORECASE,
)
_OTHER_SCOPE_END = re.compile(r",|\b(?:and|then|den(?:y|ies|ied|ying))\b", re.IGNORECASE)
_CLIENT_REF = re.compile(
    r"\b(?:client|pt|patient|she|he|they|her|his|their|herself|himself|themselves|i|me|my)\b", re.I
)
_PLAN_CONDITIONAL = re.compile(
    r"(?:\b(?:will|would|to|can|could|should)\b[^.]{0,60}?\b(?:if|when|should|in case)\b|\bwhat to do"
    r" (?:if|when)|\bin case of|\bsafety plan (?:for|if|when))(?:\W+\w+){0,6}\W*$",
    re.IGNORECASE,
)
_HISTORY = re.compile(
    r"\b(?:history of|hx of|h/o|past|previous|prior|lifetime|remote|years? ago|as a (?:teen|child"
    r"|teenager|kid)|in (?:high school|college|adolescence|childhood|(?:19|20)\d\d)|at intake"
    r"|(?:at (?:the )?)?last (?:session|visit|week|month|appointment)|previously|earlier)\b",
    re.IGNORECASE,
)


# A denial that qualifies what is denied ("denies active SI", "no current intent") can
# document the assessment of an endorsed risk; a blanket "denies SI/HI" next to an
# endorsement of the same risk is a contradiction, not an assessment.
_QUALIFIED = re.compile(
    r"\b(?:active|current(?:ly)?|today|now|at this time|presently|intent|plan|since|urges|acting)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Mention:
    risk_type: str
    span: Span
    negated: bool
    qualified: bool
    other_person: bool
    conditional: bool
    historical: bool

    @property
    def raised(self) -> bool:
        return not (self.negated or self.other_person or self.conditional)


def risk_mentions(ctx: CheckContext) -> list[Mention]:
    mentions = []
    for sentence in ctx.note.sentences:
        for match in _MENTION.finditer(sentence.text):
            risk_type = match.lastgroup or "safety"
            before = sentence.text[: match.start()]
            cut = [m.end() for m in _TERMINATOR.finditer(before)]
            scope = before[cut[-1] :] if cut else before
            after = sentence.text[match.end() :]
            stop = _TERMINATOR.search(after)
            after_scope = after[: stop.start()] if stop else after
            # Someone else's risk only within their own phrase: "mother and sister attempted
            # suicide", not "fight with her sister and cut herself" or "neighbor, denies HI".
            own = _OTHER_SCOPE_END.split(scope)[-1]
            others = list(_OTHER_PERSON.finditer(own))
            other = others[-1] if others else None
            mentions.append(
                Mention(
                    risk_type=risk_type,
                    span=(sentence.start + match.start(), sentence.start + match.end()),
                    negated=bool(_NEGATION_BEFORE.search(scope) or _NEGATION_AFTER.match(after)),
                    qualified=bool(_QUALIFIED.search(scope) or _QUALIFIED.search(after_scope)),
                    other_person=bool(other and not _CLIENT_REF.search(own[other.end() :])),
                    conditional=bool(_PLAN_CONDITIONAL.search(before)),
                    historical=bool(_HISTORY.search(scope) or _HISTORY.search(after_scope)),
                )
            )
    return mentions


def check_risk(ctx: CheckContext) -> list[Finding]:
    mentions = risk_mentions(ctx)
    policy = ctx.profile.risk_assessment_every_session
    if not any(m.raised for m in mentions) and (mentions or not policy):
        return []  # nothing raised (a denial or someone else's history is not a risk)

    def assessed() -> bool:
        evidence = ctx.profile.patterns["risk_assessment"]
        return any(not ctx.note.in_quote(m.start(), m.end()) for m in evidence.finditer(ctx.text))

    if not mentions:
        if assessed():
            return []
        return [
            finding(
                "missing-risk-assessment",
                "Risk is not addressed; the practice requires a risk assessment every session.",
                ctx.whole_note(),
                "Document a risk screen, e.g. 'Client denied suicidal ideation, homicidal "
                "ideation and self-harm; no safety concerns identified.'",
            )
        ]
    if assessed():
        return []
    # A current denial of the same risk documents its assessment ("reports passive SI,
    # denies active SI"); a past one ("denied SI at intake") does not.
    denied = {m.risk_type for m in mentions if m.negated and not (m.other_person or m.historical)}
    qualified = {m.risk_type for m in mentions if m.negated and m.qualified and not m.historical}
    findings = []
    seen: set[str] = set()
    for mention in mentions:
        kind = mention.risk_type
        if not mention.raised or kind in seen:
            continue
        if kind in qualified or (kind in denied and not _endorsed(mention, mentions)):
            continue
        seen.add(kind)
        label = _LABELS[kind]
        when = "a history of " if mention.historical else ""
        contradiction = " (a blanket denial elsewhere contradicts it)" if kind in denied else ""
        findings.append(
            finding(
                "missing-risk-assessment",
                f"The note mentions {when}{label}{contradiction} but documents no risk assessment, "
                "protective factors or safety plan.",
                mention.span,
                "Document the assessment: current ideation (passive/active), plan, intent, means, "
                "protective factors, risk level, and the safety plan reviewed or updated.",
            )
        )
    return findings


def _endorsed(mention: Mention, mentions: list[Mention]) -> bool:
    """Is this a current, raised mention (not only a history the denial may answer)?"""
    return mention.raised and not mention.historical
