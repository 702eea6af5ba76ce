"""The consent gate: no referral or share without consent, except a reviewed child override."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from phlov.accounts.models import Organisation, OrganisationKind, User
from phlov.audit.models import AuditEvent
from phlov.consent.models import ConsentScope
from phlov.consent.services import (
    ConsentRequired,
    override_for_child_in_danger,
    overrides_awaiting_review,
    record_consent,
    require_consent,
    review_override,
    withdraw_consent,
)

pytestmark = pytest.mark.django_db

REFERRAL = ConsentScope.REFERRAL


def years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years)


@pytest.fixture
def adult(organisation: Organisation, make_person: Callable[..., Any]) -> Any:
    return make_person(organisation, birth_date=years_ago(30), birth_date_precision="exact")


@pytest.fixture
def child(organisation: Organisation, make_person: Callable[..., Any]) -> Any:
    return make_person(organisation, birth_date=years_ago(15), birth_date_precision="exact")


def test_referral_without_consent_is_refused(adult: Any) -> None:
    with pytest.raises(ConsentRequired):
        require_consent(person=adult, scope=REFERRAL, organisation_kind=OrganisationKind.NGO)


def test_consent_is_for_the_kind_of_organisation_named(adult: Any, make_user: Callable[..., User]) -> None:
    caseworker = make_user("caseworker")
    record_consent(
        actor=caseworker, person=adult, scope=REFERRAL, given=True, organisation_kind=OrganisationKind.NGO
    )
    assert (
        require_consent(person=adult, scope=REFERRAL, organisation_kind=OrganisationKind.NGO).consent
        is not None
    )
    with pytest.raises(ConsentRequired):
        require_consent(person=adult, scope=REFERRAL, organisation_kind=OrganisationKind.POLICE)
    with pytest.raises(ConsentRequired):
        require_consent(person=adult, scope=ConsentScope.SHARING_ABROAD)


def test_a_later_refusal_or_a_withdrawal_ends_consent(adult: Any, make_user: Callable[..., User]) -> None:
    caseworker = make_user("caseworker")
    consent = record_consent(actor=caseworker, person=adult, scope=ConsentScope.STATISTICS, given=True)
    assert require_consent(person=adult, scope=ConsentScope.STATISTICS).consent == consent
    withdraw_consent(actor=caseworker, consent=consent)
    with pytest.raises(ConsentRequired):
        require_consent(person=adult, scope=ConsentScope.STATISTICS)
    record_consent(actor=caseworker, person=adult, scope=ConsentScope.STATISTICS, given=True)
    record_consent(actor=caseworker, person=adult, scope=ConsentScope.STATISTICS, given=False)
    with pytest.raises(ConsentRequired):
        require_consent(person=adult, scope=ConsentScope.STATISTICS)
    assert AuditEvent.objects.filter(object_type="consent.consent").count() == 4


def test_only_those_who_may_change_the_person_record_consent(
    adult: Any, make_user: Callable[..., User]
) -> None:
    other = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Another NGO")
    with pytest.raises(PermissionDenied):
        record_consent(
            actor=make_user("caseworker", org=other),
            person=adult,
            scope=REFERRAL,
            given=True,
            organisation_kind="ngo",
        )
    with pytest.raises(PermissionDenied):
        record_consent(
            actor=make_user("analyst"), person=adult, scope=REFERRAL, given=True, organisation_kind="ngo"
        )


def test_a_supervisor_may_override_for_a_child_in_danger_and_it_is_audited_and_reviewed(
    child: Any, make_user: Callable[..., User]
) -> None:
    supervisor = make_user("supervisor")
    override = override_for_child_in_danger(
        actor=supervisor,
        person=child,
        scope=REFERRAL,
        organisation_kind=OrganisationKind.POLICE,
        reason="The broker who sold her is at the family home and the mother refuses to let us act.",
    )
    basis = require_consent(person=child, scope=REFERRAL, organisation_kind=OrganisationKind.POLICE)
    assert basis.overridden and basis.override == override
    event = AuditEvent.objects.get(action="consent_override")
    assert event.object_id == str(child.pk) and "broker" in event.reason
    # Flagged for review: another supervisor sees it; the one who decided may not review it.
    second = make_user("supervisor")
    assert overrides_awaiting_review(actor=second) == [override]
    assert overrides_awaiting_review(actor=supervisor) == []
    with pytest.raises(PermissionDenied):
        review_override(actor=supervisor, override=override, note="fine")
    review_override(actor=second, override=override, note="Justified: police confirmed the danger.")
    assert overrides_awaiting_review(actor=second) == []


def test_no_override_for_an_adult_or_by_a_caseworker_or_without_a_reason(
    adult: Any, child: Any, make_user: Callable[..., User]
) -> None:
    supervisor = make_user("supervisor")
    with pytest.raises(ValidationError):
        override_for_child_in_danger(
            actor=supervisor,
            person=adult,
            scope=REFERRAL,
            organisation_kind="police",
            reason="She is in danger and cannot wait for consent at all.",
        )
    with pytest.raises(PermissionDenied):
        override_for_child_in_danger(
            actor=make_user("caseworker"),
            person=child,
            scope=REFERRAL,
            organisation_kind="police",
            reason="The child is in danger right now, today.",
        )
    with pytest.raises(ValidationError):
        override_for_child_in_danger(
            actor=supervisor, person=child, scope=REFERRAL, organisation_kind="police", reason="danger"
        )
    other = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Elsewhere")
    with pytest.raises(PermissionDenied):
        override_for_child_in_danger(
            actor=make_user("supervisor", org=other),
            person=child,
            scope=REFERRAL,
            organisation_kind="police",
            reason="The child is in danger right now, today.",
        )


def test_an_override_expires(child: Any, make_user: Callable[..., User], settings: Any) -> None:
    override = override_for_child_in_danger(
        actor=make_user("supervisor"),
        person=child,
        scope=ConsentScope.SHARING_ABROAD,
        reason="Her trafficker is moving her across the border tonight; Thai police must know.",
    )
    type(override).objects.filter(pk=override.pk).update(
        valid_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(ConsentRequired):
        require_consent(person=child, scope=ConsentScope.SHARING_ABROAD)
