"""Numbers from outside, each with its source: loaded from ``migration/data/`` by a migration."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleParameter(models.Model):
    """A legal or calibration value a rule reads (a time limit, an age, a threshold)."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    citation = models.TextField(_("source"))
    confidence = models.CharField(
        _("confidence"), max_length=8, help_text=_("V, S or U as in the rules note.")
    )

    class Meta:
        verbose_name = _("rule parameter")
        verbose_name_plural = _("rule parameters")

    def __str__(self) -> str:
        return f"{self.key} = {self.value} {self.unit}"


class MinimumWage(models.Model):
    """A destination's legal minimum wage for an area from a date (FR-11)."""

    country = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    area = models.CharField(_("area"), max_length=100)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    period = models.CharField(_("period"), max_length=8)
    valid_from = models.DateField(_("valid from"))
    citation = models.TextField(_("source"))

    class Meta:
        verbose_name = _("minimum wage")
        verbose_name_plural = _("minimum wages")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "area", "valid_from"], name="migration_min_wage_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.amount} {self.currency}/{self.period}"
