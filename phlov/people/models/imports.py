"""An import of people run in the background: its file, choices, state, progress and report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportState(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("running")
    DONE = "done", _("finished")
    FAILED = "failed", _("failed")


class ImportStage(models.TextChoices):
    READ = "read", _("reading the file")
    VALIDATE = "validate", _("checking the rows")
    DUPLICATES = "duplicates", _("looking for people already registered")
    WRITE = "write", _("registering the people")
    COMMIT = "commit", _("saving everything at once")


class ImportJob(models.Model):
    """One run of the import over an uploaded file: a check (``dry_run``) or the registration.

    The worker updates ``stage``, ``done`` and ``total`` as it goes; the page polls them. The
    report keeps the counts and the first rows of errors and likely duplicates (the page shows
    no more than those)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registering organisation"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    file_name = models.CharField(_("file"), max_length=200)
    # Where the upload waits (outside the web root, readable by Phlov alone); removed once
    # the people are registered or the import is cancelled.
    path = models.CharField(max_length=500)
    mapping = models.JSONField(_("columns"), default=dict)
    dry_run = models.BooleanField(_("check only"), default=True)
    create_duplicates = models.BooleanField(_("also register likely duplicates"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=ImportState.choices, default=ImportState.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=12, choices=ImportStage.choices, default=ImportStage.READ)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("to do"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    valid = models.PositiveIntegerField(_("valid rows"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    duplicate_count = models.PositiveIntegerField(_("likely duplicates"), default=0)
    created = models.PositiveIntegerField(_("people registered"), default=0)
    skipped = models.PositiveIntegerField(_("duplicates left out"), default=0)
    committed = models.BooleanField(_("registered"), default=False)
    report = models.JSONField(_("report"), default=dict, blank=True)
    failure = models.CharField(_("failure"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last progress"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import of people")
        verbose_name_plural = _("imports of people")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{_('import of people')} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.state in (ImportState.DONE, ImportState.FAILED)

    @property
    def rejected(self) -> bool:
        return self.state == ImportState.DONE and self.error_count > 0

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
