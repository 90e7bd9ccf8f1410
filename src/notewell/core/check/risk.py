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
from functools import cached_property

from notewell.core.check.base import CheckContext, finding
from notewell.core.models import Finding, Span

_SELVES = r"(?:myself|herself|himself|themselves|themself|yourself|oneself)"
# Verbs of violence toward a person ("beat up his coworker", "punch the man who ...").
_VIOLENCE = (
    r"kill|killing|murder\w*|hurt|hurting|harm|harming|attack\w*|assault\w*|stab|stabbing|shoot"
    r"|shooting|strangl\w+|chok\w+|beat|beating|punch\w*|hit|hitting|kick\w*|slap\w*|smack\w*"
    r"|strike|striking|batter\w*|run over|poison\w*|torture\w*|get back at|take revenge on"
    r"|knock\w* out|smash\w*"
)
_VIOLENCE_ING = (
    r"killing|murdering|hurting|harming|attacking|assaulting|stabbing|shooting|strangling|choking"
    r"|beating|punching|hitting|kicking|slapping|smacking|striking|battering|running over|poisoning"
    r"|torturing|getting back at|knocking out|smashing|kill|murder|hurt|harm|attack|stab|shoot"
    r"|strangle|choke|beat|punch|hit|kick"
)
# What a possessive after a verb of violence names when it is not a person ("hurt her
# feelings", "beat his record").
_NOT_PERSON = (
    r"(?:feelings|chances?|reputation|career|business|pride|ego|credit|score|grades?|image|record"
    r"|case|back|knees?|legs?|arms?|hands?|head|body|self-esteem|confidence|progress|relationship"
    r"|time|plans?|goals?|targets?|deadline|numbers|best|own)\b"
)
# Who the violence is aimed at: a pronoun, a possessive with a (hyphenated) noun, or a
# person noun ("the man who assaulted his sister", "a neighbor", "the ex-boyfriend").
_PERSON_NOUNS = (
    r"man|woman|guy|person|people|kid|kids|boy|girl|child|children|baby|lady|driver|stranger"
    r"|neighbou?r|boss|manager|coworker|co-worker|colleague|partner|ex|ex-\w+|wife|husband|spouse"
    r"|roommate|teacher|classmate|student|supervisor|brother|sister|sibling|mother|father|mom|dad"
    r"|son|daughter|stepfather|stepmother|stepdad|stepmom|landlord|girlfriend|boyfriend|friend"
    r"|cousin|uncle|aunt|officer|cop|abuser|attacker|perpetrator|bully|customer|client"
)
_PERSON = (
    r"(?:him|her|them|others|someone|somebody|anyone|everyone|people|(?:his|her|their|my|your)"
    r" (?!(?:\w+ )?" + _NOT_PERSON + r")(?:own |former |new |old |younger |older |step-?)?\w+"
    r"(?:-\w+)*"
    r"|(?:the|a|an|that|this"
    r"|some) (?:\w+ )?(?:" + _PERSON_NOUNS + r")|" + _PERSON_NOUNS + r")"
)
_ABUSER = (
    r"(?:partner|husband|wife|spouse|boyfriend|girlfriend|ex|ex-\w+|father|mother|stepfather"
    r"|stepmother|parent|brother|sister|son|daughter|roommate)"
)
_BODY = (
    r"(?:arms?|forearms?|wrists?|legs?|thighs?|skin|stomach|belly|abdomen|hands?|fingers?|ankles?"
    r"|hips?|face|chest|shoulders?|calf|calves|body|head|neck)"
)
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
        # Euphemisms: "ending it all", "wants to disappear", "not be here anymore".
        r"|end(?:s|ed|ing)? it all|(?:end|ending) (?:my|her|his|their) (?:own )?(?:life|suffering)"
        r"|(?:want|wants|wanted|wanting|wish|wishes|wished|wishing|longs?|longing) to (?:disappear"
        r"|vanish|stop (?:living|existing)|not (?:be|exist|wake up)|go to sleep (?:forever|and not))"
        r"|(?:wish|wishes|wished|wishing|want|wants|wanted) (?:she|he|they|i) could (?:disappear|vanish"
        r"|die|stop existing|not wake up|just not exist)"
        r"|(?:not|no longer|never) (?:be |being )?(?:here|around|alive) any ?(?:more|longer)"
        r"|(?:hang|hanging|hanged|drown|drowning|shoot|shooting|poison|poisoning) " + _SELVES + r""
        r"|(?:wrote|writing|written|left) (?:a )?(?:suicide|goodbye) (?:note|letter)"
        r"|giv(?:e|es|ing|en) away (?:her|his|their|my) (?:\w+ )?(?:possessions|belongings|things)"
    ),
    "homicidal_ideation": (
        r"homicid\w*|(?:violent|aggressive) (?:thoughts|urges|fantasies|impulses)|(?:thoughts?|urges?"
        r"|impulses?|fantas\w+|threat\w*|plans?|planning|intends?|intent|wants?|wanted|wanting|going"
        r"|gonna|(?:would|could) (?:like|love) to|wish\w*|desire|(?:imagin\w*|pictur\w*|visuali[sz]\w*)"
        r"(?: "
        + _SELVES
        + r")?|(?:think\w*|thought) (?:of|about)) (?:of |about |to )?(?:"
        + _VIOLENCE
        + r") (?:up |on )?"
        + _PERSON
        + r"|(?:"
        + _VIOLENCE
        + r") (?:others|someone|anyone|somebody|people)|(?-i:HI|H\.I\.)"
        # Imagining the act a few words on: "picturing going to the man's house and hurting
        # him", "fantasizing about waiting outside her office and stabbing her".
        r"|(?:imagin\w*|pictur\w*|visuali[sz]\w*|fantasi[sz]\w*|daydream\w*|(?:think\w*|thought)"
        r" about|dream\w* (?:of|about)) (?:(?!(?:how|when|that|what|who|whom|would|used|was|were|had"
        r"|did|could|being|been|got|get|gets)\b)[\w']+ ){1,8}?(?:and |then |to )?(?:"
        + _VIOLENCE_ING
        + r") (?:up )?(?:him|her|them|(?:the|that|this) (?:\w+ )?(?:"
        + _PERSON_NOUNS
        + r"))"
    ),
    "self_harm": (
        r"self[- ]?(?:harm\w*|injur\w*|mutilat\w*)|(?-i:NSSI|SIB|SH)|cutting(?! (?:back|down|class"
        r"|classes|school|ties|corners|out|off|in line|hair|grass|costs|expenses|carbs|sugar|board))"
        r"|(?:cut|cuts|burn\w*|scratch\w*|hit|hitting|punch\w*|bang\w*|harm\w*|hurt\w*|injur\w*"
        r"|starv\w*) " + _SELVES + r"|(?:cut|cuts|cutting|burned|burnt|burning|burns|scratched"
        r"|scratching|scratches) "
        r"(?:my|her|his|their) (?:own |upper |lower |inner |left |right )?"
        + _BODY
        + r"|(?:carv\w*|slash\w*|stabb?\w*|bang\w*|punch\w*)"
        r" (?:into )?(?:my|her|his|their) (?:own |upper |lower |inner |left |right )?"
        + _BODY
        + r"|head[- ]?banging|urges? to (?:cut|burn|self-harm|hurt "
        + _SELVES
        + r")"
    ),
    "safety": (
        r"safety (?:concerns?|issues?|risk)|(?:unsafe|not safe) (?:at home|with|around|to)"
        r"|(?:access to|owns?|keeps?|has) (?:a |her |his |their )?(?:gun|guns|firearms?|weapons?)"
        r"|intent to (?:die|act)"
        # "does not feel safe at home", "afraid for her life"
        r"|(?:(?:do|does|did)(?:n'?t| not)|not|never|no longer) (?:feel|feels|feeling|felt) safe"
        r"|(?:feels?|felt|feeling) (?:unsafe|in danger)|(?:afraid|scared|fear\w*|terrified) (?:for|of"
        r" losing) (?:her|his|their|my) (?:life|safety)"
        # Partner or family violence toward the client ("her partner has been hitting her").
        r"|" + _ABUSER + r"(?:'s)? (?:\w+ ){0,3}?(?:" + _VIOLENCE + r"|abus\w+|threaten\w*"
        r"|hurt\w*|push\w*|shov\w*|grab\w*|chok\w*) (?:her|him|them|me|the client|client)"
        r"|(?:domestic|intimate partner|family) (?:violence|abuse)|(?-i:IPV)"
    ),
    "means": (
        r"(?:stockpil\w+|hoard\w*|sav(?:e|es|ed|ing) up|stash\w*|collect\w*|gather\w*) (?:\w+ ){0,2}?"
        r"(?:pills|tablets|medications?|meds|painkillers|pain killers|opioids|sleeping pills)"
        r"|(?:bought|buys?|buying|purchased?|purchasing|obtained|got|getting|acquired) (?:a |an )?"
        r"(?:gun|firearm|handgun|rifle|rope|noose)"
        r"|(?:researched|researching|looked up|looking up|googled|searched) (?:\w+ ){0,2}?"
        r"(?:ways|methods|how) to (?:die|kill|overdose|end)"
    ),
}
_LABELS = {
    "suicidal_ideation": "suicidal ideation",
    "homicidal_ideation": "homicidal ideation",
    "self_harm": "self-harm",
    "safety": "a safety concern",
    "means": "access to lethal means",
}
# One word-boundary check up front: positions inside a word fail before any alternative.
_MENTION = re.compile(
    r"(?<![\w-])(?=\w)(?:"
    + "|".join(rf"(?P<{name}>(?:{body})(?![\w-]))" for name, body in _TARGETS.items())
    + ")",
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


# A past risk answered in the same sentence by a current denial ("history of cutting in
# high school, none since age 17; denies current urges") is an assessment, not a risk.
_CURRENT_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|no|without|not (?:endorsing|reporting|experiencing)|negative for)"
    r"\b(?:\W+\w+){0,2}?\W+(?:current|recent|present|active|ongoing)\b(?:\W+\w+){0,3}?\W+(?:urges?"
    r"|thoughts?|ideation|behaviou?rs?|episodes?|incidents?|self-harm|cutting|intent|plans?)\b"
    r"|\bnone since\b|\bno (?:\w+ ){0,3}since\b|\b(?:has|have)(?: not|n'?t) (?:\w+ ){0,3}since\b"
    r"|\b(?:\w+ )?(?:years?|months?) (?:free of|without)\b",
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
    resolved: bool = False  # a past risk with a current denial in the same sentence

    @property
    def raised(self) -> bool:
        return not (self.negated or self.other_person or self.conditional or self.resolved)


