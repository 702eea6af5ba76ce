"""Helpers shared by the people tests."""

from __future__ import annotations

from typing import Any

from django.test import Client

from phlov.accounts.models import Organisation
from phlov.people.models import Person
from phlov.people.search_index import rebuild_keys
from phlov.places.models import Place, PlaceKind


def village(index: int = 0) -> Place:
    return Place.objects.filter(kind=PlaceKind.VILLAGE).order_by("code")[index]


def province_of(place: Place) -> Place:
    return next(p for p in [place, *place.ancestors()] if p.kind == PlaceKind.PROVINCE)


def other_province_village(place: Place) -> Place:
    province = province_of(place)
    villages = Place.objects.filter(kind=PlaceKind.VILLAGE).exclude(parent__parent__parent=province)
    return villages.order_by("code")[0]


def make_person(
    organisation: Organisation,
    latin: tuple[str, str] = ("", ""),
    km: tuple[str, str] = ("", ""),
    **fields: Any,
) -> Person:
    """A person written straight to the database (the services are tested on their own)."""

    person = Person.objects.create(
        organisation=organisation,
        family_name_latin=latin[0],
        given_name_latin=latin[1],
        family_name_km=km[0],
        given_name_km=km[1],
        **fields,
    )
    phones = fields.pop("phones", None)
    assert phones is None
    rebuild_keys(person)
    return person


def sign_in(client: Client, user: Any) -> Client:
    """Sign in without the form; a user who needs a second factor gets a verified one."""

    client.force_login(user)
    if user.needs_second_factor():
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
