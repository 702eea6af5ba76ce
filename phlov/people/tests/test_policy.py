"""The person policy: ``can`` and ``restrict`` agree for every role, across organisations
and provinces; names, documents and phones are reached only through a visible person."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from phlov.accounts.models import Organisation, User
from phlov.core.policies import forget_grants, policy_for
from phlov.people.models import IdentityDocument, Person, PersonName, PhoneNumber
from phlov.people.policies import PersonPolicy
from phlov.people.tests.helpers import make_person, other_province_village, province_of, village

pytestmark = pytest.mark.django_db

ROLES = [
    role["code"]
    for role in json.loads((Path(__file__).resolve().parents[2] / "accounts/data/roles.json").read_text())
]
ACTIONS = ("view", "add", "change", "delete", "export")


@pytest.fixture
def world(organisation: Organisation) -> dict[str, object]:
    child = Organisation.objects.create(kind="ngo", name_en="Branch", name_km="សាខា", parent=organisation)
    stranger = Organisation.objects.create(kind="ngo", name_en="Elsewhere", name_km="ផ្សេង")
    here, there = village(0), other_province_village(village(0))
    people = []
    for n, (org, place) in enumerate(itertools.product((organisation, child, stranger), (here, there, None))):
        person = make_person(org, ("Sok", f"Person{n}"), origin_village=place)
        PersonName.objects.create(person=person, script="latin", family="Sok", given=f"Alias{n}")
        IdentityDocument.objects.create(person=person, kind="national_id", number=f"{n:09d}")
        PhoneNumber.objects.create(person=person, number=f"+8551234567{n % 10}")
        people.append(person)
    return {"people": people, "province": province_of(here), "child": child}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("narrowed", [False, True], ids=["whole-organisation", "one-province"])
def test_can_and_restrict_agree(
    make_user: Callable[..., User], world: dict[str, object], role: str, narrowed: bool
) -> None:
    user = make_user(role)
    if narrowed:
        user.assignments.get().provinces.add(world["province"])  # type: ignore[arg-type]
        forget_grants(user)
    policy = PersonPolicy()
    people: list[Person] = world["people"]  # type: ignore[assignment]
    for action in ACTIONS:
        visible = set(policy.restrict(user, action=action).values_list("pk", flat=True))
        allowed = {
            p.pk for p in Person.objects.filter(pk__in=[p.pk for p in people]) if policy.can(user, action, p)
        }
        assert visible == allowed, (role, action)
        if action == "view":
            from phlov.people.models import PersonSearchKey
            from phlov.people.selectors import key_scope

            keyed = set(PersonSearchKey.objects.filter(key_scope(user)).values_list("person_id", flat=True))
            assert keyed == visible, role
        for model in (PersonName, IdentityDocument, PhoneNumber):
            part_policy = policy_for(model)
            rows = model._default_manager.all()
            reached = set(part_policy.restrict(user, rows, action=action).values_list("person_id", flat=True))
            can_reach = {row.person_id for row in rows if part_policy.can(user, action, row)}
            assert reached == can_reach, (role, action, model.__name__)
            assert reached <= visible, (role, action, model.__name__)


def test_scope_follows_the_organisation_tree_and_provinces(
    make_user: Callable[..., User], world: dict[str, object]
) -> None:
    people: list[Person] = world["people"]  # type: ignore[assignment]
    user = make_user("caseworker")
    assert PersonPolicy().restrict(user).count() == 6  # own organisation and its branch, any province
    user.assignments.get().provinces.add(world["province"])  # type: ignore[arg-type]
    forget_grants(user)
    visible = list(PersonPolicy().restrict(user))
    assert len(visible) == 2 and all(p.origin_province == world["province"] for p in visible)
    branch_user = make_user("caseworker", org=world["child"])
    assert {p.organisation_id for p in PersonPolicy().restrict(branch_user)} == {world["child"].pk}  # type: ignore[attr-defined]
    assert len(people) == 9


def test_documents_and_phones_need_their_group(
    make_user: Callable[..., User], world: dict[str, object]
) -> None:
    police = make_user("police_liaison")  # identity documents and narrative, no contact details
    assert policy_for(IdentityDocument).restrict(police).count() == 6
    assert policy_for(PhoneNumber).restrict(police).count() == 0
    assert policy_for(PersonName).restrict(police).count() == 6
    assert PersonPolicy().hidden_fields(police) == {"phones", "origin_village", "household"}
    assert PersonPolicy().hidden_fields(make_user("caseworker")) == set()
    assert PersonPolicy().hidden_fields(make_user("agency_staff")) == {"notes"}


def test_superusers_get_no_bypass(world: dict[str, object]) -> None:
    admin = User.objects.create_superuser("root", password="x" * 20)
    assert PersonPolicy().restrict(admin).count() == 0
