"""The biopsychosocial topics of an intake, and which topic each clause of the notes is.

The clinician's own headings decide first ("FHx:", "MSE", "Social history:"): what
follows a heading is that topic until the next heading or the end of its paragraph.
A clause with no heading is placed by what it says: a relative named with a condition,
the client not its subject, is family history ("Mother - bipolar"; "her father drank"
and the "He was hospitalized" after it), never the client's; then substance,
psychiatric, medical, trauma, developmental and social cues; then the element the
progress-note engine found (an observation is mental status, a plan a recommendation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from notewell.core.errors import ConfigError
from notewell.core.extract.elements import find_interventions
from notewell.core.extract.segment import split_label, under_heading
from notewell.core.models import ELEMENTS, Segment, SessionFacts
from notewell.core.risk.experiencer import client_gender


class _Topic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    labels: tuple[str, ...]
    cues: tuple[str, ...]


class _Domain(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    label: str
    cues: tuple[str, ...]


class _Family(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    others: tuple[str, ...]
    relatives: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]
    conditions: tuple[str, ...]


class _LabelWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    topic: str
    pattern: str


class _TopicsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    topics: tuple[_Topic, ...]
    label_words: tuple[_LabelWords, ...]
    from_elements: dict[str, str]
    mental_status_domains: tuple[_Domain, ...]
    mental_status_statements: tuple[str, ...]
    family_history: _Family


@dataclass(frozen=True, slots=True)
class MentalStatusDomain:
    id: str
    label: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class IntakeVocabulary:
    labels: dict[str, str]  # heading (normalised) -> topic
    label_words: tuple[tuple[str, re.Pattern[str]], ...]  # a heading read by its words
    cues: tuple[tuple[str, re.Pattern[str]], ...]  # in the order they are tried
    from_elements: dict[str, str]
    domains: tuple[MentalStatusDomain, ...]
    mental_status_statement: re.Pattern[str]
    relative: re.Pattern[str]
    other_person: re.Pattern[str]
    female: frozenset[str]
    male: frozenset[str]
    condition: re.Pattern[str]


def _alternation(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![\w])", re.I
    )


def _raw() -> _TopicsFile:
    text = resources.files(__package__).joinpath("data", "topics.yaml").read_text("utf-8")
    try:
        return _TopicsFile.model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"intake topics.yaml: {where}: {first['msg']}") from None


TOPIC_IDS: tuple[str, ...] = tuple(t.id for t in _raw().topics)
# What an intake format's sections may hold: the topics, the service details, and the
# private reflections (which only ever reach the psychotherapy note).
INTAKE_ELEMENTS: tuple[str, ...] = (*TOPIC_IDS, "service", "private_reflection")

# Cues tried for a clause with no heading, in this order (family history is its own rule).
_CUE_ORDER = (
    "presenting_problem",
    "psychiatric_history",
    "substance_use",
    "medical_history",
    "trauma_history",
    "developmental_history",
    "diagnostic_impression",
    "social_history",
)
# A current risk statement under one of these headings stays there (an MSE's "TC: no
# SI", a psychiatric history's attempt); under any other it goes to the risk section.
_RISK_MAY_STAY = frozenset(
    ["mental_status", "psychiatric_history", "family_history", "trauma_history", "risk"]
)


@cache
def intake_vocabulary() -> IntakeVocabulary:
    raw = _raw()
    labels: dict[str, str] = {}
    for topic in raw.topics:
        for label in topic.labels:
            key = normalise_label(label)
            if key in labels and labels[key] != topic.id:
                raise ConfigError(f"intake topics.yaml: heading {label!r} names two topics")
            labels[key] = topic.id
    cues = {t.id: t.cues for t in raw.topics}
    for element, placed in raw.from_elements.items():
        if element not in ELEMENTS or placed not in INTAKE_ELEMENTS:
            raise ConfigError(f"intake topics.yaml: from_elements: {element} -> {placed}")
    missing = sorted(set(ELEMENTS) - set(raw.from_elements))
    if missing:
        raise ConfigError(f"intake topics.yaml: from_elements has no topic for {missing[0]!r}")
    family = raw.family_history
    for entry in raw.label_words:
        if entry.topic not in TOPIC_IDS:
            raise ConfigError(f"intake topics.yaml: label_words: unknown topic {entry.topic!r}")
    return IntakeVocabulary(
        labels=labels,
        label_words=tuple((e.topic, re.compile(e.pattern, re.I)) for e in raw.label_words),
        cues=tuple((t, _alternation(cues[t])) for t in _CUE_ORDER if cues[t]),
        from_elements=dict(raw.from_elements),
        domains=tuple(
            MentalStatusDomain(d.id, d.label, _alternation(d.cues))
            for d in raw.mental_status_domains
        ),
        mental_status_statement=re.compile(
            "|".join(f"(?:{p})" for p in raw.mental_status_statements), re.I
        ),
        relative=_alternation(family.relatives),
        other_person=_alternation(family.others),
        female=frozenset(family.female),
        male=frozenset(family.male),
        condition=_alternation(family.conditions),
    )


def normalise_label(label: str) -> str:
    return " ".join(re.sub(r"[^\w&/+-]+", " ", label.lower()).split())


# "Client", "pt" as the one a clause is about ("Client's mother" is the mother).
_CLIENT = re.compile(r"(?i)\b(client|pt|patient|cl|identified patient)\b(?!'s|’s)")
# "Pt reports that ..." frames what follows; the frame's subject is not its subject.
_REPORT_FRAME = re.compile(
    r"(?i)^\W*(?:the )?(?:client|pt|patient|cl|she|he|they)\s+(?:also\s+)?"
    r"(?:reports?|reported|states?|stated|says|said|notes?|noted|shares?|shared|describes?|"
    r"described|endorses?|endorsed|disclosed|discloses|mentions?|mentioned|indicated?|"
    r"indicates|adds?|added)\b(?:\s+that)?[\s,:]*"
)
_PRONOUN_START = re.compile(r"(?i)^\W*(he|she|they|his|her|their)\b")
_SUBJECT_PRONOUN = re.compile(r"(?i)^\W*(he|she|they)\b")
_HEADING_ONLY = re.compile(r"^\W*([A-Za-z][\w &/+-]{0,60}?)\s*:?\s*$")


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one clause of the notes goes in an intake, and the heading to drop from it."""

    topic: str
    label_end: int = 0  # offset in the clause's text after its heading ("FHx: ")


