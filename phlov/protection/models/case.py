"""A protection case: one person's file from identification to closure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.core.models import TimeStamped
from phlov.protection import vocab
from phlov.protection.stages import Stage


class Departure(models.TextChoices):
    VOLUNTARY = "voluntary", _("voluntary")
    FORCED = "forced", _("forced")
    UNKNOWN = "unknown", _("unknown")


class Case(TimeStamped):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="protection_cases",
                               verbose_name=_("person"))  # fmt: skip
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("lead organisation"))  # fmt: skip
    caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="protection_cases", verbose_name=_("caseworker"))  # fmt: skip
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.IDENTIFICATION)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    identified_abroad = models.BooleanField(_("identified abroad"), default=False)
    exploitation_forms = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    sexual_exploitation_details = models.TextField(_("sexual exploitation details"), blank=True)
    means_of_control = models.JSONField(_("means of control"), default=list, blank=True)
    recruitment_methods = models.JSONField(_("how recruited"), default=list, blank=True)
    recruited_by = models.JSONField(_("recruited by"), default=list, blank=True)
    departure = models.CharField(
        _("departure"), max_length=10, choices=Departure.choices, default=Departure.UNKNOWN
    )
    narrative = models.TextField(_("narrative"), blank=True)
    closure_reason = models.CharField(_("closure reason"), max_length=32, blank=True,
                                      choices=vocab.choices("closure_reasons"))  # fmt: skip
    closure_note = models.TextField(_("closure note"), blank=True)
    closure_override = models.TextField(_("reason for overriding the closure rules"), blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-pk"]
        # The case list is read newest first, a page at a time: walked in this index's order
        # instead of sorting every case (41,000 nationally) for each page.
        indexes = [models.Index(fields=["-opened_on", "-id"], name="protection_case_newest")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_stage_display()})"

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED

    @property
    def is_foreign(self) -> bool:
        nationality = self.person.nationality
        return nationality is not None and nationality.code != "KH"


class StageChange(models.Model):
    class Status(models.TextChoices):
        DONE = "done", _("done")
        PENDING = "pending", _("waiting for approval")
        REJECTED = "rejected", _("rejected")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="stage_changes", verbose_name=_("case")
    )
    from_stage = models.CharField(_("from"), max_length=16, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=16, choices=Stage.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))  # fmt: skip
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    closure_reason = models.CharField(_("closure reason"), max_length=32, blank=True)
    closure_override = models.TextField(_("reason for overriding the closure rules"), blank=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_stage} -> {self.to_stage} ({self.status})"


class TraffickingEvent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=16, choices=vocab.choices("event_types"))
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("place"))  # fmt: skip
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    border_crossing = models.CharField(_("border crossing"), max_length=10, default="unknown",
                                       choices=vocab.choices("border_crossings"))  # fmt: skip
    crossing_point = models.CharField(_("crossing point"), max_length=120, blank=True)
    travel_mode = models.CharField(_("mode of travel"), max_length=10, default="unknown",
                                   choices=vocab.choices("travel_modes"))  # fmt: skip
    earnings_usd = models.DecimalField(
        _("earnings (US$)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    earnings_kept_by = models.CharField(_("earnings kept by"), max_length=10, blank=True,
                                        choices=vocab.choices("earnings_kept_by"))  # fmt: skip
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("trafficking event")
        verbose_name_plural = _("trafficking events")
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.started_on or ''}".strip()
