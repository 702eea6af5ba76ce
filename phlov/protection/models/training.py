"""Training and work: the person's interests and aptitudes (recorded before any training),
courses with places and providers, enrolments that say whether the course is what the person
wanted, and placements. Seed 001 found people trained in sewing who wanted beauty salon or
electronics: the match between wish and course is kept visible."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.protection import vocab


class TrainingInterest(models.Model):
    case = models.ForeignKey("protection.Case", on_delete=models.CASCADE, related_name="interests",
                             verbose_name=_("case"))  # fmt: skip
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))  # fmt: skip
    interests = models.JSONField(_("wanted training"), default=list)
    aptitudes = models.TextField(_("aptitudes and experience"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("interests and aptitudes")
        verbose_name_plural = _("interests and aptitudes")
        ordering = ["-recorded_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.recorded_on}"


class Course(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation"))  # fmt: skip
    kind = models.CharField(_("kind of training"), max_length=24, choices=vocab.choices("course_kinds"))
    name = models.CharField(_("name"), max_length=200)
    provider = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("provider organisation"))  # fmt: skip
    provider_name = models.CharField(_("other provider"), max_length=200, blank=True)
    location = models.CharField(_("where"), max_length=200, blank=True)
    places = models.PositiveSmallIntegerField(_("places"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def provider_label(self) -> str:
        return str(self.provider) if self.provider is not None else self.provider_name


class Enrolment(models.Model):
    case = models.ForeignKey("protection.Case", on_delete=models.CASCADE, related_name="enrolments",
                             verbose_name=_("case"))  # fmt: skip
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments",
                               verbose_name=_("course"))  # fmt: skip
    enrolled_on = models.DateField(_("enrolled on"))
    status = models.CharField(_("status"), max_length=10, default="enrolled",
                              choices=vocab.choices("enrolment_statuses"))  # fmt: skip
    # Fixed at enrolment from the interests recorded before it.
    wanted = models.BooleanField(_("what the person wanted"))
    not_wanted_reason = models.TextField(_("why a course the person did not ask for"), blank=True)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("enrolled by"))  # fmt: skip

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["case", "course"], name="protection_enrolment_once")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.course_id}"


class Placement(models.Model):
    case = models.ForeignKey("protection.Case", on_delete=models.CASCADE, related_name="placements",
                             verbose_name=_("case"))  # fmt: skip
    kind = models.CharField(_("kind of placement"), max_length=20, choices=vocab.choices("placement_kinds"))
    employer = models.CharField(_("employer or business"), max_length=200, blank=True)
    sector = models.CharField(
        _("sector of work"), max_length=16, blank=True, choices=vocab.choices("sectors")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    monthly_wage = models.DecimalField(_("monthly wage (US$)"), max_digits=10, decimal_places=2,
                                       null=True, blank=True)  # fmt: skip
    startup_support = models.DecimalField(_("start-up support (US$)"), max_digits=10, decimal_places=2,
                                          null=True, blank=True)  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))  # fmt: skip

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.employer}".strip()