def place_segments(facts: SessionFacts) -> dict[int, Placement]:
    """Each segment's intake topic, keyed by its start offset."""
    vocab = intake_vocabulary()
    placements: dict[int, Placement] = {}
    heading: str | None = None
    previous: Segment | None = None
    last_topic: str | None = None
    relative_before: str | None = None  # the gender of a relative the clause before opened with
    inline = False  # the heading shares its line with content ("SHx: lives with wife")
    heading_start = 0
    for segment in facts.segments:
        if previous is not None and _paragraph_break(facts.text, previous.end, segment.start):
            heading = None
        elif (
            inline
            and previous is not None
            and "\n" in facts.text[previous.end : segment.start]
            and not under_heading(facts.text, heading_start, segment.start)
        ):
            heading = None  # "Label: value" heads its own line (and the lines under it)
        own = _heading_of(segment, vocab)
        label_end = 0
        if own is not None:
            heading, label_end = own
            heading_start = segment.start
            inline = label_end < len(segment.text.rstrip())
            if not inline:
                previous = segment  # a heading on its own line holds nothing to write
                placements[segment.start] = Placement(heading, label_end)
                continue
        topic = _topic(segment, heading, vocab, facts)
        if (
            topic != "family_history"
            and heading is None
            and relative_before is not None
            and _continues_relative(segment.text, relative_before)
            and (last_topic == "family_history" or vocab.condition.search(segment.text))
        ):
            # "Her father drank. He was hospitalized twice."; "His older brother lives
            # with their grandmother. He was diagnosed with schizophrenia at 20."
            topic = "family_history"
        if not (topic == "family_history" and _SUBJECT_PRONOUN.match(segment.text)):
            relative_before = _subject_relative(segment.text, vocab)  # else: still them
        placements[segment.start] = Placement(topic, label_end)
        last_topic, previous = topic, segment
    return _with_presenting_problem(placements, facts)


def _with_presenting_problem(
    placements: dict[int, Placement], facts: SessionFacts
) -> dict[int, Placement]:
    """Notes that name no presenting problem open with it: the first clause of the
    history of present illness that no heading placed is the reason the client came."""
    if any(p.topic == "presenting_problem" for p in placements.values()):
        return placements
    for segment in facts.segments:
        placement = placements.get(segment.start)
        if placement is not None and placement.topic == "hpi":
            if len(segment.text.split()) < 3:
                continue  # "Intake." opens the notes; it is not the reason
            if placement.label_end == 0:
                placements[segment.start] = Placement("presenting_problem", 0)
            break
    return placements


def _paragraph_break(text: str, end: int, start: int) -> bool:
    return text.count("\n", end, start) >= 2


