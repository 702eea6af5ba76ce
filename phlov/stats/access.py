"""Who sees what of the statistics.

- ``stats.indicator:view`` opens the statistics pages; the numbers are suppressed (cells under
  the threshold hidden, with secondary suppression) and nothing leads to persons.
- ``stats.indicator:exact`` (supervisors and national roles that already see victims' records)
  shows exact numbers; each number opens the records behind it, and that list is filtered by
  the records' own policies, so a user only ever sees the records they could open anyway.
"""

from __future__ import annotations

from typing import Any

from phlov.core.policies import grants_of

VIEW = "stats.indicator:view"
EXACT = "stats.indicator:exact"


def may_view(user: Any) -> bool:
    return any(g.allows(VIEW) or g.allows(EXACT) for g in grants_of(user))


def sees_exact(user: Any) -> bool:
    return any(g.allows(EXACT) for g in grants_of(user))
