"""Assessment and care plan across the seven reintegration domains of seed 001 (preventing
stigma, education, job training and employment, legal support, medical care, social services
and safety, psychological support): what the person needs, the goals and services planned,
who provides them, and each service delivered."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.protection import vocab


class CareAssessment(models.Model):
    case = models.ForeignKey("protection.Case", on_delete=models.CASCADE, related_name="assessments",
                             verbose_name=_("case"))  # fmt: skip
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("assessed by"))  # fmt: skip
    # {domain code: need code}; every domain of ``care_domains`` is present.
    needs = models.JSONField(_("needs by domain"), default=dict)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.assessed_on}"


class CareItem(models.Model):
    """One goal of the care plan in one domain, with the service that should reach it."""

    case = models.ForeignKey("protection.Case", on_delete=models.CASCADE, related_name="care_items",
                             verbose_name=_("case"))  # fmt: skip
    domain = models.CharField(_("domain"), max_length=16, choices=vocab.choices("care_domains"))
    goal = models.CharField(_("goal"), max_length=300)
    service = models.CharField(_("service"), max_length=300, blank=True)
    provider = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("provider organisation"))  # fmt: skip
    provider_name = models.CharField(_("other provider"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, default="planned", choices=vocab.choices("care_statuses")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))  # fmt: skip

    class Meta:
        verbose_name = _("care plan goal")
        verbose_name_plural = _("care plan goals")
        ordering = ["domain", "starts_on", "pk"]

    def __str__(self) -> str:
        return self.goal

    @property
    def provider_label(self) -> str:
        return str(self.provider) if self.provider is not None else self.provider_name


class ServiceDelivery(models.Model):
    """A service delivered towards a goal: the log that shows the plan is more than paper."""

    item = models.ForeignKey(CareItem, on_delete=models.CASCADE, related_name="deliveries",
                             verbose_name=_("care plan goal"))  # fmt: skip
    delivered_on = models.DateField(_("delivered on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))  # fmt: skip
    description = models.TextField(_("what was delivered"))

    class Meta:
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")
        ordering = ["-delivered_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.delivered_on}"