def _heading_of(segment: Segment, vocab: IntakeVocabulary) -> tuple[str, int] | None:
    """The topic a heading at the clause's start names, and where its content begins."""
    if segment.speaker is not None:
        return None
    text = segment.text
    label, content_start = split_label(text)
    if label is None:
        label, content_start = _any_label(text)
    if label is not None:
        key = normalise_label(label)
        if any(d.id == key.replace(" ", "_") or d.label == key for d in vocab.domains):
            return "mental_status", 0  # "Mood: 'okay'" keeps its domain's label
        topic = heading_topic(key, vocab)
        return (topic, content_start) if topic else None
    only = _HEADING_ONLY.match(text)
    if only:
        # A line that is only a heading: one of the known headings, or any heading the
        # words name when it is written as one ("FAMILY MH HISTORY", "Social:").
        words = only.group(1)
        key = normalise_label(words)
        written_as_heading = text.rstrip().endswith(":") or words.isupper()
        topic = vocab.labels.get(key) or (heading_topic(key, vocab) if written_as_heading else None)
        if topic is not None and len(words.split()) <= 5:
            return topic, len(text)
    # Dictation says a heading with a comma: "Family, her sister had ...".
    comma = _COMMA_HEADING.match(text)
    if comma and normalise_label(comma.group(1)) in vocab.labels:
        return vocab.labels[normalise_label(comma.group(1))], comma.end()
    return None


_COMMA_HEADING = re.compile(r"^\W*([A-Za-z][A-Za-z ]{3,30}?)\s*,\s+")


def heading_topic(key: str, vocab: IntakeVocabulary | None = None) -> str | None:
    """The topic a heading names: by the lists of headings, else by its words."""
    vocab = vocab or intake_vocabulary()
    if key in vocab.labels:
        return vocab.labels[key]
    if len(key) < 3 or len(key.split()) > 6:
        return None
    for topic, pattern in vocab.label_words:
        if pattern.search(key):
            return topic
    return None


_ANY_LABEL = re.compile(r"^\W*(?P<label>[A-Za-z][\w &/+-]{0,40}?)\s*(?::|\s[-–]\s|-(?=\s))\s*")


def _any_label(text: str) -> tuple[str | None, int]:
    match = _ANY_LABEL.match(text)
    if match is None:
        return None, 0
    return match.group("label"), match.end()


def _topic(
    segment: Segment, heading: str | None, vocab: IntakeVocabulary, facts: SessionFacts
) -> str:
    element = segment.element
    if element == "private_reflection" and _states_diagnosis(segment.text, vocab):
        # "My impression is generalized anxiety disorder": in an intake, the diagnosis.
        return "diagnostic_impression"
    if element == "service":
        return element
    current_risk = element == "risk" and _has_client_risk(segment, facts)
    if heading is not None and element != "private_reflection":
        if current_risk and heading not in _RISK_MAY_STAY:
            return "risk"
        return heading
    if element == "private_reflection":
        return element
    if is_family_history(segment.text, vocab):
        return "family_history"
    if about_someone_else(segment.text, vocab, client_gender_of(facts)):
        return "social_history"  # "She says he has PTSD and drinks": her husband's
    if element == "risk":
        return "risk"
    if element in ("plan", "goal", "observation"):
        return vocab.from_elements[element]
    if element == "intervention" and find_interventions(segment.text):
        return vocab.from_elements[element]
    if vocab.mental_status_statement.search(segment.text):
        return "mental_status"
    for topic, pattern in vocab.cues:
        if pattern.search(segment.text):
            return topic
    return vocab.from_elements[element]


def _has_client_risk(segment: Segment, facts: SessionFacts) -> bool:
    return any(
        segment.start <= m.span[0] < segment.end and m.counts_for_status
        for m in facts.risk_mentions
    )


def _states_diagnosis(text: str, vocab: IntakeVocabulary) -> bool:
    pattern = dict(vocab.cues).get("diagnostic_impression")
    return bool(
        re.search(r"(?i)\b(impression|diagnos\w*|dx)\b", text)
        and (
            (pattern is not None and pattern.search(text))
            or re.search(r"(?i)\b(disorder|depression|anxiety|ptsd|adhd|ocd)\b", text)
        )
    )


def client_gender_of(facts: SessionFacts) -> str | None:
    """The client's gender as the notes' pronouns give it: after "client", else the
    first clause that opens with "She" or "He" (intake notes open with the client)."""
    stated = client_gender(facts.text)
    if stated is not None:
        return stated
    for segment in facts.segments[:4]:
        match = re.match(r"^\W*(she|he)\b", segment.text, re.I)
        if match:
            return "f" if match.group(1).lower() == "she" else "m"
    return None


_CLIENT_SUBJECT = re.compile(r"(?i)^\W*(?:the\s+)?(?:client|pt|patient|cl|she|he|they)\b(?!'s|’s)")


