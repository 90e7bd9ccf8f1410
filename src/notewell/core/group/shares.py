"""Which clauses of a group input belong to the group, and which to each member.

A clause under a member's heading or block ("Maria: ...", "--- MEMBER: FINCH, GERALD
---") is that member's until the next heading or the end of its line or paragraph; a
clause is its subject's ("Greg ... challenged Dev" is Greg's) or, when it goes on
about the member before, theirs; a pronoun means the one member the note's genders
allow; a list gives each member their own value ("SI/HI: A -/-, B -/+"); a statement
about every member ("all other members denied SI", "all denied except Dwayne") is each
attending member's it covers, and the group's; the rest is the group's. In a member's
share that member is "the client" and every other name "another group member"; in the
group's share every member is "a group member". When it cannot tell whose a clause is,
no member gets it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from notewell.core.extract.elements import without_quotes
from notewell.core.extract.segment import under_heading
from notewell.core.group.roster import Member
from notewell.core.group.textmap import MappedText
from notewell.core.models import Segment, SessionFacts

# A name not on the roster is written as a member too: in a group's notes it most often
# is one, and the risk reader knows "another group member" as someone else.
OTHER_MEMBER = "another group member"
SOME_MEMBER = "a group member"


# Headings of the group's own part; a member's block ("Participation:", "Risk:") is not
# one of them.
_GROUP_HEADING = re.compile(
    r"(?i)^\W*(?:group\s+)?(?:topic|theme|focus|title|curriculum|module|skill|lesson|"
    r"group\s+interventions?|interventions?|group process|process|group dynamics|dynamics|"
    r"group summary|modality|date|time|duration|location|facilitators?|co-?facilitators?|"
    r"members?(?:\s+present)?|attendance|attendees|participants|agenda|session)"
    r"\s*(?:\(\w+\))?\s*[:\-–]"
)
_TOPIC_LABEL = re.compile(
    r"(?i)^\W*(?:group\s+)?(?:topic|theme|focus|title|skill|lesson)\s*[:\-–]\s*"
)
_COUNT = r"(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
_PEOPLE = r"(?:members?|participants?|clients?|patients?|veterans?|residents?|attendees|group\s+members|pts|ppl|people|of\s+them|others)"
_EVERY_MEMBER = re.compile(
    rf"(?i)\b(?:all|each|every|both|the)\s+(?:of\s+the\s+)?(?:other\s+|remaining\s+)?"
    rf"(?:{_COUNT}\s+)?(?:group\s+)?{_PEOPLE}(?:\s+present)?\b"
    rf"|\ball\s+{_COUNT}\b|\ball\s+others\b|\b(?:everyone|everybody)(?:\s+else)?\b"
    rf"|\bthe\s+rest\s+of\s+the\s+group\b|\b(?:remaining|other)\s+{_PEOPLE}\b"
    rf"|^\W*(?:group\s+)?members\b|^\W*others\b|\b(?:all|everyone|everybody)\s+present\b"
    rf"|\b(?:the\s+)?(?:other|remaining)\s+{_COUNT}\b"
    r"|\ball\s+(?=(?:denied|denies|deny|endorsed|reported|were|are|agreed|stated|said|"
    r"screened|contracted)\b)"
)
# "All other members denied SI": every member the note has not already spoken of.
_OTHERS = re.compile(r"(?i)\b(?:other|others|else|rest|remaining|except|besides|apart from)\b")
_NO_MEMBER = re.compile(
    r"(?i)\b(?:no|none\s+of\s+the)\s+(?:group\s+)?(?:members?|participants?|clients?|one)\s+"
    r"(?P<verb>endorsed|reported|endorses|reports|expressed|voiced|disclosed)\b"
)
_PRONOUN_START = re.compile(r"(?i)^\W*(?:she|he|they|her|his|their|this member)\b")
_ABSENT = re.compile(
    r"(?i)\b(?:absent|did\s+not\s+attend|didn'?t\s+attend|no[- ]show|not\s+present|excused|"
    r"did\s+not\s+come|was\s+not\s+in\s+group|missed\s+(?:group|session|today))\b"
)


@dataclass(slots=True)
class Share:
    """One member's (or the group's) text, made from the group input's clauses."""

    text: MappedText = field(default_factory=MappedText)
    clauses: int = 0
    attended: bool = True


