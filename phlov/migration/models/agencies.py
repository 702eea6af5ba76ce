"""Private recruitment agencies and their licences (Sub-decree 190, Prakas 047).

An agency is owned by an organisation of kind ``recruitment_agency``; that organisation sits
below the licensing ministry, so ministry grants reach every agency and agency staff reach
only their own. Authorisation is per agency x destination country (MoLVT's 2025 list).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.core.models import BilingualName, TimeStamped


class AgencyStatus(models.TextChoices):
    ACTIVE = "active", _("licensed")
    SUSPENDED = "suspended", _("suspended")
    REVOKED = "revoked", _("revoked")


class Agency(BilingualName, TimeStamped):
    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="agency",
        verbose_name=_("organisation"),
    )
    licence_number = models.CharField(_("licence number"), max_length=64, unique=True)
    licence_issued = models.DateField(_("licence issued"))
    licence_expires = models.DateField(_("licence expires"))
    destinations = models.ManyToManyField(
        "places.Place", related_name="+", limit_choices_to={"kind": "country"}, verbose_name=_("destinations")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AgencyStatus.choices, default=AgencyStatus.ACTIVE
    )
    suspended_until = models.DateField(_("suspended until"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("recruitment agency")
        verbose_name_plural = _("recruitment agencies")
        ordering = ["name_en"]

    def status_on(self, day: datetime.date) -> str:
        """The status on ``day``: a suspension ends by itself on its end date; an expired licence counts as not licensed."""

        status = str(self.status)
        if status == AgencyStatus.SUSPENDED and self.suspended_until and day > self.suspended_until:
            status = str(AgencyStatus.ACTIVE)
        if status == AgencyStatus.ACTIVE and not (self.licence_issued <= day <= self.licence_expires):
            return "expired"
        return status

    def licensed_for(self, country_id: int, day: datetime.date) -> bool:
        return self.status_on(day) == AgencyStatus.ACTIVE and self.destinations.filter(pk=country_id).exists()


class LicenceStatusChange(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(_("from"), max_length=16, choices=AgencyStatus.choices)
    new_status = models.CharField(_("to"), max_length=16, choices=AgencyStatus.choices)
    until = models.DateField(_("until"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("licence status change")
        verbose_name_plural = _("licence status changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.old_status} -> {self.new_status}"


class AgencyOfficer(models.Model):
    """An owner or director; FR-30 compares them with those of revoked agencies."""

    class Kind(models.TextChoices):
        OWNER = "owner", _("owner")
        DIRECTOR = "director", _("director")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="officers")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    id_number = models.CharField(_("identity document number"), max_length=64, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("owner or director")
        verbose_name_plural = _("owners and directors")

    def __str__(self) -> str:
        return self.name


class Branch(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="branches")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    province = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "province"},
        verbose_name=_("province"),
    )

    class Meta:
        verbose_name = _("branch")
        verbose_name_plural = _("branches")

    def __str__(self) -> str:
        return self.name


class TrainingCentre(models.Model):
    """A pre-departure training centre (2016 MoLVT standards: safe, hygienic accommodation)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="training_centres")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    registered = models.BooleanField(_("registered"), default=False)
    longest_stay_days = models.PositiveIntegerField(_("longest stay (days)"), default=0)
    restricts_leaving = models.BooleanField(_("trainees may not leave"), default=False)
    restricts_phones = models.BooleanField(_("trainees' phones restricted"), default=False)

    class Meta:
        verbose_name = _("training centre")
        verbose_name_plural = _("training centres")

    def __str__(self) -> str:
        return self.name
