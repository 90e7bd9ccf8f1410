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
from notewell.core.extract.segment import split_label
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
    relatives: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]
    conditions: tuple[str, ...]


class _TopicsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    topics: tuple[_Topic, ...]
    from_elements: dict[str, str]
    mental_status_domains: tuple[_Domain, ...]
    family_history: _Family


@dataclass(frozen=True, slots=True)
class MentalStatusDomain:
    id: str
    label: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class IntakeVocabulary:
    labels: dict[str, str]  # heading (normalised) -> topic
    cues: tuple[tuple[str, re.Pattern[str]], ...]  # in the order they are tried
    from_elements: dict[str, str]
    domains: tuple[MentalStatusDomain, ...]
    relative: re.Pattern[str]
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
    return IntakeVocabulary(
        labels=labels,
        cues=tuple((t, _alternation(cues[t])) for t in _CUE_ORDER if cues[t]),
        from_elements=dict(raw.from_elements),
        domains=tuple(
            MentalStatusDomain(d.id, d.label, _alternation(d.cues))
            for d in raw.mental_status_domains
        ),
        relative=_alternation(family.relatives),
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
_HEADING_ONLY = re.compile(r"^\W*([A-Za-z][\w &/+-]{0,60}?)\s*:?\s*$")


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one clause of the notes goes in an intake, and the heading to drop from it."""

    topic: str
    label_end: int = 0  # offset in the clause's text after its heading ("FHx: ")


def place_segments(facts: SessionFacts) -> dict[int, Placement]:
    """Each segment's intake topic, keyed by its start offset."""
    vocab = intake_vocabulary()
    gender = client_gender(facts.text)
    placements: dict[int, Placement] = {}
    heading: str | None = None
    previous: Segment | None = None
    last_topic: str | None = None
    last_relative_gender: str | None = None
    inline = False  # the heading shares its line with content ("SHx: lives with wife")
    for segment in facts.segments:
        if previous is not None and _paragraph_break(facts.text, previous.end, segment.start):
            heading = None
        elif (
            inline
            and previous is not None
            and "\n" in facts.text[previous.end : segment.start]
            and not _continuation_line(facts.text, segment.start)
        ):
            heading = None  # "Label: value" heads its own line (and the bullets under it)
        own = _heading_of(segment, vocab)
        label_end = 0
        if own is not None:
            heading, label_end = own
            inline = label_end < len(segment.text.rstrip())
            if not inline:
                previous = segment  # a heading on its own line holds nothing to write
                placements[segment.start] = Placement(heading, label_end)
                continue
        topic = _topic(segment, heading, vocab, facts)
        if (
            topic != "family_history"
            and heading is None
            and last_topic == "family_history"
            and _continues_relative(segment.text, gender, last_relative_gender)
        ):
            topic = "family_history"  # "Her father drank. He was hospitalized twice."
        if topic == "family_history":
            last_relative_gender = _relative_gender(segment.text, vocab) or last_relative_gender
        placements[segment.start] = Placement(topic, label_end)
        last_topic, previous = topic, segment
    return placements


def _paragraph_break(text: str, end: int, start: int) -> bool:
    return text.count("\n", end, start) >= 2


_CONTINUATION = re.compile(r"[ \t]+\S|[ \t]*(?:[-–•*+>]|\d{1,2}[.)]|[a-z]\))[ \t]")


def _continuation_line(text: str, start: int) -> bool:
    """A line that goes on under the heading above it: indented, or a list item."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_CONTINUATION.match(text, line_start))


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
        if key in vocab.labels:
            return vocab.labels[key], content_start
        if any(d.id == key.replace(" ", "_") or d.label == key for d in vocab.domains):
            return "mental_status", 0  # "Mood: 'okay'" keeps its domain's label
        return None
    only = _HEADING_ONLY.match(text)
    if only and normalise_label(only.group(1)) in vocab.labels:
        return vocab.labels[normalise_label(only.group(1))], len(text)
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
    if element in ("private_reflection", "service"):
        return element
    current_risk = element == "risk" and _has_client_risk(segment, facts)
    if heading is not None:
        if current_risk and heading not in _RISK_MAY_STAY:
            return "risk"
        return heading
    if is_family_history(segment.text, vocab):
        return "family_history"
    if element == "risk":
        return "risk"
    if element in ("plan", "goal", "observation", "intervention"):
        return vocab.from_elements[element]
    for topic, pattern in vocab.cues:
        if pattern.search(segment.text):
            return topic
    return vocab.from_elements[element]


def _has_client_risk(segment: Segment, facts: SessionFacts) -> bool:
    return any(
        segment.start <= m.span[0] < segment.end and m.counts_for_status
        for m in facts.risk_mentions
    )


def is_family_history(text: str, vocab: IntakeVocabulary | None = None) -> bool:
    """A relative named with a condition, and the client not the clause's subject."""
    vocab = vocab or intake_vocabulary()
    frame = _REPORT_FRAME.match(text)
    body = text[frame.end() :] if frame else text
    if re.search(
        r"(?i)family (psychiatric |mental health |medical |substance )?(history|hx)", body
    ):
        return True
    relative = vocab.relative.search(body)
    if relative is None or vocab.condition.search(body) is None:
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
    r"was concerned|feels|felt|believes?|believed)\b[^.]*\b(?:client|pt|patient|she|he|they)\b"
)


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


def _continues_relative(text: str, client: str | None, relative: str | None) -> bool:
    """A clause that opens with the relative's pronoun, not the client's."""
    match = _PRONOUN_START.match(text)
    if match is None or relative is None:
        return False
    pronoun = "f" if match.group(1).lower() in ("she", "her") else "m"
    if match.group(1).lower() in ("they", "their"):
        return False
    return pronoun == relative and pronoun != client


def mental_status_domains(texts: list[str]) -> tuple[list[str], list[str]]:
    """The domains these mental status clauses state, and the ones they do not."""
    vocab = intake_vocabulary()
    stated = [d.label for d in vocab.domains if any(d.pattern.search(t) for t in texts)]
    missing = [d.label for d in vocab.domains if d.label not in stated]
    return stated, missing
