"""Intake / diagnostic evaluation (90791): the biopsychosocial topics of the notes."""

from notewell.core.intake.topics import (
    INTAKE_ELEMENTS,
    Placement,
    is_family_history,
    mental_status_domains,
    place_segments,
)

__all__ = [
    "INTAKE_ELEMENTS",
    "Placement",
    "is_family_history",
    "mental_status_domains",
    "place_segments",
]
