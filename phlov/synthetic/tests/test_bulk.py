"""The generator's bulk writing: foreign keys dropped for the load are back afterwards and still
catch a row that refers to nothing (PostgreSQL, where they are dropped)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from phlov.people.models import PhoneNumber
from phlov.synthetic import bulk

pytestmark = pytest.mark.django_db


def _foreign_keys(table: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = %s::regclass ORDER BY 1",
            [table],
        )
        return list(cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the keys are dropped on PostgreSQL only")
def test_foreign_keys_are_back_and_check_every_row() -> None:
    table = PhoneNumber._meta.db_table
    before = _foreign_keys(table)
    assert before
    with transaction.atomic():
        with bulk.foreign_keys_checked_once([table]):
            assert _foreign_keys(table) == []
        assert _foreign_keys(table) == before
    orphan = {"id": bulk.next_id(PhoneNumber), "person_id": 2_000_000_000, "number": "+85512345678"}
    with pytest.raises(IntegrityError), transaction.atomic(), bulk.foreign_keys_checked_once([table]):
        bulk.write(PhoneNumber, [orphan])
    assert _foreign_keys(table) == before
