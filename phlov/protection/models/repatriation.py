"""Repatriation of a person identified abroad: the bilateral procedure used, family tracing and
assessment, hand-over at a border point and escort, and the procedure's steps with their due
dates (``data/repatriation.json``)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.core.models import TimeStamped
from phlov.protection import servicedata


class AssessmentResult(models.TextChoices):
    PENDING = "pending", _("not yet assessed")
    SUITABLE = "suitable", _("family suitable: return home")
    UNSUITABLE = "unsuitable", _("family not suitable: other placement")


class Repatriation(TimeStamped):
    case = models.ForeignKey("protection.Case", on_delete=models.CASCADE, related_name="repatriations",
                             verbose_name=_("case"))  # fmt: skip
    procedure = models.CharField(_("bilateral procedure"), max_length=32,
                                 choices=servicedata.procedure_choices())  # fmt: skip
    host_country = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+",
                                     limit_choices_to={"kind": "country"}, verbose_name=_("host country"))  # fmt: skip
    host_agency = models.CharField(_("host-country agency"), max_length=200, blank=True)
    identified_on = models.DateField(_("identified abroad on"))
    family_tracing_requested_on = models.DateField(_("family tracing requested on"), null=True, blank=True)
    family_tracing_done_on = models.DateField(_("family traced on"), null=True, blank=True)
    family_assessment_on = models.DateField(_("family assessed on"), null=True, blank=True)
    family_assessment_result = models.CharField(_("family assessment"), max_length=12,
                                                choices=AssessmentResult.choices,
                                                default=AssessmentResult.PENDING)  # fmt: skip
    handover_on = models.DateField(_("handed over on"), null=True, blank=True)
    border_point = models.CharField(_("border point"), max_length=32, blank=True,
                                    choices=servicedata.border_point_choices())  # fmt: skip
    escort = models.CharField(_("escort"), max_length=200, blank=True,
                              help_text=_("Who accompanied the person home (names or organisation)."))  # fmt: skip
    escort_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="+",
                                            verbose_name=_("escorting organisation"))  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("repatriation")
        verbose_name_plural = _("repatriations")
        ordering = ["-identified_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.host_country_id} {self.identified_on}"

    @property
    def days_to_return(self) -> int | None:
        """Days from identification abroad to the hand-over (the return)."""

        if self.handover_on is None:
            return None
        return (self.handover_on - self.identified_on).days

    def get_procedure(self) -> servicedata.Procedure | None:
        return servicedata.procedure(self.procedure)


class RepatriationStep(models.Model):
    repatriation = models.ForeignKey(Repatriation, on_delete=models.CASCADE, related_name="steps",
                                     verbose_name=_("repatriation"))  # fmt: skip
    code = models.CharField(_("step"), max_length=32)
    order = models.PositiveSmallIntegerField(_("order"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("done by"))  # fmt: skip
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("repatriation step")
        verbose_name_plural = _("repatriation steps")
        ordering = ["repatriation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["repatriation", "code"], name="repatriation_step_unique")
        ]

    def __str__(self) -> str:
        found = self.definition()
        return found.label if found else self.code

    def definition(self) -> servicedata.Step | None:
        found = self.repatriation.get_procedure()
        return found.step(self.code) if found else None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return (
            self.done_on is None
            and self.due_on is not None
            and self.due_on < (today or datetime.date.today())
        )
