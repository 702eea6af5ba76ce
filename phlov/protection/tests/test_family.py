from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from phlov.accounts.models import Organisation, OrganisationKind
from phlov.protection.models import FamilyNeed, FamilySupport
from phlov.protection.services_family import add_need, add_support, mark_need_met, needs_of
from phlov.protection.tests.helpers import make_case

pytestmark = pytest.mark.django_db


def _client() -> Client:
    client = Client()
    client.cookies["phlov_language"] = "en"  # the pages read in English here
    return client


TODAY = datetime.date.today()


def test_needs_and_support(make_user: Any, make_person: Any, organisation: Any) -> None:
    worker = make_user("caseworker")
    case = make_case(make_person(organisation), caseworker=worker)
    need = add_need(actor=worker, case=case, need="debt", description="Owes a broker US$300")
    support = add_support(actor=worker, case=case, kind="micro_credit", need=need, amount_usd=Decimal(50),
                          given_on=TODAY)  # fmt: skip
    mark_need_met(actor=worker, need=need)
    assert FamilyNeed.objects.get().met_on == TODAY and FamilySupport.objects.get() == support
    with pytest.raises(ValidationError):
        add_support(actor=worker, case=case, kind="grant", amount_usd=Decimal(-5))
    with pytest.raises(ValidationError):
        add_support(actor=worker, case=case, kind="grant", given_on=TODAY + datetime.timedelta(days=2))
    other_case = make_case(make_person(organisation), caseworker=worker)
    with pytest.raises(ValidationError):
        add_support(actor=worker, case=other_case, kind="grant", need=need)
    stranger = make_user(
        "caseworker", org=Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Other")
    )
    with pytest.raises(PermissionDenied):
        add_need(actor=stranger, case=case, need="food")
    assert not needs_of(stranger, case).exists()


def test_pages(make_user: Any, make_person: Any, organisation: Any, login: Any) -> None:
    worker = make_user("caseworker")
    case = make_case(make_person(organisation), caseworker=worker)
    client = login(_client(), worker)
    client.post(reverse("protection:family_need_add", args=[case.pk]),
                {"need": "income", "description": "", "assessed_on": TODAY.isoformat()})  # fmt: skip
    need = FamilyNeed.objects.get(case=case)
    form = client.get(reverse("protection:family_support_add", args=[case.pk])).content.decode()
    assert "Family Support" in form  # the Foundation's amounts are shown where the worker decides
    client.post(reverse("protection:family_support_add", args=[case.pk]),
                {"kind": "skills_training", "need": need.pk, "description": "pig raising", "given_on": ""})  # fmt: skip
    page = client.get(reverse("protection:case", args=[case.pk])).content.decode()
    assert "skills training" in page and "income or work" in page and "planned" in page
    client.post(reverse("protection:family_need_met", args=[case.pk, need.pk]))
    need.refresh_from_db()
    assert need.met_on == TODAY
