"""Shared model machinery: bilingual names and time stamps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    """A thing people read in Khmer or English; the page shows the reader's language."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "").startswith("km") and self.name_km:
            return self.name_km
        return self.name_en


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