@dataclass(frozen=True, slots=True)
class GroupShares:
    group: Share
    members: dict[str, Share]  # by roster name
    unknown: tuple[str, ...] = ()  # names in subject place that are not on the roster


def share_out(
    facts: SessionFacts, members: tuple[Member, ...], skip: tuple[int, int] | None = None
) -> GroupShares:
    """`skip` is the roster line's span: the header is no member's content."""
    text = facts.text
    group = Share()
    shares = {m.name: Share() for m in members}
    # Names the roster does not hold, opening a clause as its subject ("Lee expressed
    # worry about Sam"): someone's, but no one's the engine can tell. They are written
    # as another member and own nothing.
    unknown = unknown_names(text, members)
    roster_members = members
    members = (*members, *unknown)
    genders: dict[str, str] = {}
    current: Member | None = None  # under this member's heading
    inline = False  # the heading shares its line with content ("Luis: engaged, ...")
    heading_start = 0
    last: list[Member] = []  # the members the previous clause was about, subject first
    last_named: list[Member] = []  # and every member it named (a pronoun may mean any)
    previous: Segment | None = None
    risky = {m.span[0] for m in facts.risk_mentions}
    spoken_of: set[str] = set()  # members whose own risk the note has stated
    # Statements about every member, who they leave out, and the concepts they answer.
    every_clauses: list[tuple[Segment, frozenset[str], str]] = []
    block_label: tuple[str, tuple[int, int]] | None = None  # "Safety check (SI/HI/SH):"
    previous_text = ""
    for segment in facts.segments:
        mentions = _mentions(segment.text, members)
        on_roster_line = skip is not None and skip[0] <= segment.start < skip[1]
        attendance = bool(mentions) and _ATTENDANCE.match(segment.text) is not None
        if attendance or (
            on_roster_line and (segment.start - skip[0] <= 3 or len(mentions) > 1)  # type: ignore[index]
        ):
            _absent_on_roster(segment.text, mentions, shares)
            continue  # the roster itself ("Members present: ..."), not what follows it
        new_line = previous is not None and "\n" in text[previous.end : segment.start]
        if previous is not None and text.count("\n", previous.end, segment.start) >= 2:
            current, last, block_label = None, [], None  # a new paragraph
        elif new_line and inline and not under_heading(text, heading_start, segment.start):
            current = None  # "Luis: engaged" heads its own line (and the lines under it)
        previous = segment
        heading = _member_heading(segment.text, mentions)
        if heading is not None:
            current, heading_start = heading, segment.start
            inline = _heading_end(segment.text, mentions) < len(segment.text.rstrip())
        elif _GROUP_HEADING.match(segment.text) and not mentions:
            current, last = None, []
        # A clause is its subject's: "Greg ... challenged Dev" is Greg's note (Dev is
        # "another group member" there); "Dev and Ana practiced" is both of theirs; a
        # clause that goes on about the member before ("accepted Jamal's offer") is
        # that member's.
        subjects = _subjects(segment.text, mentions, heading)
        owners = [m for m in subjects if m in roster_members]
        if current is not None and current not in owners:
            owners = [current]
        elif subjects is _OBJECT_ONLY and last and not new_line and len(last) == 1:
            owners = list(last)
        elif subjects is _OBJECT_ONLY:
            owners = list(dict.fromkeys(m for m, _ in mentions if m in roster_members))[:1]
        unquoted = without_quotes(segment.text)  # "taking it out on everybody" is a quote
        every_match = _EVERY_MEMBER.search(unquoted) or _NO_MEMBER.search(unquoted)
        excepted = _excepted(segment.text, mentions, every_match)
        including = _including(segment.text, mentions, every_match)
        if including:
            # "All members, including Martin, denied self-harm": every member's.
            mentions, owners, subjects = [], [], []
        speaks_of_every = every_match is not None and (not mentions or excepted is not None)
        if not owners and subjects and subjects is not _OBJECT_ONLY:
            owners = subjects  # someone not on the roster: no member's, nor what follows
        elif not owners and last and not (speaks_of_every and current is None):
            owners = _continued(segment.text, last, last_named, genders, new_line)
        if owners and (
            any(segment.start <= r < segment.end for r in risky) or _RISK_WORDS.search(segment.text)
        ):
            spoken_of.update(m.name for m in owners)
        last_subjects = owners
        owners = [m for m in owners if m in roster_members]
        if excepted is not None:
            # "All denied SI/HI except Dwayne, who endorsed HI": everyone but Dwayne
            # denied; what follows his name is his.
            cut = _EXCEPT.search(segment.text, every_match.end())  # type: ignore[union-attr]
            before_exception = Segment(
                segment.text[: cut.start()] if cut else segment.text,
                segment.start,
                segment.start + (cut.start() if cut else len(segment.text)),
                segment.element,
            )
            every_clauses.append(
                (before_exception, frozenset(m.name for m in excepted) | spoken_of, "")
            )
            for m, match in mentions:
                if m in roster_members:
                    _add_piece(
                        shares[m.name], segment, (0, 0), match.end(), len(segment.text), m, members
                    )
                    spoken_of.add(m.name)
            _add_to_group(group, segment, members)
            last = []
            continue
        every = not owners and speaks_of_every
        if every:
            # "All other members denied SI", "... except as noted": not the members
            # whose own risk the note has already stated.
            left_out = frozenset(spoken_of) if _OTHERS.search(segment.text) else frozenset()
            asked = previous_text if not new_line else ""
            # "SI/HI asked of each member; all denied": the answer to that question.
            label = risk_concepts(asked) if not risk_concepts(segment.text) else ""
            every_clauses.append((segment, left_out, label))
        if len(owners) == 1:
            _learn_gender(segment.text, owners[0], genders)
        pieces = _list_pieces(segment.text, mentions) if heading is None else None
        if pieces is not None:
            # "SI/HI: Okonkwo -/-, Lindqvist -/-": each member gets the label and their
            # own value, nothing of the others'.
            list_label, parts = pieces
            parts = _shared_tail(segment.text, parts)
            concepts = risk_concepts(segment.text[list_label[0] : list_label[1]])
            if concepts:
                block_label = (
                    concepts,
                    (segment.start + list_label[0], segment.start + list_label[1]),
                )
            for m, (start, end) in parts:
                if m in roster_members:
                    _add_piece(shares[m.name], segment, list_label, start, end, m, members)
                    if any(segment.start + start <= r < segment.start + end for r in risky):
                        spoken_of.add(m.name)
            last = []
            continue
        if not mentions and _LABEL_ONLY.match(segment.text):
            concepts = risk_concepts(segment.text)
            block_label = (concepts, (segment.start, segment.end)) if concepts else None
        # "... J.M. 0, L.P. denied SI. K.O. 0.": a short value after the list goes on it.
        short_value = (
            len(owners) == 1
            and bool(mentions)
            and mentions[0][1].start() <= 2
            and len(segment.text) - mentions[0][1].end() <= 24
            and not risk_concepts(segment.text)
        )
        for m in owners:
            share = shares[m.name]
            values_label = block_label if heading or short_value else None
            _add(
                share,
                segment,
                m,
                members,
                heading if not short_value else m,
                block_label=values_label,
            )
            if len(owners) == 1 and _ABSENT.search(segment.text):
                share.attended = False
        if not owners or every:
            _add_to_group(group, segment, members)
            if (
                not every
                and segment.element in _SHARED_ELEMENTS
                and not any(segment.start <= r < segment.end for r in risky)
                and not mentions
                and not _PRONOUN_START.match(segment.text)
            ):
                # What the facilitator did for the whole group was done for each member.
                for m in roster_members:
                    _add_shared(shares[m.name], segment, members)
        named_here = [m for m, _ in mentions if m in roster_members]
        if last_subjects or named_here:
            last_named = list(dict.fromkeys([*last_subjects, *named_here]))
        elif new_line:
            last_named = []
        last = last_subjects if last_subjects else ([] if new_line else last)
        previous_text = segment.text
    # A statement about every member is each attending member's ("all present denied").
    for segment, left_out, label in every_clauses:
        for m in roster_members:
            if shares[m.name].attended and m.name not in left_out:
                if label:
                    shares[m.name].text.add(f"{label}: ", (segment.start, segment.start))
                _add_every(shares[m.name], segment, members, m)
    return GroupShares(group, shares, tuple(m.aliases[0] for m in unknown))


