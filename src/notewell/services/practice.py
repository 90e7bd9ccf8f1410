"""Practice policies kept in the record itself (so every app process agrees).

Co-signature: where the practice requires it (e.g. pre-licensed clinicians practising
under supervision), a signed note stays "awaiting co-signature" until a supervisor
co-signs; notes, listings and exports say so.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from notewell.services import access
from notewell.services.context import Context, unit_of_work
from notewell.store.models import Setting

COSIGN_SETTING = "cosign_required"


def cosign_required(session: Session) -> bool:
    setting = session.get(Setting, COSIGN_SETTING)
    return setting is not None and setting.value == "true"


def set_cosign_required(ctx: Context, required: bool) -> None:
    """Turn the co-signature policy on or off (admins; audited)."""
    with unit_of_work(ctx) as uow:
        uow.require(access.can_administer(uow.actor), "change the co-signature policy")
        value = "true" if required else "false"
        setting = uow.session.get(Setting, COSIGN_SETTING)
        if setting is None:
            uow.session.add(Setting(key=COSIGN_SETTING, value=value))
        else:
            setting.value = value
        uow.audit("practice.cosign_required", "setting", COSIGN_SETTING, value, always=True)
