"""What a person agreed to, when, and who recorded it; and the rare, reviewed overrides."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.accounts.models import OrganisationKind


class ConsentScope(models.TextChoices):
    SERVICES = "services", _("receiving services")
    REFERRAL = "referral", _("referral to another organisation")
    STATISTICS = "statistics", _("use in statistics")
    SHARING_ABROAD = "sharing_abroad", _("sharing with organisations abroad")


class ConsentForm(models.TextChoices):
    WRITTEN = "written", _("signed")
    THUMBPRINT = "thumbprint", _("thumbprint")
    VERBAL = "verbal", _("spoken, with a witness")


class Consent(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("for"), max_length=20, choices=ConsentScope.choices)
    # For a referral: the kind of organisation the person agreed to be referred to.
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=32, choices=OrganisationKind.choices, blank=True
    )
    given = models.BooleanField(_("agreed"), help_text=_("False records an explicit refusal."))
    form = models.CharField(_("how"), max_length=12, choices=ConsentForm.choices, default=ConsentForm.WRITTEN)
    by_guardian = models.BooleanField(_("given by a parent or guardian"), default=False)
    given_at = models.DateTimeField(_("when"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]
        indexes = [models.Index(fields=["person", "scope"])]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.scope} {'yes' if self.given else 'no'}"


class ConsentOverride(models.Model):
    """A supervisor's decision to act without consent for a child in danger. Always reviewed."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="consent_overrides")
    scope = models.CharField(_("for"), max_length=20, choices=ConsentScope.choices)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=32, choices=OrganisationKind.choices, blank=True
    )
    reason = models.TextField(_("why the child is in danger"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    valid_until = models.DateTimeField(_("valid until"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("consent override")
        verbose_name_plural = _("consent overrides")
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"override {self.scope} for {self.person_id}"