_SUBJECT_NAME = re.compile(
    r"(?m)(?:^|[.;!?]\s+|\n)[\s\-–•*]*(?P<name>[A-Z][a-z]+)(?:\s+(?:also|then|later|again|"
    r"initially|briefly|quietly|openly|tearfully))?\s+(?:shared|said|says|reported|reports|"
    r"expressed|expresses|stated|states|described|describes|disclosed|discloses|mentioned|"
    r"talked|spoke|asked|offered|admitted|acknowledged|denied|denies|endorsed|endorses|"
    r"arrived|left|joined|participated|practiced|identified|agreed|became|appeared|was|is|"
    r"continues|continued|presented|noted|responded|processed|cried|laughed|volunteered)\b"
)


# ... or as the person a member did something to ("offered Lee a ride", "told Dee").
_OBJECT_NAME = re.compile(
    r"\b(?:told|asked|offered|thanked|hugged|supported|challenged|confronted|encouraged|"
    r"validated|reassured|helped|praised|interrupted|teased|reminded|invited|gave|showed|"
    r"handed|comforted|corrected|apologi[sz]ed\s+to|responded\s+to|turned\s+to|sat\s+with|"
    r"agreed\s+with|disagreed\s+with|argued\s+with|laughed\s+with)\s+(?P<name>[A-Z][a-z]+)\b"
    r"(?!\s+[A-Z])"
)


