"""Reads that the shell needs; each takes the acting user."""

from __future__ import annotations

from typing import Any

from phlov.core.modules import BY_CODE, Module


def modules_for_user(*, user: Any) -> list[Module]:
    """The modules of the user's current roles, in the order the roles list them."""

    if not user.is_authenticated:
        return []
    seen: dict[str, Module] = {}
    for modules in user.active_assignments().order_by("role__code").values_list("role__modules", flat=True):
        for code in modules or []:
            if code in BY_CODE and code not in seen:
                seen[code] = BY_CODE[code]
    return list(seen.values())
