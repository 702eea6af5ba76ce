"""A migrant worker's journey, and the disappearance notice (SD 190 Arts 31-32, per the brief)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.core.models import TimeStamped


class WorkerStatus(models.TextChoices):
    """Where the worker is in the journey; ``services.journey.TRANSITIONS`` says which moves are allowed."""

    REGISTERED = "registered", _("registered, preparing to leave")
    WITHDRAWN = "withdrawn", _("withdrew before departure")
    DEPARTED = "departed", _("departed")
    ABROAD = "abroad", _("working abroad")
    MISSING = "missing", _("missing")
    REPATRIATING = "repatriating", _("being repatriated")
    CONTRACT_ENDED = "contract_ended", _("contract ended")
    RETURNED = "returned", _("returned home")


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
    status = models.CharField(
        _("status"), max_length=16, choices=WorkerStatus.choices, default=WorkerStatus.REGISTERED
    )
    contract_ends_on = models.DateField(_("contract ends"), null=True, blank=True)
    returned_at = models.DateField(_("returned"), null=True, blank=True)
    early_return = models.BooleanField(_("returned before the contract ended"), default=False)
    # Set only by the loader of published tables: the record stands for a count, not a known person.
    historical_source = models.CharField(_("loaded from a published table"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("migrant worker")
        verbose_name_plural = _("migrant workers")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} · {self.job_order.position}"


class SearchStatus(models.TextChoices):
    SEARCHING = "searching", _("searching")
    FOUND = "found", _("found")
    CLOSED = "closed", _("closed")


class Disappearance(TimeStamped):
    """The notice (SD 190 Arts 31-32) and the search record it opens."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="disappearances")
    status = models.CharField(
        _("search status"), max_length=16, choices=SearchStatus.choices, default=SearchStatus.SEARCHING
    )
    last_seen_place = models.CharField(_("last seen (place)"), max_length=200, blank=True)
    found_at = models.DateTimeField(_("found"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
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
    notifications = models.ManyToManyField("notifications.Notification", related_name="+", blank=True)

    class Meta:
        verbose_name = _("notice sent")
        verbose_name_plural = _("notices sent")

    def __str__(self) -> str:
        return f"{self.disappearance_id}: {self.party}"

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None
