"""Inspection of private recruitment agencies (Prakas 250 on Inspection of private recruitment agencies).

The checklist is data (``migration/data/inspection_checklist.json``, loaded by migration 0003),
each item with its source and a confidence tag, because the Prakas' own list could not be
retrieved. An inspection visits the agency, one of its branches or a training centre; each
item gets a finding; a failed item gets corrective actions with a deadline, which a
follow-up visit verifies.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.core.models import TimeStamped


class ChecklistItem(models.Model):
    class Site(models.TextChoices):
        ANY = "any", _("any site")
        OFFICE = "office", _("head office or branch")
        TRAINING_CENTRE = "training_centre", _("training centre")

    code = models.SlugField(_("code"), max_length=16, unique=True)
    text_en = models.CharField(_("item (English)"), max_length=300)
    text_km = models.CharField(_("item (Khmer)"), max_length=300, blank=True)
    site = models.CharField(_("applies to"), max_length=16, choices=Site.choices, default=Site.ANY)
    citation = models.TextField(_("source"))
    confidence = models.CharField(
        _("confidence"), max_length=8, help_text=_("V, S or U as in the rules note.")
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.text_en}"

    @property
    def text(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("km") and self.text_km:
            return self.text_km
        return self.text_en


class InspectionKind(models.TextChoices):
    PLANNED = "planned", _("planned")
    UNANNOUNCED = "unannounced", _("unannounced")
    FOLLOW_UP = "follow_up", _("follow-up visit")


class Inspection(TimeStamped):
    agency = models.ForeignKey("migration.Agency", on_delete=models.PROTECT, related_name="inspections")
    branch = models.ForeignKey(
        "migration.Branch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("branch"),
    )
    training_centre = models.ForeignKey(
        "migration.TrainingCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("training centre"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=InspectionKind.choices)
    planned_for = models.DateField(_("planned for"))
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    team = models.CharField(_("inspection team"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    follow_up_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follow-up of"),
    )

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-planned_for", "-pk"]

    def __str__(self) -> str:
        return f"{self.agency} · {self.planned_for}"

    @property
    def site_name(self) -> str:
        if self.training_centre_id:
            return str(self.training_centre)
        if self.branch_id:
            return str(self.branch)
        return str(_("head office"))

    @property
    def site_kind(self) -> str:
        return ChecklistItem.Site.TRAINING_CENTRE if self.training_centre_id else ChecklistItem.Site.OFFICE


class InspectionFinding(models.Model):
    class Result(models.TextChoices):
        COMPLIANT = "compliant", _("compliant")
        NON_COMPLIANT = "non_compliant", _("not compliant")
        NOT_APPLICABLE = "not_applicable", _("not applicable")
        NOT_CHECKED = "not_checked", _("not checked")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("result"), max_length=16, choices=Result.choices, default=Result.NOT_CHECKED)
    note = models.TextField(_("what was seen"), blank=True)

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["item__position", "item__code"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="migration_finding_once")]

    def __str__(self) -> str:
        return f"{self.inspection_id}: {self.item_id} {self.result}"


class CorrectiveAction(TimeStamped):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("reported done")
        VERIFIED = "verified", _("verified")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="actions")
    finding = models.ForeignKey(
        InspectionFinding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("finding"),
    )
    description = models.TextField(_("what the agency must do"))
    due_on = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    verified_in = models.ForeignKey(
        Inspection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verified_actions",
        verbose_name=_("verified in"),
    )

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:60]

    def overdue_on(self, day: datetime.date) -> bool:
        """Overdue: past its deadline and the agency has not reported the work done."""

        return self.status == self.Status.OPEN and self.due_on < day
