"""What happens to a worker between registration and return: documents, health check,
pre-departure orientation (Prakas 46/13) and the events of the journey (Prakas 252)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.core.models import TimeStamped


class WorkerDocument(TimeStamped):
    """The papers a deployed worker must hold (MoLVT Notification 24, 2024, per the rules note §1.3 [V])."""

    class Kind(models.TextChoices):
        PASSPORT = "passport", _("passport or travel document")
        VISA = "visa", _("employment visa")
        WORK_PERMIT = "work_permit", _("work permit")
        OCWC = "ocwc", _("Overseas Cambodian Worker Card")

    worker = models.ForeignKey("migration.Worker", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=16, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=64)
    issued_on = models.DateField(_("issued"), null=True, blank=True)
    expires_on = models.DateField(_("expires"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("worker's document")
        verbose_name_plural = _("worker's documents")
        ordering = ["kind", "-expires_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def valid_on(self, day: datetime.date) -> bool:
        return self.expires_on >= day


class HealthCheck(TimeStamped):
    worker = models.ForeignKey("migration.Worker", on_delete=models.CASCADE, related_name="health_checks")
    examined_on = models.DateField(_("examined on"))
    clinic = models.CharField(_("clinic"), max_length=200)
    fit = models.BooleanField(_("fit to work"), default=False)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("health check")
        verbose_name_plural = _("health checks")
        ordering = ["-examined_on", "-pk"]


class OrientationTopic(models.TextChoices):
    """Topics of the MoLVT/IOM pre-departure orientation manual's outcomes (rules note §1.8 [V]);
    the mandatory list of Prakas 46/13 itself is [U] until the text is obtained."""

    PROCESS = "process", _("the migration process and documents")
    RIGHTS = "rights", _("rights, the contract and complaint channels")
    RISKS = "risks", _("risks: trafficking, debt, document retention")
    DESTINATION = "destination", _("the destination country: law, culture, language")
    REMITTANCES = "remittances", _("wages, savings and remittances")
    SKILLS = "skills", _("job skills")
    HELP = "help", _("where to get help abroad (embassy, agency representative)")


class Orientation(TimeStamped):
    """One worker's pre-departure orientation: topics, hours and attendance (Prakas 46/13)."""

    worker = models.ForeignKey("migration.Worker", on_delete=models.CASCADE, related_name="orientations")
    centre = models.ForeignKey(
        "migration.TrainingCentre", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("training centre"),
    )  # fmt: skip
    started_on = models.DateField(_("started"))
    completed_on = models.DateField(_("completed"))
    hours_attended = models.DecimalField(_("hours attended"), max_digits=5, decimal_places=1)
    topics = models.JSONField(_("topics covered"), default=list)
    identity_verified = models.BooleanField(_("the person attending was identified"), default=False)
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("pre-departure orientation")
        verbose_name_plural = _("pre-departure orientations")
        ordering = ["-completed_on", "-pk"]

    def topic_labels(self) -> list[str]:
        return [str(OrientationTopic(t).label) for t in self.topics if t in OrientationTopic.values]


class WorkerEvent(models.Model):
    """One step of the journey: a status move, a welfare check, an incident, a renewal."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("status change")
        WELFARE_CHECK = "welfare_check", _("welfare check")
        INCIDENT = "incident", _("incident")

    class By(models.TextChoices):
        AGENCY = "agency", _("the agency (on-site representative)")
        EMBASSY = "embassy", _("the embassy or labour attaché")
        MINISTRY = "ministry", _("the Ministry")

    worker = models.ForeignKey("migration.Worker", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    action = models.CharField(_("action"), max_length=32, blank=True)
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16, blank=True)
    happened_on = models.DateField(_("date"))
    by = models.CharField(_("done by"), max_length=16, choices=By.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("journey event")
        verbose_name_plural = _("journey events")
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.happened_on} {self.kind} {self.action}"
