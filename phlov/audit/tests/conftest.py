"""Helpers for the audit tests: an organisation tree, raw SQL as an attacker would type it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from phlov.accounts.models import Organisation, OrganisationKind


@dataclass
class Tree:
    """root > a > a1, root > b (a's sibling); ``other`` is a second, unrelated root."""

    root: Organisation
    a: Organisation
    a1: Organisation
    b: Organisation
    other: Organisation

    def all(self) -> list[Organisation]:
        return [self.root, self.a, self.a1, self.b, self.other]


@pytest.fixture
def tree(db: Any) -> Tree:
    def org(name: str, parent: Organisation | None = None) -> Organisation:
        return Organisation.objects.create(
            kind=OrganisationKind.OTHER, name_en=name, name_km=name, parent=parent
        )

    root = org("Ministry")
    a = org("Department A", root)
    return Tree(
        root=root, a=a, a1=org("Office A1", a), b=org("Department B", root), other=org("Other ministry")
    )


def drop_triggers() -> None:
    """What an attacker with database access does first."""

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in (
                "audit_event_no_update",
                "audit_event_no_delete",
                "audit_head_forward_only",
                "audit_head_no_delete",
            ):
                cursor.execute(f"DROP TRIGGER {name}")
        else:
            cursor.execute("DROP TRIGGER audit_event_append_only ON audit_auditevent")
            cursor.execute("DROP TRIGGER audit_head_forward_only ON audit_auditchainhead")


def raw(sql: str, params: list[Any] | tuple[Any, ...] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def verify() -> Callable[..., tuple[bool, str]]:
    """Run ``phlov audit verify``; (intact, report)."""

    def run(*args: str) -> tuple[bool, str]:
        from io import StringIO

        out = StringIO()
        try:
            call_command("audit", "verify", *args, stdout=out)
        except CommandError as error:
            assert error.returncode == 1
            return False, str(error)
        return True, out.getvalue()

    return run


def signed_in(user: Any, **defaults: Any) -> Client:
    """A client signed in as ``user``; one whose roles need a second factor gets a verified one."""

    client = Client(**defaults)
    client.force_login(user)
    needs_second_factor = getattr(user, "needs_second_factor", None)
    if needs_second_factor is not None and needs_second_factor():
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
