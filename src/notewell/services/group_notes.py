"""A group session (90853) into the record: a note per member, on each member's client,
in ONE unit of work. The roster is the members' clients; their names in the record are
the names the notes use for them, so each member's note is drafted from that member's
share of the input and names no other member. Each note then has the lifecycle of any
note: draft, edit, sign, addenda. The CLI's `note group` and the web's group form call
`draft_and_save_group`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from notewell.core.draft.group_notes import member_record_draft
from notewell.core.errors import InputError
from notewell.core.formats import NOTE_FORMATS, load_format
from notewell.core.models import Finding, GroupDraft
from notewell.services import access, drafting, notes
from notewell.services.context import Context, unit_of_work
from notewell.services.note_drafts import session_from_draft
from notewell.services.note_views import note_view
from notewell.services.record_text import note_text_from_draft
from notewell.services.views import ClientView, NoteView
from notewell.store.models import Client, User

MAX_MEMBERS = 16


@dataclass(frozen=True, slots=True)
class NewGroupNote:
    clients: tuple[str, ...]  # the members' client identifiers, in roster order
    session_input: str
    note_format: str = "dap"  # each member's note format


@dataclass(frozen=True, slots=True)
class SavedMemberNote:
    client: str
    name: str
    attended: bool
    note: NoteView
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class SavedGroup:
    group: GroupDraft
    members: tuple[SavedMemberNote, ...]


def draft_and_save_group(ctx: Context, new: NewGroupNote) -> SavedGroup:
    """Refuse (and audit) early for any member the actor may not write for; draft
    outside any transaction; save every member's note at once or none."""
    clients = tuple(dict.fromkeys(c.strip() for c in new.clients if c.strip()))
    if len(clients) > MAX_MEMBERS:
        raise InputError(f"a group session has at most {MAX_MEMBERS} members")
    names = _require_can_write_all(ctx, clients)  # refused (and audited) before all else
    if len(clients) < 2:
        raise InputError("a group session needs at least two members")
    if new.note_format not in NOTE_FORMATS:
        raise InputError(f"choose one of the member note formats: {', '.join(NOTE_FORMATS)}")
    if not new.session_input.strip():
        raise InputError("paste or type the session details first")
    request = drafting.DraftRequest(
        note_format=load_format(new.note_format),
        style=drafting.load_style(None),
        service="group",
        members=tuple(names),
    )
    group = drafting.draft_session(new.session_input, request)
    if not isinstance(group, GroupDraft):  # pragma: no cover - service="group" always is
        raise InputError("the input did not draft as a group session")
    drafts = [
        (identifier, member, member_record_draft(group, member, identifier))
        for identifier, member in zip(clients, group.members, strict=True)
    ]
    texts = [note_text_from_draft(draft) for _, _, draft in drafts]
    for text in texts:
        notes.check_text(text)
    saved = []
    with unit_of_work(ctx) as uow:
        for (identifier, member, draft), text in zip(drafts, texts, strict=True):
            client = uow.readable_client(identifier, f"write notes for {identifier}")
            provenance = notes.Provenance(engine="embedded", model=None, draft_text=text)
            note = notes.add_note(
                uow, client, text, draft.format, session_from_draft(draft), provenance
            )
            saved.append(
                SavedMemberNote(
                    identifier,
                    member.member,
                    member.attended,
                    note_view(uow.session, note),
                    draft.findings,
                )
            )
    return SavedGroup(group, tuple(saved))


def member_choices(ctx: Context) -> list[ClientView]:
    """The clients the actor may write notes for: the group form's members to choose."""
    with unit_of_work(ctx) as uow:
        uow.require(uow.actor.role in access.CLINICAL, "write group notes")
        query = (
            select(Client, User.username)
            .join(User, User.id == Client.clinician_id)
            .where(access.writable_clients(uow.actor))
            .order_by(Client.identifier)
            .limit(MAX_CHOICES)
        )
        return [
            ClientView(client.identifier, client.name, client.date_of_birth, username)
            for client, username in uow.session.execute(query).all()
        ]


MAX_CHOICES = 500


def _require_can_write_all(ctx: Context, clients: tuple[str, ...]) -> list[str]:
    """The members' names, once the actor may write for every one of them."""
    names = []
    with unit_of_work(ctx) as uow:
        uow.require(uow.actor.role in access.CLINICAL, "write group notes")
        for identifier in clients:
            client = uow.readable_client(identifier, f"write notes for {identifier}")
            uow.require(access.can_write_notes(uow.actor, client), f"write notes for {identifier}")
            names.append(client.name)
    if len({n.lower() for n in names}) != len(names):
        raise InputError(
            "two members have the same name in the record: the notes could not tell them apart"
        )
    return names
