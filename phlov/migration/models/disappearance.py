"""Who is told when a worker goes missing (contacts kept as data) and the search's updates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.migration.models.workers import DisappearanceNotice


class DisappearanceContact(models.Model):
    """An organisation's desk told of disappearances: its users in the application, its address by e-mail.

    ``escalation`` contacts are told only when a notice is not acknowledged in time.
    ``destination`` narrows an embassy's desk to the workers in that country.
    """

    party = models.CharField(_("party"), max_length=16, choices=DisappearanceNotice.Party.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisation"),
    )  # fmt: skip
    email = models.EmailField(_("e-mail address"), blank=True)
    destination = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        limit_choices_to={"kind": "country"}, verbose_name=_("for workers in"),
    )  # fmt: skip
    escalation = models.BooleanField(_("told only on escalation"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("disappearance contact")
        verbose_name_plural = _("disappearance contacts")

    def __str__(self) -> str:
        return f"{self.party}: {self.organisation or self.email}"


class DisappearanceUpdate(models.Model):
    disappearance = models.ForeignKey(
        "migration.Disappearance", on_delete=models.CASCADE, related_name="updates"
    )
    text = models.TextField(_("update"))
    status = models.CharField(_("search status"), max_length=16, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("search update")
        verbose_name_plural = _("search updates")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]
