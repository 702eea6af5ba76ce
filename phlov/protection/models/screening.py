"""A screening against the Palermo elements and the ILO indicators of forced labour."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.core.models import TimeStamped
from phlov.protection.screening import Outcome, explain


class SourceKind(models.TextChoices):
    PERSON = "person", _("person")
    COMPLAINT = "complaint", _("complaint")
    WORKER_RECORD = "worker_record", _("migrant worker record")


class Screening(TimeStamped):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="screenings",
                               verbose_name=_("person"))  # fmt: skip
    # Where the screening started: a person, later a complaint or a worker record (generic).
    source_kind = models.CharField(
        _("source"), max_length=16, choices=SourceKind.choices, default=SourceKind.PERSON
    )
    source_id = models.CharField(_("source record"), max_length=64, blank=True)
    screened_on = models.DateField(_("screened on"))
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("screened by"))  # fmt: skip
    age_at_screening = models.PositiveSmallIntegerField(_("age at screening"), null=True, blank=True)
    acts = models.JSONField(_("acts"), default=list, blank=True)
    means = models.JSONField(_("means"), default=list, blank=True)
    purposes = models.JSONField(_("purposes"), default=list, blank=True)
    ilo_indicators = models.JSONField(_("ILO indicators"), default=list, blank=True)
    proposed_outcome = models.CharField(_("proposed outcome"), max_length=16, choices=Outcome.choices)
    proposal_reasons = models.JSONField(_("reasons for the proposal"), default=list)
    outcome = models.CharField(_("decided outcome"), max_length=16, choices=Outcome.choices)
    decision_reason = models.TextField(_("reason for deciding otherwise"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    case = models.ForeignKey("protection.Case", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="screenings", verbose_name=_("case"))  # fmt: skip

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-screened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} {self.screened_on}"

    @property
    def differs(self) -> bool:
        return self.outcome != self.proposed_outcome

    def reasoning(self) -> list[str]:
        return explain(self.proposal_reasons, len(self.ilo_indicators))
