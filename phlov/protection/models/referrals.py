"""Referrals and transfers of a case between organisations (NGO, ministry, IOM, police), under
the person's consent. A referral asks another organisation for a service; a transfer hands the
case over to it. ``phlov.protection.referral_rules`` holds the allowed moves and who sees what."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phlov.core.models import TimeStamped
from phlov.protection import servicedata


class ReferralKind(models.TextChoices):
    REFERRAL = "referral", _("referral for services")
    TRANSFER = "transfer", _("transfer of the case")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    COMPLETED = "completed", _("completed")
    REVOKED = "revoked", _("revoked")


class Referral(TimeStamped):
    case = models.ForeignKey("protection.Case", on_delete=models.CASCADE, related_name="referrals",
                             verbose_name=_("case"))  # fmt: skip
    kind = models.CharField(
        _("kind"), max_length=10, choices=ReferralKind.choices, default=ReferralKind.REFERRAL
    )
    from_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+",
                                          verbose_name=_("from"))  # fmt: skip
    to_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("to"))  # fmt: skip
    reason = models.CharField(_("reason"), max_length=24, default="additional_services",
                              choices=servicedata.choices("referrals.json", "reasons"))  # fmt: skip
    services = models.CharField(_("services asked for"), max_length=300, blank=True)
    details = models.TextField(_("details"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices,
                              default=ReferralStatus.SENT)  # fmt: skip
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("sent by"))  # fmt: skip
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("answered by"))  # fmt: skip
    closed_at = models.DateTimeField(_("completed or revoked at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("completed or revoked by"))  # fmt: skip
    note = models.TextField(_("answer or closing note"), blank=True)
    # What allowed sending it: the person's consent, or a supervisor's override for a child.
    consent = models.ForeignKey("consent.Consent", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("consent"))  # fmt: skip
    consent_override = models.ForeignKey("consent.ConsentOverride", on_delete=models.PROTECT, null=True,
                                         blank=True, related_name="+",
                                         verbose_name=_("consent override"))  # fmt: skip
    # A transfer keeps who held the case before and who took it.
    previous_caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="+",
                                            verbose_name=_("caseworker before"))  # fmt: skip
    receiving_caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                             blank=True, related_name="+",
                                             verbose_name=_("receiving caseworker"))  # fmt: skip

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(fields=["to_organisation", "status"]),
            models.Index(fields=["status", "sent_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.case_id} {self.from_organisation_id}->{self.to_organisation_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED) and not (
            self.kind == ReferralKind.TRANSFER and self.status == ReferralStatus.ACCEPTED
        )
