"""Identity documents and phone numbers of a person."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.people.documents import DocumentKind, validate_number
from phlov.people.phones import display_phone, normalise_phone
from phlov.places.models import Place, PlaceKind

__all__ = ["DocumentKind", "IdentityDocument", "PhoneNumber"]


class IdentityDocument(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind of document"), max_length=24, choices=DocumentKind.choices)
    # Stored normalised (see phlov.people.documents): capitals, no spaces or hyphens.
    number = models.CharField(_("number"), max_length=40, db_index=True)
    issuing_country = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": PlaceKind.COUNTRY},
        verbose_name=_("issuing country"),
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.full_clean(exclude=["person"])
        super().save(*args, **kwargs)

    def clean(self) -> None:
        country = self.issuing_country.code if self.issuing_country_id and self.issuing_country else None
        try:
            self.number = validate_number(self.kind, self.number, country)
        except ValidationError as error:
            raise ValidationError({"number": error.messages}) from None
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValidationError({"expires_on": _("A document cannot expire before it was issued.")})


class PhoneNumber(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(
        _("phone number"), max_length=20, db_index=True, help_text=_("Stored in E.164.")
    )
    note = models.CharField(_("note"), max_length=100, blank=True, help_text=_("e.g. mother's phone"))

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.display

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.full_clean(exclude=["person"])
        super().save(*args, **kwargs)

    @property
    def display(self) -> str:
        return display_phone(self.number)

    def clean(self) -> None:
        try:
            self.number = normalise_phone(self.number)
        except ValidationError as error:
            raise ValidationError({"number": error.messages}) from None
