"""Recording consent, and the gate every referral and share passes through.

A referral or share needs the person's standing consent for that purpose (and, for a
referral, for that kind of organisation). Without it the action is refused, unless a
supervisor over the person's record overrides for a child in danger: the override is audited,
valid for a short time (``PHLOV_CONSENT_OVERRIDE_DAYS``), and waits for a review.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from phlov.audit.services import record
from phlov.consent.models import Consent, ConsentOverride, ConsentScope
from phlov.core.policies import Action, grants_of, policy_for

CHILD_UNDER = 18


class ConsentRequired(PermissionDenied):
    """The person has not agreed to this, and no override stands."""


@dataclass(frozen=True)
class ConsentBasis:
    consent: Consent | None
    override: ConsentOverride | None

    @property
    def overridden(self) -> bool:
        return self.override is not None


def _may_record(actor: Any, person: Any) -> None:
    if not policy_for(person).can(actor, Action.CHANGE, person):
        raise PermissionDenied


def record_consent(
    *,
    actor: Any,
    person: Any,
    scope: str,
    given: bool,
    organisation_kind: str = "",
    form: str = "written",
    by_guardian: bool = False,
    given_at: datetime.datetime | None = None,
) -> Consent:
    _may_record(actor, person)
    if scope == ConsentScope.REFERRAL and not organisation_kind:
        raise ValidationError(_("Say to which kind of organisation the person agreed to be referred."))
    with transaction.atomic():
        consent = Consent.objects.create(
            person=person,
            scope=scope,
            organisation_kind=organisation_kind if scope == ConsentScope.REFERRAL else "",
            given=given,
            form=form,
            by_guardian=by_guardian,
            given_at=given_at or timezone.now(),
            recorded_by=actor,
        )
        record(
            actor=actor,
            action="create",
            obj=consent,
            detail={"scope": scope, "given": given, "organisation_kind": consent.organisation_kind},
        )
    return consent


def withdraw_consent(*, actor: Any, consent: Consent) -> Consent:
    _may_record(actor, consent.person)
    if consent.withdrawn_at is not None:
        return consent
    with transaction.atomic():
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_recorded_by = actor
        consent.save(update_fields=["withdrawn_at", "withdrawn_recorded_by"])
        record(actor=actor, action="update", obj=consent, detail={"withdrawn": True, "scope": consent.scope})
    return consent


def standing_consent(person: Any, scope: str, organisation_kind: str = "") -> Consent | None:
    """The latest decision for this purpose, if it is a yes and not withdrawn."""

    decisions = Consent.objects.filter(person=person, scope=scope)
    if scope == ConsentScope.REFERRAL:
        decisions = decisions.filter(organisation_kind=organisation_kind)
    latest = decisions.filter(withdrawn_at__isnull=True).order_by("-given_at", "-pk").first()
    return latest if latest is not None and latest.given else None


def _standing_override(person: Any, scope: str, organisation_kind: str) -> ConsentOverride | None:
    overrides = ConsentOverride.objects.filter(person=person, scope=scope, valid_until__gt=timezone.now())
    if scope == ConsentScope.REFERRAL:
        overrides = overrides.filter(Q(organisation_kind=organisation_kind) | Q(organisation_kind=""))
    return overrides.order_by("-decided_at").first()


def require_consent(*, person: Any, scope: str, organisation_kind: str = "") -> ConsentBasis:
    """The gate: returns what allows the action, or raises ConsentRequired."""

    consent = standing_consent(person, scope, organisation_kind)
    if consent is not None:
        return ConsentBasis(consent, None)
    override = _standing_override(person, scope, organisation_kind)
    if override is not None:
        return ConsentBasis(None, override)
    raise ConsentRequired(
        _("%(person)s has not agreed to %(purpose)s. Record their consent first.")
        % {"person": f"#{person.pk}", "purpose": ConsentScope(scope).label}
    )


def _is_supervisor_over(actor: Any, person: Any) -> bool:
    policy = policy_for(person)
    path = policy.owning_organisation_path(person)
    if not path:
        return False
    return any(g.role == "supervisor" and path.startswith(g.organisation_path) for g in grants_of(actor))


def override_for_child_in_danger(
    *, actor: Any, person: Any, scope: str, reason: str, organisation_kind: str = ""
) -> ConsentOverride:
    if not _is_supervisor_over(actor, person):
        raise PermissionDenied(_("Only a supervisor over this person's record may override consent."))
    age = person.age_on(timezone.localdate())
    if age is None or age >= CHILD_UNDER:
        raise ValidationError(_("Consent can be overridden only for a child (under 18) in danger."))
    if len(reason.strip()) < 20:
        raise ValidationError(_("Describe the danger to the child in at least 20 characters."))
    with transaction.atomic():
        override = ConsentOverride.objects.create(
            person=person,
            scope=scope,
            organisation_kind=organisation_kind,
            reason=reason.strip(),
            decided_by=actor,
            valid_until=timezone.now() + datetime.timedelta(days=settings.PHLOV_CONSENT_OVERRIDE_DAYS),
        )
        record(
            actor=actor,
            action="consent_override",
            obj=person,
            reason=reason.strip(),
            detail={"scope": scope, "organisation_kind": organisation_kind, "override": override.pk},
        )
    return override


def review_override(*, actor: Any, override: ConsentOverride, note: str) -> ConsentOverride:
    """A second supervisor (not the one who decided) confirms the override was justified."""

    if override.decided_by_id == actor.pk or not _is_supervisor_over(actor, override.person):
        raise PermissionDenied(_("Another supervisor over this record must review the override."))
    with transaction.atomic():
        override.reviewed_by = actor
        override.reviewed_at = timezone.now()
        override.review_note = note
        override.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
        record(actor=actor, action="approve", obj=override, detail={"reviewed": True})
    return override


def overrides_awaiting_review(*, actor: Any) -> list[ConsentOverride]:
    pending = ConsentOverride.objects.filter(reviewed_at__isnull=True).select_related("person")
    return [o for o in pending if _is_supervisor_over(actor, o.person) and o.decided_by_id != actor.pk]
