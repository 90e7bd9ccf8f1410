"""`cloned-note`, registered without loading datasketch (numpy) until a history is given."""

from __future__ import annotations

from notewell.core.check.base import CheckContext
from notewell.core.check.registry import registers
from notewell.core.models import Finding


@registers("cloned-note")
def check_cloned(ctx: CheckContext) -> list[Finding]:
    if ctx.history is None:
        return []
    from notewell.core.check.clone import check_clone

    return check_clone(ctx, exclude=ctx.history_key)
