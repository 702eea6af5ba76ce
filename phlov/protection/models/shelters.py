"""Shelters (an organisation's facility with a capacity) and the stays in them: waiting list,
admission, discharge, and a review when a stay runs past the usual length."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.core.models import BilingualName, TimeStamped
from phlov.protection import servicedata


class Shelter(BilingualName, TimeStamped):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation"))  # fmt: skip
    kind = models.CharField(_("kind"), max_length=16, default="shelter",
                            choices=servicedata.choices("shelters.json", "kinds"))  # fmt: skip
    province = models.ForeignKey("places.Place", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", limit_choices_to={"kind": "province"},
                                 verbose_name=_("province"))  # fmt: skip
    capacity = models.PositiveSmallIntegerField(_("capacity (places)"))
    is_active = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("shelter")
        verbose_name_plural = _("shelters")
        ordering = ["name_en"]


class StayStatus(models.TextChoices):
    WAITING = "waiting", _("on the waiting list")
    ADMITTED = "admitted", _("staying")
    DISCHARGED = "discharged", _("discharged")
    CANCELLED = "cancelled", _("no longer waiting")


class ShelterStay(TimeStamped):
    shelter = models.ForeignKey(
        Shelter, on_delete=models.PROTECT, related_name="stays", verbose_name=_("shelter")
    )
    case = models.ForeignKey("protection.Case", on_delete=models.PROTECT, related_name="shelter_stays",
                             verbose_name=_("case"))  # fmt: skip
    status = models.CharField(
        _("status"), max_length=12, choices=StayStatus.choices, default=StayStatus.WAITING
    )
    requested_on = models.DateField(_("asked for a place on"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("asked by"))  # fmt: skip
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    discharge_destination = models.CharField(_("discharged to"), max_length=16, blank=True,
                                             choices=servicedata.choices("shelters.json",
                                                                         "discharge_destinations"))  # fmt: skip
    discharge_note = models.TextField(_("discharge note"), blank=True)
    reviewed_on = models.DateField(_("long stay reviewed on"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("shelter stay")
        verbose_name_plural = _("shelter stays")
        ordering = ["-requested_on", "-pk"]
        indexes = [models.Index(fields=["shelter", "status"])]

    def __str__(self) -> str:
        return f"{self.shelter_id} {self.case_id} {self.status}"

    def months_stayed(self, today: datetime.date | None = None) -> int | None:
        if self.admitted_on is None:
            return None
        end = self.discharged_on or today or datetime.date.today()
        months = (end.year - self.admitted_on.year) * 12 + end.month - self.admitted_on.month
        return months if end.day >= self.admitted_on.day else months - 1
