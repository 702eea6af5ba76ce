"""The hash chain: intact trails verify, and every way of tampering with the rows is named."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from phlov.audit.chain import HASHED_FIELDS, compute_hash
from phlov.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from phlov.audit.services import record
from phlov.audit.tests.conftest import drop_triggers, raw
from phlov.audit.verify import verify_chain

Verify = Callable[..., tuple[bool, str]]


def _events(n: int) -> list[AuditEvent]:
    return [
        record(actor=None, action="update", object_type="people.person", object_id=i, detail={"i": i})
        for i in range(1, n + 1)
    ]


def _columns(*leave_out: str) -> str:
    return ", ".join(str(f.column) for f in AuditEvent._meta.concrete_fields if f.column not in leave_out)


def _rehash(seq: int) -> str:
    """A careful attacker recomputes the hash of the row they changed."""

    values = AuditEvent.objects.filter(seq=seq).values(*HASHED_FIELDS).get()
    new_hash = compute_hash(values)
    raw("UPDATE audit_auditevent SET hash = %s WHERE seq = %s", [new_hash, seq])
    return new_hash


@pytest.mark.django_db
def test_a_long_chain_verifies_and_links_each_event_to_the_one_before(verify: Verify) -> None:
    events = _events(250)
    assert [e.seq for e in events] == list(range(1, 251))
    assert events[0].prev_hash == GENESIS_HASH
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(events))
    head = AuditChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (250, events[-1].hash)
    intact, report = verify("--chunk-size", "7")  # many chunks
    assert intact, report
    assert "250 events, chain intact" in report
    assert f"head: seq 250 sha256 {events[-1].hash}" in report


@pytest.mark.django_db
def test_an_empty_trail_is_intact(verify: Verify) -> None:
    intact, report = verify()
    assert intact and "0 events, chain intact" in report


@pytest.mark.django_db
def test_every_stored_value_round_trips_to_the_same_hash() -> None:
    # Values that a database could hand back differently from how they went in.
    event = record(
        actor=None,
        action="other",
        object_type="x.y",
        object_id="ក-1",
        changes={"n": {"from": 1e20, "to": 0.1}, "d": {"from": decimal.Decimal("1.10"), "to": None}},
        detail={
            "when": dt.datetime(2025, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC),
            "day": dt.date(2025, 1, 2),
            "nested": [{"b": 1, "a": [True, None]}],
            "text": "ផ្លូវ \u200b 🙂 \x00end",
            5: "int key",  # type: ignore[dict-item]  # a caller's mistake the trail survives
        },
        reason="មូលហេតុ",
    )
    stored = AuditEvent.objects.values(*HASHED_FIELDS).get(seq=event.seq)
    assert compute_hash(stored) == event.hash
    assert stored["detail"]["text"] == "ផ្លូវ \u200b 🙂 end"  # NUL removed: PostgreSQL refuses it
    assert stored["changes"]["n"] == {"from": "1e+20", "to": "0.1"}


@pytest.mark.django_db
def test_the_hash_covers_every_column_but_itself_and_the_clearable_links() -> None:
    columns = {f.attname for f in AuditEvent._meta.concrete_fields}
    assert set(HASHED_FIELDS) == columns - {"hash", "actor_id", "organisation_id"}


@pytest.mark.django_db
def test_an_edited_row_is_named(verify: Verify) -> None:
    _events(10)
    drop_triggers()
    raw("UPDATE audit_auditevent SET object_id = %s WHERE seq = 4", ["999"])
    intact, report = verify()
    assert not intact
    assert "edited (content does not match its hash), seq: 4" in report


@pytest.mark.django_db
def test_an_edited_row_with_a_recomputed_hash_breaks_the_next_link(verify: Verify) -> None:
    _events(10)
    drop_triggers()
    raw("UPDATE audit_auditevent SET reason = %s WHERE seq = 4", ["nothing to see"])
    _rehash(4)
    intact, report = verify()
    assert not intact
    assert "inserted or replaced (not linked into the chain), seq: 5" in report
    assert "seq 5: its prev_hash is not the hash of seq 4" in report


@pytest.mark.django_db
def test_a_removed_middle_row_is_named(verify: Verify) -> None:
    _events(10)
    drop_triggers()
    raw("DELETE FROM audit_auditevent WHERE seq IN (4, 5)")
    intact, report = verify()
    assert not intact
    assert "removed (missing from the chain), seq: 4-5" in report
    assert "edited" not in report and "inserted" not in report


@pytest.mark.django_db
def test_a_removed_last_row_is_named_from_the_chain_head(verify: Verify) -> None:
    _events(10)
    drop_triggers()
    raw("DELETE FROM audit_auditevent WHERE seq = 10")
    intact, report = verify()
    assert not intact
    assert "removed (missing from the chain), seq: 10" in report


@pytest.mark.django_db
def test_removed_last_rows_with_the_head_wound_back_break_the_head_row_check(verify: Verify) -> None:
    events = _events(10)
    drop_triggers()
    raw("DELETE FROM audit_auditevent WHERE seq = 10")
    # The attacker sets the head to seq 9 but cannot know what else the head should say.
    raw("UPDATE audit_auditchainhead SET last_seq = 9, last_hash = %s", [events[-1].hash])
    intact, report = verify()
    assert not intact
    assert "seq 9: its hash is not the one the chain head recorded" in report


@pytest.mark.django_db
def test_a_forged_row_is_named(verify: Verify) -> None:
    _events(10)
    drop_triggers()
    # A copy of seq 3 as a new event 11, with its old hash: neither linked nor matching.
    columns = _columns("seq")
    raw(
        f"INSERT INTO audit_auditevent (seq, {columns}) SELECT 11, {columns} FROM audit_auditevent WHERE seq = 3"
    )
    intact, report = verify()
    assert not intact
    assert "inserted or replaced (not linked into the chain), seq: 11" in report
    assert "1 row(s) lie beyond the chain head (seq 10)" in report


@pytest.mark.django_db
def test_a_carefully_chained_forged_row_is_still_beyond_the_head(verify: Verify) -> None:
    events = _events(10)
    drop_triggers()
    columns = _columns("seq", "prev_hash")
    raw(
        f"INSERT INTO audit_auditevent (seq, prev_hash, {columns}) SELECT 11, %s, {columns} FROM audit_auditevent WHERE seq = 3",
        [events[-1].hash],
    )
    _rehash(11)
    intact, report = verify()
    assert not intact
    assert "seq: 11" in report and "beyond the chain head" in report


@pytest.mark.django_db
def test_a_forged_row_in_a_gap_is_named(verify: Verify) -> None:
    _events(10)
    drop_triggers()
    raw("DELETE FROM audit_auditevent WHERE seq = 5")
    columns = _columns("seq")
    raw(
        f"INSERT INTO audit_auditevent (seq, {columns}) SELECT 5, {columns} FROM audit_auditevent WHERE seq = 2"
    )
    intact, report = verify()
    assert not intact
    assert "edited (content does not match its hash), seq: 5" in report
    assert "inserted or replaced (not linked into the chain), seq: 5-6" in report


@pytest.mark.django_db
def test_a_re_pointed_user_link_is_named(verify: Verify, make_user: Callable[..., Any]) -> None:
    alice, mallory = make_user("auditor"), make_user("auditor")
    event = record(actor=alice, action="view", object_type="people.person", object_id=1)
    drop_triggers()
    raw("UPDATE audit_auditevent SET actor_id = %s WHERE seq = %s", [mallory.pk, event.seq])
    intact, report = verify()
    assert not intact
    assert f"seq {event.seq}: its user or organisation link was re-pointed" in report


@pytest.mark.django_db
def test_a_trail_rewritten_head_and_all_is_caught_by_an_anchor(verify: Verify) -> None:
    events = _events(5)
    anchor = f"{events[2].seq}:{events[2].hash}"
    drop_triggers()
    raw("UPDATE audit_auditevent SET object_id = 'rewritten' WHERE seq = 2")
    prev = events[0].hash
    for seq in range(2, 6):  # the whole tail recomputed and relinked, and the head moved
        raw("UPDATE audit_auditevent SET prev_hash = %s WHERE seq = %s", [prev, seq])
        prev = _rehash(seq)
    raw("UPDATE audit_auditchainhead SET last_hash = %s", [prev])
    intact, _ = verify()
    assert intact  # a chain without an outside anchor cannot tell
    intact, report = verify("--anchor", anchor)
    assert not intact
    assert f"seq {events[2].seq}: does not match the anchor noted earlier" in report


@pytest.mark.django_db
def test_a_missing_chain_head_is_reported_and_stops_new_events(verify: Verify) -> None:
    _events(3)
    drop_triggers()
    raw("DELETE FROM audit_auditchainhead")
    intact, report = verify()
    assert not intact and "the chain head is missing" in report
    from phlov.audit.services import AuditChainBroken

    with pytest.raises(AuditChainBroken):
        record(actor=None, action="other")


@pytest.mark.django_db
def test_rows_written_while_verifying_are_left_for_the_next_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from phlov.audit import verify as verify_module

    _events(3)
    walk = verify_module._rows

    def walk_while_someone_writes(chunk_size: int, up_to: int | None) -> Any:
        for i, row in enumerate(walk(chunk_size, up_to)):
            if i == 0:
                _events(2)  # committed by a colleague while the walk is under way
            yield row

    monkeypatch.setattr(verify_module, "_rows", walk_while_someone_writes)
    report = verify_chain()
    assert report.intact, report.lines()
    assert report.events == 3
    monkeypatch.undo()
    assert verify_chain().events == 5


@pytest.mark.django_db
def test_timestamps_are_hashed_to_the_microsecond() -> None:
    event = record(actor=None, action="other")
    stored = AuditEvent.objects.get(seq=event.seq)
    assert stored.at == event.at
    assert stored.at.microsecond == event.at.microsecond
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.mark.django_db
def test_a_last_row_edited_with_a_recomputed_hash_is_caught_by_the_head(verify: Verify) -> None:
    _events(10)
    drop_triggers()
    raw("UPDATE audit_auditevent SET reason = %s WHERE seq = 10", ["nothing happened"])
    _rehash(10)
    intact, report = verify()
    assert not intact
    assert "inserted or replaced (not linked into the chain), seq: 10" in report
    assert "seq 10: its hash is not the one the chain head recorded" in report