def unknown_names(text: str, members: tuple[Member, ...]) -> tuple[Member, ...]:
    """Capitalised words the text uses as a clause's subject, or as the person a member
    did something to, that name no member and are no ordinary word."""
    from notewell.core.group.roster import is_plain_word

    known = {a for m in members for a in m.aliases}
    found = []
    for match in (*_SUBJECT_NAME.finditer(text), *_OBJECT_NAME.finditer(text)):
        name = match.group("name")
        if name in known or name in found or is_plain_word(name, text):
            continue
        found.append(name)
    return tuple(Member(f"?{name}", (name,)) for name in found)


_RISK_WORDS = re.compile(
    r"(?i)\b(?:si|hi|sh|nssi|suicid\w*|self[- ]harm\w*|passive|safety plan|kill|die|dead|"
    r"cutting|cut|burn\w*|overdose|harm)\b"
)
_ATTENDANCE = re.compile(
    r"(?i)^\W*(?:members\s+)?(?:present|attendance|attendees|in\s+attendance|participants|"
    r"members(?:\s+present)?|roster)\s*(?:\(\d+\))?\s*:"
)
_LABEL_ONLY = re.compile(r"^[^:\n]{2,80}:\s*$")
_EXCEPT = re.compile(r"(?i)\b(?:except(?:\s+for)?|other\s+than|besides|but\s+not|save\s+for)\b")


_INCLUDING = re.compile(r"(?i)\b(?:including|incl\.?|even|as well as|and also)\s*$")


def _including(
    text: str, mentions: list[tuple[Member, re.Match[str]]], every: re.Match[str] | None
) -> bool:
    """An all-member statement that names members only as included ("including Martin")."""
    if every is None or not mentions:
        return False
    return all(
        (
            match.start() > every.start()
            and _INCLUDING.search(text[every.end() : match.start()].rstrip(" ,"))
        )
        or (i > 0 and _CO_SUBJECT.match(text[mentions[i - 1][1].end() : match.start()]))
        for i, (_, match) in enumerate(mentions)
    )


