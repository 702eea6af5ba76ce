"""The income check: does the monthly income cover life? Compared with the person's living
costs (food, rent, family support) and with the minimum wage in force for the year and sector
(``data/minimum_wages.json``, each row with its source; rows whose figure was not checked against
the Prakas carry "[to verify]" and are shown as such). Seed 001 found wages of US$40-45 against
US$30-40 for food and rent alone: a job is not reintegration when the income does not cover life.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from phlov.protection.vocab import living_wage_reference, minimum_wage

TO_VERIFY = "[to verify]"


@dataclass(frozen=True)
class IncomeCheck:
    income: Decimal
    living_costs: Decimal
    minimum_wage: Decimal | None
    minimum_wage_source: str
    covers_living_costs: bool
    meets_minimum_wage: bool | None
    food: Decimal = Decimal(0)
    rent: Decimal = Decimal(0)
    family_support: Decimal = Decimal(0)
    year: int | None = None
    sector: str = ""

    @property
    def sufficient(self) -> bool:
        """Sufficient = covers the person's living costs (the minimum wage is shown, not required:
        many reintegrated people are self-employed, outside the garment minimum)."""

        return self.covers_living_costs

    @property
    def shortfall(self) -> Decimal:
        return max(self.living_costs - self.income, Decimal(0))

    @property
    def minimum_wage_to_verify(self) -> bool:
        """The minimum wage figure used here has not been checked against its Prakas."""

        return TO_VERIFY in self.minimum_wage_source

    @property
    def below_minimum_wage(self) -> bool:
        return self.meets_minimum_wage is False

    @property
    def living_wage(self) -> tuple[Decimal, str]:
        return living_wage_reference()


def check_income(
    *,
    income: Decimal,
    food: Decimal = Decimal(0),
    rent: Decimal = Decimal(0),
    family_support: Decimal = Decimal(0),
    on: datetime.date,
    sector: str = "",
) -> IncomeCheck:
    food, rent, family_support = (Decimal(x or 0) for x in (food, rent, family_support))
    living = food + rent + family_support
    wage = minimum_wage(on.year, sector or "other")
    amount, source = wage if wage else (None, "")
    return IncomeCheck(
        income=income,
        living_costs=living,
        minimum_wage=amount,
        minimum_wage_source=source,
        # Living costs not recorded (0) cannot show that life is covered.
        covers_living_costs=living > 0 and income >= living,
        meets_minimum_wage=None if amount is None else income >= amount,
        food=food,
        rent=rent,
        family_support=family_support,
        year=on.year,
        sector=sector,
    )


def check_visit(visit: object) -> IncomeCheck | None:
    income = getattr(visit, "monthly_income", None)
    visited = getattr(visit, "visited_on", None)
    if income is None or visited is None:
        return None
    return check_income(
        income=income,
        food=getattr(visit, "cost_food", Decimal(0)),
        rent=getattr(visit, "cost_rent", Decimal(0)),
        family_support=getattr(visit, "cost_family_support", Decimal(0)),
        on=visited,
        sector=getattr(visit, "sector", ""),
    )


def last_check(visits: list[object]) -> IncomeCheck | None:
    """The income check at the last visit where income was checked (what closure looks at)."""

    checked = [
        v for v in visits if getattr(v, "visited_on", None) and getattr(v, "monthly_income", None) is not None
    ]
    if not checked:
        return None
    latest: Any = max(checked, key=lambda v: (getattr(v, "visited_on", None), getattr(v, "pk", 0) or 0))
    return check_visit(latest)
