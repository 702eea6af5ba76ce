"""Writing generated rows fast: ids chosen here, COPY on PostgreSQL, large batches elsewhere.

The generator picks every primary key itself (from the table's current largest id), so that
rows referring to each other are built as plain columns without asking the database for the
ids it gave; the PostgreSQL sequences are moved past them at the end (:func:`reset_sequences`).

A row is a dict of column (attname) -> value. Columns not given take the model field's
default, so a field another module adds later (with a default) needs nothing here.

Audit: one audit event per written batch (action ``synthetic.generate``, the system as actor,
the model, the batch's first and last id and its size in the detail), not one per record: the
records are invented, and a million audit rows would double the work for nothing an auditor
needs. The trail still says what was generated, when and in which id ranges.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.db import connection, models
from django.utils import timezone

from phlov.audit.services import record

AUDIT_ACTION = "synthetic.generate"
SQLITE_BATCH = 2000


def next_id(model: type[models.Model]) -> int:
    """The first free id of ``model``'s table."""

    top = model._default_manager.aggregate(top=models.Max("pk"))["top"]
    return int(top or 0) + 1


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The model's fields that have a column in the table (a field whose migration has not
    been applied yet is left out rather than failing the whole run)."""

    with connection.cursor() as cursor:
        present = {
            c.name for c in connection.introspection.get_table_description(cursor, model._meta.db_table)
        }
    return [f for f in model._meta.concrete_fields if f.column in present]


def _default(field: models.Field[Any, Any], now: datetime.datetime) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, (models.CharField, models.TextField)):
        return ""
    return field.get_default()


def write(model: type[models.Model], rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert ``rows`` (each with its ``id``) into ``model``'s table; returns how many."""

    now = timezone.now()
    fields = _fields(model)
    defaults = {f.attname: _default(f, now) for f in fields}
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        columns = [f.attname for f in fields]
        pairs = [(c, defaults[c]) for c in columns]
        json_at = [i for i, c in enumerate(columns) if c in json_fields]
        table = model._meta.db_table
        count = 0
        with connection.cursor() as cursor:
            raw: Any = cursor.cursor
            quoted = ", ".join(f'"{c}"' for c in columns)
            with raw.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    # One comprehension per row: this loop runs for every generated record.
                    values = [row.get(c, d) for c, d in pairs]
                    for i in json_at:
                        if values[i] is not None:
                            values[i] = Jsonb(values[i])
                    copy.write_row(values)
                    count += 1
        return count
    batch: list[models.Model] = []
    count = 0
    names = set(defaults)
    with _given_stamps_kept(fields):
        for row in rows:
            batch.append(model(**{**defaults, **{k: v for k, v in row.items() if k in names}}))
            if len(batch) >= SQLITE_BATCH:
                model._default_manager.bulk_create(batch)
                count += len(batch)
                batch = []
        model._default_manager.bulk_create(batch)
    return count + len(batch)


@contextmanager
def _given_stamps_kept(fields: list[models.Field[Any, Any]]) -> Iterator[None]:
    """``bulk_create`` puts "now" in auto_now and auto_now_add fields (their ``pre_save``); COPY
    keeps the value given. Switched off while writing, so that a generated record keeps the day
    it was made on whatever the database (a row that gives no value still gets "now", from
    :func:`_default`)."""

    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    saved = [(f.auto_now, f.auto_now_add) for f in stamped]  # type: ignore[attr-defined]
    for f in stamped:
        f.auto_now = f.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for f, (now, add) in zip(stamped, saved, strict=True):
            f.auto_now, f.auto_now_add = now, add  # type: ignore[attr-defined]


def write_batches(
    model: type[models.Model], rows: Iterable[Mapping[str, Any]], *, batch: int, detail: Mapping[str, Any]
) -> Iterator[int]:
    """Write ``rows`` in batches of ``batch``, one audit event per batch; yields each batch's size."""

    chunk: list[Mapping[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            yield _flush(model, chunk, detail)
            chunk = []
    if chunk:
        yield _flush(model, chunk, detail)


def _flush(model: type[models.Model], chunk: list[Mapping[str, Any]], detail: Mapping[str, Any]) -> int:
    written = write(model, chunk)
    audit_batch(model, first=chunk[0]["id"], last=chunk[-1]["id"], count=written, detail=detail)
    return written


def audit_batch(
    model: type[models.Model], *, first: Any, last: Any, count: int, detail: Mapping[str, Any]
) -> None:
    record(
        actor=None,
        action=AUDIT_ACTION,
        object_type=model._meta.label_lower,
        detail={**detail, "first_id": first, "last_id": last, "count": count},
    )


def reset_sequences(models_written: Iterable[type[models.Model]]) -> None:
    """Move each PostgreSQL id sequence past the ids chosen here (SQLite needs nothing)."""

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models_written:
            table = model._meta.db_table
            # the table name is a model's own, never input
            sql = f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)"  # noqa: S608
            cursor.execute(sql)


@contextmanager
def foreign_keys_checked_once(tables: Iterable[str]) -> Iterator[None]:
    """On PostgreSQL: the foreign keys of ``tables`` are dropped for the load and added back at the
    end, which checks every row in one join per key, instead of one deferred check per row and
    key at commit (PostgreSQL's advice for bulk loads, "Populating a Database"; measured: the
    national commit took 2.5 minutes of such checks). To be entered before anything is written
    to those tables in the transaction (a table with pending checks cannot be altered); a failure
    rolls the keys back with the rest."""

    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [list(tables)],
        )
        keys = cursor.fetchall()
        # Names come from the catalogue (regclass text is already quoted where it must be).
        for table, name, _definition in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    yield
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def tune_session() -> None:
    """On PostgreSQL: no waiting for each commit's flush, room for index builds. The data is
    regenerated from its seed if a crash loses the last seconds, so this loses nothing."""

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '1GB'")
