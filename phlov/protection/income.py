"""The income check: does the monthly income cover life? Compared with the person's living
costs (food, rent, family support) and with the minimum wage in force for the year and sector
(``data/minimum_wages.json``). Seed 001 found wages of US$40-45 against US$30-40 for food and
rent alone: a job is not reintegration when the income does not cover life.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from phlov.protection.vocab import minimum_wage


@dataclass(frozen=True)
class IncomeCheck:
    income: Decimal
    living_costs: Decimal
    minimum_wage: Decimal | None
    minimum_wage_source: str
    covers_living_costs: bool
    meets_minimum_wage: bool | None

    @property
    def sufficient(self) -> bool:
        """Sufficient = covers the person's living costs (the minimum wage is shown, not required:
        many reintegrated people are self-employed, outside the garment minimum)."""

        return self.covers_living_costs

    @property
    def shortfall(self) -> Decimal:
        return max(self.living_costs - self.income, Decimal(0))


def check_income(
    *,
    income: Decimal,
    food: Decimal = Decimal(0),
    rent: Decimal = Decimal(0),
    family_support: Decimal = Decimal(0),
    on: datetime.date,
    sector: str = "",
) -> IncomeCheck:
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
