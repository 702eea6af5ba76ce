"""Merge keeps both records and their parts; undo restores exactly the state before; both are
audited and need people.person:change on both people."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phlov.accounts.models import Organisation, OrganisationKind, User
from phlov.audit.models import AuditEvent
from phlov.linkage import services
from phlov.linkage.merging import _state
from phlov.linkage.models import Merge, PairStatus
from phlov.linkage.selectors import merged_records
from phlov.linkage.tests.helpers import pending_pair, person, village
from phlov.people.models import IdentityDocument, Person, PersonName, PhoneNumber

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker(make_user: Callable[..., User]) -> User:
    return make_user("caseworker")


@pytest.fixture
def two(organisation: Organisation) -> tuple[Person, Person]:
    survivor = person(organisation, ("Sok", "Sopheap"), sex="female")
    duplicate = person(
        organisation, ("SOK", "SOPHIEP"), ("សុខ", "សុភាព"), sex="female",
        birth_date=datetime.date(1998, 3, 4), origin_village=village(3), notes="met at the border",
    )  # fmt: skip
    PersonName.objects.create(person=duplicate, script="latin", family="Sok", given="Pheap", kind="nickname")
    IdentityDocument.objects.create(person=duplicate, kind="national_id", number="010203040")
    PhoneNumber.objects.create(person=duplicate, number="012 345 678")
    return survivor, duplicate


def _everything(*people: Person) -> dict[str, Any]:
    """Every stored value of the people and their parts (timestamps aside)."""

    out: dict[str, Any] = {}
    for p in people:
        p.refresh_from_db()
        out[f"person {p.pk}"] = _state(p)
        out[f"parts {p.pk}"] = (
            sorted(PersonName.objects.filter(person=p).values_list("pk", "family", "given")),
            sorted(IdentityDocument.objects.filter(person=p).values_list("pk", "number")),
            sorted(PhoneNumber.objects.filter(person=p).values_list("pk", "number")),
        )
    return out


def test_merge_keeps_both_records_and_fills_what_the_survivor_lacks(
    caseworker: User, two: tuple[Person, Person]
) -> None:
    survivor, duplicate = two
    merge = services.merge_people(
        actor=caseworker, survivor=survivor, duplicate=duplicate, reason="same ID card"
    )
    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == survivor.pk
    assert Person.objects.filter(pk=duplicate.pk).exists()  # never deleted
    # The parts stay on the duplicate and are reached through the survivor.
    assert duplicate.names.count() == duplicate.documents.count() == duplicate.phones.count() == 1
    assert list(merged_records(caseworker, survivor)) == [duplicate]
    # What the survivor lacked is filled; the notes (a narrative) are not copied.
    assert survivor.family_name_km == "សុខ" and survivor.birth_date == datetime.date(1998, 3, 4)
    assert survivor.origin_village_id == village(3).pk and survivor.origin_province_id is not None
    assert survivor.notes == ""
    assert set(merge.changes["survivor"]) >= {
        "family_name_km",
        "given_name_km",
        "birth_date",
        "birth_year",
        "origin_village_id",
    }
    event = AuditEvent.objects.get(action="merge")
    assert event.object_id == str(duplicate.pk) and event.reason == "same ID card"
    assert event.detail["survivor"] == survivor.pk and "birth_date" in event.detail["filled"]
    assert "1998" not in str(event.detail) and "សុខ" not in str(event.detail)  # names, not values


def test_undo_restores_exactly_the_state_before(
    caseworker: User, two: tuple[Person, Person], organisation: Organisation
) -> None:
    survivor, duplicate = two
    earlier = person(
        organisation, ("Sok", "Sopheap"), merged_into=duplicate
    )  # merged into the duplicate before
    pair = pending_pair(survivor, duplicate)
    before = _everything(survivor, duplicate, earlier)
    pair_before = (pair.status, pair.decided_by_id, pair.decided_at, pair.reason)
    merge = services.accept_pair(actor=caseworker, pair=pair, reason="same person", survivor=survivor)
    earlier.refresh_from_db()
    assert earlier.merged_into_id == survivor.pk  # now points at the survivor
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACCEPTED and pair.decided_by == caseworker
    assert _everything(survivor, duplicate, earlier) != before
    services.undo_merge(actor=caseworker, merge=merge, reason="two sisters after all")
    assert _everything(survivor, duplicate, earlier) == before
    pair.refresh_from_db()
    assert (pair.status, pair.decided_by_id, pair.decided_at, pair.reason) == pair_before
    merge.refresh_from_db()
    assert merge.is_undone and merge.undone_by == caseworker and merge.undo_reason == "two sisters after all"
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["merge", "unmerge"]
    with pytest.raises(ValidationError):
        services.undo_merge(actor=caseworker, merge=merge, reason="again")


def test_undo_refuses_to_overwrite_a_later_edit(caseworker: User, two: tuple[Person, Person]) -> None:
    survivor, duplicate = two
    merge = services.merge_people(actor=caseworker, survivor=survivor, duplicate=duplicate, reason="same")
    Person.objects.filter(pk=survivor.pk).update(birth_date=datetime.date(1998, 3, 5))
    with pytest.raises(ValidationError):
        services.undo_merge(actor=caseworker, merge=merge, reason="oops")
    assert Merge.objects.get(pk=merge.pk).undone_at is None


def test_merge_needs_change_on_both_people(
    make_user: Callable[..., User], two: tuple[Person, Person]
) -> None:
    survivor, duplicate = two
    shelter = make_user("shelter_staff")  # may see people, not change them
    with pytest.raises(PermissionDenied):
        services.merge_people(actor=shelter, survivor=survivor, duplicate=duplicate, reason="same")
    elsewhere = Organisation.objects.create(
        kind=OrganisationKind.NGO, name_en="Other NGO", name_km="អង្គការផ្សេង"
    )
    outsider = person(elsewhere, ("Sok", "Sopheap"))
    caseworker = make_user("caseworker")
    with pytest.raises(PermissionDenied):
        services.merge_people(actor=caseworker, survivor=survivor, duplicate=outsider, reason="same")
    assert not AuditEvent.objects.filter(action="merge").exists()
    assert Person.objects.get(pk=duplicate.pk).merged_into_id is None


def test_a_merged_record_cannot_be_merged_again(
    caseworker: User, two: tuple[Person, Person], organisation: Organisation
) -> None:
    survivor, duplicate = two
    services.merge_people(actor=caseworker, survivor=survivor, duplicate=duplicate, reason="same")
    third = person(organisation, ("Sok", "Sopheap"))
    with pytest.raises(ValidationError):
        services.merge_people(actor=caseworker, survivor=third, duplicate=duplicate, reason="again")
    with pytest.raises(ValidationError):
        services.merge_people(actor=caseworker, survivor=survivor, duplicate=survivor, reason="self")
    with pytest.raises(ValidationError):
        services.merge_people(actor=caseworker, survivor=third, duplicate=survivor, reason="   ")
