"""Writing the audit trail.

Every other app's service calls :func:`record` (or :func:`record_change`) inside its own
transaction, so that the change and its audit event are committed together or not at all.
Reads that must be audited (a victim's file opened, the audit screen itself) call it before
the page is returned.

``record`` holds a lock on the chain head until the caller's transaction ends, which queues
every other writer: call it as the last write of a transaction.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from django.db import connections, models, router, transaction
from django.utils import timezone

from phlov.audit.chain import HASHED_FIELDS, clean_text, compute_hash, to_json_value
from phlov.audit.middleware import current_context
from phlov.audit.models import (
    AuditAction,
    AuditChainHead,
    AuditEvent,
    is_known_action,
    register_action,
)

__all__ = [
    "AuditAction",
    "AuditChainBroken",
    "changes_between",
    "record",
    "record_change",
    "record_many",
    "register_action",
    "search_detail",
    "snapshot",
]

# "Small": an event says what happened, it is not a copy of the data.
DETAIL_MAX_BYTES = 8192
REDACTED: dict[str, bool] = {"changed": True}


class AuditChainBroken(RuntimeError):
    """The chain cannot be continued safely (its head is gone while events remain)."""


def _field_max(name: str) -> int | None:
    return getattr(AuditEvent._meta.get_field(name), "max_length", None)


def _authenticated(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _head_statement(sql: str, params: list[Any], using: str) -> tuple[Any, ...] | None:
    """Runs one statement on the chain head's table. The head is read and moved on every
    audited request: plain statements spare the ORM's building of them (docs/benchmarks.md)."""

    connection = connections[using]
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=table, lock=lock), params)
        return cursor.fetchone() if cursor.description else None


def _locked_head() -> AuditChainHead:
    # On PostgreSQL the row lock queues concurrent writers; on SQLite the IMMEDIATE
    # transaction already holds the database's single write lock.
    using = router.db_for_write(AuditChainHead)
    row = _head_statement("SELECT id, last_seq, last_hash FROM {table} WHERE id = %s{lock}", [1], using)
    head = AuditChainHead.from_db(using, ["id", "last_seq", "last_hash"], row) if row else None
    if head is None:
        # No head: a trail that never had an event (or a test database just flushed). Create it;
        # ON CONFLICT DO NOTHING waits for a writer racing to do the same, and then both lock
        # the one row it made.
        AuditChainHead.objects.bulk_create([AuditChainHead(pk=1)], ignore_conflicts=True)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        # Checked under the lock. A head at the start of a trail that has events means the head
        # was removed: restarting from genesis would hide everything removed with it.
        if head.last_seq == 0 and AuditEvent.objects.exists():
            raise AuditChainBroken(
                "the audit chain head is missing while events exist; run 'phlov audit verify'"
            )
    return head


def record(
    *,
    actor: Any,
    action: AuditAction | str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: Any = None,
    changes: Mapping[str, Any] | None = None,
    detail: Mapping[str, Any] | None = None,
    reason: str = "",
    organisation: Any = None,
) -> AuditEvent:
    """Append one event to the trail and return it.

    ``actor`` is the acting user (None or an anonymous user for the system or a stranger).
    The event is scoped to ``organisation`` when given (a failed sign-in belongs to the
    organisation of the account tried), otherwise to the actor's organisation. ``detail`` is
    small and chosen by the caller: never search terms that may be names, never sensitive
    values. The request's address, browser and id come from AuditContextMiddleware.
    """

    event = _prepare(
        actor=actor,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        changes=changes,
        detail=detail,
        reason=reason,
        organisation=organisation,
    )
    with transaction.atomic():
        head = _locked_head()
        _seal(event, head)
        event.save()
        _move_head(head)
    return event


def record_many(*, actor: Any, events: Iterable[Mapping[str, Any]]) -> list[AuditEvent]:
    """Append many events (each a dict of :func:`record`'s keyword arguments but ``actor``)
    under one lock of the chain head, in one insert: an import of thousands of people writes
    its trail in the time of one query instead of thousands."""

    prepared = [_prepare(actor=actor, **dict(spec)) for spec in events]
    if not prepared:
        return []
    with transaction.atomic():
        head = _locked_head()
        for event in prepared:
            _seal(event, head)
        created = AuditEvent.objects.bulk_create(prepared, batch_size=1000)
        _move_head(head)
    return created


def _move_head(head: AuditChainHead) -> None:
    _head_statement(
        "UPDATE {table} SET last_seq = %s, last_hash = %s WHERE id = %s",
        [head.last_seq, head.last_hash, head.pk],
        head._state.db or router.db_for_write(AuditChainHead),
    )


