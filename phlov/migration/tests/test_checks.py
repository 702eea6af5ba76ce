"""Each fair-recruitment check FR-01 .. FR-30 passes on a clean object and fails on a spoiled one."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from phlov.migration import checks
from phlov.migration.models import AgencyStatus, CostLine
from phlov.migration.tests import helpers as h

World = dict[str, Any]


def order_with(**changes: Any) -> Callable[[World], Any]:
    def build(w: World) -> Any:
        for name, value in changes.items():
            setattr(w["order"], name, value)
        return w["order"]

    return build


def cost(**line: Any) -> Callable[[World], Any]:
    def build(w: World) -> Any:
        data = {"purpose": "x", "amount": Decimal("1000"), "currency": "THB", "payer": "worker", **line}
        CostLine.objects.create(job_order=w["order"], **data)
        return w["order"]

    return build


def contract_with(**changes: Any) -> Callable[[World], Any]:
    return lambda w: h.make_contract(w["worker"], **changes)


def worker_with(**changes: Any) -> Callable[[World], Any]:
    def build(w: World) -> Any:
        for name, value in changes.items():
            setattr(w["worker"], name, value)
        return w["worker"]

    return build


def young(w: World) -> Any:
    w["worker"].person.birth_date = datetime.date(2010, 1, 1)
    return w["worker"]


def unapproved(w: World) -> Any:
    w["worker"].job_order.status = "submitted"
    return w["worker"]


def suspended(w: World) -> Any:
    agency = w["order"].agency
    agency.status, agency.suspended_until = AgencyStatus.SUSPENDED, datetime.date(2025, 12, 31)
    return w["order"]


def clean_agency(w: World) -> Any:
    h.add_officer(w["agency"], "Chan Dara", "N1")
    return w["agency"]


def repeat_offender(w: World) -> Any:
    bad = h.make_agency(w["inspector"], w["ministry"], name="Old Co", licence="PRA-999")
    h.add_officer(bad, "Chan Dara", "N1")
    bad.status = AgencyStatus.REVOKED
    bad.save()
    return clean_agency(w)


GOOD: dict[str, Callable[[World], Any]] = {
    **{rule: (lambda w: w["order"]) for rule in ("FR-01", "FR-02", "FR-03", "FR-04", "FR-05", "FR-06", "FR-07",
                                                  "FR-09", "FR-11", "FR-13", "FR-14", "FR-15", "FR-17", "FR-19",
                                                  "FR-21", "FR-22", "FR-23", "FR-24", "FR-26")},
    **{rule: contract_with() for rule in ("FR-08", "FR-10", "FR-12")},
    **{rule: (lambda w: w["worker"]) for rule in ("FR-16", "FR-18", "FR-20", "FR-25", "FR-28")},
    "FR-27": lambda w: h.make_centre(w["agency"]),
    "FR-29": lambda w: h.make_disappearance(w["worker"], w["officer"]),
    "FR-30": clean_agency,
}  # fmt: skip

BAD: dict[str, Callable[[World], Any]] = {
    "FR-01": cost(category="placement_fee"),
    "FR-02": cost(category="related_cost"),
    "FR-03": cost(category="deposit"),
    "FR-04": cost(category="related_cost", payer="employer", purpose=""),
    "FR-05": cost(category="service_fee", amount=Decimal("20000")),
    "FR-06": cost(category="related_cost", amount=Decimal("20000")),
    "FR-07": order_with(languages="th,en"),
    "FR-08": contract_with(delivered_at=datetime.date(2025, 3, 30)),
    "FR-09": order_with(insurance="", overtime_rate=None),
    "FR-10": contract_with(wage_amount=Decimal("350")),
    "FR-11": order_with(wage_amount=Decimal("380")),
    "FR-12": contract_with(wage_amount=Decimal("390")),
    "FR-13": order_with(hours_per_day=Decimal("10"), days_per_week=7),
    "FR-14": order_with(passport_custody="employer"),
    "FR-15": order_with(worker_penalty_clause=True),
    "FR-16": young,
    "FR-17": suspended,
    "FR-18": unapproved,
    "FR-19": lambda w: order_with(employer=type(w["order"].employer).objects.create(name="Unknown", country=h.country("TH")))(w),
    "FR-20": worker_with(departure_date=None, fee_paid_at=datetime.date(2025, 1, 1)),
    "FR-21": order_with(grievance_channels=""),
    "FR-22": order_with(paid_to_own_account=False),
    "FR-23": order_with(loan_amount=Decimal("5000"), loan_monthly_repayment=Decimal("3000")),
    "FR-24": order_with(return_travel_payer="worker"),
    "FR-25": worker_with(orientation_identity_verified=False),
    "FR-26": order_with(advert_published_at=datetime.date(2025, 1, 1)),
    "FR-27": lambda w: h.make_centre(w["agency"], restricts_leaving=True),
    "FR-28": worker_with(data_transfer_consent=False),
    "FR-29": lambda w: h.make_disappearance(w["worker"], w["officer"], late=True),
    "FR-30": repeat_offender,
}  # fmt: skip


def test_every_rule_has_both_cases_and_a_source() -> None:
    expected = [f"FR-{n:02d}" for n in range(1, 31)]
    assert sorted(checks.RULES) == sorted(GOOD) == sorted(BAD) == expected
    assert all(rule.source and rule.severity in checks.Severity.values for rule in checks.RULES.values())


@pytest.mark.parametrize("rule", sorted(GOOD))
def test_rule_passes(world: World, rule: str) -> None:
    assert checks.run(GOOD[rule](world), only=rule) == []


@pytest.mark.parametrize("rule", sorted(BAD))
def test_rule_fails(world: World, rule: str) -> None:
    findings = checks.run(BAD[rule](world), only=rule)
    assert [f.rule for f in findings] == [rule]
    assert findings[0].source == checks.RULES[rule].source and findings[0].message
