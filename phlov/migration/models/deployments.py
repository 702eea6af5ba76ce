"""Published deployment figures, kept beside the records so the statistics page can compare them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedDeploymentFigure(models.Model):
    """One printed cell of a published table (e.g. MoLVT's Malaysia 1998-2006 deployments).

    ``year`` is empty for the table's printed total row; ``measure`` names the column
    (``total``, ``male``, ``female``, ``sector:<ISIC>``, ``sector:<ISIC>:<sex>``).
    """

    source = models.CharField(_("source"), max_length=200)
    table = models.CharField(_("table"), max_length=200)
    destination = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    measure = models.CharField(_("measure"), max_length=32)
    value = models.PositiveIntegerField(_("published value"))

    class Meta:
        verbose_name = _("published deployment figure")
        verbose_name_plural = _("published deployment figures")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "destination", "year", "measure"], name="migration_published_figure_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.year or 'total'} {self.measure}: {self.value}"
