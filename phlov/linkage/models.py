"""What a linkage run leaves behind: its candidate pairs, its clusters, and the merges people
decided on.

A run is kept whole (pairs and clusters point at it), so that a pair's explanation is always
the one of the model that scored it. Only the latest finished run feeds the review queue;
a person's decision on a pair (accept or reject) is carried over to the same pair in later
runs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LinkageRun(models.Model):
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    engine = models.CharField(_("engine"), max_length=16)
    model_version = models.CharField(_("model"), max_length=40)
    match_threshold = models.FloatField(_("match threshold"))
    review_threshold = models.FloatField(_("review threshold"))
    records = models.PositiveIntegerField(_("records"), default=0)
    pair_count = models.PositiveIntegerField(_("candidate pairs"), default=0)
    cluster_count = models.PositiveIntegerField(_("clusters"), default=0)
    # The trained Splink model (m and u per comparison level): what each weight came from.
    trained_model = models.JSONField(_("trained model"), default=dict, blank=True)
    timings = models.JSONField(_("timings"), default=dict, blank=True)

    class Meta:
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{_('linkage run')} #{self.pk}"


class PairStatus(models.TextChoices):
    MATCH = "match", _("match")  # at or above the match threshold
    PENDING = "pending", _("to review")
    ACCEPTED = "accepted", _("accepted (merged)")
    REJECTED = "rejected", _("rejected")
    SUPERSEDED = "superseded", _("superseded by a later run")


class CandidatePair(models.Model):
    """Two person records the model scored as possibly the same person; ``person_a`` has the
    lower id."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="pairs")
    person_a = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField(_("match probability"))
    match_weight = models.FloatField(_("match weight"))
    # [{"comparison": ..., "label": ..., "weight": ...}] (see engine.explanation)
    explanation = models.JSONField(_("explanation"), default=list)
    status = models.CharField(_("status"), max_length=12, choices=PairStatus.choices, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("candidate pair")
        verbose_name_plural = _("candidate pairs")
        ordering = ["-match_probability", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "person_a", "person_b"], name="linkage_pair_once_per_run"),
            models.CheckConstraint(
                condition=Q(person_a__lt=models.F("person_b")), name="linkage_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["person_a", "person_b"], name="linkage_pair_people")]

    def __str__(self) -> str:
        return f"#{self.person_a_id} ~ #{self.person_b_id} ({self.match_probability:.2f})"


class Cluster(models.Model):
    """Records the model puts together at the match threshold (connected components)."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="clusters")
    size = models.PositiveIntegerField(_("size"))
    # The weakest link that holds the cluster together.
    min_probability = models.FloatField(_("lowest match probability"))

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self) -> str:
        return f"{_('cluster')} #{self.pk} ({self.size})"


class ClusterMember(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    # The strongest link from this record to another record of the cluster.
    probability = models.FloatField(_("match probability"))

    class Meta:
        verbose_name = _("cluster member")
        verbose_name_plural = _("cluster members")
        constraints = [models.UniqueConstraint(fields=["cluster", "person"], name="linkage_member_once")]

    def __str__(self) -> str:
        return f"#{self.person_id} in {self.cluster}"


class Merge(models.Model):
    """A duplicate person record merged into a survivor, and what the merge changed, so that
    undoing it restores exactly what was there before."""

    survivor = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    duplicate = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    pair = models.ForeignKey(
        CandidatePair, on_delete=models.SET_NULL, null=True, blank=True, related_name="merges"
    )
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    reason = models.TextField(_("reason"))
    # {"survivor": {field: {"from": old, "to": new}}, "repointed": [ids merged into the
    #  duplicate before, now into the survivor], "duplicate_before": {field: value}}
    changes = models.JSONField(_("changes"), default=dict)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undo_reason = models.TextField(_("reason for undoing"), blank=True)

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-merged_at", "-pk"]
        constraints = [
            # One live merge per duplicate: undo it before merging the record elsewhere.
            models.UniqueConstraint(
                fields=["duplicate"], condition=Q(undone_at__isnull=True), name="linkage_merge_live_once"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.duplicate_id} -> #{self.survivor_id}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
