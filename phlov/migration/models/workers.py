"""A migrant worker's journey, and the disappearance notice (SD 190 Arts 31-32, per the brief)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.core.models import TimeStamped


class Worker(TimeStamped):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="migrations")
    job_order = models.ForeignKey("migration.JobOrder", on_delete=models.PROTECT, related_name="workers")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    fee_paid_at = models.DateField(_("first payment"), null=True, blank=True)
    documents_collected_at = models.DateField(_("documents collected"), null=True, blank=True)
    orientation_completed_at = models.DateField(_("orientation completed"), null=True, blank=True)
    orientation_identity_verified = models.BooleanField(_("orientation identity verified"), default=False)
    data_transfer_consent = models.BooleanField(_("consent to share data with the employer"), default=False)
    departure_date = models.DateField(_("departure"), null=True, blank=True)
    arrived_at = models.DateField(_("arrival"), null=True, blank=True)

    class Meta:
        verbose_name = _("migrant worker")
        verbose_name_plural = _("migrant workers")
        ordering = ["-created_at", "-pk"]


class Disappearance(TimeStamped):
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="disappearances")
    last_contact_at = models.DateTimeField(_("last contact"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    circumstances = models.TextField(_("circumstances"), blank=True)

    class Meta:
        verbose_name = _("disappearance notice")
        verbose_name_plural = _("disappearance notices")


class DisappearanceNotice(models.Model):
    """One party told (embassy, Ministry of Interior, Ministry of Labour), and when it answered."""

    class Party(models.TextChoices):
        EMBASSY = "embassy", _("embassy")
        INTERIOR = "interior", _("Ministry of Interior")
        LABOUR = "labour", _("Ministry of Labour and Vocational Training")

    disappearance = models.ForeignKey(Disappearance, on_delete=models.CASCADE, related_name="notices")
    party = models.CharField(_("party"), max_length=16, choices=Party.choices)
    email = models.EmailField(_("e-mail address"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice sent")
        verbose_name_plural = _("notices sent")

    def __str__(self) -> str:
        return f"{self.disappearance_id}: {self.party}"
