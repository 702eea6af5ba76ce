"""Append-only: the ORM refuses, the database refuses, and deleting a user keeps the trail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from phlov.accounts.models import Organisation, OrganisationKind, User
from phlov.audit import triggers
from phlov.audit.models import AuditChainHead, AuditEvent, AuditTrailIsAppendOnly
from phlov.audit.services import record
from phlov.audit.tests.conftest import raw

Verify = Callable[..., tuple[bool, str]]
# The triggers' own messages: a type error or a typo in the SQL must not pass for a refusal.
REFUSED = triggers.EVENT_REFUSED
FORWARD = triggers.HEAD_REFUSED


@pytest.fixture
def event(db: Any) -> AuditEvent:
    record(actor=None, action="other", object_type="x.y", object_id="1")
    return record(actor=None, action="create", object_type="x.y", object_id="2", detail={"a": 1})


def test_the_orm_refuses_to_change_or_delete_events(event: AuditEvent) -> None:
    event.reason = "changed"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(seq=event.seq).update(reason="changed")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.update(actor=None, reason="")  # clearing a link does not carry anything else
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent._base_manager.all().delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["reason"])
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.update_or_create(seq=event.seq, defaults={"reason": "x"})
    assert AuditEvent.objects.get(seq=event.seq).reason == ""


def test_events_are_written_only_by_record(db: Any) -> None:
    forged = AuditEvent(seq=1, at=timezone.now(), action="other", prev_hash="0" * 64, hash="f" * 64)
    with pytest.raises(AuditTrailIsAppendOnly):
        forged.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.create(seq=1, action="other", prev_hash="0" * 64, hash="f" * 64)
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.bulk_create([forged])
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("column", triggers.FROZEN_COLUMNS)
def test_the_database_refuses_a_raw_update_of_any_column(event: AuditEvent, column: str) -> None:
    # A value of the right type that differs from the stored one.
    value: Any = {"seq": 999, "at": "2000-01-01 00:00:00+00:00", "actor_pk": 5, "organisation_pk": 5}.get(
        column, '{"x": 1}' if column in ("changes", "detail") else "tampered"
    )
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        raw(f'UPDATE audit_auditevent SET "{column}" = %s WHERE seq = %s', [value, event.seq])


def test_the_database_refuses_a_raw_delete(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        raw("DELETE FROM audit_auditevent WHERE seq = %s", [event.seq])
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        raw("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 2


def test_the_database_refuses_to_truncate_on_postgresql(event: AuditEvent) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE FROM is refused above")
    # The test's own inserts leave deferred foreign key checks pending, which TRUNCATE minds.
    raw("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        raw("TRUNCATE audit_auditevent CASCADE")
    with pytest.raises(DatabaseError, match=FORWARD), transaction.atomic():
        raw("TRUNCATE audit_auditchainhead")


def test_the_database_refuses_to_set_a_link_or_clear_one_with_anything_else(
    event: AuditEvent, make_user: Callable[..., User]
) -> None:
    user = make_user("auditor")
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        raw("UPDATE audit_auditevent SET actor_id = %s WHERE seq = %s", [user.pk, event.seq])
    mine = record(actor=user, action="view")
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        raw("UPDATE audit_auditevent SET actor_id = NULL, reason = 'x' WHERE seq = %s", [mine.seq])


def test_the_chain_head_only_moves_forward(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match=FORWARD), transaction.atomic():
        raw("DELETE FROM audit_auditchainhead")
    with pytest.raises(DatabaseError, match=FORWARD), transaction.atomic():
        raw("UPDATE audit_auditchainhead SET last_seq = 1")
    with pytest.raises(DatabaseError, match=FORWARD), transaction.atomic():
        raw("UPDATE audit_auditchainhead SET last_hash = 'x'")
    assert AuditChainHead.objects.get().last_seq == event.seq


def test_deleting_a_user_keeps_their_trail(make_user: Callable[..., User], verify: Verify) -> None:
    user = make_user("auditor", username="leaver")
    org = user.organisation
    assert org is not None
    events = [record(actor=user, action="view", object_type="people.person", object_id=i) for i in range(3)]
    user_pk = user.pk
    user.delete()  # Django's SET_NULL clears the link, which the trigger allows
    kept = list(AuditEvent.objects.filter(seq__in=[e.seq for e in events]).order_by("seq"))
    assert len(kept) == 3
    assert all(e.actor_id is None and e.actor_pk == user_pk and e.actor_username == "leaver" for e in kept)
    assert all(e.organisation_path == org.path for e in kept)
    intact, report = verify()
    assert intact, report


def test_deleting_an_organisation_keeps_its_trail(db: Any, verify: Verify) -> None:
    org = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Closed NGO")
    event = record(actor=None, action="other", organisation=org)
    org.delete()
    kept = AuditEvent.objects.get(seq=event.seq)
    assert kept.organisation_id is None and kept.organisation_name == "Closed NGO"
    assert verify()[0]


def test_flush_is_refused_outside_a_test_run(event: AuditEvent, settings: SettingsWrapper) -> None:
    settings.TESTING = False
    with pytest.raises(CommandError, match="erase the audit trail"):
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_test_run_may_flush_and_the_triggers_come_back() -> None:
    record(actor=None, action="other")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists() and not AuditChainHead.objects.exists()
    event = record(actor=None, action="other")  # an empty trail starts a new chain
    assert event.seq == 1
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        raw("DELETE FROM audit_auditevent")
