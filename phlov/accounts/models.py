"""Users, the organisations they belong to, and roles (which are data, not code)."""

from __future__ import annotations

import secrets
from typing import Any

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
    # Materialised path ("000001.000004."): a scope covers an organisation and everything below it.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en"]
        constraints = [models.UniqueConstraint(fields=["name_en", "parent"], name="organisation_unique_name")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs = {"update_fields": ["path"]}
        old_path = self.path
        self.path = f"{self.parent.path if self.parent else ''}{self.pk:06d}."
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Moved under another parent: every organisation below moves with it.
            for child in Organisation.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                child.path = self.path + child.path[len(old_path) :]
                Organisation.objects.filter(pk=child.pk).update(path=child.path)

    def is_within(self, other: Organisation) -> bool:
        return self.path.startswith(other.path)


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
    permissions = models.JSONField(
        _("permissions"),
        default=list,
        blank=True,
        help_text=_("'app.model:action' strings, e.g. 'people.person:view'."),
    )
    field_groups = models.JSONField(
        _("sensitive field groups"),
        default=list,
        blank=True,
        help_text=_("Groups of sensitive fields holders may see, e.g. 'health'."),
    )
    modules = models.JSONField(
        _("modules on the home page"),
        default=list,
        blank=True,
        help_text=_("Codes of the modules this role works in, in the order shown."),
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["code"]


def new_access_stamp() -> str:
    return secrets.token_hex(8)


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
    # Changes whenever what the user may do changes (accounts/access.py): a process's copy of
    # the user's grants is current only while the stamp it was read under is the user's.
    access_stamp = models.CharField(max_length=16, default=new_access_stamp, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A form or the admin writes the whole row, stamp included, from a copy read earlier:
        # a new stamp keeps that write from bringing back one whose grants were revoked since.
        if kwargs.get("update_fields") is None:
            self.access_stamp = new_access_stamp()
        super().save(*args, **kwargs)

    def active_assignments(self) -> models.QuerySet[RoleAssignment]:
        now = timezone.now()
        return self.assignments.filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        ).filter(starts_at__lte=now)

    def role_codes(self) -> set[str]:
        return set(self.active_assignments().values_list("role__code", flat=True))

    def needs_second_factor(self) -> bool:
        """Holders of any role that sees victims' data must sign in with a second factor."""

        return self.active_assignments().filter(role__sees_victim_data=True).exists()


class RoleAssignment(TimeStamped):
    """A user holds a role within a scope (an organisation and, optionally, provinces)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation in scope")
    )
    provinces = models.ManyToManyField(
        "places.Place",
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "province"},
        verbose_name=_("provinces in scope"),
    )
    starts_at = models.DateTimeField(_("starts"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        return f"{self.user} - {self.role.code} @ {self.organisation}"

    def is_active_at(self, moment: Any) -> bool:
        return self.starts_at <= moment and (self.expires_at is None or self.expires_at > moment)


class UserSession(models.Model):
    """A signed-in session of a user (Django's session table does not say whose it is)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self) -> str:
        return f"{self.user} since {self.started_at:%Y-%m-%d %H:%M}"
