"""The statistics module keeps one kind of record of its own: the category a case was counted
under in an older reporting scheme whose categories are not Phlov's vocabularies (the Ministry
of Women's Affairs' 2002 register mixes kinds of case, directions of trafficking, forms of
exploitation and actions taken). Everything else is counted from the other modules' records."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportingCategory(models.Model):
    case = models.ForeignKey(
        "protection.Case",
        on_delete=models.CASCADE,
        related_name="reporting_categories",
        verbose_name=_("case"),
    )
    scheme = models.CharField(_("reporting scheme"), max_length=32)
    code = models.CharField(_("category"), max_length=48)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("reporting category")
        verbose_name_plural = _("reporting categories")
        constraints = [
            models.UniqueConstraint(fields=["case", "scheme", "code"], name="stats_category_case_scheme_code")
        ]
        indexes = [models.Index(fields=["scheme", "code"], name="stats_category_scheme_code")]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.code}"
