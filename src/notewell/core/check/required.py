"""`missing-required-content`: items a practice or payer profile requires in every note.

Each item is data (`required_content` in the profile): patterns that satisfy it and,
optionally, `when` patterns that make it required (e.g. justify interactive complexity
only when +90785 is billed).
"""

from __future__ import annotations

import re
from functools import cache

from notewell.core.check.base import CheckContext, finding
from notewell.core.check.profiles import compile_phrases
from notewell.core.check.registry import registers
from notewell.core.models import Finding


@cache
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return compile_phrases(list(phrases))


@registers("missing-required-content")
def check_required(ctx: CheckContext) -> list[Finding]:
    findings = []
    for item in ctx.profile.required_content:
        trigger = None
        if item.when:
            trigger = _pattern(tuple(item.when)).search(ctx.text)
            if trigger is None:
                continue
        if _pattern(tuple(item.patterns)).search(ctx.text):
            continue
        findings.append(
            finding(
                "missing-required-content",
                f"Required by the {ctx.profile.name} profile: {item.label} ({item.id}).",
                trigger.span() if trigger else ctx.whole_note(),
                item.suggestion or f"Add {item.label}.",
            )
        )
    return findings
