"""`missing-client-response`: how did the client engage with or respond to the work?"""

from __future__ import annotations

import re

from notewell.core.check.base import CheckContext, finding
from notewell.core.check.registry import registers
from notewell.core.models import Finding

_RESPONSE = re.compile(
    # (?<!\w)(?=\w) is \b at a word start, but lets the engine skip mid-word positions fast.
    r"(?<!\w)(?=\w)(?:engag(?:ed|ing)|receptive|responsive|responded|participat\w+|cooperative|attentive"
    r"|motivated|open to|resistant|ambivalent|guarded|defensive|hesitant|reluctant|tearful"
    r"|(?:was|were|is) (?:un)?able to|struggled to|had difficulty|identified|generated|practi[cs]ed"
    r"|demonstrated|verbali[sz]ed|articulated|rated|completed|agreed|declined|refused|tolerated"
    r"|benefit\w*|insight|(?:found|finds) (?:it|this|that|the \w+) (?:\w+ )?(?:helpful|useful|difficult"
    r"|hard|calming)|(?:helpful|useful|effective)|(?:appeared|seemed|became|looked|felt) (?:\w+ )?"
    r"(?:calmer|relaxed|more|less|better|relieved|frustrated|overwhelmed)|(?:good|fair|poor|limited"
    r"|minimal|full|active) (?:engagement|participation|effort|follow[- ]through)|reported (?:that )?"
    r"(?:it|this|the (?:skill|exercise|technique|strategy|intervention))|named|recalled"
    r"|described (?:how|feeling)|expressed (?:understanding|willingness|interest|readiness)"
    r"|nodded|smiled|laughed|disagreed|pushed back|follow(?:ed)? through|applied|used the"
    # In-session reactions: emotion shown or voiced, feeling after the exercise, a shift
    # in understanding, a rating that moved ("distress decreased from 7/10 to 3/10").
    r"|cried|crying|teared up|wept|sobbed|became (?:tearful|emotional|quiet|animated|angry|upset)"
    r"|expressed (?:\w+ ){0,2}?(?:anger|sadness|grief|frustration|relief|hope\w*|gratitude|emotions?"
    r"|feelings?|fear|guilt|shame|ambivalence|appreciation|surprise|optimism|confidence|resentment)"
    r"|(?:afterwards?|after the (?:exercise|intervention|technique|practice|role-?play|activity)"
    r"|by the end of (?:the )?session|during the (?:exercise|role-?play|activity|practice|session))"
    r"|(?:said|stated|reported|noted|acknowledged|shared|recogni[sz]ed|realized|realised|admitted)"
    r" (?:that )?(?:she|he|they|it|this) (?:now )?(?:understood|understands|could see|can see"
    r"|realized|realised|recogni[sz]ed|felt (?:heard|understood|seen|validated|better|calmer|lighter"
    r"|relieved|hopeful))|(?:reported|reports|described|noticed) feeling (?:\w+ )?(?:calmer|lighter"
    r"|better|relieved|hopeful|more|less|relaxed|grounded|heard|understood|clearer|steadier)"
    r"|(?:from|at) \d+(?:\.\d+)?\s*/\s*10|suds"
    # The client's own words about how it felt ("said she felt 'less responsible'"), and
    # a skill used with its effect ("described using the breathing ... anxiety dropped").
    r"|(?:said|stated|reported|shared|noted|added) (?:that )?(?:she|he|they|it|this) (?:felt|feels"
    r"|was feeling|is feeling)(?= [\"“'‘])|described (?:using|trying|applying|practi[cs]ing)"
    r"|(?:anxiety|distress|tension|urges?|panic|anger|craving|suds|fear) (?:\w+ )?(?:dropped|decreased"
    r"|eased|lessened|subsided|went down|came down|fell))\b",
    re.IGNORECASE,
)
# The client as the subject of an in-session action ("Client wrote a short list of
# boundaries", "Client chose a walk with a neighbor"): what the client did with the work.
_CLIENT_ACTION = re.compile(
    r"^\W*(?:[A-Za-z ]{1,20}:\s*)?(?:the )?(?:client|pt|patient|she|he|they)\s+(?:also\s+|then\s+"
    r"|quickly\s+|readily\s+)?(?:wrote|chose|selected|picked|listed|drafted|created|built"
    r"|developed|came up with|filled (?:out|in)|mapped|ranked|brainstormed|worked through|sorted"
    r"|outlined|prioriti[sz]ed|committed to|role-?played|rehearsed)\b",
    re.IGNORECASE,
)
# ... unless the sentence places the action outside the session ("wrote in her journal
# every night this week").
_OUTSIDE_SESSION = re.compile(
    r"\b(?:(?:this|last|past|the) (?:week|weekend|month)|(?:every|each|at) night|yesterday|daily"
    r"|at home|at work|since (?:the |our )?last|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
    re.IGNORECASE,
)
_THERAPIST_SUBJECT = re.compile(
    r"^\W*(?:[A-Za-z ]{1,20}:\s*)?(?:the )?(?:therapist|clinician|counselor|writer|this writer|i|we)\b",
    re.IGNORECASE,
)


_CLIENT_CLAUSE = re.compile(
    r"(?:\band|[,;])\s+(?:then\s+)?(?:the )?(?:client|pt|patient|she|he|they)\b", re.IGNORECASE
)


@registers("missing-client-response")
def check_client_response(ctx: CheckContext) -> list[Finding]:
    note = ctx.note
    if note.section_content("response"):
        return []
    for sentence in note.sentences:
        if sentence.section == "plan":
            continue
        offset = 0
        if _THERAPIST_SUBJECT.match(sentence.text):
            # "Therapist identified distortions" is the intervention, not the response;
            # "..., and she practiced two requests" is.
            clause = _CLIENT_CLAUSE.search(sentence.text)
            if clause is None:
                continue
            offset = clause.end()
        if (
            offset == 0
            and _CLIENT_ACTION.match(sentence.text)
            and not _OUTSIDE_SESSION.search(sentence.text)
        ):
            return []
        match = _RESPONSE.search(sentence.text, offset)
        if match and not note.in_quote(
            sentence.start + match.start(), sentence.start + match.end()
        ):
            return []
    return [
        finding(
            "missing-client-response",
            "No client response is documented: how did the client engage with the intervention?",
            ctx.whole_note(),
            "Add how the client responded, e.g. 'Client was engaged and identified three "
            "automatic thoughts; rated anxiety 6/10 after the exercise, down from 8/10.'",
        )
    ]
