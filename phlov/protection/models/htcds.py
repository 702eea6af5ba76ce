"""HTCDS 2.0 exchange: each import (its report of values outside the standard's vocabularies),
and the standard's values kept per case so that a re-export loses nothing Phlov has no field for."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HtcdsImport(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation"))  # fmt: skip
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("imported by"))  # fmt: skip
    imported_at = models.DateTimeField(_("imported at"))
    file_name = models.CharField(_("file"), max_length=255)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    # [{"row": 3, "column": "vic_MethodsOfControl", "value": "...", "problem": "..."}]
    report = models.JSONField(_("report"), default=list)

    class Meta:
        verbose_name = _("HTCDS import")
        verbose_name_plural = _("HTCDS imports")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class HtcdsRecord(models.Model):
    case = models.OneToOneField("protection.Case", on_delete=models.CASCADE, related_name="htcds",
                                verbose_name=_("case"))  # fmt: skip
    source = models.ForeignKey(HtcdsImport, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="records", verbose_name=_("import"))  # fmt: skip
    row = models.PositiveIntegerField(_("row"), null=True, blank=True)
    # The cells as read (field name -> text), kept whole: values outside the vocabularies too.
    values = models.JSONField(_("values"), default=dict)
    # What the import set in Phlov from those cells (field -> value): while Phlov still holds the
    # same, the export writes the cell as read; once the case was edited, Phlov's value.
    mapped = models.JSONField(_("values set in Phlov"), default=dict)

    class Meta:
        verbose_name = _("HTCDS record")
        verbose_name_plural = _("HTCDS records")

    def __str__(self) -> str:
        return f"{self.case_id}"
