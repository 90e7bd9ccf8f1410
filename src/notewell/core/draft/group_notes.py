"""Group psychotherapy (90853): a group-level note and an individualised note per member.

Each member's note is drafted from that member's share of the input alone, so the risk
reader reads only what that member said (one member's SI never becomes another's) and
no other member's name is in the text it drafts from. The group note is drafted from
the clauses about the group, with every member written as "a group member".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from notewell.core.check.clone import shingles
from notewell.core.check.profiles import default_profile
from notewell.core.draft.composer import draft_note
from notewell.core.draft.style import StylePreferences
from notewell.core.errors import InputError
from notewell.core.formats import NoteFormat, load_format
from notewell.core.formats.services import find_service
from notewell.core.group.roster import Member, roster, roster_from_text, with_short_names
from notewell.core.group.shares import Share, share_out
from notewell.core.models import (
    RISK_TYPES,
    Draft,
    Finding,
    GroupDraft,
    MemberNote,
    RiskStatus,
    Section,
    Sentence,
    SessionFacts,
)

_MEMBER_RULES = frozenset(
    ["missing-client-response", "missing-progress", "group-member-undocumented"]
)


def draft_group(
    facts: SessionFacts,
    members: list[str] | None = None,
    member_format: NoteFormat | str = "dap",
    style: StylePreferences | None = None,
    nlp: Any = None,
) -> GroupDraft:
    """The group note and each member's note. `members` is the roster; without it, the
    input's "Members present:" line is."""
    from notewell.core.extract.pipeline import extract_facts

    fmt = load_format(member_format) if isinstance(member_format, str) else member_format
    if fmt.kind not in ("progress",):
        raise InputError(f"a member's note is a progress note; {fmt.name!r} is a {fmt.kind} format")
    stated, line = roster_from_text(facts.text)
    group_members = with_short_names(roster(list(members or []) or stated), facts.text)
    shares = share_out(facts, group_members, skip=line)
    header = replace(facts.service, service_type=find_service("group").service_type)

    def drafted(share: Share, note_format: NoteFormat | str, client: str | None) -> Draft:
        service = replace(header, client=client)
        if share.text.text.strip():
            own = replace(
                extract_facts(share.text.text, facts.input_type, nlp=nlp), service=service
            )
        else:  # nothing in the input is about this member: the note is its prompts
            own = SessionFacts(
                text="",
                input_type=facts.input_type,
                service=service,
                segments=(),
                interventions=(),
                risk={t: RiskStatus() for t in RISK_TYPES},
            )
        return _to_input(draft_note(own, note_format, style), share)

    group = drafted(shares.group, "group", None)
    # The group's note documents the session's process; each member's response, progress
    # and participation are in their own notes.
    group = replace(group, findings=tuple(f for f in group.findings if f.rule not in _MEMBER_RULES))
    notes = []
    for m in group_members:
        share = shares.members[m.name]
        note = drafted(share, fmt, m.name)
        note = replace(
            note,
            findings=tuple(f for f in note.findings if f.rule != "group-member-undocumented"),
        )
        if not share.attended:
            note = replace(note, cpt=None)  # an absent member's session is not billed
        notes.append(MemberNote(m.name, share.attended, note))
    findings = [
        *_undocumented(group_members, shares.members),
        *_named_elsewhere(group, notes, group_members),
        *_cloned(notes),
        *_unattributed_risk(group),
        *_unknown_names(shares.unknown),
    ]
    if not group_members:
        findings.insert(0, _no_roster())
    return GroupDraft(group=group, members=tuple(notes), findings=tuple(findings))


def _to_input(draft: Draft, share: Share) -> Draft:
    """The draft with its sentence sources and finding spans in the group input."""

    def sentences(sections: tuple[Section, ...] | None) -> tuple[Section, ...] | None:
        if sections is None:
            return None
        return tuple(
            Section(
                s.name,
                tuple(
                    Sentence(x.text, tuple(share.text.to_input(src) for src in x.sources), x.prompt)
                    for x in s.sentences
                ),
            )
            for s in sections
        )

    findings = tuple(
        replace(f, span=share.text.to_input(f.span) if f.span else None) for f in draft.findings
    )
    return replace(
        draft,
        sections=sentences(draft.sections) or (),
        psychotherapy_note=sentences(draft.psychotherapy_note),
        findings=findings,
    )


