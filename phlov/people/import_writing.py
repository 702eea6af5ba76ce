"""Writing the validated rows of an import: people, their documents, phones and search keys,
and the audit trail, in batches inside the caller's one transaction.

On PostgreSQL every table is filled by COPY (psycopg 3 ``cursor.copy``): the people's ids are
taken from their sequence first, so that their documents, phones and search keys can be
written without asking the database for ids back. Elsewhere (SQLite) the same rows go in by
``bulk_create``. The trail gets one event per batch, naming the ids created (as ranges:
ids from one sequence are mostly consecutive), instead of one event per person: an import of
100,000 rows otherwise spends more time sealing audit events than writing people.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django.utils import timezone

from phlov.audit.services import record_many
from phlov.people.models import IdentityDocument, Person, PhoneNumber
from phlov.people.search_index import bulk_insert_keys, key_rows, person_keys

if TYPE_CHECKING:
    from phlov.people.importing import Draft

Progress = Callable[[str, int, int], None]
BATCH = 2000
# Ranges of ids named by one audit event: its detail must stay a few facts (the trail's limit).
RANGES_PER_EVENT = 300


def id_ranges(ids: Iterable[int]) -> list[list[int]]:
    """``[1, 2, 3, 7, 9, 10]`` -> ``[[1, 3], [7, 7], [9, 10]]``."""

    ranges: list[list[int]] = []
    for pk in sorted(ids):
        if ranges and pk == ranges[-1][1] + 1:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])
    return ranges


def _copy(model: type[models.Model], objects: Sequence[models.Model], *, with_pk: bool) -> None:
    """COPY ``objects`` into their table (PostgreSQL). The values are the instances' own
    (strings, numbers, dates: psycopg adapts them); the time stamps that Django would set on
    save are set here, once for the batch."""

    if not objects:
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    stamped = [
        i for i, f in enumerate(fields) if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    names = [f.attname for f in fields]
    table = model._meta.db_table
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        with raw.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                row = [getattr(obj, name) for name in names]
                for i in stamped:
                    row[i] = now
                    setattr(obj, names[i], now)
                copy.write_row(row)


def _take_ids(model: type[models.Model], count: int) -> list[int]:
    table = model._meta.db_table
    pk_column = model._meta.pk.column if model._meta.pk is not None else "id"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk_column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _write_people(drafts: Sequence[Draft]) -> None:
    people = [d.person for d in drafts]
    documents = [
        IdentityDocument(person=d.person, kind=kind, number=number)
        for d in drafts
        for kind, number in d.documents
    ]
    if connection.vendor == "postgresql":
        for person, pk in zip(people, _take_ids(Person, len(people)), strict=True):
            person.pk = pk
        _copy(Person, people, with_pk=True)
        for document in documents:
            document.person_id = document.person.pk
        phones = [PhoneNumber(person_id=d.person.pk, number=phone) for d in drafts for phone in d.phones]
        _copy(IdentityDocument, documents, with_pk=False)
        _copy(PhoneNumber, phones, with_pk=False)
        return
    Person.objects.bulk_create(people)
    IdentityDocument.objects.bulk_create(documents)
    PhoneNumber.objects.bulk_create(
        [PhoneNumber(person=d.person, number=phone) for d in drafts for phone in d.phones]
    )


def _audit_batch(actor: Any, drafts: Sequence[Draft], job: int | None) -> None:
    ranges = id_ranges(d.person.pk for d in drafts)
    events: list[dict[str, Any]] = []
    for start in range(0, len(ranges), RANGES_PER_EVENT):
        part = ranges[start : start + RANGES_PER_EVENT]
        detail: dict[str, Any] = {
            "source": "import",
            "people": sum(last - first + 1 for first, last in part),
            "ids": part,
        }
        if job is not None:
            detail["job"] = job
        events.append(
            {
                "action": "create",
                "object_type": Person._meta.label_lower,
                "changes": {"person": {"changed": True}},
                "detail": detail,
            }
        )
    events[0]["detail"].update(
        documents=sum(len(d.documents) for d in drafts), phones=sum(len(d.phones) for d in drafts)
    )
    record_many(actor=actor, events=events)


def write_drafts(
    actor: Any, drafts: Sequence[Draft], progress: Progress | None, *, job: int | None = None
) -> None:
    """Write ``drafts`` (inside the caller's transaction), ``BATCH`` at a time."""

    total = len(drafts)
    for start in range(0, total, BATCH):
        batch = drafts[start : start + BATCH]
        _write_people(batch)
        bulk_insert_keys(
            row
            for d in batch
            for row in key_rows(
                d.person,
                person_keys(names=d.names(), documents=[n for _kind, n in d.documents], phones=d.phones),
            )
        )
        _audit_batch(actor, batch, job)
        if progress:
            progress("write", min(start + BATCH, total), total)
