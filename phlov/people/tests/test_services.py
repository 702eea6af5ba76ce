"""Services: permissions, one transaction with the audit event, identifying values kept out of
the trail, derived fields, the duplicate check and both decisions."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phlov.accounts.models import Organisation, User
from phlov.audit.models import AuditEvent
from phlov.people import services
from phlov.people.duplicates import find_likely_duplicates
from phlov.people.models import Person, PersonSearchKey
from phlov.people.tests.helpers import make_person, province_of, village

pytestmark = pytest.mark.django_db


def test_create_person_derives_the_province_and_is_audited(make_user: Callable[..., User]) -> None:
    user = make_user("caseworker")
    home = village(3)
    person = services.create_person(
        actor=user,
        data={"family_name_km": "សុខ", "given_name_km": "ស្រីមុំ", "sex": "female", "origin_village": home,
              "estimated_age": 30, "notes": "met at the border"},
        names=[{"family": "Sok", "given": "Sreymom", "kind": "spelling"}],
        documents=[{"kind": "national_id", "number": "0101-23456"}],
        phones=["012 345 678"],
    )  # fmt: skip
    assert person.origin_province == province_of(home)
    assert person.birth_year == datetime.date.today().year - 30
    assert person.documents.get().number == "010123456"
    assert person.phones.get().number == "+85512345678"
    assert person.names.get().script == "latin"
    assert PersonSearchKey.objects.filter(person=person, key="e:+85512345678").exists()
    event = AuditEvent.objects.get(action="create", object_type="people.person", object_id=str(person.pk))
    text = str(event.changes) + str(event.detail)
    for secret in ("សុខ", "ស្រីមុំ", "border", "Sreymom", "010123456", "+855"):
        assert secret not in text
    assert event.changes["sex"] == {"from": None, "to": "female"}
    assert event.changes["notes"] == {"changed": True}


def test_update_person_is_audited_and_rebuilds_keys(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    user = make_user("caseworker")
    person = make_person(organisation, ("Sok", "Dara"))
    services.update_person(actor=user, person=person, data={"given_name_latin": "Sophal", "sex": "male"})
    event = AuditEvent.objects.filter(action="update", object_id=str(person.pk)).latest("seq")
    assert event.changes["given_name_latin"] == {"changed": True}
    assert event.changes["sex"] == {"from": "unknown", "to": "male"}
    assert PersonSearchKey.objects.filter(person=person, key="t:sopel").exists()
    assert not PersonSearchKey.objects.filter(person=person, key="t:tere").exists()


def test_permissions_are_checked(make_user: Callable[..., User], organisation: Organisation) -> None:
    other = Organisation.objects.create(kind="ngo", name_en="Other", name_km="ផ្សេង")
    stranger = make_person(other, ("Sok", "Dara"))
    mine = make_person(organisation, ("Chan", "Dara"))
    caseworker = make_user("caseworker")
    with pytest.raises(PermissionDenied):
        services.update_person(actor=caseworker, person=stranger, data={"sex": "male"})
    with pytest.raises(PermissionDenied):
        services.create_person(actor=make_user("police_liaison"), data={"family_name_latin": "Sok"})
    with pytest.raises(PermissionDenied):
        services.create_person(actor=caseworker, data={"family_name_latin": "Sok"}, link_to=stranger)
    with pytest.raises(PermissionDenied):  # shelter staff may view but not change
        services.add_name(
            actor=make_user("shelter_staff"), person=mine, data={"family": "Chan", "given": "Darra"}
        )
    agency = make_user("agency_staff")  # may add people but has no narrative group
    with pytest.raises(PermissionDenied):
        services.create_person(actor=agency, data={"family_name_latin": "Meas", "notes": "a story"})
    labour = make_user("labour_officer")
    with pytest.raises(PermissionDenied):
        services.update_person(actor=labour, person=mine, data={"notes": "a story"})
    services.update_person(actor=labour, person=mine, data={"sex": "female"})
    assert Person.objects.filter(organisation=other).count() == 1


def test_a_change_cannot_move_a_person_out_of_reach(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    from phlov.core.policies import forget_grants
    from phlov.people.tests.helpers import other_province_village

    user = make_user("caseworker")
    home = village(0)
    user.assignments.get().provinces.add(province_of(home))
    forget_grants(user)
    person = make_person(organisation, ("Sok", "Dara"), origin_village=home)
    with pytest.raises(PermissionDenied):
        services.update_person(
            actor=user, person=person, data={"origin_village": other_province_village(home)}
        )
    person.refresh_from_db()
    assert person.origin_village == home


def test_validation(make_user: Callable[..., User]) -> None:
    user = make_user("caseworker")
    with pytest.raises(ValidationError):
        services.create_person(actor=user, data={"sex": "female"})
    with pytest.raises(ValidationError):
        services.create_person(
            actor=user, data={"family_name_latin": "Sok"}, documents=[{"kind": "passport", "number": "123"}]
        )
    with pytest.raises(ValidationError):
        services.create_person(actor=user, data={"family_name_latin": "Sok"}, phones=["12"])
    assert Person.objects.count() == 0


def test_parts_add_and_remove(make_user: Callable[..., User], organisation: Organisation) -> None:
    user = make_user("caseworker")
    person = make_person(organisation, ("Sok", "Dara"))
    name = services.add_name(
        actor=user, person=person, data={"family": "សុខ", "given": "ដារ៉ា", "kind": "alias"}
    )
    assert name.script == "km"
    phone = services.add_phone(actor=user, person=person, number="+66 81 234 5678", note="sister")
    document = services.add_document(
        actor=user, person=person, data={"kind": "pink_card", "number": "0012345678901"}
    )
    assert PersonSearchKey.objects.filter(person=person, key="n:0012345678901").exists()
    services.remove_phone(actor=user, phone=phone)
    services.remove_document(actor=user, document=document)
    services.remove_name(actor=user, name=name)
    assert not PersonSearchKey.objects.filter(
        person=person, key__in=["n:0012345678901", "e:+66812345678"]
    ).exists()
    assert AuditEvent.objects.filter(action="update", object_id=str(person.pk)).count() == 6


# --- the duplicate check -------------------------------------------------------------------------


def test_duplicate_reasons(make_user: Callable[..., User], organisation: Organisation) -> None:
    user = make_user("caseworker")
    home = village(0)
    existing = services.create_person(
        actor=user,
        data={"family_name_latin": "Sok", "given_name_latin": "Sreymom", "birth_date": datetime.date(1990, 5, 1),
              "origin_village": home},
        documents=[{"kind": "national_id", "number": "010123456"}],
        phones=["012345678"],
    )  # fmt: skip
    khmer_only = make_person(organisation, ("", ""), ("ចាន់", "សុភាព"))

    def reasons(**kwargs: object) -> dict[int, list[str]]:
        data = kwargs.pop("data", {})
        return {m.person.pk: m.reasons for m in find_likely_duplicates(actor=user, data=data, **kwargs)}  # type: ignore[arg-type]

    assert reasons(data={"family_name_latin": "Chan"}, phones=["+855 12 345 678"])[existing.pk] == [
        "same_phone"
    ]
    assert reasons(data={}, documents=[{"number": "0101 23456"}])[existing.pk] == ["same_document"]
    assert (
        "similar_name_same_village"
        in reasons(data={"family_name_latin": "Sok", "given_name_latin": "Srey Mom", "origin_village": home})[
            existing.pk
        ]
    )
    assert (
        "similar_name_same_birth_year"
        in reasons(
            data={
                "family_name_latin": "Sok",
                "given_name_latin": "Srey Mon",
                "birth_date": datetime.date(1990, 1, 1),
            }
        )[existing.pk]
    )
    assert reasons(data={"family_name_latin": "Chan", "given_name_latin": "Sophiep"})[khmer_only.pk] == [
        "same_name_other_script"
    ]
    assert reasons(data={"family_name_km": "សុខ", "given_name_km": "ស្រីមុំ"})[existing.pk] == [
        "same_name_other_script"
    ]
    assert reasons(data={"family_name_latin": "Sok", "given_name_latin": "Sreymom"})[existing.pk] == [
        "same_name"
    ]
    assert reasons(data={"family_name_latin": "Heng", "given_name_latin": "Vanna"}) == {}
    matches = find_likely_duplicates(
        actor=user, data={"family_name_latin": "Sok", "given_name_latin": "Sreymom", "origin_village": home},
        phones=["012345678"], documents=[{"number": "010123456"}],
    )  # fmt: skip
    assert matches[0].score == 100 and {"same_phone", "same_document"} <= set(matches[0].reasons)


def test_duplicates_only_among_visible_people_and_visible_fields(make_user: Callable[..., User]) -> None:
    other = Organisation.objects.create(kind="ngo", name_en="Other", name_km="ផ្សេង")
    stranger_user = make_user("caseworker", org=other)
    services.create_person(
        actor=stranger_user,
        data={"family_name_latin": "Sok", "given_name_latin": "Dara"},
        phones=["012345678"],
    )
    user = make_user("caseworker")
    assert (
        find_likely_duplicates(
            actor=user, data={"family_name_latin": "Sok", "given_name_latin": "Dara"}, phones=["012345678"]
        )
        == []
    )
    mine = services.create_person(
        actor=user, data={"family_name_latin": "Meas", "given_name_latin": "Thida"}, phones=["099111222"]
    )
    police = make_user("police_liaison")  # does not see phones
    assert (
        find_likely_duplicates(actor=police, data={"family_name_latin": "Chan"}, phones=["099111222"]) == []
    )
    assert find_likely_duplicates(actor=user, data={}, phones=["099111222"])[0].person == mine


def test_both_decisions_at_creation(make_user: Callable[..., User]) -> None:
    user = make_user("caseworker")
    data = {"family_name_latin": "Sok", "given_name_latin": "Sreymom"}
    existing = services.create_person(actor=user, data=data, phones=["012345678"])
    with pytest.raises(services.PossibleDuplicates) as raised:
        services.create_person(actor=user, data=data, phones=["012 345 678"])
    assert [m.person for m in raised.value.matches] == [existing]
    assert Person.objects.count() == 1
    linked = services.create_person(actor=user, data=data, link_to=existing)
    assert linked == existing and Person.objects.count() == 1
    event = AuditEvent.objects.filter(action="other").latest("seq")
    assert event.object_id == str(existing.pk) and event.detail == {"note": "linked to existing at creation"}
    new = services.create_person(actor=user, data=data, phones=["012 345 678"], confirmed_new=True)
    assert new != existing and Person.objects.count() == 2
    event = AuditEvent.objects.get(action="create", object_id=str(new.pk))
    assert event.detail == {"note": "confirmed new despite 1 candidates"}


def test_households(make_user: Callable[..., User], organisation: Organisation) -> None:
    user = make_user("caseworker")
    home = village(2)
    head = make_person(organisation, ("Sok", "Dara"), origin_village=home)
    child = make_person(organisation, ("Sok", "Thida"))
    household = services.create_household(actor=user, head=head, idpoor_number="0102030405")
    services.add_household_member(actor=user, household=household, person=child, relationship="child")
    assert household.village == home
    assert {m.person for m in household.members.all()} == {head, child}
    child.refresh_from_db()
    assert child.household == household
    with pytest.raises(PermissionDenied):  # police liaison does not see contact details
        services.create_household(actor=make_user("police_liaison"), head=child)
