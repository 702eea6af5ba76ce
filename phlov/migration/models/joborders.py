"""Job orders (the demand an agency recruits against) and contracts, with their terms and costs.

The terms a worker is offered are the same fields on a job order, a placement-service
contract and an employment contract (``Terms``), so the fair-recruitment checks read them the
same way and FR-10 can compare them field by field.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.core.models import TimeStamped


class JobOrderStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    APPROVED = "approved", _("approved")


class Payer(models.TextChoices):
    WORKER = "worker", _("worker")
    EMPLOYER = "employer", _("employer")
    AGENCY = "agency", _("agency")
    STATE = "state", _("state")


class Employer(TimeStamped):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    country = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "country"},
        verbose_name=_("country"),
    )
    verified_by = models.CharField(_("verified by"), max_length=200, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    blacklisted = models.BooleanField(_("blacklisted"), default=False)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self) -> str:
        return self.name


class Terms(models.Model):
    """What the worker is promised (the fields FR-07 .. FR-24 read)."""

    class WagePeriod(models.TextChoices):
        DAY = "day", _("per day")
        MONTH = "month", _("per month")

    class Custody(models.TextChoices):
        WORKER = "worker", _("the worker")
        EMPLOYER = "employer", _("the employer")
        AGENCY = "agency", _("the agency")

    position = models.CharField(_("position"), max_length=200)
    worksite = models.CharField(_("worksite (province or area)"), max_length=200, blank=True)
    wage_amount = models.DecimalField(_("wage"), max_digits=12, decimal_places=2)
    wage_currency = models.CharField(_("currency"), max_length=3)
    wage_period = models.CharField(
        _("wage period"), max_length=8, choices=WagePeriod.choices, default=WagePeriod.MONTH
    )
    pay_frequency_days = models.PositiveIntegerField(_("paid every (days)"), null=True, blank=True)
    paid_to_own_account = models.BooleanField(_("paid into the worker's own account"), default=False)
    deductions = models.TextField(_("deductions"), blank=True)
    hours_per_day = models.DecimalField(
        _("hours per day"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    days_per_week = models.PositiveIntegerField(_("working days per week"), null=True, blank=True)
    overtime_rate = models.DecimalField(
        _("overtime rate"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    leave_days = models.PositiveIntegerField(_("paid leave days a year"), null=True, blank=True)
    contract_months = models.PositiveIntegerField(_("contract length (months)"), null=True, blank=True)
    accommodation = models.CharField(_("accommodation and food"), max_length=300, blank=True)
    insurance = models.CharField(_("insurance"), max_length=300, blank=True)
    languages = models.CharField(_("contract languages (codes)"), max_length=40, blank=True)
    passport_custody = models.CharField(
        _("passport kept by"), max_length=16, choices=Custody.choices, default=Custody.WORKER
    )
    worker_penalty_clause = models.BooleanField(_("penalty or damages on the worker"), default=False)
    change_employer_needs_permission = models.BooleanField(
        _("changing employer needs permission"), default=False
    )
    notice_days = models.PositiveIntegerField(_("worker's notice (days)"), null=True, blank=True)
    return_travel_payer = models.CharField(
        _("return travel paid by"), max_length=16, choices=Payer.choices, blank=True
    )
    grievance_channels = models.TextField(_("complaint channels"), blank=True)
    loan_amount = models.DecimalField(
        _("loan or advance"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    loan_monthly_repayment = models.DecimalField(
        _("loan repayment a month"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    loan_interest_percent = models.DecimalField(
        _("loan interest a year (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        abstract = True


class JobOrder(Terms, TimeStamped):
    agency = models.ForeignKey("migration.Agency", on_delete=models.PROTECT, related_name="job_orders")
    destination = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "country"},
        verbose_name=_("destination country"),
    )
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="job_orders")
    sector_isic = models.CharField(_("sector (ISIC code)"), max_length=8)
    positions_count = models.PositiveIntegerField(_("positions"))
    status = models.CharField(
        _("status"), max_length=16, choices=JobOrderStatus.choices, default=JobOrderStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    advert_published_at = models.DateField(_("advertisement published"), null=True, blank=True)
    advert_approved_at = models.DateField(_("advertisement approved"), null=True, blank=True)
    min_age = models.PositiveIntegerField(_("minimum age"), null=True, blank=True)

    class Meta:
        verbose_name = _("job order")
        verbose_name_plural = _("job orders")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.position} · {self.employer.name}"


class CostLine(models.Model):
    class Category(models.TextChoices):
        RECRUITMENT_FEE = "recruitment_fee", _("recruitment fee")
        SERVICE_FEE = "service_fee", _("service fee")
        PLACEMENT_FEE = "placement_fee", _("placement fee")
        RELATED_COST = "related_cost", _("related cost")
        DEPOSIT = "deposit", _("deposit")
        BOND = "bond", _("bond")
        GUARANTEE = "guarantee", _("guarantee")
        COLLATERAL = "collateral", _("collateral")
        PENALTY = "penalty", _("penalty")
        KICKBACK = "kickback", _("kick-back")

    job_order = models.ForeignKey(JobOrder, on_delete=models.CASCADE, related_name="costs")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    payer = models.CharField(_("paid by"), max_length=16, choices=Payer.choices, blank=True)

    class Meta:
        verbose_name = _("cost")
        verbose_name_plural = _("costs")

    def __str__(self) -> str:
        return f"{self.category} {self.amount} {self.currency}"


class Contract(Terms, TimeStamped):
    class Kind(models.TextChoices):
        PLACEMENT = "placement", _("placement-service contract")
        EMPLOYMENT = "employment", _("employment contract")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    worker = models.ForeignKey("migration.Worker", on_delete=models.CASCADE, related_name="contracts")
    job_order = models.ForeignKey(JobOrder, on_delete=models.PROTECT, related_name="contracts")
    employer_name = models.CharField(_("employer"), max_length=200)
    delivered_at = models.DateField(_("given to the worker"), null=True, blank=True)
    signed_at = models.DateField(_("signed"), null=True, blank=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")

    def __str__(self) -> str:
        return f"{self.kind}: {self.position}"
