"""Sentence -> source for the fresh draft page: the session input cut into segments at
every span boundary, and each draft sentence with the spans it came from.

The record does not keep the input (only the text as drafted), so this exists only on
the page that drafted it; the input is rendered by the server (escaped) from the very
text the engine indexed, so the offsets agree whatever the browser did to line ends.
Private reflections in the input are not echoed back: a placeholder stands for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from notewell.core.models import Draft


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    text: str
    covered: bool  # some sentence came from it: it can be highlighted
    private: bool = False  # a private reflection: shown as a placeholder only


@dataclass(frozen=True, slots=True)
class SourcedSentence:
    text: str
    sources: str  # "start-end start-end", for the page script
    prompt: bool


@dataclass(frozen=True, slots=True)
class SourceView:
    segments: tuple[Segment, ...]
    sections: tuple[tuple[str, tuple[SourcedSentence, ...]], ...]  # (HEADING, sentences)


def _clip(spans: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    return [(max(0, a), min(size, b)) for a, b in spans if min(size, b) > max(0, a)]


def segments(
    text: str, spans: list[tuple[int, int]], private: Sequence[tuple[int, int]] = ()
) -> tuple[Segment, ...]:
    size = len(text)
    covered_spans, private_spans = _clip(spans, size), _clip(list(private), size)
    cuts = sorted({0, size, *(p for span in covered_spans + private_spans for p in span)})
    found: list[Segment] = []
    for start, end in pairwise(cuts):
        if any(a <= start and end <= b for a, b in private_spans):
            if not (found and found[-1].private):  # one placeholder per private stretch
                found.append(Segment(start, end, "", False, private=True))
            continue
        covered = any(a <= start and end <= b for a, b in covered_spans)
        found.append(Segment(start, end, text[start:end], covered))
    return tuple(found)


def source_view(draft: Draft) -> SourceView:
    """From the text the engine indexed (`draft.facts.text`)."""
    sections = []
    spans: list[tuple[int, int]] = []
    for section in draft.sections:
        sentences = []
        for sentence in section.sentences:
            pairs = [(int(s[0]), int(s[1])) for s in sentence.sources]
            spans += pairs
            sources = " ".join(f"{a}-{b}" for a, b in pairs)
            sentences.append(SourcedSentence(sentence.text, sources, sentence.prompt))
        sections.append((section.name.upper(), tuple(sentences)))
    private = [s.span for s in draft.facts.segments_of("private_reflection")]
    return SourceView(segments(draft.facts.text, spans, private), tuple(sections))
