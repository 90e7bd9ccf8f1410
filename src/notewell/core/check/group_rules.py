"""A group member's note: no other member named, and this member's own participation.

With the session's roster (`--member`, one per member), a member's note that names any
other member discloses that person's treatment in this member's record. A member's note
that holds nothing about the member (only the group's topic and process) documents no
individual service.
"""

from __future__ import annotations

import re

from notewell.core.check.base import CheckContext, finding
from notewell.core.check.registry import registers
from notewell.core.group.roster import Member, roster
from notewell.core.models import Finding

# Words that show the note speaks of this member, not only of the group.
_INDIVIDUAL = re.compile(
    r"(?i)\b(client|pt|patient|member|she|he|they)\b(?!\s+group\b)[^.]{0,80}\b"
    r"(reported|shared|stated|said|described|participated|engaged|identified|practiced|"
    r"disclosed|denied|endorsed|responded|appeared|presented|was|offered|asked|agreed)\b"
)


@registers("group-member-named")
def check_member_named(ctx: CheckContext) -> list[Finding]:
    if not ctx.roster:
        return []
    members = roster(list(ctx.roster))
    own = _own_member(ctx.text, members) or ctx.note.service.client
    findings = []
    for member in members:
        if own and member.name == own:
            continue
        match = member.pattern.search(ctx.text)
        if match is not None and not _is_own(own, match.group()):
            findings.append(
                finding(
                    "group-member-named",
                    f"The note names another group member ({member.name}).",
                    match.span(),
                    'Write "another group member" instead.',
                )
            )
    return findings


_HEADER = re.compile(r"(?im)^\s*(?:client|member|name|patient|client name)\s*:\s*(?P<who>[^\n.;]+)")


def _own_member(text: str, members: tuple[Member, ...]) -> str | None:
    """The member a note's header names ("Client: Dana Reyes")."""
    header = _HEADER.search(text)
    if header is None:
        return None
    for member in members:
        if member.pattern.fullmatch(header.group("who").strip()):
            return member.name
    return None


def _is_own(own: str | None, found: str) -> bool:
    return own is not None and found.lower() in own.lower()


@registers("group-member-undocumented")
def check_member_documented(ctx: CheckContext) -> list[Finding]:
    if _INDIVIDUAL.search(ctx.text):
        return []
    return [
        finding(
            "group-member-undocumented",
            "The group note says nothing about this member's own participation, response or risk.",
            ctx.whole_note(),
            "Add this member's participation, response to the group's interventions, "
            "progress and risk.",
        )
    ]