def _excepted(
    text: str, mentions: list[tuple[Member, re.Match[str]]], every: re.Match[str] | None
) -> list[Member] | None:
    """The members an all-member statement leaves out by name ("all denied except
    Dwayne"), or None when it names none that way."""
    if every is None or not mentions:
        return None
    exception = _EXCEPT.search(text, every.end())
    if exception is None or any(match.start() < exception.end() for _, match in mentions):
        return None
    return [m for m, _ in mentions]


_SHARED_ELEMENTS = frozenset(["intervention", "plan", "goal"])
_GROUP_SUBJECT = re.compile(
    r"(?i)^\W*(?:the\s+)?(?:group|members|facilitators?|co-?facilitators?|therapists?|"
    r"clinicians?|writer|this writer|leaders?|we|everyone|everybody|all|session)\b"
)
_FEMALE = re.compile(r"(?i)\b(she|her|hers|herself)\b")
_MALE = re.compile(r"(?i)\b(he|him|his|himself)\b")


def _absent_on_roster(
    text: str, mentions: list[tuple[Member, re.Match[str]]], shares: dict[str, Share]
) -> None:
    """ "Present: Tony R, Eli S. Moses A - no show": a member marked absent on the roster."""
    for i, (m, match) in enumerate(mentions):
        end = mentions[i + 1][1].start() if i + 1 < len(mentions) else len(text)
        if m.name in shares and _ABSENT.search(text, match.end(), min(end, match.end() + 30)):
            shares[m.name].attended = False


def _learn_gender(text: str, member: Member, genders: dict[str, str]) -> None:
    female, male = bool(_FEMALE.search(text)), bool(_MALE.search(text))
    if female != male and member.name not in genders:
        genders[member.name] = "f" if female else "m"


def _continued(
    text: str,
    last: list[Member],
    named: list[Member],
    genders: dict[str, str],
    new_line: bool,
) -> list[Member]:
    """Who a clause with no name is about: the one member a pronoun can mean, or, on the
    same line, the member the line was about ("Kat was quiet. Denies SI.").

    A pronoun means the member whose gender the note has shown to be its gender, among
    those the clause before named ("Luis offered support to Dana. She reported SI": Dana,
    known from "her son"); with no gender known, the clause before's only subject."""
    pronoun = _PRONOUN_START.match(text)
    if pronoun is not None:
        word = pronoun.group().strip(" \t-–•*").split()[0].lower()
        gender = "f" if word in ("she", "her") else "m" if word in ("he", "his") else None
        if gender is not None:
            known = [m for m in named if genders.get(m.name) == gender]
            if len(known) == 1:
                return known
            if known:
                return []  # two members it could mean: no one's
            unknown = [m for m in last if m.name not in genders]
            return unknown if len(last) == 1 and unknown else []
        return last if len(last) == 1 else []
    if not new_line and len(last) == 1 and not _GROUP_SUBJECT.match(text):
        return last  # the same line goes on about the same member
    return []


_CO_SUBJECT = re.compile(r"(?i)^[\s,&/+]*(?:and|&|\+|,|/|both|\s)*\s*$")


_OBJECT_ONLY: list[Member] = []  # a clause that names members only as its objects
_CLINICIAN_SUBJECT = re.compile(
    r"(?i)^\W*(?:the\s+)?(?:this\s+)?(?:writer|facilitators?|co-?facilitators?|therapists?|"
    r"clinicians?|counselors?|leaders?|staff|i|we|group\s+leader)\b"
)
_LEAD_IN = re.compile(
    r"(?i)^[\W\d]*(?:(?:and|then|later|also|finally|next|first|lastly|initially|afterwards?|"
    r"meanwhile|similarly|likewise|today|tonight|at\s+[\w-]+(?:\s+[\w-]+)?|when\s+\w+(?:\s+\w+)?|"
    r"during\s+[\w-]+(?:\s+[\w-]+)?|in\s+[\w-]+(?:\s+[\w-]+)?)[,\s]+)*$|^.*[,:]\s*$"
)


