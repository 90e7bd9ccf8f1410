"""Risk status per type (suicidal ideation, homicidal ideation, self-harm).

Mentions are found by medspaCy's TargetMatcher and put in context by ConText (negated,
hypothetical, historical, someone else's). The status of a type is:

- `endorsed` when any mention of the client's own current risk is not negated;
  a missed endorsement is the worst error the engine can make, so uncertain
  mentions ("possible SI") count as endorsed;
- `denied` when the only current mentions are negated ("denies SI/HI");
- `not_assessed` otherwise: history, family history and "what if" talk never turn
  into a denial, and nothing the input does not say becomes one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from typing import Any

from notewell.core.lexicons import read_data
from notewell.core.models import RISK_TYPES, RiskMention, RiskStatus

Clause = tuple[str, int, int]

# "cutting back on caffeine", "hurt her feelings": the target words, not the risk.
_NOT_RISK_AFTER = {
    "suicidal_ideation": re.compile(
        r"^\s*(risk|screen\w*|assessment|prevention|hotline|lifeline|line|protocol|awareness)\b",
        re.I,
    ),
    "self_harm": re.compile(
        r"^\s*(back|down|off|out|class|classes|school|corners|ties|in line|hair|costs?|vegetables"
        r"|veggies|food|onions?|meat|bread|paper|wood|grass|coupons|carbs|sugar|calories|the|a|an"
        r"|some|fabric|wires?|deals?|edge)\b",
        re.I,
    ),
    "homicidal_ideation": re.compile(
        r"^\s*(feelings?|chances|pride|reputation|back|knee|ankle|self|own)\b", re.I
    ),
}
_NON_PREFIX = re.compile(r"(?i)\bnon-?$")
_CLARIFIED = re.compile(
    r"(?i)\b(clarified|figure of speech|expression of (frustration|anger)|not (meant )?literal"
    r"|did(n't| not) mean (it |that )?(literally|seriously)|just an expression|venting)\b"
)
_WORD = re.compile(r"[a-z0-9']+")
_PLAIN_WORD = re.compile(r"[a-z0-9]+")
_DETAIL_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "passive",
        re.compile(
            r"\bpassive\b|not want(ing)? to (be here|live|wake)|better off|wish(es|ed)? (she|he|i|they)? ?(was|were) dead|not wake up",
            re.I,
        ),
    ),
    (
        "active",
        re.compile(
            r"\bactive\b|kill (my|her|him|them)sel(f|ves)|end (my|her|his|their) life", re.I
        ),
    ),
    ("no plan", re.compile(r"\b(no|denies|denied|without( a)?)( specific)? plan\b", re.I)),
    (
        "plan",
        re.compile(
            r"\b(has|had|with|reports|reported|endorses|endorsed) (a )?(specific )?plan\b", re.I
        ),
    ),
    ("no intent", re.compile(r"\b(no|denies|denied|without)( any)? intent\b", re.I)),
    (
        "intent",
        re.compile(r"\b(has|had|with|reports|reported|endorses|endorsed) (\w+ )?intent\b", re.I),
    ),
    (
        "access to means",
        re.compile(
            r"\baccess to (firearms?|guns?|weapons?|pills|medications?|blades?|razors?)\b", re.I
        ),
    ),
    (
        "means restricted",
        re.compile(
            r"\b(keep|kept|lock(ed)?|remov(e|ed)|stor(e|ed)|gave|give)\b.{0,40}\b(firearms?|guns?|weapons?|pills|medications?|blades?|razors?)\b",
            re.I,
        ),
    ),
    (
        "protective factors noted",
        re.compile(r"\bprotective factors?\b|reasons? (for|to) liv(e|ing)", re.I),
    ),
    ("safety plan", re.compile(r"\bsafety plan", re.I)),
    (
        "crisis resources given",
        re.compile(r"\bcrisis (line|hotline|resources?|numbers?)\b|\b988\b", re.I),
    ),
)


def assess_risk(clauses: Iterable[Clause], nlp: Any = None) -> dict[str, RiskStatus]:
    """Risk status per type from a list of clauses (text, start, end)."""
    if nlp is None:
        from notewell.core.extract.nlp import get_pipeline

        nlp = get_pipeline()
    clauses = list(clauses)
    mentions = find_mentions(clauses, nlp)
    return {name: summarise(name, mentions, clauses, clauses) for name in RISK_TYPES}


@cache
def _risk_vocabulary() -> frozenset[str]:
    """Key words of the risk targets: a clause containing none of them has no mention.

    Each target contributes the words of one token it cannot match without (the one
    with the longest words, so "to"/"of" are never keys): a cheap, exact pre-filter.
    """
    keys: set[str] = set()
    for entries in read_data("risk_targets.yaml").values():
        for entry in entries:
            pattern = entry.get("pattern")
            if pattern is None:
                options = [{w} for w in _PLAIN_WORD.findall(entry["literal"].lower())]
            else:
                options = [
                    _token_words(token) for token in pattern if token.get("OP") in (None, "+")
                ]
            options = [words for words in options if words]  # "/" has no word to key on
            keys |= min(options, key=_key_cost)
    return frozenset(keys)


_COMMON = frozenset(
    [
        "not",
        "never",
        "no",
        "to",
        "be",
        "it",
        "can",
        "could",
        "ca",
        "want",
        "wants",
        "wanted",
        "wanting",
        "go",
        "on",
        "up",
        "i",
        "she",
        "he",
        "they",
        "my",
        "her",
        "his",
        "their",
        "the",
        "a",
        "an",
        "of",
        "about",
        "like",
        "feel",
        "feels",
        "felt",
        "think",
        "thinking",
        "thought",
        "thoughts",
        "something",
        "someone",
        "things",
        "all",
        "would",
        "will",
        "wish",
        "hope",
        "hoping",
        "really",
        "even",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "is",
        "was",
        "were",
        "are",
        "in",
        "at",
        "with",
        "for",
        "and",
        "or",
        "so",
        "just",
        "kind",
        "life",
        "live",
        "living",
        "n't",
        "t",
        "s",
    ]
)


def _key_cost(words: set[str]) -> tuple[int, int]:
    # Prefer the token whose words are rare in notes, then the one with longer words.
    return (sum(w in _COMMON for w in words), -min(len(w) for w in words))


def _token_words(token: dict[str, Any]) -> set[str]:
    words: set[str] = set()
    for attr, value in token.items():
        if attr not in ("LOWER", "ORTH", "TEXT", "NORM"):
            continue  # IS_ALPHA, OP and the like say nothing about the words
        values = value.get("IN", []) if isinstance(value, dict) else [value]
        for item in values:
            words.update(_WORD.findall(str(item).lower()))
    return words


def _words(text: str) -> set[str]:
    # Both "can't" and "can", "t": patterns key on either form of a contraction.
    lower = text.lower().replace("’", "'")
    return set(_WORD.findall(lower)) | set(_PLAIN_WORD.findall(lower))


def _may_mention_risk(text: str) -> bool:
    return not _risk_vocabulary().isdisjoint(_words(text))


def _guarded(risk_type: str, target: str) -> bool:
    # "suicide risk assessment" is not ideation; "SI screen positive" is a finding.
    if risk_type == "suicidal_ideation":
        return target.lower().startswith("suicid")
    # "cutting vegetables" is not self-harm; "cut herself the other day" is.
    if risk_type == "self_harm":
        return target.lower() in ("cutting", "cuts", "cut")
    return True


_ACCIDENTAL_BEFORE = re.compile(
    r"(?i)\b(accidental(ly)?|unintentional(ly)?|opioid|fentanyl|heroin|drug|alcohol|substance|laced)\b"
    r"[\w\s-]{0,20}$"
)
_OVERDOSE_AFTER = re.compile(r"(?i)^\s*(risk|prevention|reversal|kits?|education|training)\b")
_OTHER_IDEATION = re.compile(
    r"(?i)\b(persecutory|paranoid|grandiose|delusional|obsessional|obsessive|religious|somatic"
    r"|referential|violent)\s+$"
)


def _not_this_risk(target: str, before: str, after: str) -> bool:
    """An accidental or drug overdose, "OD risk" and persecutory ideation are not SI."""
    word = target.lower()
    if word.startswith(("overdos", "od", "over dose")):
        return bool(_ACCIDENTAL_BEFORE.search(before) or _OVERDOSE_AFTER.match(after))
    if word == "ideation":
        return bool(_OTHER_IDEATION.search(before))
    if word.startswith(("end things", "end it", "ending things", "ending it", "ended things")):
        return bool(re.match(r"(?i)\s*(with|between|at)\b", after))  # "end things with him"
    return False


def find_mentions(clauses: list[Clause], nlp: Any) -> list[RiskMention]:
    mentions: list[RiskMention] = []
    # The language pipeline is the slow part of drafting: only clauses that contain a
    # word of some risk target need it (a cheap, exact pre-filter).
    clauses = [c for c in clauses if _may_mention_risk(c[0])]
    for doc, (text, start, _end) in zip(nlp.pipe(c[0] for c in clauses), clauses, strict=True):
        for ent in doc.ents:
            guard = _NOT_RISK_AFTER.get(ent.label_)
            if guard and guard.match(text[ent.end_char :]) and _guarded(ent.label_, ent.text):
                continue
            if _NON_PREFIX.search(text[: ent.start_char]):
                continue  # "non-suicidal cutting" names the self-harm, not suicidal ideation
            if _not_this_risk(ent.text, text[: ent.start_char], text[ent.end_char :]):
                continue
            mentions.append(
                RiskMention(
                    risk_type=ent.label_,
                    text=ent.text,
                    span=(start + ent.start_char, start + ent.end_char),
                    quoted=_inside_quotes(text, ent.start_char),
                    **_about_other(text, _answered(text, ent.end_char, _context_flags(ent))),
                )
            )
    return _with_urges(mentions, clauses)


# "No SH this week (urges 1/5)": urges are part of self-harm risk even when acts are denied.
_URGES = re.compile(
    r"(?i)\burges?\b(?!\s+to\s+(eat|drink|use|smoke|binge|purge|gamble|shop|text|call))"
)
_NO_URGES = re.compile(r"(?i)\b(no|denies|denied|without|zero|any)\s+(\w+\s+)?$|^\s*(0|none|nil)\b")
_LISTED_WITH = re.compile(
    r"(?i)^[\s-]*((or|and|nor|/|,)\s*(any\s+)?)?$"
)  # "SH urges", "SH or urges"


def _with_urges(mentions: list[RiskMention], clauses: list[Clause]) -> list[RiskMention]:
    added = []
    for text, start, end in clauses:
        harm = [m for m in mentions if m.risk_type == "self_harm" and start <= m.span[0] < end]
        if not harm:
            continue
        after = harm[-1].span[1] - start
        for match in _URGES.finditer(text, after):
            if (
                _NO_URGES.search(text[: match.start()])
                or _NO_URGES.match(text[match.end() :])
                or _LISTED_WITH.match(text[after : match.start()])  # "denies self-harm or urges"
            ):
                continue
            span = (start + match.start(), start + match.end())
            if not any(m.span == span for m in mentions):
                added.append(RiskMention("self_harm", match.group(), span))
            break
    return mentions + added


_FLAGS = {
    "NEGATED_EXISTENCE": "negated",
    "HYPOTHETICAL": "hypothetical",
    "HISTORICAL": "historical",
    "FAMILY": "family",
    "POSSIBLE_EXISTENCE": "uncertain",
    "PLAN_NEGATED": "plan_only",
    "NOT_ASSESSED": "unassessed",
}


_QUOTE_MARKS = re.compile(r"[\"“”]")
# "Asked about suicidal thoughts: she said no" — the answer decides, as in a transcript.
_ANSWER_AFTER = re.compile(
    r"^[^.;?]{0,40}?[:,;–-]\s*(?:(?:she|he|they|client|pt|patient)\s+)?"
    r"(?:said|says|stated|states|answered|answers|responded|replied|reported)?\s*[\"'“]?"
    r"(?P<answer>no\b|never\b|nope\b|not really\b|denied\b|denies\b|yes\b|yeah\b|sometimes\b)",
    re.I,
)
_VALUE_NO = re.compile(
    r"(?i)^[\s)\]]{0,3}[-–:=]\s*(no|none|neg|negative|denied|absent)\b"
    r"(?!\s+(plan|intent|intention|means|access|specific|current|active|attempts?)\b)"
)
_ASKED_BEFORE = re.compile(r"(?i)\b(asked|screened|inquired|queried|assessed)\b[^.;]{0,90}$")
# "Another member disclosed suicidal thoughts": the clause is about someone else.
_OTHER_SUBJECT = re.compile(
    r"(?i)^(another|other|one|a) (group )?(member|client|patient|participant|peer|resident|student)s?\b"
)


_COLLATERAL = re.compile(
    r"(?i)^(the client'?s |client'?s |his |her |their )?(mom|mother|dad|father|parents?|caregivers?"
    r"|guardian|grand(mother|father|ma|pa)|foster parents?|teacher|school|partner|wife|husband|spouse)"
    r"\s+(reports?|reported|states?|stated|said|says|shared|notes?|noted|describes?|described"
    r"|is concerned|expressed concern)\s+(that\s+)?(the client|client|pt|patient|he|she|they"
    r"|[A-Z]\.|(?-i:[A-Z][a-z]+))(?!\w)"
)


def _about_other(text: str, flags: dict[str, bool]) -> dict[str, bool]:
    if _OTHER_SUBJECT.match(text):
        return {**flags, "family": True}
    if _COLLATERAL.match(text):
        # "Mom reports J. has been hitting himself": a collateral report about the client.
        return {**flags, "family": False}
    return flags


def _inside_quotes(text: str, start: int) -> bool:
    return len(_QUOTE_MARKS.findall(text[:start])) % 2 == 1


def _answered(text: str, end: int, flags: dict[str, bool]) -> dict[str, bool]:
    """Apply a narrated answer to a narrated question about the risk."""
    if _VALUE_NO.match(text[end:]):
        return {**flags, "negated": True}  # "Q1 (wish to be dead) - no"
    answer = _ANSWER_AFTER.match(text[end:])
    if answer is None or not _ASKED_BEFORE.search(text[:end]):
        return flags
    said_no = answer.group("answer").lower() in (
        "no",
        "never",
        "nope",
        "not really",
        "denied",
        "denies",
    )
    return {**flags, "negated": said_no, "hypothetical": False}


def _context_flags(ent: Any) -> dict[str, bool]:
    """ConText's verdicts on a mention, ignoring modifiers that sit inside the mention.

    "wouldn't wake up", "wish I wasn't alive", "no reason to live" carry their own
    "not"/"no": read as negation of themselves, an endorsement would become a denial.
    """
    flags = dict.fromkeys(_FLAGS.values(), False)
    for modifier in ent._.modifiers:
        start, end = modifier.modifier_span
        if ent.start <= start and end <= ent.end:
            continue
        name = _FLAGS.get(modifier.category.upper())
        if name:
            flags[name] = True
    return flags


_NO_ANSWER = re.compile(
    r"(?i)^\s*(no|nope|never|not really|not at all|no way|nah|none|not since|not anymore|not lately"
    r"|not recently|not now)\b"
)
_ANSWER_LABEL = re.compile(r"^\s*(?:A\s*[:.-]\s*)?[\"'“]?")
_YES_ANSWER = re.compile(
    r"(?i)^\s*(yes|yeah|yep|sometimes|a little|kind of|kinda|sort of|maybe|i have|i do|lately"
    r"|occasionally|passively|passive|some|at times|on and off|once or twice|every day|daily"
    r"|most days|often|all the time|a lot|constantly)\b"
)


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
    resolved = []
    for mention in mentions:
        index = next((i for i, u in enumerate(units) if u[1] <= mention.span[0] < u[2]), None)
        if (
            index is None
            or units[index][3] == "client"
            or not units[index][0].rstrip().endswith("?")
        ):
            resolved.append(mention)
            continue
        answer = units[index + 1] if index + 1 < len(units) else None
        reply = _ANSWER_LABEL.sub("", answer[0]) if answer and answer[3] != "clinician" else ""
        if _NO_ANSWER.match(reply):
            resolved.append(replace(mention, negated=True, hypothetical=False))
        elif _YES_ANSWER.match(reply):
            resolved.append(replace(mention, negated=False, hypothetical=False))
        else:
            resolved.append(replace(mention, hypothetical=True))
    return resolved


def summarise(
    risk_type: str, mentions: list[RiskMention], clauses: list[Clause], related: list[Clause]
) -> RiskStatus:
    own = [m for m in mentions if m.risk_type == risk_type]
    current = [m for m in own if m.counts_for_status]
    if any(m.negated for m in current) and any(_CLARIFIED.search(c[0]) for c in clauses):
        # 'said "I could kill him." Clarified: an expression of frustration; denies HI':
        # the quoted idiom was clarified away by the clinician, the denial stands.
        current = [m for m in current if m.negated or not m.quoted]
    endorsed = [m for m in current if not m.negated]
    denied = [m for m in current if m.negated]
    context_notes = _context_notes(own)
    if endorsed:
        texts = _clauses_around(endorsed, clauses) + [c[0] for c in related]
        detail = _detail(texts, uncertain=any(m.uncertain for m in endorsed)) + context_notes
        return RiskStatus("endorsed", "; ".join(detail) or None, tuple(m.span for m in endorsed))
    if denied:
        return RiskStatus("denied", "; ".join(context_notes) or None, tuple(m.span for m in denied))
    return RiskStatus("not_assessed", "; ".join(context_notes) or None, tuple(m.span for m in own))


def _context_notes(mentions: list[RiskMention]) -> list[str]:
    notes = []
    if any(m.family for m in mentions):
        notes.append("mentioned about another person")
    if any(m.historical and not m.family for m in mentions):
        notes.append("history mentioned")
    if any(m.hypothetical and not m.family for m in mentions):
        notes.append("hypothetical or conditional mention")
    return notes


def _clauses_around(mentions: list[RiskMention], clauses: list[Clause]) -> list[str]:
    starts = {m.span[0] for m in mentions}
    return [text for text, start, end in clauses if any(start <= s < end for s in starts)]


def _detail(texts: list[str], uncertain: bool) -> list[str]:
    joined = " ".join(texts)
    found = [label for label, pattern in _DETAIL_CUES if pattern.search(joined)]
    # A negative cue and its positive twin both match "no plan"; keep the negative.
    for negative, positive in (("no plan", "plan"), ("no intent", "intent")):
        if negative in found and positive in found:
            found.remove(positive)
    if uncertain:
        found.insert(0, "possible (uncertain wording)")
    return found
