from __future__ import annotations

import datetime
from decimal import Decimal

from phlov.protection.income import check_income
from phlov.protection.vocab import minimum_wage


def test_seed_case_wage_below_living_costs_is_flagged() -> None:
    # Seed 001: US$45 a month; food and rent alone US$40, plus family support.
    result = check_income(
        income=Decimal(45), food=Decimal(25), rent=Decimal(15), family_support=Decimal(10),
        on=datetime.date(2008, 3, 1), sector="garment",
    )  # fmt: skip
    assert not result.covers_living_costs and not result.sufficient
    assert result.shortfall == Decimal(5)
    assert result.minimum_wage == Decimal(50) and result.meets_minimum_wage is False


def test_income_covering_costs_is_sufficient() -> None:
    result = check_income(
        income=Decimal(250), food=Decimal(90), rent=Decimal(40), on=datetime.date(2024, 6, 1)
    )
    assert result.sufficient and result.shortfall == 0
    assert result.minimum_wage == Decimal(204) and result.meets_minimum_wage is True


def test_no_living_costs_recorded_is_not_sufficient() -> None:
    assert not check_income(income=Decimal(300), on=datetime.date(2024, 6, 1)).sufficient


def test_minimum_wage_table_by_year_and_fallback() -> None:
    assert minimum_wage(2005, "garment") is None
    amount, source = minimum_wage(2019, "other") or (None, "")
    assert amount == Decimal(182) and "Prakas" in source
    assert minimum_wage(2030, "garment") == minimum_wage(2025, "garment")
