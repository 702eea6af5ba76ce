"""Helpers shared by the linkage tests."""

from __future__ import annotations

from typing import Any

from django.test import Client

from phlov.accounts.models import Organisation
from phlov.linkage.models import CandidatePair, LinkageRun, PairStatus
from phlov.people.models import Person
from phlov.places.models import Place, PlaceKind


def village(index: int = 0) -> Place:
    return Place.objects.filter(kind=PlaceKind.VILLAGE).order_by("code")[index]


def person(
    organisation: Organisation,
    latin: tuple[str, str] = ("", ""),
    km: tuple[str, str] = ("", ""),
    **fields: Any,
) -> Person:
    """A person written straight to the database (the people services are tested on their own)."""

    return Person.objects.create(
        organisation=organisation,
        family_name_latin=latin[0], given_name_latin=latin[1], family_name_km=km[0], given_name_km=km[1],
        **fields,
    )  # fmt: skip


def pending_pair(a: Person, b: Person, probability: float = 0.7) -> CandidatePair:
    """A finished run with one pair waiting for review."""

    from django.utils import timezone

    run = LinkageRun.objects.create(
        engine="duckdb",
        model_version="test",
        match_threshold=0.9,
        review_threshold=0.5,
        finished_at=timezone.now(),
    )
    first, second = sorted((a, b), key=lambda p: p.pk)
    return CandidatePair.objects.create(
        run=run, person_a=first, person_b=second, match_probability=probability, match_weight=1.2,
        status=PairStatus.PENDING,
        explanation=[
            {"comparison": "family_name", "label": "same spelling", "weight": 4.8},
            {"comparison": "given_name", "label": "same name, other romanisation", "weight": 5.5},
            {"comparison": "birth_date", "label": "different", "weight": -7.1},
            {"comparison": "phone", "label": "missing", "weight": 0.0},
        ],
    )  # fmt: skip


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
