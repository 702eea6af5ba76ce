"""A person in the registry and the other names they are known by."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.core.models import TimeStamped
from phlov.places.models import Place, PlaceKind


class Sex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", _("other")
    UNKNOWN = "unknown", _("unknown")


class BirthDatePrecision(models.TextChoices):
    EXACT = "exact", _("exact date")
    YEAR = "year", _("year only")
    ESTIMATED = "estimated", _("estimated")


class Ethnicity(models.TextChoices):
    KHMER = "khmer", _("Khmer")
    VIETNAMESE = "vietnamese", _("Vietnamese")
    CHAM = "cham", _("Cham")
    INDIGENOUS = "indigenous", _("indigenous")
    THAI = "thai", _("Thai")
    CHINESE = "chinese", _("Chinese")
    LAO = "lao", _("Lao")
    OTHER = "other", _("other")
    UNKNOWN = "unknown", _("unknown")


class Script(models.TextChoices):
    KHMER = "km", _("Khmer script")
    LATIN = "latin", _("Latin letters")


class NameKind(models.TextChoices):
    ALIAS = "alias", _("alias")
    SPELLING = "spelling", _("other spelling")
    PREVIOUS = "previous", _("previous name")
    NICKNAME = "nickname", _("nickname")


def _years_between(start: datetime.date, end: datetime.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def age_on(
    at: datetime.date,
    *,
    birth_date: datetime.date | None,
    precision: str = "",
    estimated_age: int | None = None,
    estimated_on: datetime.date | None = None,
) -> int | None:
    """Age in whole years on ``at``: from the birth date (only its year when that is all that is
    known), else from an age estimated on a given day plus the years since then."""

    if birth_date is not None:
        if precision == BirthDatePrecision.YEAR:
            return max(at.year - birth_date.year, 0)
        return max(_years_between(birth_date, at), 0)
    if estimated_age is not None:
        since = estimated_on or at
        return max(estimated_age + _years_between(since, at), 0) if at >= since else estimated_age
    return None


class Person(TimeStamped):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("registering organisation"),
    )
    # Family name first, as Khmer names are written.
    family_name_km = models.CharField(_("family name (Khmer)"), max_length=100, blank=True)
    given_name_km = models.CharField(_("given name (Khmer)"), max_length=100, blank=True)
    family_name_latin = models.CharField(_("family name (Latin letters)"), max_length=100, blank=True)
    given_name_latin = models.CharField(_("given name (Latin letters)"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("precision of the date of birth"), max_length=10, choices=BirthDatePrecision.choices, blank=True
    )
    estimated_age = models.PositiveSmallIntegerField(_("estimated age"), null=True, blank=True)
    age_estimated_on = models.DateField(_("age estimated on"), null=True, blank=True)
    # Derived on save from the date of birth or the estimated age: searches, filters and the
    # duplicate check compare years without computing ages in SQL.
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True, editable=False)
    nationality = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": PlaceKind.COUNTRY},
        verbose_name=_("nationality"),
    )
    ethnicity = models.CharField(
        _("ethnicity"), max_length=12, choices=Ethnicity.choices, default=Ethnicity.UNKNOWN
    )
    origin_village = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": PlaceKind.VILLAGE},
        verbose_name=_("village of origin"),
    )
    origin_province = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": PlaceKind.PROVINCE},
        verbose_name=_("province of origin"),
    )
    notes = models.TextField(_("notes"), blank=True)
    household = models.ForeignKey(
        "people.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("household"),
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records",
        verbose_name=_("merged into"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name_latin", "given_name_latin", "pk"]
        indexes = [
            models.Index(fields=["organisation", "origin_province"], name="people_person_org_province"),
            models.Index(fields=["birth_year"], name="people_person_birth_year"),
        ]

    def __str__(self) -> str:
        return self.display_name or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("people:detail", args=[self.pk])

    @property
    def full_name_km(self) -> str:
        return " ".join(p for p in (self.family_name_km, self.given_name_km) if p)

    @property
    def full_name_latin(self) -> str:
        return " ".join(p for p in (self.family_name_latin, self.given_name_latin) if p)

    @property
    def display_name(self) -> str:
        km, latin = self.full_name_km, self.full_name_latin
        if km and latin:
            return f"{km} ({latin})"
        return km or latin

    def age_on(self, at: datetime.date | None = None) -> int | None:
        return age_on(
            at or datetime.date.today(),
            birth_date=self.birth_date,
            precision=self.birth_date_precision,
            estimated_age=self.estimated_age,
            estimated_on=self.age_estimated_on,
        )

    @property
    def age(self) -> int | None:
        return self.age_on()

    def derive(self) -> None:
        """Keep the derived fields consistent: the province of the village, the year of birth."""

        village = self.origin_village if self.origin_village_id is not None else None
        if village is not None:
            province = next(
                (p for p in [village, *village.ancestors()] if p.kind == PlaceKind.PROVINCE), None
            )
            self.origin_province = province
        if self.birth_date is not None:
            self.birth_year = self.birth_date.year
            self.birth_date_precision = self.birth_date_precision or BirthDatePrecision.EXACT
        elif self.estimated_age is not None:
            on = self.age_estimated_on or datetime.date.today()
            self.age_estimated_on = on
            self.birth_year = on.year - self.estimated_age
        else:
            self.birth_year = None

    def clean(self) -> None:
        super().clean()
        if not (self.family_name_km or self.given_name_km or self.family_name_latin or self.given_name_latin):
            raise ValidationError(_("Give at least one name, in Khmer script or in Latin letters."))
        today = datetime.date.today()
        if self.birth_date is not None and self.birth_date > today:
            raise ValidationError({"birth_date": _("The date of birth is in the future.")})
        if self.estimated_age is not None and self.estimated_age > 120:
            raise ValidationError({"estimated_age": _("An age above 120 is not plausible.")})
        for field in ("origin_village", "origin_province", "nationality"):
            place = getattr(self, field)
            wanted = {"origin_village": PlaceKind.VILLAGE, "origin_province": PlaceKind.PROVINCE}.get(
                field, PlaceKind.COUNTRY
            )
            if place is not None and place.kind != wanted:
                raise ValidationError({field: _("Choose a place of the right kind.")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive()
        super().save(*args, **kwargs)


class PersonName(models.Model):
    """Another name or spelling of a person: an alias, a previous name, a nickname."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    script = models.CharField(_("script"), max_length=5, choices=Script.choices)
    family = models.CharField(_("family name"), max_length=100, blank=True)
    given = models.CharField(_("given name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=NameKind.choices, default=NameKind.SPELLING)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Where this name was seen.")
    )

    class Meta:
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        ordering = ["pk"]

    def __str__(self) -> str:
        return " ".join(p for p in (self.family, self.given) if p)

    def clean(self) -> None:
        from phlov.people.names import is_khmer

        if not (self.family or self.given):
            raise ValidationError(_("Give a family name or a given name."))
        text = f"{self.family}{self.given}"
        if self.script == Script.LATIN and is_khmer(text):
            raise ValidationError({"script": _("This name is written in Khmer script.")})
        if self.script == Script.KHMER and not is_khmer(text):
            raise ValidationError({"script": _("This name is not written in Khmer script.")})
