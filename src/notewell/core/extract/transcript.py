"""Speaker-labelled transcripts: "T:"/"C:", "Therapist:"/"Client:", or names."""

from __future__ import annotations

import re

from notewell.core.extract.segment import split_sentences
from notewell.core.extract.session_input import FIELD_ALIASES, SessionInput, Unit, read_field_lines

_SPEAKER_LINE = re.compile(
    # An optional timestamp ("[00:01:12]", "00:01") may precede the speaker label.
    r"^[ \t]*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]+)?"
    r"(?:\[[^\]\n]{1,20}\][ \t]*)?"  # "[Telehealth] Provider: ..."
    r"(?P<label>[A-Za-z][A-Za-z0-9.'\- ]{0,24}?(?:[ \t]*\([A-Za-z ]{1,20}\))?|[A-Z])[ \t]*:[ \t]*(?P<rest>\S.*)$",
    re.M,
)
CLINICIAN_LABELS = {
    "t",
    "q",
    "md",
    "np",
    "rn",
    "pa",
    "nurse",
    "psychiatrist",
    "staff",
    "intern",
    "trainee",
    "facilitator",
    "th",
    "therapist",
    "clinician",
    "counselor",
    "counsellor",
    "dr",
    "doctor",
    "provider",
    "psychologist",
    "social worker",
    "lcsw",
    "me",
    "interviewer",
    "sw",
}
CLIENT_LABELS = {
    "c",
    "cl",
    "client",
    "patient",
    "p",
    "pt",
    "member",
    "consumer",
    "youth",
    "student",
    "a",
}
_NOT_SPEAKERS = {
    "plan",
    "goal",
    "data",
    "assessment",
    "subjective",
    "objective",
    "behavior",
    "behaviour",
    "intervention",
    "interventions",
    "response",
    "progress",
    "risk",
    "hw",
    "homework",
    "note",
    "notes",
    "date",
    "duration",
    "modality",
    "session",
    "location",
    "time",
    "a",
    "s",
    "o",
    "d",
    "b",
    "i",
    "r",
    "g",
    "ba",
    "mi",
    "dbt",
    "cbt",
    "si",
    "hi",
    "mse",
    "dx",
    "diagnosis",
    "summary",
    "focus",
    "topic",
}


def speaker_lines(text: str) -> list[re.Match[str]]:
    # "Q:"/"A:" are question and answer only where both occur ("A:" is also Assessment).
    qa = bool(re.search(r"(?m)^\s*Q\s*:", text)) and bool(re.search(r"(?m)^\s*A\s*:", text))
    lines = []
    for match in _SPEAKER_LINE.finditer(text):
        label = match.group("label").strip().lower().rstrip(".")
        if match.group("label")[0].islower() and label_role(label) is None:
            continue  # "mood: low" is a field; "pt: no" a speaker
        if qa and label in ("q", "a"):
            lines.append(match)
            continue
        if (
            label in _NOT_SPEAKERS
            or re.match(r"^goal\s*\d", label)
            or (label in FIELD_ALIASES and label not in CLIENT_LABELS)
        ):
            continue
        lines.append(match)
    return lines


_CHECKBOX = re.compile(r"\[[ xX✓✔*•]?\]|\([ xX•]\)|[☐☒☑□■●○]")


def label_role(label: str) -> str | None:
    """ "clinician" or "client" for a known speaker label ("T", "Dr. K", "Pt"), else None."""
    key = label.strip().lower().rstrip(".")
    inner = re.search(r"\(([^)]*)\)", key)  # "S1 (therapist)", "CHILD (9)"
    if inner:
        role = label_role(inner.group(1)) if inner.group(1).strip() else None
        if role:
            return role
        key = key[: inner.start()].strip()
    if key in CLINICIAN_LABELS or key.startswith(("dr ", "dr.")):
        return "clinician"
    if key in CLIENT_LABELS:
        return "client"
    return None


def looks_like_transcript(text: str) -> bool:
    """Speakers take turns; a template of "Label: value" lines names each field once.

    A transcript has a known clinician label and a known client label ("T:"/"C:",
    "Counselor:"/"Student:", "Q:"/"A:") on most lines, or a few named speakers whose
    labels recur. Checkboxes belong to forms, never to speech.
    """
    lines = [ln for ln in text.splitlines() if ln.strip()]
    labelled = speaker_lines(text)
    if len(labelled) < 2 or _CHECKBOX.search(text):
        return False
    labels = [m.group("label").strip().lower().rstrip(".") for m in labelled]
    distinct = set(labels)
    clinician = {label for label in distinct if label_role(label) == "clinician"}
    client = {label for label in distinct if label_role(label) == "client"}
    others = distinct - clinician - client
    if clinician and (client or len(others) == 1):
        # A known clinician and a client, or one other speaker ("Dr. K:" / "Ms. L:").
        turns = sum(label in clinician | client | others for label in labels)
        # A couple or a family answering a known clinician: several named speakers.
        clinician_turns = sum(label in clinician for label in labels)
        return (len(others) <= 1 or clinician_turns >= 2) and turns / len(lines) >= 0.5
    share = len(labelled) / max(1, len(lines))
    recurring = len(labelled) - len(distinct) >= 2 and len(distinct) <= 4
    # Mostly dialogue, or plenty of it around a few narrative lines ("Maria asked how...").
    return recurring and (
        (len(labelled) >= 3 and share >= 0.6) or (len(labelled) >= 4 and share >= 0.4)
    )


def _speaker_roles(matches: list[re.Match[str]]) -> dict[str, str]:
    labels: list[str] = []
    for match in matches:
        label = match.group("label").strip()
        if label not in labels:
            labels.append(label)
    roles: dict[str, str] = {}
    for label in labels:
        role = label_role(label)
        if role:
            roles[label] = role
    unnamed = [label for label in labels if label not in roles]
    if unnamed and "clinician" not in roles.values():
        # Named speakers: the one who asks more questions leads the session.
        def questions(label: str) -> int:
            return sum(
                m.group("rest").count("?") for m in matches if m.group("label").strip() == label
            )

        roles[max(unnamed, key=questions)] = "clinician"
        unnamed = [label for label in labels if label not in roles]
    for label in unnamed:
        roles[label] = "client" if "client" not in roles.values() else label.lower()
    return roles


def read_transcript(text: str) -> SessionInput:
    matches = speaker_lines(text)
    roles = _speaker_roles(matches)
    units: list[Unit] = []
    cursor = 0
    for match in matches:
        # Lines without a speaker ("Session 2:00-2:50pm via Zoom.") are the clinician's
        # own narrative around the dialogue: read them as such, never drop them.
        line_start = text.rfind("\n", 0, match.start()) + 1
        units += [
            Unit(p.text, p.start, p.end)
            for p in split_sentences(text[cursor:line_start], offset=cursor)
        ]
        role = roles[match.group("label").strip()]
        for piece in split_sentences(match.group("rest"), offset=match.start("rest")):
            units.append(Unit(piece.text, piece.start, piece.end, speaker=role))
        cursor = match.end()
    units += [Unit(p.text, p.start, p.end) for p in split_sentences(text[cursor:], offset=cursor)]
    fields, _ = read_field_lines(text)
    fields.pop("client", None)
    return SessionInput(text, "transcript", units, fields, speakers=roles)
