"""Context corrections around ConText's verdicts on a risk mention.

What a clinician's notes do that medical reports rarely do: answer questions
("Q: thoughts of suicide? A: no"), report on someone else ("another member",
"Mom reports J. ..."), write idioms and accidents ("cutting vegetables", "accidental
overdose", "persecutory ideation"), and note urges beside a denial of acts.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from notewell.core.models import RiskMention
from notewell.core.risk.experiencer import person_gender, unquoted
from notewell.core.risk.questions import is_no_answer, is_yes_answer
from notewell.core.risk.structures import other_subject_end
from notewell.core.risk.vocabulary import structure_vocabulary

Clause = tuple[str, int, int]

# "cutting back on caffeine", "hurt her feelings": the target words, not the risk.
_NOT_RISK_AFTER = {
    "suicidal_ideation": re.compile(
        r"^\s*(risk|screen\w*|assessment|prevention|hotline|lifeline|line|protocol|awareness"
        r"|watch|precautions?|observation|status review|review|survivors?|loss)\b",
        re.I,
    ),
    "self_harm": re.compile(
        r"^\s*(?:(?:her|his|their|my|your|the)\s+)?(back|down|off|out|class|classes|school|corners|ties|in line|hair|costs?|vegetables"
        r"|veggies|food|onions?|meat|bread|paper|wood|grass|coupons|carbs|sugar|calories|the|a|an"
        r"|some|fabric|wires?|deals?|edge)\b",
        re.I,
    ),
    "homicidal_ideation": re.compile(
        r"^\s*(feelings?|chances|pride|reputation|back|knee|ankle|self|own)\b", re.I
    ),
}
_NON_PREFIX = re.compile(r"(?i)\bnon-?$")
_QUESTION_AFTER = re.compile(r"(?i)^\s*(questions?|items?|probes?|quer(y|ies)|prompts?)\b")


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
_OVERDOSE_AFTER = re.compile(
    r"(?i)^\s*(risk|prevention|reversal|kits?|education|training|warning|signs|symptoms|awareness"
    r"|response|deaths?|rates?|crisis|epidemic)\b"
)
_WORK_IDIOM = re.compile(
    r"(?i)[\s\"”']*(with|at)\s+(these|this|that|work|my job|the job|school|studying|overtime|all)\b"
    r"(?!\s+(pills?|gun|knife|rope|meds|medications?|drugs|blade))"
)
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
    if re.match(r"(?i)kill\w* (my|her|him|them)sel(f|ves)$", word) and _WORK_IDIOM.match(after):
        return True  # "killing myself with these 70-hour weeks"
    if re.match(r"(?i)mak\w* \w+ pay$", word) and re.match(r"(?i)\s*(for|back)\b", after):
        return True  # "make him pay for it": compensation, not violence
    if word.startswith(("end things", "end it", "ending things", "ending it", "ended things")):
        return bool(re.match(r"(?i)\s*(with|between|at)\b", after))  # "end things with him"
    return False


_URGES = re.compile(
    r"(?i)\burges?\b(?!\s+to\s+(eat|drink|use|smoke|binge|purge|gamble|shop|text|call))"
)
_NO_URGES = re.compile(r"(?i)\b(no|denies|denied|without|zero|any)\s+(\w+\s+)?$|^\s*(0|none|nil)\b")
_LISTED_WITH = re.compile(
    r"(?i)^[\s-]*((or|and|nor|/|,)\s*(any\s+)?)?$"
)  # "SH urges", "SH or urges"


def with_urges(mentions: list[RiskMention], clauses: list[Clause]) -> list[RiskMention]:
    added = []
    for text, start, end in clauses:
        harm = [
            m
            for m in mentions
            if m.risk_type == "self_harm"
            and start <= m.span[0] < end
            and not (m.unassessed or m.family or m.hypothetical)  # "Goal: ... when urges occur"
        ]
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
    r"^[^.;?]{0,40}?[:,;–—-]\s*(?:(?:she|he|they|client|pt|patient)\s+)?"
    r"(?:said|says|stated|states|answered|answers|responded|replied|reported)?\s*[\"'“]?"
    r"(?P<answer>no\b|never\b|nope\b|not really\b|denied\b|denies\b|yes\b|yeah\b|sometimes\b)"
    # "endorsed SI with a plan, stated no intent": the no is about a detail, not the answer
    r"(?!\s+(?:\w+\s+)?(?:plan|plans|intent|intention|means|access|attempts?|hi|si|self-harm)\b)",
    re.I,
)
_VALUE_NO = re.compile(
    r"(?i)^[\s)\]]{0,3}[-–—:=]\s*(no|none|neg|negative|denied|absent)\b"
    r"(?!\s+(plan|intent|intention|means|access|specific|current|active|attempts?)\b)"
)
_SAID_AFTER = re.compile(
    r"(?i)^[^.;?]{0,40}?\b(?:she|he|they|client|pt|patient)\s+(?:said|says|stated|states|answered"
    r"|replied|responded|reported)\s*[,:]?\s*[\"'“]?"
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
    r"|is concerned|expressed concern)\s+(that\s+)?[\"“']?(the client|client|pt|patient|he|she|they"
    r"|[A-Z]\.|(?-i:[A-Z][a-z]+))(?!\w)"
)


_CLIENT_WORD = re.compile(
    r"(?i)\b(client|pt|patient|i|me|my|myself)\b|\b(?-i:[A-Z]\.)|\b(she|he|they)\s+(also|too|herself|himself)\b"
)


@cache
def _other_speaker() -> re.Pattern[str]:
    """Someone else as the subject of what follows: "a close friend who ...",
    "another member disclosed ..." (the people of risk_structures.yaml)."""
    people = structure_vocabulary().lists["other_people"].pattern.pattern
    # "her boyfriend keeps saying", "his father has always said": auxiliaries and
    # adverbs may stand between the person and the verb of saying.
    aux = (
        r"(?:\s+[\"“]?(?:has|have|had|keeps|kept|is|was|been|always|often|also|repeatedly|recently"
        r"|just|now|still|reportedly|allegedly|apparently|constantly|openly)){0,3}"
    )
    return re.compile(
        rf"(?i)(?<![\w'-])(?:{people})(?:\s*\(?(?-i:[A-Z])\.?\)?|\s*\([^)]{{1,14}}\))?(?:'s\s+(?:\w+\s+)?(?:statements?|comments?|texts?|messages?|posts?|threats?)\s+(?:that|about)\b|,?\s+who\b|{aux}\s+[\"“]?(?:disclosed|discloses|reported|reports"
        r"|shared|shares|said|says|saying|stated|states|endorsed|endorses|admitted|admits|expressed"
        r"|voiced|described|describes|mentioned|talked about|talking about|talks about|posted|texted"
        r"|texting|wrote|writes|showed|shows|told|tells|telling|threatened|threatens|threatening)\b)"
    )


def _ambiguous_pronoun(text: str, speaker: int, said: int, start: int) -> bool:
    """Whether the "he" after the other person may be the client: "He said his brother
    says he wants to kill himself", "her ex posted pics and she had thoughts of ending it"
    (the client), but not "Client says his father always said he'd kill anyone" (a man's
    words about a man: the father's)."""
    after = text[said:start]
    before = text[:speaker]
    for pronoun, possessive in (("he", "his"), ("she", "her")):
        if not re.search(rf"(?i)\b{pronoun}\b", after):
            continue  # only a subject pronoun after the speaker can be the client
        if re.search(rf"(?i)\b{pronoun}\b", before):
            return True  # the client named by the same pronoun before
        gender = person_gender(text[speaker:said])
        if re.search(rf"(?i)\b{possessive}\s+$", before) and gender != _GENDER[pronoun]:
            return True  # "her ex ... she": the possessor, not a person of her own gender
    return False


_GENDER = {"he": "m", "she": "f"}


def _about_other(text: str, start: int, flags: dict[str, bool]) -> dict[str, bool]:
    if _OTHER_SUBJECT.match(text):
        return {**flags, "family": True}
    if _COLLATERAL.match(text):
        # "Mom reports J. has been hitting himself": a collateral report about the client.
        return {**flags, "family": False}
    speakers = list(_other_speaker().finditer(text, 0, start))
    if (
        speakers
        and not _CLIENT_WORD.search(unquoted(text), speakers[-1].end(), start)
        and not _ambiguous_pronoun(text, speakers[-1].start(), speakers[-1].end(), start)
    ):
        # "a close friend who has been cutting her arms and posted ...": the relative
        # clause runs on past "and"; it is still the friend.
        return {**flags, "family": True}
    subject = other_subject_end(text)
    if subject is not None and subject <= start and not _CLIENT_WORD.search(text, subject, start):
        # "Group member disclosed urges to self-harm": the subject's own statement.
        return {**flags, "family": True}
    return flags


def _inside_quotes(text: str, start: int) -> bool:
    return len(_QUOTE_MARKS.findall(text[:start])) % 2 == 1


def _answered(text: str, end: int, flags: dict[str, bool]) -> dict[str, bool]:
    """Apply a narrated answer to a narrated question about the risk."""
    if _VALUE_NO.match(text[end:]):
        return {**flags, "negated": True}  # "Q1 (wish to be dead) - no"
    answer = _ANSWER_AFTER.match(text[end:])
    if answer is None and _ASKED_BEFORE.search(text[:end]):
        said = _SAID_AFTER.match(text[end:])
        if said:  # 'asked about thoughts of death she said, "Some nights ..."'
            reply = text[end + said.end() :]
            if is_no_answer(reply):
                return {**flags, "negated": True, "hypothetical": False}
            if is_yes_answer(reply):
                return {**flags, "negated": False, "hypothetical": False}
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


_DETERMINERS = {
    "the",
    "a",
    "an",
    "her",
    "his",
    "their",
    "my",
    "client",
    "pt",
    "patient",
    "'s",
    "’s",
}


_SUBJECT_LINKS = {
    "will",
    "would",
    "might",
    "could",
    "may",
    "wants",
    "want",
    "wanted",
    "to",
    "is",
    "was",
    "has",
    "had",
    "have",
    "threatened",
    "threatens",
    "going",
    "'s",
    "'ll",
    "said",
    "says",
    "also",
    "then",
    "reportedly",
    "allegedly",
    "tried",
    "plans",
    "planned",
    "intends",
    "who",
    "whom",
    ",",
    "been",
    "history",
    "hx",
    "of",
    "a",
    "an",
    "recent",
    "recently",
    "prior",
    "past",
    "previous",
    "with",
    "reports",
    "reported",
    "disclosed",
    "discloses",
    "shared",
    "died",
    "by",
    "committed",
    "attempted",
    "engages",
    "engaged",
    "in",
    "struggles",
    "struggled",
    "did",
    "does",
    "once",
    "himself",
    "herself",
    "themselves",
    "multiple",
    "several",
    "two",
    "old",
    "long",
    "thoughts",
    "thought",
    "urges",
    "urge",
    "ideas",
    "about",
    "feelings",
    "ideation",
    "ever",
    "talk",
    "talks",
    "talked",
    "talking",
    "mention",
    "mentions",
    "mentioned",
    "keeps",
    "kept",
    "always",
    "often",
}


def _subject(ent: Any, start: int, end: int) -> bool:
    """Is the person at `start` the one who would do the harm: the clause's subject
    (after determiners), or just before the act ("the friend will hurt someone")?"""
    if all(token.lower_ in _DETERMINERS for token in ent.doc[:start]):
        return True
    if end < len(ent.doc) and ent.doc[end].lower_ in ("'s", "’s"):
        return True  # "her brother's admission for suicidal ideation": his, in ConText's scope
    between = ent.doc[end : ent.start]
    return len(between) <= 5 and all(token.lower_ in _SUBJECT_LINKS for token in between)


_PERSON_OBJECTS = {"him", "her", "them", "me", "us", "you"}


def _refusal(ent: Any, start: int, end: int) -> bool:
    """ "The parole board denies him": a denial whose object is a person is someone
    refusing something, not a clinical denial ("denies SI", "denies her SI")."""
    doc = ent.doc
    return (
        doc[start].lower_.startswith(("den", "refus", "reject"))
        and end < len(doc)
        and doc[end].lower_ in _PERSON_OBJECTS
        and ent.start != end + 1  # "her SI": the possessive of the mention
    )


def _negates_the_next(ent: Any, start: int, end: int) -> bool:
    """ "Endorses passive SI, neg HI, neg SH": a denial after a comma that has its own
    concept right after it denies that one, not the concept before the comma."""
    if start < ent.end:
        return False
    doc = ent.doc
    if not any(token.text in (",", ";") for token in doc[ent.end : start]):
        return False
    return any(other.start == end for other in doc.ents)


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
        if name == "negated" and _refusal(ent, start, end):
            continue
        if name == "negated" and _negates_the_next(ent, start, end):
            continue
        if name == "family" and not _subject(ent, start, end):
            # "angry at his boss, no thoughts of harming him", "wrote a letter to her
            # sister explaining why she wants to die": a person in object position is
            # not the one whose risk it is; only a subject makes it theirs.
            continue
        if name:
            flags[name] = True
    return flags


def _defines_other_term(target: str, text: str, start: int, end: int) -> bool:
    """The abbreviation of some other term, defined here: "sensory integration (SI)"."""
    if not (target.isupper() and text[start - 1 : start] == "(" and text[end : end + 1] == ")"):
        return False
    words = re.findall(r"[A-Za-z]+", text[:start])[-len(target) :]
    initials = "".join(w[0] for w in words).upper()
    return initials == target.upper() and not any(
        w.lower().startswith(("suicid", "homicid", "self", "harm")) for w in words
    )


def not_this_risk(risk_type: str, target: str, text: str, start: int, end: int) -> bool:
    """Is this target match not a risk mention at all ("cutting vegetables", "non-suicidal")?"""
    if _defines_other_term(target, text, start, end):
        return True
    guard = _NOT_RISK_AFTER.get(risk_type)
    if guard and guard.match(text[end:]) and _guarded(risk_type, target):
        return True
    if _NON_PREFIX.search(text[:start]):
        return True  # "non-suicidal cutting" names the self-harm, not suicidal ideation
    if _QUESTION_AFTER.match(text[end:]):
        return True  # "waved off the SI question": the question, not the risk
    return _not_this_risk(target, text[:start], text[end:])


_FIRST_PERSON = re.compile(r"(?i)[\"“'][^\"”']*\b(i|i'm|i'd|i'll|my|me)\b(?![^\"”']*\byou\b)")
_FEARED = re.compile(r"(?i)\b(might|may|maybe|afraid|worried|worries|fear|fears|scared)\b")
_RECENT_EPISODE = re.compile(
    r"(?i)\b(?:last|most recent(?:ly)?|latest)\s+(?:episode|time|incident|occurrence|act|one)\b[^.;]{0,20}?"
    r"\b(?:[1-9]|1[0-3]|one|two|three|four|five|six)\s+days?\s+ago|\b(?:last|most recent(?:ly)?)\s+"
    r"(?:episode|time|incident)\b[^.;]{0,12}?\b(?:yesterday|last night|this (?:week|morning)|today)"
)


# "warning signs of suicide (talking about wanting to die, giving away belongings)": the
# examples of a taught topic are the topic too.
_TAUGHT_EXAMPLES = re.compile(
    r"(?i)\b(?:warning signs|risk factors|signs|symptoms)\s+(?:of|for)\s+[\w-]+\s*\([^)]*$"
)


def mention_flags(ent: Any, text: str) -> dict[str, bool]:
    """ConText's verdicts on a mention, corrected by what notes say around it."""
    flags = _about_other(text, ent.start_char, _answered(text, ent.end_char, _context_flags(ent)))
    if _TAUGHT_EXAMPLES.search(text[: ent.start_char]):
        flags["unassessed"] = True
    quoted = _inside_quotes(text, ent.start_char)
    if flags["historical"] and _RECENT_EPISODE.search(text):
        flags["historical"] = False  # "history of cutting (last episode: 4 days ago)"
    if quoted and _FIRST_PERSON.search(text) and not _FEARED.search(text):
        # The client's own conditional ("If I lose custody, I don't see a reason to keep
        # living") is a thought stated now, to be assessed; a feared one ("might cut
        # again if the anniversary is bad") stays a condition.
        flags["hypothetical"] = False
    return {**flags, "quoted": quoted}