def about_someone_else(text: str, vocab: IntakeVocabulary, gender: str | None) -> bool:
    """A clause whose subject is another person (not a relative) with a condition: a
    partner, a friend, or "he" in a woman's notes after "She says"."""
    frame = _REPORT_FRAME.match(text)
    body = text[frame.end() :] if frame else text
    if vocab.condition.search(body) is None:
        return False
    lead = re.match(r"(?i)^\W*(?:her|his|their|the client'?s|client'?s|pt'?s)?\s*", body)
    start = lead.end() if lead else 0
    if vocab.other_person.match(body, start) and not _CLIENT.search(body):
        return True
    pronoun = re.match(r"(?i)\W*(he|she)\b", body)
    if frame is not None and pronoun is not None and gender is not None:
        return ("f" if pronoun.group(1).lower() == "she" else "m") != gender
    return False


def is_family_history(text: str, vocab: IntakeVocabulary | None = None) -> bool:
    """A relative named with a condition, and the client not the clause's subject: the
    relative opens the clause ("Her older half-brother has ...", "Mom - depression"),
    or the condition is said to be in them ("depression in her mother")."""
    vocab = vocab or intake_vocabulary()
    frame = _REPORT_FRAME.match(text)
    body = text[frame.end() :] if frame else text
    if re.search(
        r"(?i)family (psychiatric |mental health |medical |substance )?(history|hx)", body
    ):
        return True
    relative = vocab.relative.search(body)
    condition = vocab.condition.search(body)
    if relative is None or condition is None or _CLIENT_SUBJECT.match(body):
        return False
    opens = len(body[: relative.start()].split()) <= 4
    said_in = condition.start() < relative.start() and re.search(
        r"(?i)\b(in|of|for|per)\s+(?:(?:her|his|their|the client'?s|pt'?s)\s+)?$|[-–(]\s*$",
        body[: relative.start()],
    )
    if not (opens or said_in):
        return False
    if _COLLATERAL.search(body):
        return False  # "Per mother, client ...", "Mom reports pt ...": about the client
    client = _CLIENT.search(body)
    # The relative leads the clause ("Mother, like client, has anxiety"), or the client
    # is not in it at all.
    return client is None or relative.start() <= 12 < client.start()


_COLLATERAL = re.compile(
    r"(?i)^\W*(?:per|according to|as reported by|collateral (?:from|per))\b|"
    r"\b(?:mother|mom|father|dad|parents?|guardian|wife|husband|partner|spouse|sister|brother"
    r"|grandmother|grandfather|aunt|uncle)\s+(?:also\s+)?(?:reports?|reported|states?|stated|"
    r"says|said|notes?|noted|describes?|described|shared|expressed|worries|worried|is concerned|"
    r"was concerned|feels|felt|believes?|believed|deny|denies|denied|say|describe|observed|"
    r"noticed)\b[^.]*\b(?:client|pt|patient|she|he|they)\b"
    # "Parents deny depression, deny any self-harm": what they say of the client.
    r"|^\W*(?:the\s+)?(?:parents?|mother|mom|father|dad|guardian|grandmother|caregivers?)\s+"
    r"(?:deny|denies|denied)\b"
)


def _subject_relative(text: str, vocab: IntakeVocabulary) -> str | None:
    """The gender of the relative a clause opens with ("His older brother Marcus ...")."""
    frame = _REPORT_FRAME.match(text)
    body = text[frame.end() :] if frame else text
    relative = vocab.relative.search(body)
    if relative is None or len(body[: relative.start()].split()) > 4:
        return None
    if _CLIENT_SUBJECT.match(body):
        return None
    return _relative_gender(body, vocab)


def _relative_gender(text: str, vocab: IntakeVocabulary) -> str | None:
    match = vocab.relative.search(text)
    if match is None:
        return None
    words = set(re.findall(r"[a-z]+", match.group().lower()))
    if words & vocab.female or any(w.endswith(("mother", "mom", "ma")) for w in words):
        return "f"
    if words & vocab.male or any(w.endswith(("father", "dad", "pa")) for w in words):
        return "m"
    return None


def _continues_relative(text: str, relative: str | None) -> bool:
    """A clause that opens with the pronoun of the relative the clause before was about."""
    match = _PRONOUN_START.match(text)
    if match is None or relative is None:
        return False
    pronoun = "f" if match.group(1).lower() in ("she", "her") else "m"
    if match.group(1).lower() in ("they", "their"):
        return False
    # A pronoun subject goes on about the subject of the sentence before, the relative,
    # even when the client has the same gender ("His brother has schizophrenia. He was
    # hospitalized twice"): another's history in the client's sections is the worse error.
    return pronoun == relative


def mental_status_domains(texts: list[str]) -> tuple[list[str], list[str]]:
    """The domains these mental status clauses state, and the ones they do not."""
    vocab = intake_vocabulary()
    stated = [d.label for d in vocab.domains if any(d.pattern.search(t) for t in texts)]
    missing = [d.label for d in vocab.domains if d.label not in stated]
    return stated, missing
