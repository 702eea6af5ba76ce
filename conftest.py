"""Fixtures shared by every app's tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from phlov.accounts.models import Organisation, OrganisationKind, Role, RoleAssignment, User


@pytest.fixture
def organisation(db: Any) -> Organisation:
    return Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Test NGO", name_km="អង្គការសាកល្បង")


@pytest.fixture
def make_user(db: Any, organisation: Organisation) -> Callable[..., User]:
    """A user holding the given role in ``organisation`` (or another organisation)."""

    def make(
        role: str = "caseworker", *, org: Organisation | None = None, username: str | None = None
    ) -> User:
        org = org or organisation
        user = User.objects.create_user(
            username=username or f"{role}.{org.pk}.{User.objects.count()}",
            password="correct horse battery staple",
            organisation=org,
        )
        RoleAssignment.objects.create(user=user, role=Role.objects.get(code=role), organisation=org)
        return user

    return make


@pytest.fixture
def login() -> Callable[[Any, User], Any]:
    """Sign a test client in; a user whose roles need a second factor gets a verified one."""

    def sign_in(client: Any, user: User) -> Any:
        client.force_login(user)
        if user.needs_second_factor():
            from django_otp import DEVICE_ID_SESSION_KEY
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return sign_in


@pytest.fixture
def make_person(db: Any) -> Callable[..., Any]:
    """A person written straight to the database, owned by ``organisation``."""

    from phlov.people.models import Person

    def make(organisation: Organisation, **fields: Any) -> Person:
        fields.setdefault("family_name_latin", "Sok")
        fields.setdefault("given_name_latin", "Chenda")
        return Person.objects.create(organisation=organisation, **fields)

    return make