# The group note's sections a member's record note opens with (its plan is in the
# member's own plan).
_SHARED_SECTIONS = {"Group topic": "Group topic", "Interventions": "Group interventions",
                    "Group process": "Group process"}  # fmt: skip


def member_record_draft(group: GroupDraft, note: MemberNote, client: str | None = None) -> Draft:
    """A member's note as the record keeps it: the group's topic, interventions and
    process (which name no member), then the member's own sections. `client` is the
    member's identifier in the record."""
    shared = tuple(
        Section(_SHARED_SECTIONS[s.name], s.sentences)
        for s in group.group.sections
        if s.name in _SHARED_SECTIONS
    )
    header = replace(note.draft.header, client=client or note.draft.header.client)
    return replace(note.draft, header=header, sections=shared + note.draft.sections)


def note_plain_text(draft: Draft) -> str:
    return "\n".join(
        f"{section.name}: " + " ".join(s.text for s in section.sentences if not s.prompt)
        for section in draft.sections
    )


def names_in(text: str, members: tuple[Member, ...], but: str | None = None) -> list[str]:
    """The members (other than `but`) whose names the text holds."""
    return [m.name for m in members if m.name != but and m.pattern.search(text)]


def _named_elsewhere(
    group: Draft, notes: list[MemberNote], members: tuple[Member, ...]
) -> list[Finding]:
    """A safety net: no member's name in the group note or in another member's note."""
    findings = []
    for owner, draft in [(None, group), *((n.member, n.draft) for n in notes)]:
        named = names_in(note_plain_text(draft), members, but=owner)
        if named:
            where = f"{owner}'s note" if owner else "the group note"
            findings.append(
                Finding(
                    "group-member-named",
                    "error",
                    f"{where} names another member ({', '.join(named)})",
                    None,
                    'Write other members as "another group member".',
                )
            )
    return findings


def _undocumented(members: tuple[Member, ...], shares: dict[str, Share]) -> list[Finding]:
    return [
        Finding(
            "group-member-undocumented",
            "warning",
            f"nothing in the input is about {m.name}: their note is only prompts",
            None,
            "Add this member's participation, response and risk, or mark them absent.",
        )
        for m in members
        if shares[m.name].clauses == 0
    ]


def _cloned(notes: list[MemberNote]) -> list[Finding]:
    """Members' notes of one session that say the same thing (copied between members)."""
    threshold = default_profile().thresholds.clone_similarity
    findings = []
    texts = [(n.member, shingles(note_plain_text(n.draft))) for n in notes if n.attended]
    for i, (first, a) in enumerate(texts):
        for second, b in texts[i + 1 :]:
            if len(a) < 8 or len(b) < 8:
                continue  # a one-line note is not a copy of another
            similarity = len(a & b) / len(a | b)
            if similarity >= threshold:
                findings.append(
                    Finding(
                        "cloned-note",
                        "warning",
                        f"{second}'s note is {similarity:.0%} the same as {first}'s",
                        None,
                        "Each member's note should document that member's participation.",
                    )
                )
    return findings


def _unattributed_risk(group: Draft) -> list[Finding]:
    """A risk statement the input does not tie to one member stays out of every member's
    note: the clinician must say whose it is."""
    if not any(m.counts_for_status and not m.negated for m in group.facts.risk_mentions):
        return []
    return [
        Finding(
            "group-risk-unattributed",
            "error",
            "the group note has a risk statement no member is named in: say whose it is, "
            "so it reaches that member's note",
            None,
            "Name the member (e.g. 'Dana reported passive SI').",
        )
    ]


def _unknown_names(names: tuple[str, ...]) -> list[Finding]:
    return [
        Finding(
            "group-name-unknown",
            "warning",
            f"'{name}' is not on the roster: what they said is in no member's note",
            None,
            "Add them to the roster (--member), or name the member meant.",
        )
        for name in names
    ]


def _no_roster() -> Finding:
    return Finding(
        "group-member-undocumented",
        "warning",
        "no members named: give the roster (--member) or a 'Members present:' line",
        None,
        None,
    )


__all__ = ["draft_group", "member_record_draft", "names_in", "note_plain_text"]
