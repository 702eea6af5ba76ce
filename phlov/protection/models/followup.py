"""Follow-up visits: a schedule of due dates, and what was found at each visit, including the
income check (monthly income against living costs and the minimum wage in force)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.protection import vocab


class Rating(models.TextChoices):
    GOOD = "good", _("good")
    FAIR = "fair", _("fair")
    POOR = "poor", _("poor")
    UNKNOWN = "unknown", _("not assessed")


class Risk(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")
    UNKNOWN = "unknown", _("not assessed")


class FollowUpVisit(models.Model):
    case = models.ForeignKey("protection.Case", on_delete=models.CASCADE, related_name="visits",
                             verbose_name=_("case"))  # fmt: skip
    due_on = models.DateField(_("due on"))
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("visited by"))  # fmt: skip
    # Findings.
    safety = models.CharField(_("safety"), max_length=8, choices=Rating.choices, default=Rating.UNKNOWN)
    housing = models.CharField(_("housing"), max_length=8, choices=Rating.choices, default=Rating.UNKNOWN)
    schooling = models.CharField(_("schooling"), max_length=8, choices=Rating.choices, default=Rating.UNKNOWN)
    wellbeing = models.CharField(_("wellbeing"), max_length=8, choices=Rating.choices, default=Rating.UNKNOWN)
    retrafficking_risk = models.CharField(_("risk of re-trafficking"), max_length=8, choices=Risk.choices,
                                          default=Risk.UNKNOWN)  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)
    # Income check (US$ a month); left empty when income was not checked at this visit.
    monthly_income = models.DecimalField(_("monthly income (US$)"), max_digits=10, decimal_places=2,
                                         null=True, blank=True)  # fmt: skip
    cost_food = models.DecimalField(
        _("food (US$ a month)"), max_digits=10, decimal_places=2, default=Decimal(0)
    )
    cost_rent = models.DecimalField(
        _("rent (US$ a month)"), max_digits=10, decimal_places=2, default=Decimal(0)
    )
    cost_family_support = models.DecimalField(_("family support (US$ a month)"), max_digits=10, decimal_places=2,
                                              default=Decimal(0))  # fmt: skip
    sector = models.CharField(
        _("sector of work"), max_length=16, blank=True, choices=vocab.choices("sectors")
    )

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["due_on", "pk"]
        # "Due and overdue visits" (every caseworker's list) reads only visits not yet made.
        indexes = [
            models.Index(
                fields=["due_on", "id"],
                condition=models.Q(visited_on__isnull=True),
                name="protection_visit_open_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.due_on}"

    @property
    def income_checked(self) -> bool:
        return self.visited_on is not None and self.monthly_income is not None
