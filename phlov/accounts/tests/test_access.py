"""A process keeps a copy of each user's grants between requests; every change to what a user
may do must reach the next request at once, and a copy must never outlive its time limits."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from phlov.accounts.models import Organisation, OrganisationKind, Role, RoleAssignment, User
from phlov.core.policies import grants_of
from phlov.places.models import Place, PlaceKind


def fresh(user: User) -> User:
    """The user as the next request reads it."""

    return User.objects.get(pk=user.pk)


def permissions(user: User) -> set[str]:
    return {p for grant in grants_of(fresh(user)) for p in grant.permissions}


def test_a_request_reuses_the_copy_read_under_the_same_stamp(make_user: Callable[..., User]) -> None:
    user = make_user("caseworker")
    first = grants_of(fresh(user))
    again = fresh(user)
    with CaptureQueriesContext(connection) as queries:
        assert grants_of(again) == first
    assert not queries.captured_queries


def test_ending_or_deleting_an_assignment_takes_effect_at_the_next_request(
    make_user: Callable[..., User], login: Callable[..., Any]
) -> None:
    user = make_user("caseworker")
    client = login(Client(), user)
    assert client.get("/people/").status_code == 200
    assignment = RoleAssignment.objects.get(user=user)
    assignment.expires_at = timezone.now()
    assignment.save()
    assert grants_of(fresh(user)) == ()
    assert client.get("/people/").status_code == 404
    assignment.expires_at = None
    assignment.save()
    assert client.get("/people/").status_code == 200
    assignment.delete()
    assert client.get("/people/").status_code == 404


def test_a_role_changed_reaches_every_holder(make_user: Callable[..., User]) -> None:
    holders = [make_user("caseworker"), make_user("caseworker")]
    assert all("people.person:view" in permissions(u) for u in holders)
    role = Role.objects.get(code="caseworker")
    role.permissions = [p for p in role.permissions if p != "people.person:view"]
    role.save()
    assert all("people.person:view" not in permissions(u) for u in holders)


def test_moving_an_organisation_moves_the_scope_of_assignments_below_it(
    organisation: Organisation, make_user: Callable[..., User]
) -> None:
    office = Organisation.objects.create(
        kind=OrganisationKind.NGO, name_en="Field office", name_km="ការិយាល័យ", parent=organisation
    )
    user = make_user("caseworker", org=office)
    assert grants_of(fresh(user))[0].organisation_path == office.path
    elsewhere = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Elsewhere", name_km="ផ្សេង")
    organisation.parent = elsewhere
    organisation.save()
    office.refresh_from_db()
    assert office.path.startswith(elsewhere.path)
    assert grants_of(fresh(user))[0].organisation_path == office.path


def test_provinces_added_to_an_assignment_narrow_it_at_once(make_user: Callable[..., User]) -> None:
    user = make_user("caseworker")
    assert grants_of(fresh(user))[0].province_ids == frozenset()
    province = Place.objects.filter(kind=PlaceKind.PROVINCE).first()
    assert province is not None, "the provinces are loaded with the migrations"
    RoleAssignment.objects.get(user=user).provinces.add(province)
    assert grants_of(fresh(user))[0].province_ids == {province.pk}
    RoleAssignment.objects.get(user=user).provinces.remove(province)
    assert grants_of(fresh(user))[0].province_ids == frozenset()


def test_an_assignment_that_starts_later_is_granted_when_it_starts(
    organisation: Organisation, make_user: Callable[..., User]
) -> None:
    user = make_user("analyst")
    starts = timezone.now() + datetime.timedelta(seconds=1)
    RoleAssignment.objects.create(
        user=user, role=Role.objects.get(code="caseworker"), organisation=organisation, starts_at=starts
    )
    assert {g.role for g in grants_of(fresh(user))} == {"analyst"}
    while timezone.now() < starts:
        time.sleep(0.05)
    # Nothing was written when it started: the copy read before must end by itself.
    assert {g.role for g in grants_of(fresh(user))} == {"analyst", "caseworker"}


def test_saving_an_old_copy_of_the_user_cannot_bring_back_revoked_grants(
    make_user: Callable[..., User],
) -> None:
    user = make_user("caseworker")
    stale = fresh(user)
    grants_of(stale)
    RoleAssignment.objects.filter(user=user).delete()
    stale.first_name = "Dara"
    stale.save()  # a form that read the user before the change writes the whole row
    assert grants_of(fresh(user)) == ()


def test_the_caller_s_own_user_object_sees_its_new_access_in_the_same_request(
    organisation: Organisation, make_user: Callable[..., User]
) -> None:
    user = make_user("analyst")
    assert {g.role for g in grants_of(user)} == {"analyst"}  # read and kept on this object
    RoleAssignment.objects.create(
        user=user, role=Role.objects.get(code="caseworker"), organisation=organisation
    )
    assert {g.role for g in grants_of(user)} == {"analyst", "caseworker"}
    assert user.access_stamp == fresh(user).access_stamp
