"""FR-01 .. FR-06: who pays what (cost lines of a job order)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from phlov.migration.checks.base import Severity, monthly_wage, param, rule

FEES = {"recruitment_fee", "service_fee", "placement_fee"}
ILLEGITIMATE = {"deposit", "bond", "guarantee", "collateral", "penalty", "kickback"}
JOB_ORDER = ("joborder",)


def _worker_lines(order: Any) -> list[Any]:
    return [line for line in order.costs.all() if line.payer == "worker"]


def _total(lines: list[Any]) -> Decimal:
    return sum((Decimal(line.amount or 0) for line in lines), Decimal(0))


@rule(
    "FR-01",
    _("The worker pays no recruitment fee"),
    Severity.BLOCKING,
    "ILO General Principle 7; IRIS C; Indonesia Perban 9/2020",
    JOB_ORDER,
)
def no_fee(order: Any) -> str | Promise | None:
    if _total([line for line in _worker_lines(order) if line.category in FEES]) > 0:
        return _("A recruitment, service or placement fee is charged to the worker.")
    return None


@rule(
    "FR-02",
    _("The worker pays no related costs"),
    Severity.BLOCKING,
    "ILO definition of recruitment fees and related costs (2019) [U lists]; Indonesia Perban 9/2020 [V]",
    JOB_ORDER,
)
def no_related_costs(order: Any) -> str | Promise | None:
    # No national exception is verified yet, so no related cost is whitelisted.
    if any(line.category == "related_cost" for line in _worker_lines(order)):
        return _("A related cost (medical, travel, documents, training...) is charged to the worker.")
    return None


@rule(
    "FR-03",
    _("No illegitimate costs"),
    Severity.BLOCKING,
    "ILO definition (illegitimate costs) [U list]; MoLVT Japan standards ban worker-penalty contracts [V]",
    JOB_ORDER,
)
def no_illegitimate(order: Any) -> str | Promise | None:
    if any(line.category in ILLEGITIMATE and line.payer in ("worker", "") for line in order.costs.all()):
        return _("A deposit, bond, guarantee, collateral, penalty or kick-back is asked of the worker.")
    return None


@rule(
    "FR-04",
    _("Every cost itemised"),
    Severity.REVIEW,
    "ILO Operational Guideline 6.2 [V]; MoLVT Japan standards (fees explained item by item) [V]",
    JOB_ORDER,
)
def itemised(order: Any) -> str | Promise | None:
    for line in order.costs.all():
        if line.amount is None or not line.currency or not line.payer or not line.purpose:
            return _("A cost lacks its amount, currency, payer or purpose.")
    return None


@rule(
    "FR-05",
    _("Worker fee within the tolerated cap"),
    Severity.REVIEW,
    "Philippines: placement fee <= one month's basic wage [V]; Cambodia-Thailand 2014 flat fee US$49 [V]",
    JOB_ORDER,
)
def fee_cap(order: Any) -> str | Promise | None:
    fees = [
        line
        for line in _worker_lines(order)
        if line.category in FEES and line.currency == order.wage_currency
    ]
    if _total(fees) > monthly_wage(order) * param("fee_cap_months_of_wage"):
        return _("The fees charged to the worker exceed the cap.")
    return None


@rule(
    "FR-06",
    _("Recruitment-cost ratio"),
    Severity.REVIEW,
    "SDG 10.7.1 / KNOMAD method used by the ILO 2020 Cambodia-Thailand cost survey [V]",
    JOB_ORDER,
)
def cost_ratio(order: Any) -> str | Promise | None:
    lines = [line for line in _worker_lines(order) if line.currency == order.wage_currency]
    wage = monthly_wage(order)
    if wage and _total(lines) / wage > param("cost_ratio_review"):
        return _("The worker's costs are %(ratio)s months of wages.") % {
            "ratio": round(_total(lines) / wage, 1)
        }
    return None