def _subjects(
    text: str, mentions: list[tuple[Member, re.Match[str]]], heading: Member | None
) -> list[Member]:
    """The members a clause is about: its first-named member and those listed with them
    ("Dev, Ana and Yuki ..."), or the member heading it. `_OBJECT_ONLY` when the names
    come after a verb ("accepted Jamal's offer"), unless the clinician did something
    with the member ("writer met with Mr. Volkov"): that is the member's."""
    if not mentions:
        return []
    if heading is not None:
        return [heading]
    before = text[: mentions[0][1].start()]
    if before.strip(" \t-–•*([\"'“") and not _LEAD_IN.match(before):
        if _CLINICIAN_SUBJECT.match(before):
            return [mentions[0][0]]
        return _OBJECT_ONLY
    subjects = [mentions[0][0]]
    end = mentions[0][1].end()
    for m, match in mentions[1:]:
        if not _CO_SUBJECT.match(text[end : match.start()]):
            break
        if m not in subjects:
            subjects.append(m)
        end = match.end()
    return subjects


def _mentions(text: str, members: tuple[Member, ...]) -> list[tuple[Member, re.Match[str]]]:
    found: list[tuple[Member, re.Match[str]]] = []
    for m in members:
        for match in m.pattern.finditer(text):
            if not any(o.start() < match.end() and match.start() < o.end() for _, o in found):
                found.append((m, match))
    return sorted(found, key=lambda f: f[1].start())


_BLOCK_WORDS = re.compile(
    r"(?i)^[\W_]*(?:(?:group\s+)?(?:member|client|pt|patient|participant|name|individual)s?\b[\W_]*)?$"
)


def _member_heading(text: str, mentions: list[tuple[Member, re.Match[str]]]) -> Member | None:
    """The member whose name heads the clause as a label ("Maria:", "- T.R. -") or a
    block ("--- MEMBER: FINCH, GERALD ---")."""
    if not mentions:
        return None
    first, match = mentions[0]
    before = text[: match.start()]
    after = text[match.end() :]
    if len(mentions) == 1 and _BLOCK_WORDS.match(before) and re.fullmatch(r"[\W_]*", after):
        return first
    if before.strip(" -–—•*\t([") == "" and re.match(r"\s*(?:\([^)]*\))?\s*(?::|[-–—]\s)", after):
        return first
    return None


_OPENS_WITH_SUBJECT = re.compile(
    r"(?i)^\W*(?:the\s+)?(?:client|pt|patient|member|she|he|they|i|we|facilitator|therapist|"
    r"writer|clinician|group|\[|\d|(?-i:[A-Z])\.)\b|^\W*$|(?-i:^\W*[A-Z])"
)


def _subject_for(content: str) -> str:
    """What a member's heading stands for before content that has no subject: "The
    client " before a verb ("practiced ..."), "The client was " before a description
    ("quiet, engaged ...")."""
    if _OPENS_WITH_SUBJECT.match(content):
        return ""
    first = re.match(r"\W*([a-z][a-z'-]*)", content)
    if first is None:
        return ""
    word = first.group(1)
    if word.endswith(("ed", "es", "s")) or word in _verbs():
        return "The client "
    return "The client was "


@cache
def _verbs() -> frozenset[str]:
    from notewell.core.lexicons import cue_lexicon

    lexicon = cue_lexicon()
    return frozenset(lexicon["clinician_verbs"]) | frozenset(lexicon["client_verbs"])


def _heading_end(text: str, mentions: list[tuple[Member, re.Match[str]]]) -> int:
    match = mentions[0][1]
    tail = re.match(r"\s*(?:\([^)]*\))?\s*(?::|[-–—])\s*", text[match.end() :])
    return match.end() + (tail.end() if tail else 0)


