"""``of_case`` of the case part policies, shelter stays and re-trafficking alerts: the parts of a
case read by the case alone when the grant reaches the case itself, and through the policy
otherwise; the two must never disagree."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from phlov.accounts.models import Organisation, OrganisationKind
from phlov.core.models import BreakGlassAccess
from phlov.core.policies import OrganisationScopedPolicy, forget_grants, registered_policies
from phlov.places.models import Place
from phlov.protection.models import (
    FamilyNeed,
    FollowUpVisit,
    Referral,
    ReferralKind,
    ReferralStatus,
    Repatriation,
    RetraffickingAlert,
    Shelter,
    ShelterStay,
)
from phlov.protection.policies import CasePartPolicy, FollowUpVisitPolicy
from phlov.protection.policies_services import (
    FamilyNeedPolicy,
    ReferredCasePartPolicy,
    RepatriationPolicy,
    RetraffickingAlertPolicy,
    ShelterStayPolicy,
)
from phlov.protection.tests.helpers import make_case

pytestmark = pytest.mark.django_db


def test_no_part_policy_narrows_the_rule_of_case_relies_on() -> None:
    # A new part policy that narrows ``visible`` must say follows_case = False, or of_case would
    # show it parts its own rule hides.
    widening = (OrganisationScopedPolicy.visible, ReferredCasePartPolicy.visible)
    for model, policy in registered_policies().items():
        if isinstance(policy, CasePartPolicy) and policy.follows_case:
            assert type(policy).visible in widening, model.__name__


@pytest.fixture
def world(make_user: Any, make_person: Any, organisation: Organisation) -> dict[str, Any]:
    provinces = list(Place.objects.filter(kind="province").order_by("code")[:2])
    worker = make_user("caseworker")
    case = make_case(make_person(organisation, origin_province=provinces[0]), caseworker=worker)
    day = datetime.date(2025, 1, 1)
    visits = [FollowUpVisit.objects.create(case=case, due_on=day) for _ in range(2)]
    need = FamilyNeed.objects.create(case=case, need="debt", assessed_on=day, recorded_by=worker)
    repatriation = Repatriation.objects.create(
        case=case, procedure="th_mou_2014_sop_2019", identified_on=day,
        host_country=Place.objects.get(kind="country", code="TH"),
    )  # fmt: skip
    # Parts of another case, which no reading of this case may bring in.
    other_case = make_case(make_person(organisation, origin_province=provinces[0]))
    FollowUpVisit.objects.create(case=other_case, due_on=day)
    FamilyNeed.objects.create(case=other_case, need="debt", assessed_on=day, recorded_by=worker)
    elsewhere = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Elsewhere")
    iom = Organisation.objects.create(kind=OrganisationKind.IGO, name_en="IOM test")
    Referral.objects.create(
        case=case, kind=ReferralKind.REFERRAL, from_organisation=organisation, to_organisation=iom,
        status=ReferralStatus.ACCEPTED, sent_at=timezone.now(), sent_by=worker,
    )  # fmt: skip
    # A stay in a shelter of the other organisation (whose staff see it through the shelter),
    # and alerts: this case as the earlier one of a case led there, and one between other cases.
    shelter = Shelter.objects.create(organisation=elsewhere, name_en="Shelter", capacity=10)
    stay = ShelterStay.objects.create(shelter=shelter, case=case, requested_on=day, requested_by=worker)
    ShelterStay.objects.create(shelter=shelter, case=other_case, requested_on=day, requested_by=worker)
    later_case = make_case(make_person(elsewhere, origin_province=provinces[1]))
    alert = RetraffickingAlert.objects.create(
        case=later_case, earlier_case=case, source="registry", raised_at=timezone.now()
    )
    RetraffickingAlert.objects.create(
        case=later_case, earlier_case=other_case, source="registry", raised_at=timezone.now()
    )
    in_province, out_of_province = make_user("caseworker"), make_user("caseworker")
    in_province.assignments.get().provinces.add(provinces[0])
    out_of_province.assignments.get().provinces.add(provinces[1])
    # An outsider who broke the glass on one visit of the case.
    outsider = make_user("caseworker", org=elsewhere)
    BreakGlassAccess.objects.create(
        user=outsider, content_type=ContentType.objects.get_for_model(FollowUpVisit), object_id=str(visits[0].pk),
        reason="test", expires_at=timezone.now() + datetime.timedelta(hours=1),
    )  # fmt: skip
    users = {
        "caseworker": worker, "in province": in_province, "out of province": out_of_province,
        "outsider": outsider, "referral receiver": make_user("caseworker", org=iom),
    }  # fmt: skip
    for user in users.values():
        forget_grants(user)
    parts = {
        "visits": {v.pk for v in visits}, "needs": {need.pk}, "repatriations": {repatriation.pk},
        "stays": {stay.pk}, "alerts": {alert.pk},
    }  # fmt: skip
    policies = {
        "visits": FollowUpVisitPolicy(),
        "needs": FamilyNeedPolicy(),
        "repatriations": RepatriationPolicy(),
        "stays": ShelterStayPolicy(),
        "alerts": RetraffickingAlertPolicy(),
    }
    return {"case": case, "users": users, "parts": parts, "policies": policies, "opened": visits[0].pk}


def test_of_case_shows_exactly_what_the_policy_shows(world: dict[str, Any]) -> None:
    case = world["case"]
    seen: dict[tuple[str, str], set[int]] = {}
    for name, user in world["users"].items():
        for part, policy in world["policies"].items():
            of_this_case = Q(case=case) | Q(earlier_case=case) if part == "alerts" else Q(case=case)
            by_policy = set(policy.restrict(user).filter(of_this_case).values_list("pk", flat=True))
            by_case = set(policy.of_case(user, case).values_list("pk", flat=True))
            assert by_case == by_policy, (name, part)
            seen[(name, part)] = by_case
    for part, pks in world["parts"].items():
        assert seen[("caseworker", part)] == pks
        assert seen[("in province", part)] == pks
        assert seen[("out of province", part)] == set()
    assert seen[("outsider", "visits")] == {world["opened"]}
    assert seen[("outsider", "needs")] == set()
    # An accepted referral opens the family and repatriation parts, not the visits.
    assert seen[("referral receiver", "needs")] == world["parts"]["needs"]
    assert seen[("referral receiver", "repatriations")] == world["parts"]["repatriations"]
    assert seen[("referral receiver", "visits")] == set()
    # The shelter's organisation sees the stay, and the alert through its later case.
    assert seen[("outsider", "stays")] == world["parts"]["stays"]
    assert seen[("outsider", "alerts")] == world["parts"]["alerts"]


def test_of_case_reads_the_parts_without_the_policy_filter_when_the_grant_reaches_the_case(
    world: dict[str, Any],
) -> None:
    case, policy = world["case"], world["policies"]["visits"]
    direct = str(policy.of_case(world["users"]["caseworker"], case).query)
    assert "accounts_organisation" not in direct and "people_person" not in direct
    fallback = str(policy.of_case(world["users"]["out of province"], case).query)
    assert "accounts_organisation" in fallback
    for part in ("stays", "alerts"):
        policy = world["policies"][part]
        assert "accounts_organisation" not in str(policy.of_case(world["users"]["caseworker"], case).query)
        assert "accounts_organisation" in str(policy.of_case(world["users"]["outsider"], case).query)
