"""Reintegration: where the person goes, the money given at reintegration (one month of
support, start-up grants), and the reminders sent for overdue follow-up visits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.protection import vocab


class Reintegration(models.Model):
    case = models.ForeignKey("protection.Case", on_delete=models.CASCADE, related_name="reintegrations",
                             verbose_name=_("case"))  # fmt: skip
    destination = models.CharField(_("where the person goes"), max_length=16,
                                   choices=vocab.choices("reintegration_destinations"))  # fmt: skip
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("place"))  # fmt: skip
    reintegrated_on = models.DateField(_("reintegrated on"))
    # Monthly living costs expected there: the follow-up visits start from them.
    cost_food = models.DecimalField(
        _("food (US$ a month)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    cost_rent = models.DecimalField(
        _("rent (US$ a month)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    cost_family_support = models.DecimalField(_("family support (US$ a month)"), max_digits=10, decimal_places=2,
                                              null=True, blank=True)  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))  # fmt: skip

    class Meta:
        verbose_name = _("reintegration")
        verbose_name_plural = _("reintegrations")
        ordering = ["-reintegrated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_destination_display()} {self.reintegrated_on}"


class FinancialSupport(models.Model):
    case = models.ForeignKey("protection.Case", on_delete=models.CASCADE, related_name="financial_support",
                             verbose_name=_("case"))  # fmt: skip
    kind = models.CharField(_("kind of support"), max_length=20, choices=vocab.choices("support_kinds"))
    amount = models.DecimalField(_("amount (US$)"), max_digits=10, decimal_places=2)
    given_on = models.DateField(_("given on"))
    months = models.PositiveSmallIntegerField(_("months covered"), default=1)
    description = models.CharField(_("description"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))  # fmt: skip

    class Meta:
        verbose_name = _("financial support")
        verbose_name_plural = _("financial support")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class VisitReminder(models.Model):
    visit = models.ForeignKey("protection.FollowUpVisit", on_delete=models.CASCADE, related_name="reminders",
                              verbose_name=_("follow-up visit"))  # fmt: skip
    sent_on = models.DateField(_("sent on"))
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("recipient"))  # fmt: skip

    class Meta:
        verbose_name = _("visit reminder")
        verbose_name_plural = _("visit reminders")
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.sent_on}"
