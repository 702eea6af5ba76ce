"""Counting people, not records: merged records count once, along whole chains."""

from __future__ import annotations

import pytest

from phlov.accounts.models import Organisation
from phlov.people.models import Person, PersonName, PhoneNumber
from phlov.people.selectors import distinct_person_ids, distinct_persons, root_ids
from phlov.people.tests.helpers import make_person

pytestmark = pytest.mark.django_db


def test_merged_chains_count_once(organisation: Organisation) -> None:
    a, b, c, d, e = (make_person(organisation, ("Sok", name)) for name in ("A", "B", "C", "D", "E"))
    Person.objects.filter(pk=a.pk).update(merged_into=b)
    Person.objects.filter(pk=b.pk).update(merged_into=c)  # a -> b -> c
    Person.objects.filter(pk=d.pk).update(merged_into=c)
    for person in (a, b, c, d, e):
        PhoneNumber.objects.create(person=person, number="+85512345678")
    PhoneNumber.objects.create(person=e, number="+85512345679")
    records = PhoneNumber.objects.all()
    assert records.count() == 6
    assert distinct_persons(records) == 2
    assert distinct_person_ids(records) == {c.pk, e.pk}
    assert distinct_persons(Person.objects.all(), person_field="pk") == 2
    assert distinct_persons(PhoneNumber.objects.filter(person__in=[a, d])) == 1
    assert root_ids([a.pk, e.pk]) == {a.pk: c.pk, b.pk: c.pk, c.pk: c.pk, e.pk: e.pk}
    assert distinct_persons(PersonName.objects.none()) == 0


def test_a_cycle_does_not_hang(organisation: Organisation) -> None:
    a, b = make_person(organisation, ("Sok", "A")), make_person(organisation, ("Sok", "B"))
    Person.objects.filter(pk=a.pk).update(merged_into=b)
    Person.objects.filter(pk=b.pk).update(merged_into=a)
    assert distinct_persons(Person.objects.all(), person_field="pk") == 1
