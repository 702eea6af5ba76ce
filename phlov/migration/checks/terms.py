"""FR-07 .. FR-15, FR-21 .. FR-24: the terms offered, on a job order or a contract."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from phlov.migration.checks.base import Severity, monthly_wage, param, rule, today

TERMS = ("joborder", "contract")
CONTRACT = ("contract",)
REQUIRED = (
    "position",
    "worksite",
    "wage_amount",
    "wage_currency",
    "pay_frequency_days",
    "hours_per_day",
    "days_per_week",
    "overtime_rate",
    "leave_days",
    "contract_months",
    "accommodation",
    "insurance",
    "return_travel_payer",
    "notice_days",
    "grievance_channels",
)
COMPARED = ("position", "worksite", "wage_amount", "wage_currency", "wage_period", "contract_months")


def _destination(terms: Any) -> Any:
    return terms.job_order.destination if hasattr(terms, "job_order") else terms.destination


def _employer(terms: Any) -> tuple[str, str]:
    if hasattr(terms, "employer_name"):
        return terms.employer_name, terms.job_order.employer.address
    return terms.employer.name, terms.employer.address


@rule(
    "FR-07",
    _("Contract in the worker's language"),
    Severity.BLOCKING,
    "ILO General Principle 8; Dhaka Principle 2 [V]",
    TERMS,
)
def language(terms: Any) -> str | Promise | None:
    if "km" not in {code.strip() for code in terms.languages.split(",")}:
        return _("The contract is not in Khmer.")
    return None


@rule(
    "FR-08",
    _("Contract given before departure"),
    Severity.REVIEW,
    "ILO General Principle 8 ('sufficiently in advance')",
    CONTRACT,
)
def delivered_in_time(contract: Any) -> str | Promise | None:
    worker = contract.worker
    if contract.delivered_at is None:
        return _("The contract has not been given to the worker.")
    if worker.departure_date and (worker.departure_date - contract.delivered_at).days < param(
        "contract_lead_days"
    ):
        return _("The contract was given too close to departure.")
    collected = [d for d in (worker.fee_paid_at, worker.documents_collected_at) if d]
    if collected and contract.delivered_at > min(collected):
        return _("Fees or documents were collected before the contract was given.")
    return None


@rule(
    "FR-09",
    _("Mandatory terms complete"),
    Severity.BLOCKING,
    "ILO General Principle 8; Nepal demand-letter fields [V]; Prakas 253 clause list [U]",
    TERMS,
)
def complete(terms: Any) -> str | Promise | None:
    missing = [name for name in REQUIRED if getattr(terms, name) in (None, "")]
    if not all(_employer(terms)):
        missing.append("employer")
    if missing:
        return _("Missing: %(fields)s.") % {"fields": ", ".join(missing)}
    return None


@rule(
    "FR-10",
    _("No contract substitution"),
    Severity.BLOCKING,
    "ILO General Principle 8; MoLVT 2016 standards (no other destination) [V]",
    CONTRACT,
)
def same_as_job_order(contract: Any) -> str | Promise | None:
    order = contract.job_order
    changed = [name for name in COMPARED if getattr(contract, name) != getattr(order, name)]
    if contract.employer_name.strip().casefold() != order.employer.name.strip().casefold():
        changed.append("employer")
    if changed:
        return _("Differs from the approved job order: %(fields)s.") % {"fields": ", ".join(changed)}
    return None


@rule(
    "FR-11",
    _("Wage at least the legal minimum"),
    Severity.BLOCKING,
    "Thai minimum wage, 1 Jan 2025 [V] (rows cite it)",
    TERMS,
)
def minimum_wage(terms: Any) -> str | Promise | None:
    from phlov.migration.models import MinimumWage

    row = (
        MinimumWage.objects.filter(
            country=_destination(terms), area__iexact=terms.worksite.strip(), valid_from__lte=today()
        )
        .order_by("-valid_from")
        .first()
    )
    if row is None or row.currency != terms.wage_currency:
        return None  # no minimum known for the place: nothing to compare
    daily = (
        Decimal(terms.wage_amount)
        if terms.wage_period == "day"
        else monthly_wage(terms) / param("days_per_month")
    )
    if daily < row.amount:
        return _("Below the minimum of %(amount)s %(currency)s a day (%(source)s).") % {
            "amount": row.amount,
            "currency": row.currency,
            "source": row.citation[:80],
        }
    return None


@rule(
    "FR-12",
    _("Wage at least the job order's"),
    Severity.REVIEW,
    "Philippines POLO verified wage [V]",
    CONTRACT,
)
def at_least_job_order(contract: Any) -> str | Promise | None:
    if monthly_wage(contract) < monthly_wage(contract.job_order):
        return _("The contract pays less than the approved job order.")
    return None


@rule(
    "FR-13",
    _("Hours and rest"),
    Severity.REVIEW,
    "Common codes (48 h/week, 1 rest day in 7) [S]; destination law",
    TERMS,
)
def hours(terms: Any) -> str | Promise | None:
    if terms.hours_per_day is None or terms.days_per_week is None:
        return None  # FR-09 reports them missing
    if Decimal(terms.hours_per_day) * terms.days_per_week > param("max_hours_week") or (
        7 - terms.days_per_week < param("min_rest_days_week")
    ):
        return _("Too many hours or too few rest days.")
    return None


@rule(
    "FR-14",
    _("No document retention"),
    Severity.BLOCKING,
    "ILO General Principle 11; IRIS D; Dhaka Principle 4 [V]",
    TERMS,
)
def passports(terms: Any) -> str | Promise | None:
    if terms.passport_custody != "worker":
        return _("The passport is to be kept by someone other than the worker.")
    return None


@rule(
    "FR-15",
    _("Free to leave or change employer"),
    Severity.REVIEW,
    "ILO General Principle 12; MoLVT Japan standards [V]",
    TERMS,
)
def free_to_leave(terms: Any) -> str | Promise | None:
    if (
        terms.worker_penalty_clause
        or terms.change_employer_needs_permission
        or (terms.notice_days is not None and terms.notice_days > param("max_notice_days"))
    ):
        return _("Penalties, permission to change employer or a long notice bind the worker.")
    return None


@rule(
    "FR-21",
    _("Complaint channels given"),
    Severity.REVIEW,
    "ILO General Principle 13; IRIS G; Prakas 249",
    TERMS,
)
def grievance(terms: Any) -> str | Promise | None:
    if not terms.grievance_channels.strip():
        return _("No complaint channel is listed.")
    return None


@rule(
    "FR-22",
    _("Wages paid at least monthly to the worker's account"),
    Severity.REVIEW,
    "Dhaka Principle 5 [V]",
    TERMS,
)
def payment(terms: Any) -> str | Promise | None:
    if not terms.paid_to_own_account or (terms.pay_frequency_days or 999) > param("max_pay_interval_days"):
        return _("Wages are not paid at least monthly into the worker's own account.")
    return None


@rule("FR-23", _("Loans and advances"), Severity.REVIEW, "Industry audit norm (10% of wage) [S]", TERMS)
def loans(terms: Any) -> str | Promise | None:
    if not terms.loan_amount:
        return None
    too_much = (terms.loan_monthly_repayment or 0) > monthly_wage(terms) * param(
        "loan_repayment_max_percent"
    ) / 100
    if too_much or (terms.loan_interest_percent or 0) > param("loan_interest_max_percent"):
        return _("The loan repayments or interest are too high.")
    return None


@rule(
    "FR-24",
    _("Return travel paid"),
    Severity.REVIEW,
    "Dhaka Principles (safe return) [V]; Indonesia [V]",
    TERMS,
)
def return_travel(terms: Any) -> str | Promise | None:
    if terms.return_travel_payer not in ("employer", "agency"):
        return _("The employer or the agency does not pay the return journey.")
    return None
