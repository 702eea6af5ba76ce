"""A possible re-trafficking: a new case (or, later, a returnee or migrant-worker record) for a
person who already had a case. The earlier case's caseworker is alerted; they or a colleague
confirm or dismiss it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertSource(models.TextChoices):
    NEW_CASE = "new_case", _("a new case was opened")
    MERGE = "merge", _("person records were merged")
    RETURNEE = "returnee", _("a returnee record")
    WORKER_RECORD = "worker_record", _("a migrant-worker record")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("possible re-trafficking")
    CONFIRMED = "confirmed", _("re-trafficking confirmed")
    DISMISSED = "dismissed", _("not re-trafficking")


class RetraffickingAlert(models.Model):
    # Empty for a returnee or migrant-worker record that has no case (``source_ref`` names it).
    case = models.ForeignKey("protection.Case", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="retrafficking_alerts", verbose_name=_("new case"))  # fmt: skip
    earlier_case = models.ForeignKey("protection.Case", on_delete=models.CASCADE, related_name="later_alerts",
                                     verbose_name=_("earlier case"))  # fmt: skip
    source = models.CharField(_("how it was found"), max_length=16, choices=AlertSource.choices)
    source_ref = models.CharField(_("record"), max_length=64, blank=True)
    raised_at = models.DateTimeField(_("raised at"))
    alerted = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("alerted caseworker"))  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("re-trafficking alert")
        verbose_name_plural = _("re-trafficking alerts")
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "earlier_case", "source_ref"], name="retrafficking_alert_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(case=models.F("earlier_case")), name="retrafficking_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.earlier_case_id} -> {self.case_id} ({self.status})"
