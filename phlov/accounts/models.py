"""Users, the organisations they belong to, and roles (which are data, not code)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phlov.core.models import BilingualName, TimeStamped


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("ministry")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("provincial department")
    NATIONAL_COMMITTEE = "national_committee", _("national committee")
    NGO = "ngo", _("non-governmental organisation")
    IGO = "igo", _("intergovernmental organisation")
    RECRUITMENT_AGENCY = "recruitment_agency", _("recruitment agency")
    FOREIGN_COUNTERPART = "foreign_counterpart", _("foreign counterpart")
    POLICE = "police", _("police")
    COURT = "court", _("court")
    OTHER = "other", _("other")


class Organisation(BilingualName, TimeStamped):
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    province = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "province"},
        verbose_name=_("province"),
    )
    country = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "country"},
        verbose_name=_("country"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en"]
        constraints = [models.UniqueConstraint(fields=["name_en", "parent"], name="organisation_unique_name")]


class Role(BilingualName):
    """A role is a row: administrators add or change roles without a release."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_km = models.TextField(_("description (Khmer)"), blank=True)
    sees_victim_data = models.BooleanField(
        _("sees victims' data"),
        default=False,
        help_text=_("Holders must use a second factor (TOTP) to sign in."),
    )
    modules = models.JSONField(
        _("modules on the home page"), default=list, blank=True,
        help_text=_("Codes of the modules this role works in, in the order shown."),
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["code"]


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
    )
    full_name_km = models.CharField(_("full name (Khmer)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def active_assignments(self) -> models.QuerySet[RoleAssignment]:
        now = timezone.now()
        return self.assignments.filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)).filter(
            starts_at__lte=now
        )

    def role_codes(self) -> set[str]:
        return set(self.active_assignments().values_list("role__code", flat=True))


class RoleAssignment(TimeStamped):
    """A user holds a role within a scope (an organisation and, optionally, provinces)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation in scope")
    )
    provinces = models.ManyToManyField(
        "places.Place", blank=True, related_name="+", limit_choices_to={"kind": "province"},
        verbose_name=_("provinces in scope"),
    )
    starts_at = models.DateTimeField(_("starts"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        return f"{self.user} - {self.role.code} @ {self.organisation}"
