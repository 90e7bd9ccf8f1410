"""Compose a draft in a note format from `SessionFacts`, sentence by sentence.

Every sentence keeps the spans of the input it came from. What the input did not
contain never appears, except prompts (`prompt=True`) for what the format expects and
the input lacks. Private reflections only ever go to the psychotherapy-note draft.
"""

from __future__ import annotations

from collections.abc import Mapping

from notewell.core.billing import is_psychotherapy_code_service, suggest_cpt
from notewell.core.check.profiles import default_profile
from notewell.core.draft.findings import check_draft, merge
from notewell.core.draft.intake_notes import intake_sentence, mental_status_prompt
from notewell.core.draft.measure_notes import MeasureNotes
from notewell.core.draft.rewrite import record_sentence, risk_dialogue
from notewell.core.draft.style import StylePreferences
from notewell.core.formats import NoteFormat, SectionSpec, load_format
from notewell.core.intake import place_segments
from notewell.core.lexicons import intervention_labels
from notewell.core.measures import ChangeThresholds
from notewell.core.measures.wording import PreviousScore
from notewell.core.models import (
    MODALITY_LABELS,
    Draft,
    Finding,
    Section,
    Segment,
    Sentence,
    SessionFacts,
)

# Elements that belong to the clinician's private note, never to a record format.
_PRIVATE_ONLY = {"private_reflection"}


def draft_note(
    facts: SessionFacts,
    note_format: NoteFormat | str = "dap",
    style: StylePreferences | None = None,
    psychotherapy_note: bool = False,
    previous_scores: Mapping[str, PreviousScore] | None = None,
    measure_change: Mapping[str, ChangeThresholds] | None = None,
) -> Draft:
    """The draft of a progress note (and, on request, the private psychotherapy note).

    `previous_scores` (by measure id, from the record) give a measure's change when the
    input states no previous total; `measure_change` is the practice's thresholds.
    """
    fmt = load_format(note_format) if isinstance(note_format, str) else note_format
    style = style or StylePreferences()
    measures = MeasureNotes.of(facts, previous_scores or {}, measure_change or {})
    if fmt.kind == "psychotherapy":
        sections = _compose(facts, fmt, style, allow_private=True, measures=measures)
        private = None
    else:
        sections = _compose(facts, fmt, style, allow_private=False, measures=measures)
        private = (
            _compose(
                facts, load_format("psychotherapy"), style, allow_private=True, measures=measures
            )
            if psychotherapy_note
            else None
        )
    return Draft(
        format=fmt.name,
        header=facts.service,
        cpt=suggest_cpt(facts.service),
        sections=sections,
        facts=facts,
        psychotherapy_note=private,
        findings=merge(_draft_findings(facts), check_draft(facts, sections, fmt.kind)),
    )


def _compose(
    facts: SessionFacts,
    fmt: NoteFormat,
    style: StylePreferences,
    allow_private: bool,
    measures: MeasureNotes,
) -> tuple[Section, ...]:
    sections = []
    dialogue = risk_dialogue(facts, style)
    # An intake places each clause by biopsychosocial topic, not by progress element.
    topics = place_segments(facts) if fmt.kind == "intake" else None
    # Scores are record content: the observation section of a record format holds them
    # (an intake's diagnostic impression, where screening results support a diagnosis).
    scores_here = (
        None
        if fmt.kind == "psychotherapy"
        else fmt.section_for("diagnostic_impression" if topics else "observation")
    )
    for spec in fmt.sections:
        sentences: list[Sentence] = []
        present: set[str] = set()
        for segment in facts.segments:
            element = topics[segment.start].topic if topics else _placement(segment)
            # A covered segment's scored sentences say it; private text never enters a
            # record format (defence in depth).
            if (
                segment.start not in measures.covered
                and element in spec.elements
                and fmt.section_for(element) is spec
                and (allow_private or segment.element not in _PRIVATE_ONLY)
            ):
                present.add(element)
                # The service details are written once, from what was extracted.
                if element == "service":
                    text = None
                elif topics:
                    text = intake_sentence(segment, topics[segment.start], style, dialogue)
                else:
                    text = _segment_text(segment, style, dialogue)
                if text:
                    _add(sentences, Sentence(text, ((segment.start, segment.end),)))
            if spec is scores_here and segment.start in measures.anchors:
                sentences.extend(measures.anchors[segment.start])
                present.add("observation")
        if "service" in spec.elements and style.verbosity == "detailed":
            summary = _service_sentence(facts)
            if summary:
                sentences.insert(0, summary)
        if (
            "intervention" in spec.elements
            and style.verbosity == "detailed"
            and facts.interventions
        ):
            sentences.append(_interventions_sentence(facts))
        present |= _present_by_facts(facts, spec)
        if "risk" in spec.elements and fmt.kind != "psychotherapy":
            sentences.extend(measures.risk_prompts)
        for requirement in spec.require:
            if requirement.element not in present:
                sentences.append(Sentence(requirement.prompt, (), prompt=True))
        if topics and "mental_status" in spec.elements and "mental_status" in present:
            sentences.extend(mental_status_prompt(facts, topics))
        sections.append(Section(style.title(spec.name), tuple(sentences)))
    return tuple(sections)


