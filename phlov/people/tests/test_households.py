"""Households: create one around its head, add and remove members with their relationship, make
another member the head; services with their audit and policy, and the pages in both languages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from phlov.accounts.models import Organisation, OrganisationKind, User
from phlov.audit.models import AuditEvent
from phlov.people import services
from phlov.people.models import Household, HouseholdMember, Person
from phlov.people.tests.helpers import make_person, sign_in, village

pytestmark = pytest.mark.django_db


def _members(household: Household) -> dict[str, str]:
    return {m.person.given_name_latin: m.relationship for m in household.members.select_related("person")}


def test_a_household_from_creation_to_a_new_head(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    user = make_user("caseworker")
    mother = make_person(organisation, ("Sok", "Mealea"), origin_village=village(3))
    son = make_person(organisation, ("Sok", "Dara"))
    daughter = make_person(organisation, ("Sok", "Thida"))
    household = services.create_household(actor=user, head=mother, idpoor_number="0102030405")
    assert (household.head, household.village, household.organisation) == (mother, village(3), organisation)
    services.add_household_member(actor=user, household=household, person=son, relationship="child")
    services.add_household_member(actor=user, household=household, person=daughter, relationship="sibling")
    assert _members(household) == {"Mealea": "head", "Dara": "child", "Thida": "sibling"}
    daughter_member = household.members.get(person=daughter)
    services.change_household_relationship(actor=user, member=daughter_member, relationship="child")
    son.refresh_from_db()
    assert son.household == household

    # One head at a time: the head is neither added nor removed as such.
    with pytest.raises(ValidationError):
        services.add_household_member(
            actor=user,
            household=household,
            person=make_person(organisation, ("Keo", "Sok")),
            relationship="head",
        )
    with pytest.raises(ValidationError):
        services.remove_household_member(actor=user, member=household.members.get(person=mother))
    with pytest.raises(ValidationError):  # a person is in one household
        services.create_household(actor=user, head=son)

    services.set_household_head(
        actor=user, member=household.members.get(person=son), former_head_relationship="parent"
    )
    household.refresh_from_db()
    assert household.head == son
    assert _members(household) == {"Mealea": "parent", "Dara": "head", "Thida": "child"}
    services.remove_household_member(actor=user, member=household.members.get(person=mother))
    mother.refresh_from_db()
    assert mother.household is None and _members(household) == {"Dara": "head", "Thida": "child"}

    events = AuditEvent.objects.filter(object_type="people.household", object_id=str(household.pk))
    assert list(events.order_by("seq").values_list("action", flat=True)) == [
        "create", "update", "update", "update", "update", "update",
    ]  # fmt: skip
    assert events.filter(detail={"removed": mother.pk}).exists()
    assert events.filter(detail={"head": son.pk}).exists()
    assert "Mealea" not in str(list(events.values_list("changes", "detail")))


def test_who_may_change_a_household(make_user: Callable[..., User], organisation: Organisation) -> None:
    user = make_user("caseworker")
    head = make_person(organisation, ("Sok", "Dara"))
    household = services.create_household(actor=user, head=head)
    elsewhere = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Elsewhere")
    stranger = make_person(elsewhere, ("Chan", "Sophea"))
    with pytest.raises(PermissionDenied):  # the person is out of the caseworker's reach
        services.add_household_member(actor=user, household=household, person=stranger, relationship="child")
    outsider = make_user("caseworker", org=elsewhere)
    with pytest.raises(PermissionDenied):  # and the household out of the outsider's
        services.add_household_member(
            actor=outsider, household=household, person=stranger, relationship="child"
        )
    with pytest.raises(PermissionDenied):  # no contact details for the police liaison
        services.set_household_head(actor=make_user("police_liaison"), member=household.members.get())


def _client(user: User, language: str = "en") -> Client:
    client = Client()
    client.cookies["phlov_language"] = language
    return sign_in(client, user)


def test_the_household_pages(make_user: Callable[..., User], organisation: Organisation) -> None:
    user = make_user("caseworker")
    mother = make_person(organisation, ("Sok", "Mealea"))
    son = make_person(organisation, ("Sok", "Dara"))
    client = _client(user)
    person_page = client.get(reverse("people:detail", args=[mother.pk])).content.decode()
    assert reverse("people:household-create", args=[mother.pk]) in person_page

    response = client.post(
        reverse("people:household-create", args=[mother.pk]), {"idpoor_number": "0102-0304-05"}
    )
    household = Household.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "people:household", args=[household.pk]
    )
    assert household.idpoor_number == "0102030405" and household.head == mother

    added = client.post(
        reverse("people:household-add-member", args=[household.pk]),
        {"person": son.pk, "relationship": "child"},
    )
    assert added.status_code == 302
    page = client.get(reverse("people:household", args=[household.pk])).content.decode()
    assert "Sok Mealea" in page and "Sok Dara" in page and "child" in page and "head of household" in page
    assert AuditEvent.objects.filter(action="view", object_type="people.household").exists()

    # A number that is nobody the user may change is an error on the form, not a 404.
    nobody = client.post(
        reverse("people:household-add-member", args=[household.pk]),
        {"person": 999999, "relationship": "child"},
    )
    assert (
        nobody.status_code == 200
        and "No person with this number that you may change." in nobody.content.decode()
    )

    son_member = HouseholdMember.objects.get(person=son)
    client.post(
        reverse("people:household-head", args=[household.pk, son_member.pk]),
        {"former_head_relationship": "parent"},
    )
    household.refresh_from_db()
    assert household.head == son
    mother_member = HouseholdMember.objects.get(person=mother)
    client.post(
        reverse("people:household-relationship", args=[household.pk, mother_member.pk]),
        {"relationship": "grandparent"},
    )
    mother_member.refresh_from_db()
    assert mother_member.relationship == "grandparent"
    client.post(reverse("people:household-remove-member", args=[household.pk, mother_member.pk]))
    assert not HouseholdMember.objects.filter(person=mother).exists()
    assert Person.objects.get(pk=mother.pk).household is None

    khmer = _client(user, "km").get(reverse("people:household", args=[household.pk])).content.decode()
    assert "Members" not in khmer and "Add a member" not in khmer and "សមាជិក" in khmer

    # Without the contact and location group, households do not exist.
    police = _client(make_user("police_liaison"))
    assert police.get(reverse("people:household", args=[household.pk])).status_code == 404
    assert police.get(reverse("people:household-create", args=[son.pk])).status_code == 404
