"""One note prepared for the rules: sentences, sections, quotes and service details.

Built once per note and shared by every rule, so each rule stays a few regex passes
over already-split sentences (the single-note rules run hundreds of notes a second).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property

from notewell.core.check.sections import Section, find_sections, section_at
from notewell.core.extract.segment import split_sentences
from notewell.core.extract.service import extract_service
from notewell.core.extract.session_input import read_field_lines
from notewell.core.lexicons import interventions
from notewell.core.models import ServiceDetails, Span

_QUOTE = re.compile(r"\"[^\"\n]{2,}?\"|“[^”\n]{2,}?”")
# Who a sentence is about: the clinician (or no subject, as shorthand writes what the
# clinician did) or the client.
_CLIENT_SUBJECT = re.compile(
    r"^(?:\W*)(?:the )?(?:client|pt\.?|patient|member|she|he|they|cl|youth|child|[A-Z]\.[A-Z]\.)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    end: int
    section: str

    @property
    def span(self) -> Span:
        return (self.start, self.end)


class NoteView:
    """A note's text with the structure every rule needs, computed lazily once."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def sections(self) -> list[Section]:
        return find_sections(self.text)

    @cached_property
    def section_names(self) -> set[str]:
        return {s.name for s in self.sections if s.has_content(self.text)}

    def section_content(self, name: str) -> list[Section]:
        return [s for s in self.sections if s.name == name and s.has_content(self.text)]

    @cached_property
    def sentences(self) -> list[Sentence]:
        sections = self.sections
        return [
            Sentence(p.text, p.start, p.end, section_at(sections, p.start))
            for p in split_sentences(self.text)
        ]

    @cached_property
    def quotes(self) -> list[Span]:
        return [m.span() for m in _QUOTE.finditer(self.text)]

    @cached_property
    def _quote_starts(self) -> list[int]:
        return [q[0] for q in self.quotes]

    def in_quote(self, start: int, end: int) -> bool:
        """Is [start, end) inside a quotation (the client's words, not the clinician's)?"""
        index = bisect_right(self._quote_starts, start) - 1
        return index >= 0 and self.quotes[index][1] >= end

    @cached_property
    def service(self) -> ServiceDetails:
        fields, _covered = read_field_lines(self.text)
        clauses = [(s.text, s.start, s.end) for s in self.sentences]
        return extract_service(self.text, clauses, fields)

    def _intervention_in(self, text: str, offset: int) -> bool:
        return any(not self.in_quote(offset + a, offset + b) for a, b in _intervention_spans(text))

    @cached_property
    def has_intervention(self) -> bool:
        """Does the note name any technique of the intervention lexicon (outside quotes)?"""
        # Sentence by sentence, stopping at the first hit: most notes name one early.
        return any(self._intervention_in(s.text, s.start) for s in self.sentences)

    def sentence_has_intervention(self, sentence: Sentence) -> bool:
        return self._intervention_in(sentence.text, sentence.start)

    def sentence_has_intervention_outside(
        self, sentence: Sentence, spans: list[tuple[int, int]]
    ) -> bool:
        """A named technique in the sentence not contained in `spans` (sentence offsets):
        the lexicon's "supportive counseling" inside "provided supportive counseling" is
        the vague phrase itself, not a technique beside it."""
        for a, b in _intervention_spans(sentence.text):
            if any(start <= a and b <= end for start, end in spans):
                continue
            if not self.in_quote(sentence.start + a, sentence.start + b):
                return True
        return False

    def about_client(self, sentence: Sentence) -> bool:
        """Does the sentence have the client as its subject ("Client reported ...")?"""
        body = _strip_label(sentence.text)
        return bool(_CLIENT_SUBJECT.match(body))


_LABEL = re.compile(r"^[A-Za-z #*]{1,30}?:\s+")


# Interventions whose abbreviations name a measure (PHQ-9, GAD-7, PCL-5): the score
# alone ("PHQ-9 11, unchanged") is a result, not something the clinician did.
_MEASURES = {"standardized_assessment"}
# ... so a measure counts only when the sentence says it was given or gone over.
_MEASURE_ACTION = re.compile(
    r"\b(?:administer\w*|re-?administer\w*|review\w*|complet\w*|gave|given|conduct\w*|screen\w*"
    r"|went over|interpret\w*|discuss\w*|scored with|repeated|feedback|explained|used)\b",
    re.IGNORECASE,
)


@cache
def _intervention_patterns() -> tuple[re.Pattern[str] | None, ...]:
    """The whole intervention lexicon as three regexes (phrases, abbreviations, measure
    abbreviations): one pass each instead of 29 per text."""
    # Every lexicon phrase starts at a word or an opening quote ("'I' statements"): the
    # lookahead lets the engine skip other positions before trying 29 alternations.
    phrases = (
        r"(?<![\w-])(?=[\w\"“])(?:"
        + "|".join(f"(?:{i.pattern.pattern})" for i in interventions())
        + ")"
    )

    def alternation(items: list[str]) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{a})" for a in items)) if items else None

    abbreviations = [
        i.abbreviation_pattern.pattern
        for i in interventions()
        if i.abbreviation_pattern and i.id not in _MEASURES
    ]
    measures = [
        i.abbreviation_pattern.pattern
        for i in interventions()
        if i.abbreviation_pattern and i.id in _MEASURES
    ]
    return re.compile(phrases, re.IGNORECASE), alternation(abbreviations), alternation(measures)


def _intervention_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of named techniques in `text`, lazily (most callers stop at the first);
    a measure only when the sentence says it was given or reviewed."""
    phrases, abbreviations, measures = _intervention_patterns()
    for pattern in (phrases, abbreviations):
        if pattern is not None:
            for match in pattern.finditer(text):
                yield match.span()
    if measures is not None and _MEASURE_ACTION.search(text):
        for match in measures.finditer(text):
            yield match.span()


def _strip_label(text: str) -> str:
    match = _LABEL.match(text)
    return text[match.end() :] if match else text


def search_outside_quotes(
    pattern: re.Pattern[str], note: NoteView, sentence: Sentence
) -> re.Match[str] | None:
    for match in pattern.finditer(sentence.text):
        start = sentence.start + match.start()
        if not note.in_quote(start, sentence.start + match.end()):
            return match
    return None