def _add(
    share: Share,
    segment: Segment,
    owner: Member,
    members: tuple[Member, ...],
    heading: Member | None,
    counted: bool = True,
    block_label: tuple[str, tuple[int, int]] | None = None,
) -> None:
    text = segment.text
    mentions = _mentions(text, members)
    start = 0
    if heading is not None and mentions and mentions[0][0] is heading:
        start = _heading_end(text, mentions)  # the heading's name is the note's subject
        mentions = mentions[1:]
        if block_label is not None and not risk_concepts(text[start:]):
            # "Safety check (SI/HI/SH):" above "Ricci - neg/neg/neg": the values' label.
            share.text.add(block_label[0] + ": ", block_label[1])
        elif subject := _subject_for(text[start:]):
            # "Dana: practiced paced breathing" is what Dana did, not the therapist.
            share.text.add(subject, (segment.start + start, segment.start + start))
    elif (
        mentions
        and mentions[0][0] is owner
        and text[: mentions[0][1].start()].rstrip().endswith(":")
    ):
        # "Check-in (SI/HI screen done during check-in): Luis reported a good week": the
        # label is the round's, not what Luis said.
        start = mentions[0][1].start()
    _put(share, segment, start, mentions, lambda m: "the client" if m is owner else OTHER_MEMBER)
    if not counted:
        share.clauses -= 1  # the group's own content documents nothing of this member


_LIST_GAP = re.compile(
    r"^\s*[:\-–]?\s*[^\s,;|]{0,12}(?:\s*\([^)]{0,200}\))?\s*[,;|]\s*(?:and\s+)?$"
)


def _list_pieces(
    text: str, mentions: list[tuple[Member, re.Match[str]]]
) -> tuple[tuple[int, int], list[tuple[Member, tuple[int, int]]]] | None:
    """A clause that lists members each with a short value of their own ("Risk (SI/HI):
    A -/-, B -/- (stated ...), C +/-"): the label's span and each member's piece."""
    if len(mentions) < 2:
        return None
    members = [m for m, _ in mentions]
    if len(set(members)) != len(members):
        return None
    parts = []
    for i, (m, match) in enumerate(mentions):
        end = mentions[i + 1][1].start() if i + 1 < len(mentions) else len(text)
        if i + 1 < len(mentions) and not _LIST_GAP.match(text[match.end() : end]):
            return None
        parts.append((m, (match.end(), end)))
    label_end = mentions[0][1].start()
    if not text[:label_end].rstrip().endswith((":", "-", "–")) and label_end > 0:
        return None
    return (0, label_end), parts


def _shared_tail(
    text: str, parts: list[tuple[Member, tuple[int, int]]]
) -> list[tuple[Member, tuple[int, int]]]:
    """ "Papadakis, Odum - absent": when only the last member has a value, it is all of
    theirs."""
    empty = [
        not re.search(r"[^\s,;.|&]|\band\b", text[a:b].replace("and", "")) for _, (a, b) in parts
    ]
    if len(parts) > 1 and all(empty[:-1]) and not empty[-1]:
        tail = parts[-1][1]
        return [(m, tail) for m, _ in parts]
    return parts


def _add_piece(
    share: Share,
    segment: Segment,
    label: tuple[int, int],
    start: int,
    end: int,
    owner: Member,
    members: tuple[Member, ...],
) -> None:
    text, out = segment.text, share.text
    piece = text[start:end].rstrip(" ,;|.")
    if not re.search(r"[^\s,;.|]", piece):
        return  # "Present: J.M., T.R.": a name in a list, nothing said
    if _ABSENT.search(piece):
        share.attended = False
    concepts = risk_concepts(text[label[0] : label[1]])
    if concepts and not risk_concepts(piece):
        # "Check-out - SI and self-harm urges asked (0 = none): J.M. 0" -> "SI/self-harm: 0"
        out.add(concepts + ": ", (segment.start + label[0], segment.start + label[1]))
    elif label[1] > label[0]:
        out.add(text[label[0] : label[1]], (segment.start + label[0], segment.start + label[1]))
    out.add(piece, (segment.start + start, segment.start + start + len(piece)))
    out.add("\n", (segment.end, segment.end))
    share.clauses += 1


_CONCEPT = re.compile(
    r"(?i)\b(si|hi|sh|sib|nssi|suicidal ideation|homicidal ideation|self[- ]harm(?: urges)?|"
    r"suicid\w*|homicid\w*)\b"
)


