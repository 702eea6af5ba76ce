"""Reads that the shell needs; each takes the acting user."""

from __future__ import annotations

from typing import Any

from phlov.core.modules import BY_CODE, Module
from phlov.core.policies import grants_of


def modules_for_user(*, user: Any) -> list[Module]:
    """The modules of the user's current roles, in the order the roles list them."""

    if not user.is_authenticated:
        return []
    seen: dict[str, Module] = {}
    # From the grants the policies read anyway: the menu costs no query of its own.
    for grant in sorted(grants_of(user), key=lambda g: g.role):
        for code in grant.modules:
            if code in BY_CODE and code not in seen:
                seen[code] = BY_CODE[code]
    return list(seen.values())
