"""The victim's family: household needs and the support given to it (skills training,
micro-credit, grants), seen from the case (seed 001: help the families, who are mostly poor)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.protection import servicedata


class FamilyNeed(models.Model):
    case = models.ForeignKey("protection.Case", on_delete=models.CASCADE, related_name="family_needs",
                             verbose_name=_("case"))  # fmt: skip
    need = models.CharField(_("need"), max_length=16, choices=servicedata.choices("family.json", "needs"))
    description = models.TextField(_("description"), blank=True)
    assessed_on = models.DateField(_("assessed on"))
    met_on = models.DateField(_("met on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))  # fmt: skip

    class Meta:
        verbose_name = _("household need")
        verbose_name_plural = _("household needs")
        ordering = ["assessed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_need_display()} ({self.assessed_on})"


class FamilySupport(models.Model):
    case = models.ForeignKey("protection.Case", on_delete=models.CASCADE, related_name="family_support",
                             verbose_name=_("case"))  # fmt: skip
    kind = models.CharField(_("kind of support"), max_length=16,
                            choices=servicedata.choices("family.json", "support_kinds"))  # fmt: skip
    need = models.ForeignKey(FamilyNeed, on_delete=models.SET_NULL, null=True, blank=True, related_name="support",
                             verbose_name=_("for the need"))  # fmt: skip
    provider = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("provider organisation"))  # fmt: skip
    description = models.TextField(_("description"), blank=True)
    amount_usd = models.DecimalField(
        _("amount (US$)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    given_on = models.DateField(_("given on"), null=True, blank=True,
                                help_text=_("Leave empty while the support is only planned."))  # fmt: skip
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))  # fmt: skip

    class Meta:
        verbose_name = _("support to the family")
        verbose_name_plural = _("support to the family")
        ordering = ["given_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"
