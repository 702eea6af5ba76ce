"""The rule registry, findings, and the parameters rules read (data rows with a citation)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    BLOCKING = "blocking", _("blocking")
    REVIEW = "review", _("for review")
    INFORMATION = "information", _("information")


@dataclass(frozen=True)
class Rule:
    id: str
    title: str | Promise
    severity: str
    source: str
    subjects: tuple[str, ...]
    check: Callable[[Any], str | Promise | None]


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    title: str
    message: str
    source: str


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, title: str | Promise, severity: str, source: str, subjects: tuple[str, ...]
) -> Callable[[Callable[[Any], str | Promise | None]], Callable[[Any], str | Promise | None]]:
    """Register a check. It returns ``None`` when the object passes, else what is wrong."""

    def register(check: Callable[[Any], str | Promise | None]) -> Callable[[Any], str | Promise | None]:
        RULES[rule_id] = Rule(rule_id, title, severity, source, subjects, check)
        return check

    return register


def subject_of(obj: Any) -> str:
    return str(obj._meta.model_name)


def run(obj: Any, only: str | None = None) -> list[Finding]:
    subject = subject_of(obj)
    findings = []
    for item in RULES.values():
        if subject not in item.subjects or (only and item.id != only):
            continue
        problem = item.check(obj)
        if problem is not None:
            findings.append(Finding(item.id, item.severity, str(item.title), str(problem), item.source))
    return findings


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == Severity.BLOCKING]


def param(key: str) -> Decimal:
    """A rule parameter: ``settings.PHLOV_MIGRATION_PARAMETERS`` overrides the data row."""

    from phlov.migration.models import RuleParameter

    overrides: dict[str, Any] = getattr(settings, "PHLOV_MIGRATION_PARAMETERS", {})
    if key in overrides:
        return Decimal(str(overrides[key]))
    return RuleParameter.objects.get(key=key).value


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def monthly_wage(terms: Any) -> Decimal:
    if terms.wage_period == "day":
        return Decimal(terms.wage_amount) * param("days_per_month")
    return Decimal(terms.wage_amount)