def _prepare(
    *,
    actor: Any,
    action: AuditAction | str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: Any = None,
    changes: Mapping[str, Any] | None = None,
    detail: Mapping[str, Any] | None = None,
    reason: str = "",
    organisation: Any = None,
) -> AuditEvent:
    """Everything of an event that does not depend on its place in the chain."""

    code = str(action.value if isinstance(action, AuditAction) else action)
    if not is_known_action(code):
        raise ValueError(f"unknown audit action {code!r}; apps register their own with register_action()")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    changes_value = to_json_value(dict(changes or {}))
    detail_value = to_json_value(dict(detail or {}))
    if len(json.dumps(detail_value).encode("utf-8")) > DETAIL_MAX_BYTES:
        raise ValueError("audit detail is for a few facts, not for data")

    user = _authenticated(actor)
    org = organisation if organisation is not None else getattr(user, "organisation", None)
    context = current_context()
    return AuditEvent(
        actor=user,
        actor_pk=user.pk if user is not None else None,
        actor_username=clean_text(
            user.get_username() if user is not None else "", _field_max("actor_username")
        ),
        organisation=org,
        organisation_pk=org.pk if org is not None else None,
        organisation_path=clean_text(org.path if org is not None else "", _field_max("organisation_path")),
        organisation_name=clean_text(org.name_en if org is not None else "", _field_max("organisation_name")),
        action=code,
        object_type=clean_text(object_type, _field_max("object_type")),
        object_id=clean_text(object_id, _field_max("object_id")),
        changes=changes_value,
        detail=detail_value,
        reason=clean_text(reason),
        ip_address=context.ip_address if context else "",
        user_agent=context.user_agent if context else "",
        request_id=context.request_id if context else "",
    )


def _seal(event: AuditEvent, head: AuditChainHead) -> None:
    """Give the event its place in the chain and its hash; move the (locked) head past it."""

    event.seq = head.last_seq + 1
    # Taken under the lock, so times never go backwards along the chain (barring the clock).
    event.at = timezone.now()
    event.prev_hash = head.last_hash
    event.hash = compute_hash({name: getattr(event, name) for name in HASHED_FIELDS})
    event._sealed_by_record = True
    head.last_seq = event.seq
    head.last_hash = event.hash


def _sensitive_fields_of(obj: models.Model) -> set[str]:
    """Every field the model's policy puts in a sensitive group, whoever is acting."""

    from phlov.core.policies import policy_for

    try:
        groups = policy_for(obj).sensitive_fields
    except LookupError:
        return set()
    return {field for fields in groups.values() for field in fields}


def changes_between(
    before: Mapping[str, Any], after: Mapping[str, Any], *, sensitive: Collection[str] = ()
) -> dict[str, Any]:
    """``{field: {"from": old, "to": new}}`` for the fields that differ; sensitive ones redacted.

    A field missing on one side counts as None (``before`` is empty for a creation).
    """

    changes: dict[str, Any] = {}
    for name in sorted(set(before) | set(after), key=str):
        old, new = to_json_value(before.get(name)), to_json_value(after.get(name))
        if old == new:
            continue
        # Neither value is copied: the trail says that it changed, not what it said.
        changes[str(name)] = dict(REDACTED) if name in sensitive else {"from": old, "to": new}
    return changes


def record_change(
    *,
    actor: Any,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    obj: models.Model,
    sensitive: Collection[str] = frozenset(),
    action: AuditAction | str = AuditAction.UPDATE,
    reason: str = "",
    detail: Mapping[str, Any] | None = None,
) -> AuditEvent | None:
    """Record what changed on ``obj`` between two :func:`snapshot` dicts; None if nothing did.

    The fields of the model policy's sensitive groups are redacted as well as ``sensitive``,
    so a caller who forgets one does not leak it into the trail.
    """

    redact = set(sensitive) | _sensitive_fields_of(obj)
    changes = changes_between(before, after, sensitive=redact)
    if not changes and str(action) == AuditAction.UPDATE:
        return None
    return record(actor=actor, action=action, obj=obj, changes=changes, detail=detail, reason=reason)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields' values, as plain JSON, for a later :func:`record_change`.

    Relations give keys (a foreign key its id, a many-to-many field its sorted ids); files
    their name. Take it before changing the instance and again after.
    """

    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            manager = getattr(instance, name)
            values[name] = sorted(manager.values_list("pk", flat=True)) if instance.pk is not None else []
        elif isinstance(field, models.Field):
            # A foreign key gives its id (attname), never the related row.
            values[name] = to_json_value(getattr(instance, field.attname))
        else:
            raise ValueError(
                f"{name} is a reverse relation; snapshot the fields of {type(instance).__name__} itself"
            )
    return values


def search_detail(filters: Mapping[str, Any], results: int, **extra: Any) -> dict[str, Any]:
    """Detail for a search or a list: which filters were used and how many results, not the terms."""

    used = sorted(str(name) for name, value in filters.items() if value not in (None, "", [], (), {}))
    return {"filters": used, "results": results, **extra}
