"""A batch of events (an import) is chained like single ones, under one lock of the head."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from phlov.accounts.models import Organisation
from phlov.audit.models import AuditChainHead, AuditEvent
from phlov.audit.services import record, record_many

pytestmark = pytest.mark.django_db


def test_a_batch_continues_the_chain_and_verifies(
    organisation: Organisation, make_user: Callable[..., Any], verify: Callable[..., tuple[bool, str]]
) -> None:
    actor = make_user("caseworker")
    record(actor=actor, action="view", obj=organisation)
    batch = record_many(
        actor=actor,
        events=[
            {"action": "create", "object_type": "people.person", "object_id": n, "detail": {"n": n}}
            for n in range(250)
        ],
    )
    record(actor=actor, action="view", obj=organisation)
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(seqs[0], seqs[0] + 252))
    assert [e.seq for e in batch] == seqs[1:251]
    head = AuditChainHead.objects.get()
    assert head.last_seq == seqs[-1]
    intact, report = verify()
    assert intact, report


def test_the_head_cannot_be_moved_onto_an_event_that_is_not_there(make_user: Callable[..., Any]) -> None:
    record(actor=make_user("caseworker"), action="login")
    head = AuditChainHead.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{AuditChainHead._meta.db_table}" SET last_seq = %s, last_hash = %s',
            [head.last_seq + 5, "0" * 64],
        )


def test_unsealed_events_cannot_be_bulk_inserted() -> None:
    from phlov.audit.models import AuditTrailIsAppendOnly

    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.bulk_create([AuditEvent(seq=999, action="login", prev_hash="x", hash="y")])