def risk_mentions(ctx: CheckContext) -> list[Mention]:
    mentions = []
    gender = _ClientGender(ctx.text)
    for sentence in ctx.note.sentences:
        for match in _MENTION.finditer(sentence.text):
            risk_type = match.lastgroup or "safety"
            before = sentence.text[: match.start()]
            scope = before[_scope_start(before) :]
            after = sentence.text[match.end() :]
            stop = _TERMINATOR.search(after)
            after_scope = after[: stop.start()] if stop else after
            # Someone else's risk only within their own phrase: "mother and sister attempted
            # suicide", not "fight with her sister and cut herself" or "neighbor, denies HI".
            own = _own_phrase(scope)
            others = list(_OTHER_PERSON.finditer(own))
            other = others[-1] if others else None
            other_person = bool(other) and not _client_in(
                own[other.end() :] if other else "", other.group(0) if other else "", gender
            )
            historical = bool(_HISTORY.search(scope) or _HISTORY.search(after_scope))
            mentions.append(
                Mention(
                    risk_type=risk_type,
                    span=(sentence.start + match.start(), sentence.start + match.end()),
                    negated=bool(_NEGATION_BEFORE.search(scope) or _NEGATION_AFTER.match(after)),
                    qualified=bool(_QUALIFIED.search(scope) or _QUALIFIED.search(after_scope)),
                    other_person=other_person,
                    conditional=bool(_PLAN_CONDITIONAL.search(before)),
                    historical=historical,
                    resolved=historical and bool(_CURRENT_DENIAL.search(sentence.text)),
                )
            )
    return mentions


