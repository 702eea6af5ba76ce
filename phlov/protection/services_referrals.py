"""Writes of referrals and transfers between organisations.

Sending needs the person's consent to be referred to that kind of organisation, or a
supervisor's override for a child in danger (``phlov.consent.services.require_consent``); what
allowed it is kept on the referral. The moves a referral may make, and which end may make
them, are in ``TRANSITIONS`` (one table). Accepting a transfer moves the case to the
receiving organisation; the referral row and the audit trail keep who held it before.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phlov.accounts.models import Organisation, User
from phlov.audit.services import record, record_change, snapshot
from phlov.consent.models import ConsentScope
from phlov.consent.services import require_consent
from phlov.core.policies import Action, grants_of
from phlov.notifications.services import notify
from phlov.protection import servicedata
from phlov.protection.models import Case, Referral, ReferralKind, ReferralStatus
from phlov.protection.policies import CasePolicy
from phlov.protection.policies_services import ReferralPolicy

K, S = ReferralKind, ReferralStatus
FROM, TO = "from", "to"

# (kind, status now) -> {next status: the ends that may make the move}
TRANSITIONS: dict[tuple[str, str], dict[str, frozenset[str]]] = {
    (K.REFERRAL, S.SENT): {
        S.ACCEPTED: frozenset({TO}),
        S.DECLINED: frozenset({TO}),
        S.REVOKED: frozenset({FROM}),
    },
    (K.REFERRAL, S.ACCEPTED): {S.COMPLETED: frozenset({TO, FROM}), S.REVOKED: frozenset({FROM})},
    (K.TRANSFER, S.SENT): {
        S.ACCEPTED: frozenset({TO}),
        S.DECLINED: frozenset({TO}),
        S.REVOKED: frozenset({FROM}),
    },
}


class ReferralRefused(ValidationError):
    """A move the table does not allow, or one this end of the referral may not make."""


def allowed(kind: str, status: str) -> dict[str, frozenset[str]]:
    return TRANSITIONS.get((kind, status), {})


def _receivers(organisation: Organisation) -> list[Any]:
    """Active users of the receiving organisation who may answer referrals."""

    users = User.objects.filter(is_active=True, assignments__organisation=organisation).distinct()
    return [u for u in users if any(g.allows("protection.referral:change") for g in grants_of(u))]


def refer(
    *,
    actor: Any,
    case: Case,
    to_organisation: Organisation,
    kind: str = K.REFERRAL,
    reason: str = "additional_services",
    services: str = "",
    details: str = "",
) -> Referral:
    if not CasePolicy().can(actor, Action.CHANGE, case):
        raise PermissionDenied
    if kind not in K.values:
        raise ValidationError({"kind": _("Choose a referral or a transfer.")})
    if reason not in {i.code for i in servicedata.items("referrals.json", "reasons")}:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    if to_organisation.pk == case.organisation_id:
        raise ValidationError({"to_organisation": _("The case is already with this organisation.")})
    if not to_organisation.is_active:
        raise ValidationError({"to_organisation": _("This organisation is not active.")})
    referral = Referral(
        case=case, kind=kind, from_organisation=case.organisation, to_organisation=to_organisation,
        reason=reason, services=services.strip(), details=details.strip(), sent_at=timezone.now(), sent_by=actor,
    )  # fmt: skip
    if not ReferralPolicy().can(actor, Action.ADD, referral):
        raise PermissionDenied
    basis = require_consent(
        person=case.person, scope=ConsentScope.REFERRAL, organisation_kind=to_organisation.kind
    )
    with transaction.atomic():
        open_ = Referral.objects.filter(case=case, status__in=[S.SENT, S.ACCEPTED])
        if kind == K.TRANSFER and open_.filter(kind=K.TRANSFER, status=S.SENT).exists():
            raise ValidationError(_("A transfer of this case is already waiting for an answer."))
        if (
            open_.filter(kind=kind, to_organisation=to_organisation)
            .exclude(kind=K.TRANSFER, status=S.ACCEPTED)
            .exists()
        ):
            raise ValidationError(_("This case is already referred to this organisation."))
        referral.consent, referral.consent_override = basis.consent, basis.override
        referral.full_clean()
        referral.save()
        record(
            actor=actor, action="protection.referral", obj=referral,
            detail={"case": case.pk, "kind": kind, "to": to_organisation.pk,
                    "basis": "override" if basis.overridden else "consent"},
        )  # fmt: skip
        notify(
            recipients=_receivers(to_organisation),
            subject=_("A case was referred to your organisation"),
            link=reverse("protection:referral", args=[referral.pk]),
        )
    return referral


def move(
    *,
    actor: Any,
    referral: Referral,
    to_status: str,
    note: str = "",
    caseworker: Any = None,
) -> Referral:
    """Move a referral along ``TRANSITIONS``; accepting a transfer moves the case."""

    policy = ReferralPolicy()
    sides = policy.sides(actor, Action.CHANGE, referral)
    if not sides:
        raise PermissionDenied
    may = allowed(referral.kind, referral.status).get(to_status)
    if may is None:
        raise ReferralRefused(
            _("A %(kind)s cannot go from %(from)s to %(to)s.")
            % {"kind": referral.get_kind_display(), "from": S(referral.status).label, "to": S(to_status).label
               if to_status in S.values else to_status}
        )  # fmt: skip
    if not sides & may:
        raise PermissionDenied(_("The other organisation makes this move."))
    if to_status in (S.DECLINED, S.REVOKED) and not note.strip():
        raise ValidationError({"note": _("Say why.")})
    moves_case = referral.kind == K.TRANSFER and to_status == S.ACCEPTED
    if moves_case:
        # Checked before anything changes, so a refused transfer leaves the referral as it was.
        caseworker = caseworker or actor
        org = getattr(caseworker, "organisation", None)
        if org is None or not org.path.startswith(referral.to_organisation.path):
            raise ValidationError(
                {"caseworker": _("The new caseworker must work in the receiving organisation.")}
            )
    now = timezone.now()
    with transaction.atomic():
        before = snapshot(referral, ["status"])
        previous = referral.status
        referral.status = to_status
        if note.strip():
            referral.note = note.strip()
        if previous == S.SENT and to_status in (S.ACCEPTED, S.DECLINED):
            referral.answered_at, referral.answered_by = now, actor
        else:
            referral.closed_at, referral.closed_by = now, actor
        if moves_case:
            _transfer(actor, referral, caseworker)
        referral.save()
        record(
            actor=actor, action="protection.referral_decision", obj=referral, reason=note.strip(),
            detail={"from": before["status"], "to": to_status, "kind": referral.kind, "case": referral.case_id},
        )  # fmt: skip
        recipients = [referral.sent_by] if TO in sides else _receivers(referral.to_organisation)
        notify(
            recipients=[u for u in recipients if u.pk != actor.pk],
            subject=_("A referral is now %(status)s") % {"status": S(to_status).label},
            link=reverse("protection:referral", args=[referral.pk]),
        )
    return referral


def _transfer(actor: Any, referral: Referral, caseworker: Any) -> None:
    case = referral.case
    target = referral.to_organisation
    before = snapshot(case, ["organisation", "caseworker"])
    referral.previous_caseworker = case.caseworker
    referral.receiving_caseworker = caseworker
    case.organisation, case.caseworker = target, caseworker
    case.save(update_fields=["organisation", "caseworker", "updated_at"])
    record_change(
        actor=actor, before=before, after=snapshot(case, ["organisation", "caseworker"]), obj=case,
        action="protection.transfer", detail={"referral": referral.pk, "from": referral.from_organisation_id},
    )  # fmt: skip


def accept(*, actor: Any, referral: Referral, note: str = "", caseworker: Any = None) -> Referral:
    return move(actor=actor, referral=referral, to_status=S.ACCEPTED, note=note, caseworker=caseworker)


def decline(*, actor: Any, referral: Referral, note: str) -> Referral:
    return move(actor=actor, referral=referral, to_status=S.DECLINED, note=note)


def complete(*, actor: Any, referral: Referral, note: str = "") -> Referral:
    return move(actor=actor, referral=referral, to_status=S.COMPLETED, note=note)


def revoke(*, actor: Any, referral: Referral, note: str) -> Referral:
    return move(actor=actor, referral=referral, to_status=S.REVOKED, note=note)
