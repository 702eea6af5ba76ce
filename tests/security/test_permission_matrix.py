"""The permission matrix: every role x action x where the record sits, with the expected answer
written out by hand, checked three ways: the policy's object check, its list filter, and the
pages and API a person would use.

Where a record sits, relative to the user's role assignment (organisation + provinces):
  own            the user's organisation, in a province of the assignment
  below          an organisation under the user's (a provincial department under a ministry)
  above          the organisation above the user's
  other_org      an unrelated organisation in the same province
  other_province the user's own organisation, but a province outside the assignment
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from phlov.accounts.models import Organisation, OrganisationKind, Role, RoleAssignment, User
from phlov.core.policies import policy_for
from phlov.people.models import Person
from phlov.places.models import Place, PlaceKind

pytestmark = pytest.mark.django_db

SITUATIONS = ("own", "below", "above", "other_org", "other_province")
ACTIONS = ("view", "add", "change", "export")

# What each role may do to a person record within its scope (V view, A add, C change, E export).
# Written by hand from the role descriptions: change it only together with roles.json.
PERSON_RIGHTS = {
    "caseworker": "VACE",
    "supervisor": "VACE",
    "shelter_staff": "V",
    "labour_officer": "VAC",
    "agency_inspector": "",
    "complaints_officer": "VA",
    "police_liaison": "V",
    "analyst": "",
    "agency_staff": "VA",
    "org_admin": "",
    "system_admin": "",
    "auditor": "",
}
IN_SCOPE = {"own", "below"}
LETTER = {"view": "V", "add": "A", "change": "C", "export": "E"}


def expected(role: str, action: str, situation: str) -> bool:
    return LETTER[action] in PERSON_RIGHTS[role] and situation in IN_SCOPE


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    prey_veng = Place.objects.get(kind=PlaceKind.PROVINCE, code="14")
    svay_rieng = Place.objects.get(kind=PlaceKind.PROVINCE, code="20")
    ministry = Organisation.objects.create(kind=OrganisationKind.MINISTRY, name_en="Matrix ministry")
    department = Organisation.objects.create(
        kind=OrganisationKind.PROVINCIAL_DEPARTMENT, name_en="Matrix department", parent=ministry
    )
    office = Organisation.objects.create(
        kind=OrganisationKind.PROVINCIAL_DEPARTMENT, name_en="Matrix district office", parent=department
    )
    stranger = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Matrix other NGO")

    def person(org: Organisation, province: Place) -> Person:
        return Person.objects.create(
            organisation=org, origin_province=province, family_name_latin="Keo", given_name_latin=org.name_en
        )

    return {
        "home": department,
        "provinces": [prey_veng],
        "people": {
            "own": person(department, prey_veng),
            "below": person(office, prey_veng),
            "above": person(ministry, prey_veng),
            "other_org": person(stranger, prey_veng),
            "other_province": person(department, svay_rieng),
        },
    }


def user_with(role: str, world: dict[str, Any]) -> User:
    user = User.objects.create_user(username=f"matrix.{role}", password="x" * 20, organisation=world["home"])
    assignment = RoleAssignment.objects.create(
        user=user, role=Role.objects.get(code=role), organisation=world["home"]
    )
    assignment.provinces.set(world["provinces"])
    return user


def test_the_matrix_covers_every_shipped_role() -> None:
    assert set(PERSON_RIGHTS) == set(Role.objects.values_list("code", flat=True))
    assert len(PERSON_RIGHTS) * len(ACTIONS) * len(SITUATIONS) >= 200


@pytest.mark.parametrize("role", sorted(PERSON_RIGHTS))
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("situation", SITUATIONS)
def test_policy_answers_the_matrix(role: str, action: str, situation: str, world: dict[str, Any]) -> None:
    user = user_with(role, world)
    target = world["people"][situation]
    policy = policy_for(Person)
    allowed = policy.can(user, action, target)
    listed = policy.restrict(user, action=action).filter(pk=target.pk).exists()
    assert allowed == expected(role, action, situation), f"can({role}, {action}, {situation})"
    assert listed == allowed, f"the list filter and the object check disagree for {role}/{action}/{situation}"


@pytest.mark.parametrize("role", sorted(PERSON_RIGHTS))
def test_pages_and_api_answer_the_matrix(role: str, world: dict[str, Any], login: Callable[..., Any]) -> None:
    user = user_with(role, world)
    client = login(Client(), user)
    for situation in SITUATIONS:
        target = world["people"][situation]
        want = 200 if expected(role, "view", situation) else 404
        page = client.get(f"/people/{target.pk}/")
        api = client.get(f"/api/v1/people/{target.pk}/")
        assert page.status_code == want, f"page: {role} {situation}"
        # Without the view permission at all the API says 403 or 404; never 200.
        assert api.status_code == want or (want == 404 and api.status_code == 403), f"api: {role} {situation}"


def test_superuser_flag_gives_no_bypass(world: dict[str, Any]) -> None:
    admin = user_with("system_admin", world)
    admin.is_superuser = True
    admin.is_staff = True
    admin.save()
    policy = policy_for(Person)
    assert not any(policy.can(admin, "view", p) for p in world["people"].values())
    assert not policy.restrict(admin).exists()


def test_an_expired_assignment_grants_nothing(world: dict[str, Any]) -> None:
    from datetime import timedelta

    from django.utils import timezone

    user = user_with("caseworker", world)
    user.assignments.update(expires_at=timezone.now() - timedelta(minutes=1))
    fresh = User.objects.get(pk=user.pk)
    assert not policy_for(Person).can(fresh, "view", world["people"]["own"])
