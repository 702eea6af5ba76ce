"""The two-yearly tripartite evaluation of agencies, and their rewards and penalties (Prakas 251).

Criteria, weights and the bands that suggest a reward or a penalty are data rows with a
source (``migration/data/evaluation.json``, loaded by migration 0003). The weights are **not**
from the Prakas (its text could not be retrieved) and are marked unverified; the officer sees
that mark where scores are entered and where the ranking is read. A score keeps the weight it
was given with, so changing a weight later does not rewrite a past ranking.

``AgencyMeasure`` is the agency's record of rewards and sanctions, whether decided after an
evaluation, an inspection or a complaint.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from phlov.core.models import TimeStamped


def _in_reader_language(name_en: str, name_km: str) -> str:
    return name_km if (get_language() or "").startswith("km") and name_km else name_en


class EvaluationCriterion(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    max_score = models.DecimalField(_("highest score"), max_digits=6, decimal_places=2, default=Decimal(10))
    citation = models.TextField(_("source"))
    confidence = models.CharField(
        _("confidence"), max_length=8, help_text=_("V, S or U as in the rules note.")
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return _in_reader_language(self.name_en, self.name_km)


class EvaluationBand(models.Model):
    """A total from which a measure is suggested (the officer decides)."""

    class Outcome(models.TextChoices):
        REWARD = "reward", _("reward")
        NONE = "none", _("no measure")
        PENALTY = "penalty", _("penalty")

    code = models.SlugField(_("code"), max_length=32, unique=True)
    min_total = models.DecimalField(_("from total"), max_digits=6, decimal_places=2)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    name_en = models.CharField(_("suggested measure (English)"), max_length=200)
    name_km = models.CharField(_("suggested measure (Khmer)"), max_length=200, blank=True)
    citation = models.TextField(_("source"))
    confidence = models.CharField(_("confidence"), max_length=8)

    class Meta:
        verbose_name = _("evaluation band")
        verbose_name_plural = _("evaluation bands")
        ordering = ["-min_total"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return _in_reader_language(self.name_en, self.name_km)


class EvaluationRound(TimeStamped):
    """One evaluation period, run by a ministry with its tripartite panel."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("run by")
    )
    label = models.CharField(_("name"), max_length=100)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    panel_government = models.CharField(_("panel: government"), max_length=300)
    panel_employers = models.CharField(_("panel: agencies' association"), max_length=300)
    panel_workers = models.CharField(_("panel: workers' representatives"), max_length=300)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-period_end", "-pk"]

    def __str__(self) -> str:
        return self.label


class Evaluation(TimeStamped):
    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="evaluations")
    agency = models.ForeignKey("migration.Agency", on_delete=models.PROTECT, related_name="evaluations")
    total = models.DecimalField(_("total (out of 100)"), max_digits=6, decimal_places=2, default=Decimal(0))
    note = models.TextField(_("panel's note"), blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-total", "agency__name_en"]
        constraints = [models.UniqueConstraint(fields=["round", "agency"], name="migration_evaluation_once")]

    def __str__(self) -> str:
        return f"{self.round} · {self.agency}"


class EvaluationScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(EvaluationCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    weight = models.DecimalField(_("weight used"), max_digits=6, decimal_places=2)
    max_score = models.DecimalField(_("highest score used"), max_digits=6, decimal_places=2)
    note = models.CharField(_("evidence"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("evaluation score")
        verbose_name_plural = _("evaluation scores")
        ordering = ["criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="migration_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class MeasureKind(models.TextChoices):
    REWARD = "reward", _("reward or commendation")
    WARNING = "warning", _("written warning")
    FINE = "fine", _("fine")
    REPAYMENT = "repayment", _("order to repay workers")
    RECRUITMENT_BAN = "recruitment_ban", _("no new recruitment")
    SUSPENSION_PROPOSED = "suspension_proposed", _("suspension proposed")
    REVOCATION_PROPOSED = "revocation_proposed", _("revocation proposed")


class AgencyMeasure(TimeStamped):
    """A reward or a sanction on the agency's record, and what it came from."""

    agency = models.ForeignKey("migration.Agency", on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(_("measure"), max_length=24, choices=MeasureKind.choices)
    reason = models.TextField(_("reason"))
    amount = models.DecimalField(_("amount (USD)"), max_digits=12, decimal_places=2, null=True, blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.PROTECT, null=True, blank=True, related_name="measures"
    )
    inspection = models.ForeignKey(
        "migration.Inspection", on_delete=models.PROTECT, null=True, blank=True, related_name="measures"
    )
    complaint = models.ForeignKey(
        "migration.Complaint", on_delete=models.PROTECT, null=True, blank=True, related_name="measures"
    )

    class Meta:
        verbose_name = _("reward or sanction")
        verbose_name_plural = _("rewards and sanctions")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.kind}"

    @property
    def source_label(self) -> str:
        if self.complaint_id:
            return str(_("complaint"))
        if self.inspection_id:
            return str(_("inspection"))
        if self.evaluation_id:
            return str(_("evaluation"))
        return ""
