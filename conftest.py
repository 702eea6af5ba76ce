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

    def make(role: str = "caseworker", *, org: Organisation | None = None, username: str | None = None) -> User:
        org = org or organisation
        user = User.objects.create_user(
            username=username or f"{role}.{org.pk}.{User.objects.count()}",
            password="correct horse battery staple",
            organisation=org,
        )
        RoleAssignment.objects.create(user=user, role=Role.objects.get(code=role), organisation=org)
        return user

    return make