_SPEECH = re.compile(
    r"(?:reports|reported|discloses|disclosed|admits|admitted|states|stated|said|says)$", re.I
)
_RELATIVE = re.compile(r"\W*(?:who|whose)\b", re.IGNORECASE)
_MALE = re.compile(
    r"^(?:brother|father|dad|son|husband|boyfriend|uncle|stepfather|grandfather|nephew)", re.I
)
_FEMALE = re.compile(
    r"^(?:sister|mother|mom|daughter|wife|girlfriend|aunt|stepmother|grandmother|niece)", re.I
)
_HE = re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE)
_SHE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)
_EXPLICIT_CLIENT = re.compile(r"\b(?:client|pt|patient|i|me|my)\b", re.IGNORECASE)


class _ClientGender:
    """The client's pronouns, read once from the whole note when a rule needs them:
    "male", "female", or None when the note does not say clearly."""

    def __init__(self, text: str) -> None:
        self._text = text

    @cached_property
    def value(self) -> str | None:
        he = len(_HE.findall(self._text))
        she = len(_SHE.findall(self._text))
        if he >= 2 and he >= 2 * she:
            return "male"
        return "female" if she >= 2 and she >= 2 * he else None


def _scope_start(before: str) -> int:
    """Where the clause of a risk mention starts: after the last terminator, except that
    a speech verb whose speaker is someone else ("her brother said", "her sister, who
    reported") keeps the speaker in scope, so the risk can be read as theirs."""
    cuts = list(_TERMINATOR.finditer(before))
    if not cuts:
        return 0
    last = cuts[-1]
    if _SPEECH.search(last.group(0)):
        previous = cuts[-2].end() if len(cuts) > 1 else 0
        speaker = _own_phrase(before[previous : last.start()])
        if _OTHER_PERSON.search(speaker) and not _EXPLICIT_CLIENT.search(speaker):
            return previous
    return last.end()


