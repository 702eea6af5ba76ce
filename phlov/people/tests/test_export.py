"""Exports carry only the people the user may export, without the field groups they may not see."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
import pyzipper
from django.test import Client
from django.urls import reverse

from phlov.accounts.models import Organisation, OrganisationKind, Role, RoleAssignment, User
from phlov.audit.models import AuditEvent
from phlov.people.models import IdentityDocument, PhoneNumber

pytestmark = pytest.mark.django_db


def read_export(client: Client) -> list[list[str]]:
    page = client.post(reverse("people:export"), {"format": "zip"})
    assert page.status_code == 200
    html = page.content.decode()
    password = html.split('class="export-password">')[1].split("<")[0]
    link = html.split('href="/files/exports/')[1].split('"')[0]
    download = client.get(f"/files/exports/{link}")
    assert download.status_code == 200
    assert client.get(f"/files/exports/{link}").status_code == 404  # once only
    with pyzipper.AESZipFile(io.BytesIO(download.content)) as archive:
        archive.setpassword(password.encode())
        text = archive.read(archive.namelist()[0]).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def people(organisation: Organisation, make_person: Callable[..., Any]) -> dict[str, Any]:
    mine = make_person(organisation, notes="She was sold to a karaoke bar in Poipet.")
    PhoneNumber.objects.create(person=mine, number="+85512345678")
    IdentityDocument.objects.create(person=mine, kind="national_id", number="123456789")
    other = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Export other NGO")
    theirs = make_person(other, given_name_latin="Outside")
    return {"mine": mine, "theirs": theirs}


def test_a_caseworker_exports_their_people_with_every_group(
    people: dict[str, Any], make_user: Callable[..., User], login: Callable[..., Any]
) -> None:
    rows = read_export(login(Client(), make_user("caseworker")))
    header, body = rows[1], rows[2:]
    assert rows[0][0].startswith("Exported from Phlov by")
    assert [int(r[0]) for r in body] == [people["mine"].pk]
    assert {"notes", "phones", "documents", "origin_village"} <= set(header)
    assert "+85512345678" in body[0] and "national_id:123456789" in body[0]
    assert AuditEvent.objects.filter(action="export", object_type="people.person").exists()


def test_a_role_without_the_groups_exports_without_those_columns(
    people: dict[str, Any], organisation: Organisation, login: Callable[..., Any]
) -> None:
    # Roles are data: an administrator may make an export clerk who sees no sensitive group.
    clerk_role = Role.objects.create(
        code="export_clerk",
        name_en="Export clerk",
        permissions=["people.person:view", "people.person:export"],
    )
    clerk = User.objects.create_user(username="clerk", organisation=organisation)
    RoleAssignment.objects.create(user=clerk, role=clerk_role, organisation=organisation)
    rows = read_export(login(Client(), clerk))
    header, body = rows[1], rows[2:]
    assert not {"notes", "phones", "documents", "origin_village"} & set(header)
    flat = " ".join(" ".join(r) for r in rows)
    assert "karaoke" not in flat and "85512345678" not in flat and "123456789" not in flat
    assert len(body) == 1


def test_roles_without_the_export_permission_cannot_export(
    make_user: Callable[..., User], login: Callable[..., Any]
) -> None:
    for role in ("police_liaison", "analyst", "labour_officer"):
        client = login(Client(), make_user(role))
        assert client.get(reverse("people:export")).status_code == 404
        assert client.post(reverse("people:export")).status_code == 404
