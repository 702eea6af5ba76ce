"""Fixtures for the places tests. The test database is migrated, so the places are there."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from phlov.places.models import Place
from phlov.places.resolver import invalidate


def seed_data_dir() -> Path | None:
    """The shared seed data: ``<repo>/../shared/seed-data``, or ``$PHLOV_SHARED_DIR``
    (the shared folder or its seed-data folder)."""

    override = os.environ.get("PHLOV_SHARED_DIR")
    candidates = [Path(override), Path(override) / "seed-data"] if override else []
    candidates.append(Path(settings.BASE_DIR).parent / "shared" / "seed-data")
    for candidate in candidates:
        if (candidate / "place_names.csv").exists():
            return candidate
    return None


@pytest.fixture
def seed_dir() -> Path:
    found = seed_data_dir()
    if found is None:
        pytest.skip("the shared seed data (place_names.csv) is not here; set PHLOV_SHARED_DIR")
    return found


@pytest.fixture
def user(db: Any) -> Any:
    return get_user_model().objects.create_user(
        username="places.reader", password="correct horse battery staple"
    )


@pytest.fixture
def signed_in(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def fresh_index(db: Any) -> Iterator[None]:
    """For tests that change places: the next test must not see the changes in memory."""

    invalidate()
    yield
    invalidate()


def place(kind: str, code: str) -> Place:
    return Place.objects.get(kind=kind, code=code)