def _segment_text(segment: Segment, style: StylePreferences, dialogue: dict[int, str]) -> str:
    return dialogue.get(segment.start) or record_sentence(segment, style)


def _add(sentences: list[Sentence], sentence: Sentence) -> None:
    """Append, folding a repeat ("Therapist used cognitive restructuring." twice) into one."""
    for i, existing in enumerate(sentences):
        if existing.text == sentence.text and not existing.prompt:
            sentences[i] = Sentence(existing.text, existing.sources + sentence.sources)
            return
    sentences.append(sentence)


def _placement(segment: Segment) -> str:
    """The element whose section receives the clause.

    A narrative clause the engine could not classify is still the clinician's content:
    it goes with the client's report rather than being dropped. Unclassified transcript
    turns ("What's been going on?") are conversation, not content.
    """
    if segment.element == "other" and segment.speaker is None:
        return "client_report"
    return segment.element


def _present_by_facts(facts: SessionFacts, spec: SectionSpec) -> set[str]:
    """Elements documented elsewhere in the input, so no prompt is needed for them."""
    present = set()
    if "risk" in spec.elements and any(s.status != "not_assessed" for s in facts.risk.values()):
        present.add("risk")
    return present


def _service_sentence(facts: SessionFacts) -> Sentence | None:
    service = facts.service
    parts = []
    if service.duration_minutes is not None:
        parts.append(f"{service.duration_minutes} minutes")
    if service.start_time and service.end_time:
        parts.append(f"{service.start_time}-{service.end_time}")
    if service.modality:
        parts.append(MODALITY_LABELS[service.modality])
    if service.location:
        parts.append(f"location: {service.location}")
    if not parts:
        return None
    lead = (service.service_type or "session").capitalize()
    sources = sorted({span for spans in service.sources.values() for span in spans})
    return Sentence(f"{lead}: {', '.join(parts)}.", tuple(sources))


def _interventions_sentence(facts: SessionFacts) -> Sentence:
    labels = intervention_labels()
    names = [labels[i.id] for i in facts.interventions]
    sources = tuple(span for i in facts.interventions for span in i.sources)
    return Sentence(f"Interventions: {', '.join(names)}.", tuple(sorted(sources)))


def _draft_findings(facts: SessionFacts) -> list[Finding]:
    """Problems the engine can see while drafting (the checker adds the rest)."""
    findings = []
    service = facts.service
    if service.start_time and service.end_time and service.duration_minutes is not None:
        start_h, start_m = map(int, service.start_time.split(":"))
        end_h, end_m = map(int, service.end_time.split(":"))
        between = (end_h * 60 + end_m) - (start_h * 60 + start_m)
        # The same tolerance as the checker's duration-mismatch rule (default profile).
        tolerance = default_profile().thresholds.duration_tolerance_minutes
        if between > 0 and abs(between - service.duration_minutes) > tolerance:
            spans = service.sources.get("duration_minutes", ())
            findings.append(
                Finding(
                    rule="duration-mismatch",
                    severity="error",
                    message=(
                        f"duration {service.duration_minutes} min disagrees with "
                        f"{service.start_time}-{service.end_time} ({between} min)"
                    ),
                    span=spans[0] if spans else None,
                    suggestion="Correct the duration or the start/stop times before billing.",
                )
            )
    if not is_psychotherapy_code_service(service.service_type):
        findings.append(
            Finding(
                rule="not-psychotherapy",
                severity="info",
                message=f"a {service.service_type} is not psychotherapy: no psychotherapy "
                "CPT code is suggested",
                span=None,
                suggestion=None,
            )
        )
    elif (
        service.duration_minutes is not None
        and service.duration_minutes < 16
        and (service.service_type in (None, "individual psychotherapy"))
    ):
        findings.append(
            Finding(
                rule="not-billable-duration",
                severity="info",
                message=f"{service.duration_minutes} min is under 16 min: not billable as psychotherapy",
                span=service.sources.get("duration_minutes", (None,))[0],
                suggestion=None,
            )
        )
    return findings
