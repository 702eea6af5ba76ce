"""Concurrent writers keep one chain (PostgreSQL: SQLite serialises writers by itself)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction

from phlov.accounts.models import Organisation, OrganisationKind, Role, User
from phlov.accounts.roles import sync_roles
from phlov.audit import triggers
from phlov.audit.models import AuditChainHead, AuditEvent
from phlov.audit.services import record
from phlov.audit.verify import verify_chain

THREADS = 6
EVENTS_EACH = 15


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time (IMMEDIATE transactions); threads need PostgreSQL")
    # A transactional test starts from a flushed database: the roles come from a data migration.
    sync_roles(Role)
    org = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Busy NGO")
    users = [User.objects.create_user(username=f"writer{i}", organisation=org) for i in range(THREADS)]
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def write(user: User) -> None:
        try:
            start.wait()
            for i in range(EVENTS_EACH):
                # Half inside a longer transaction, as a service would: the lock is held to its end.
                if i % 2:
                    with transaction.atomic():
                        record(actor=user, action="update", object_type="people.person", object_id=i)
                        time.sleep(0.002)
                else:
                    record(actor=user, action="view", object_type="people.person", object_id=i)
        except BaseException as error:  # reported to the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors

    total = THREADS * EVENTS_EACH
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, total + 1))
    report = verify_chain()
    assert report.intact, report.lines()
    assert report.events == total
    head = AuditChainHead.objects.get()
    assert head.last_seq == total


@pytest.mark.django_db(transaction=True)
def test_first_writers_racing_on_an_empty_trail_create_one_head() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real concurrency")
    # Back to a trail that never had an event: no events, and no head row.
    assert not AuditEvent.objects.exists()
    with triggers.lifted(connection):
        AuditChainHead.objects.all().delete()
    start = threading.Barrier(4)
    errors: list[Any] = []

    def write() -> None:
        try:
            start.wait()
            record(actor=None, action="other")
        except BaseException as error:  # reported to the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert AuditChainHead.objects.get().last_seq == 4
    assert verify_chain().intact