def risk_concepts(label: str) -> str:
    """The risk concepts a list's label asks about, as a label of its own ("SI/HI/SH")."""
    found = [m.group(1) for m in _CONCEPT.finditer(label)]
    return "/".join(dict.fromkeys(found))


def _add_shared(share: Share, segment: Segment, members: tuple[Member, ...]) -> None:
    """The group's interventions, topic and plan in a member's share: the facilitator
    did them for every member. They document nothing of the member on their own."""
    clauses = share.clauses
    _add_to_group(share, segment, members)
    share.clauses = clauses


def _add_to_group(share: Share, segment: Segment, members: tuple[Member, ...]) -> None:
    text = segment.text
    start = 0
    topic = _TOPIC_LABEL.match(text)
    pronoun = _PRONOUN_START.match(text)
    if topic is not None:
        # The group's topic is the note's goal for the session.
        share.text.add("Goal: ", (segment.start, segment.start + topic.end()))
        start = topic.end()
    elif pronoun is not None and re.match(r"(?i)\W*(she|he)\b", text):
        # A member the input does not name: never "Client" in the group's note.
        share.text.add("A group member", (segment.start, segment.start + pronoun.end()))
        start = pronoun.end()
    _put(share, segment, start, _mentions(text, members), lambda m: SOME_MEMBER)


def _add_every(
    share: Share, segment: Segment, members: tuple[Member, ...] = (), owner: Member | None = None
) -> None:
    """A statement about every member, written as this member's ("Client denied SI"):
    from where it speaks of every member ("... at close - no one endorsed SI"), or the
    whole clause when that part names no risk ("SI/HI screen: all present denied")."""
    text = segment.text
    starts = sorted(m.start() for p in (_EVERY_MEMBER, _NO_MEMBER) for m in p.finditer(text))
    # The last mention of every member that the risk words follow: "Safety screen with all
    # members present: all denied SI" is "all denied SI".
    first = next((a for a in reversed(starts) if _RISK_WORDS.search(text, a)), 0)
    if first:
        segment = Segment(text[first:], segment.start + first, segment.end, segment.element)
        text = segment.text
    pieces: list[tuple[int, int, str]] = []
    for match in _EVERY_MEMBER.finditer(text):
        pieces.append(
            (match.start(), match.end(), "Client" + (" " if match.group()[-1:].isspace() else ""))
        )
    for match in _NO_MEMBER.finditer(text):
        pieces.append((match.start(), match.end(), "Client denied"))
    for m, match in _mentions(text, members):
        # "All members, including Martin, denied": no member's name in another's note.
        pieces.append((match.start(), match.end(), "the client" if m is owner else OTHER_MEMBER))
    pieces.sort()
    out = share.text
    cursor = 0
    for start, end, replacement in pieces:
        if start < cursor:
            continue
        out.add(text[cursor:start], (segment.start + cursor, segment.start + start))
        out.add(replacement, (segment.start + start, segment.start + end))
        cursor = end
    out.add(text[cursor:], (segment.start + cursor, segment.end))
    out.add("\n", (segment.end, segment.end))
    share.clauses += 1


def _put(
    share: Share,
    segment: Segment,
    start: int,
    mentions: list[tuple[Member, re.Match[str]]],
    name_for: Callable[[Member], str],
) -> None:
    text, out = segment.text, share.text
    cursor = start
    for m, match in mentions:
        if match.start() < cursor:
            continue
        out.add(
            text[cursor : match.start()], (segment.start + cursor, segment.start + match.start())
        )
        replacement = name_for(m)
        if match.group().endswith(("'s", "’s")):
            replacement += "'s"
        if not text[start : match.start()].strip():
            replacement = replacement[0].upper() + replacement[1:]
        out.add(replacement, (segment.start + match.start(), segment.start + match.end()))
        cursor = match.end()
    out.add(text[cursor:], (segment.start + cursor, segment.end))
    out.add("\n", (segment.end, segment.end))
    share.clauses += 1
