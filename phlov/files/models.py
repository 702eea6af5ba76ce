"""Uploaded documents and photos, encrypted at rest outside the web root."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """A file attached to a record. Who may read it is decided by the record's policy."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    owner_id = models.CharField(max_length=64)
    owner = GenericForeignKey("owner_type", "owner_id")
    original_name = models.CharField(_("file name"), max_length=255)
    media_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self) -> str:
        return self.original_name


class ExportDownload(models.Model):
    """An encrypted export waiting for its one download by the person who made it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=200)
    media_type = models.CharField(max_length=100)
    # The archive is already password-protected; it is encrypted once more at rest.
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export download")
        verbose_name_plural = _("export downloads")

    def __str__(self) -> str:
        return self.filename
