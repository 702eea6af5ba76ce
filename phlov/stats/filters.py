"""The filters every dashboard, table and drill-down shares: period, sex, age group, province.

Parsed from the query string and validated against the known choices, so that a cache key or
a drill-down link can be built from them and nothing else reaches a query.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, replace
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict

from phlov.people.models import Sex
from phlov.stats.conf import AgeGroup, age_groups

FIRST_YEAR = 1990


def _year(raw: str | None) -> int | None:
    if not raw or not raw.strip().isdigit():
        return None
    year = int(raw)
    return year if FIRST_YEAR <= year <= datetime.date.today().year + 1 else None


@dataclass(frozen=True)
class Filters:
    year_from: int | None = None
    year_to: int | None = None
    sex: str = ""
    age_group: str = ""
    province: str = ""  # official province code ("14" is Prey Veng)

    @classmethod
    def from_query(cls, query: QueryDict | dict[str, Any], *, province: str = "") -> Filters:
        get = query.get
        sex = str(get("sex") or "")
        age = str(get("age_group") or "")
        code = province or str(get("province") or "")
        return cls(
            year_from=_year(get("year_from")),
            year_to=_year(get("year_to")),
            sex=sex if sex in Sex.values else "",
            age_group=age if age in {g.code for g in age_groups()} else "",
            province=code if code.isdigit() and len(code) == 2 else "",
        )

    @property
    def group(self) -> AgeGroup | None:
        return next((g for g in age_groups() if g.code == self.age_group), None)

    def key(self) -> str:
        return "|".join(f"{k}={v}" for k, v in sorted(asdict(self).items()) if v not in (None, ""))

    def query(self, **extra: Any) -> str:
        """The query string of these filters with ``extra`` (a drill-down link's cell)."""

        pairs = {k: v for k, v in asdict(self).items() if v not in (None, "")}
        pairs.update({k: v for k, v in extra.items() if v not in (None, "")})
        return urlencode(sorted(pairs.items()))

    def but(self, **changes: Any) -> Filters:
        return replace(self, **changes)
