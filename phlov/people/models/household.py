"""Households: who lives together, as IDPoor and the village chiefs count them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.core.models import TimeStamped
from phlov.places.models import Place, PlaceKind


class Relationship(models.TextChoices):
    HEAD = "head", _("head of household")
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    SIBLING = "sibling", _("sibling")
    GRANDPARENT = "grandparent", _("grandparent")
    OTHER = "other", _("other")


class Household(TimeStamped):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("registering organisation"),
    )
    head = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head of household"),
    )
    village = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": PlaceKind.VILLAGE},
        verbose_name=_("village"),
    )
    idpoor_number = models.CharField(_("IDPoor household number"), max_length=40, blank=True, db_index=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return f"{_('household')} #{self.pk}"


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="household_memberships"
    )
    relationship = models.CharField(
        _("relationship to the head"), max_length=12, choices=Relationship.choices
    )

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(fields=["household", "person"], name="people_household_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relationship_display()})"
