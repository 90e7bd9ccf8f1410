"""`late-documentation`: the note was signed after the practice's deadline."""

from __future__ import annotations

import re
from datetime import date

from notewell.core.check.base import CheckContext, finding
from notewell.core.check.registry import registers
from notewell.core.extract.clock import parse_date
from notewell.core.models import Finding

_SIGNED_LINE = re.compile(
    r"(?im)^[^\n]*\b(?:signed|signature date|date signed|e-?signed|electronically signed)\b[^\n]*$"
)


def signed_date_in(text: str) -> tuple[str, tuple[int, int]] | None:
    """The date on a 'Signed ...' line of the note, if any."""
    for line in _SIGNED_LINE.finditer(text):
        hit = parse_date(line.group(0))
        if hit:
            return hit[0], (line.start() + hit[1][0], line.start() + hit[1][1])
    return None


def service_date(ctx: CheckContext) -> str | None:
    text = ctx.text
    signed = list(_SIGNED_LINE.finditer(text))
    # Blank out signature lines so their date is not read as the date of service.
    for line in signed:
        text = text[: line.start()] + " " * (line.end() - line.start()) + text[line.end() :]
    service = ctx.note.service
    source = service.sources.get("date", ())
    if service.date and not any(
        source and line.start() <= source[0][0] < line.end() for line in signed
    ):
        return service.date
    hit = parse_date(text)
    return hit[0] if hit else None


@registers("late-documentation")
def check_timeliness(ctx: CheckContext) -> list[Finding]:
    signed = ctx.signed_date
    span = None
    if signed is None:
        found = signed_date_in(ctx.text)
        if found is None:
            return []
        signed, span = found
    served = service_date(ctx)
    if served is None:
        return []
    try:
        days = (date.fromisoformat(signed) - date.fromisoformat(served)).days
    except ValueError:
        return []
    deadline = ctx.profile.deadline_days
    if days <= deadline:
        return []
    return [
        finding(
            "late-documentation",
            f"Signed {days} days after the date of service ({served} to {signed}); the practice "
            f"deadline is {deadline} days.",
            span or ctx.whole_note(),
            "Sign notes within the deadline; if late, add a dated late-entry statement giving "
            "the reason.",
        )
    ]
