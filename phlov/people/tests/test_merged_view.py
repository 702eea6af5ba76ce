"""A person's page lists the records merged into it, as far as the reader may see them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from phlov.accounts.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_survivor_page_lists_merged_records(
    organisation: Organisation,
    make_person: Callable[..., Any],
    make_user: Callable[..., Any],
    login: Callable[..., Any],
) -> None:
    survivor = make_person(organisation, given_name_latin="Sreymom")
    duplicate = make_person(organisation, given_name_latin="Srey Mom", merged_into=survivor)
    page = login(Client(), make_user("caseworker")).get(f"/people/{survivor.pk}/").content.decode()
    assert 'id="merged-heading"' in page
    assert f'href="/people/{duplicate.pk}/"' in page