def _own_phrase(scope: str) -> str:
    """The phrase a risk belongs to: after the last comma, "and" or denial, reaching
    back over a relative clause to its antecedent ("her brother, who told ... that")."""
    ends = list(_OTHER_SCOPE_END.finditer(scope))
    index = len(ends) - 1
    while index >= 0:
        if not (ends[index].group(0) == "," and _RELATIVE.match(scope, ends[index].end())):
            break
        index -= 1
    return scope[ends[index].end() :] if index >= 0 else scope


def _client_in(rest: str, other: str, gender: _ClientGender) -> bool:
    """Does the text after someone else's mention bring the client back as the subject
    ("mother said client cut herself")? Inside a relative clause ("brother, who ... he")
    and for pronouns that fit the relative but not the client, only the client's own
    name does."""
    if _RELATIVE.match(rest):
        return bool(_EXPLICIT_CLIENT.search(rest))
    relative_gender = "male" if _MALE.match(other) else "female" if _FEMALE.match(other) else None
    for match in _CLIENT_REF.finditer(rest):
        word = match.group(0).lower()
        pronoun_gender = (
            "male" if _HE.fullmatch(word) else "female" if _SHE.fullmatch(word) else None
        )
        if (
            pronoun_gender is not None
            and pronoun_gender == relative_gender
            and gender.value is not None
            and gender.value != pronoun_gender
        ):
            continue  # "her brother ... he": the brother, not the client
        return True
    return False


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
