"""Complaints of migrant workers (Prakas 249; Dispute Resolution Guidelines, 2018).

The reference given to the complainant is random and shown once; only its hash is kept, so
that the public follow-up page can find the complaint and show its status and nothing else.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.core.models import TimeStamped


class ComplaintCategory(models.TextChoices):
    DEPLOYMENT_DELAY = "deployment_delay", _("deployment delayed")
    NO_JOB = "no_job", _("the job never existed")
    PASSPORT_KEPT = "passport_kept", _("passport kept")
    WAGES = "wages", _("wages unpaid or cut")
    FEES = "fees", _("fees")
    CONTRACT_SUBSTITUTION = "contract_substitution", _("contract changed")
    ABUSE = "abuse", _("abuse")
    MISSING_PERSON = "missing_person", _("missing person")
    OTHER = "other", _("other")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    FACT_FINDING = "fact_finding", _("fact finding")
    CONCILIATION = "conciliation", _("conciliation")
    SETTLED = "settled", _("agreement reached")
    PAID = "paid", _("compensation paid")
    REFERRED = "referred", _("referred elsewhere")
    CLOSED = "closed", _("closed")


class Complaint(TimeStamped):
    class Lodger(models.TextChoices):
        WORKER = "worker", _("the worker")
        FAMILY = "family", _("a family member")
        REPRESENTATIVE = "representative", _("a representative")

    class Respondent(models.TextChoices):
        AGENCY = "agency", _("a recruitment agency")
        EMPLOYER = "employer", _("an employer")
        BROKER = "broker", _("a broker")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving office"),
    )
    reference_hash = models.CharField(max_length=64, unique=True, editable=False)
    lodged_by = models.CharField(_("lodged by"), max_length=16, choices=Lodger.choices)
    complainant_name = models.CharField(_("your name"), max_length=200)
    complainant_phone = models.CharField(_("your phone"), max_length=40, blank=True)
    worker_name = models.CharField(_("worker's name"), max_length=200, blank=True)
    group_size = models.PositiveIntegerField(_("number of workers concerned"), default=1)
    respondent_kind = models.CharField(_("complaint against"), max_length=16, choices=Respondent.choices)
    agency = models.ForeignKey(
        "migration.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("agency"),
    )
    respondent_name = models.CharField(
        _("name of the agency, employer or broker"), max_length=200, blank=True
    )
    destination = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "country"},
        verbose_name=_("country of work"),
    )
    complainant_province = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "province"},
        verbose_name=_("your province"),
        help_text=_("The labour department of your province receives the complaint, where there is one."),
    )
    category = models.CharField(_("what happened"), max_length=24, choices=ComplaintCategory.choices)
    description = models.TextField(_("tell us what happened"))
    amount_claimed = models.DecimalField(
        _("amount claimed (USD)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    due_by = models.DateField(_("to be addressed by"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    compensation_agreed = models.DecimalField(
        _("compensation agreed"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    compensation_paid = models.DecimalField(
        _("compensation paid"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    trafficking_flag = models.BooleanField(_("referred to trafficking screening"), default=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The worker in the registry, once the officer has found or registered them (for screening).
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("worker in the registry"),
    )

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-created_at", "-pk"]


class ComplaintEvent(models.Model):
    """A step of the file: a fact-finding note, a conciliation meeting, an agreement, a payment."""

    class Kind(models.TextChoices):
        NOTE = "note", _("fact-finding note")
        MEETING = "meeting", _("conciliation meeting")
        AGREEMENT = "agreement", _("agreement")
        PAYMENT = "payment", _("payment")
        STATUS = "status", _("status change")
        REFERRAL = "referral", _("referral")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("text"), blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    happened_on = models.DateField(_("date"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("complaint step")
        verbose_name_plural = _("complaint steps")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.kind}"
