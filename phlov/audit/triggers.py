"""Database triggers that keep the audit trail append-only below the ORM.

They stop application code, a mistaken migration or a hand-typed ``UPDATE`` from rewriting
the trail. They do not stop someone who may drop triggers: the hash chain is what makes that
visible (``phlov audit verify``).

* ``audit_auditevent``: UPDATE and DELETE are refused, except clearing ``actor_id`` or
  ``organisation_id`` to NULL and nothing else (Django's SET_NULL when a user or an organisation
  is deleted); on PostgreSQL TRUNCATE is refused as well.
* ``audit_auditchainhead``: DELETE is refused and an UPDATE must move it forward, onto an event that exists (by one, or past a batch written by ``record_many``).

Installed by migration 0002. A later migration that adds a column to the audit table must run
:func:`install` again (the SQLite trigger lists the columns; a test checks every column).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from phlov.audit.chain import HASHED_FIELDS

EVENT_TABLE = "audit_auditevent"
HEAD_TABLE = "audit_auditchainhead"

# Columns that may never change (everything but the two links that may be cleared).
FROZEN_COLUMNS: tuple[str, ...] = (*HASHED_FIELDS, "hash")
CLEARABLE_LINKS: tuple[str, ...] = ("actor_id", "organisation_id")

EVENT_REFUSED = "audit events are append-only"
HEAD_REFUSED = "the audit chain head only moves forward"


def _sqlite_install() -> list[str]:
    unchanged = " AND ".join(f'NEW."{c}" IS OLD."{c}"' for c in FROZEN_COLUMNS)
    links = " AND ".join(f'(NEW."{c}" IS OLD."{c}" OR NEW."{c}" IS NULL)' for c in CLEARABLE_LINKS)
    return [
        f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON "{EVENT_TABLE}"
            WHEN NOT ({unchanged} AND {links})
            BEGIN SELECT RAISE(ABORT, '{EVENT_REFUSED}: UPDATE refused'); END""",
        f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON "{EVENT_TABLE}"
            BEGIN SELECT RAISE(ABORT, '{EVENT_REFUSED}: DELETE refused'); END""",
        f"""CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON "{HEAD_TABLE}"
            WHEN NOT (NEW.id IS OLD.id AND NEW.last_seq > OLD.last_seq AND EXISTS (
                SELECT 1 FROM "{EVENT_TABLE}" WHERE seq = NEW.last_seq AND hash = NEW.last_hash))
            BEGIN SELECT RAISE(ABORT, '{HEAD_REFUSED}: UPDATE refused'); END""",
        f"""CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON "{HEAD_TABLE}"
            BEGIN SELECT RAISE(ABORT, '{HEAD_REFUSED}: DELETE refused'); END""",
    ]


_SQLITE_TRIGGERS = (
    "audit_event_no_update",
    "audit_event_no_delete",
    "audit_head_forward_only",
    "audit_head_no_delete",
)


def _postgresql_install() -> list[str]:
    links = " - ".join(f"'{c}'" for c in CLEARABLE_LINKS)
    link_checks = " AND ".join(
        f"(NEW.{c} IS NULL OR NEW.{c} IS NOT DISTINCT FROM OLD.{c})" for c in CLEARABLE_LINKS
    )
    # The row is compared as JSON without the two links, so a column added later is frozen too.
    return [
        f"""CREATE OR REPLACE FUNCTION phlov_audit_event_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'UPDATE' THEN
                IF (to_jsonb(NEW) - {links}) = (to_jsonb(OLD) - {links}) AND {link_checks} THEN
                  RETURN NEW;
                END IF;
              END IF;
              RAISE EXCEPTION '{EVENT_REFUSED}: % refused', TG_OP
                USING ERRCODE = 'integrity_constraint_violation';
            END;
            $$""",
        f"""CREATE OR REPLACE FUNCTION phlov_audit_head_forward_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'UPDATE' THEN
                -- Forward only, and only onto an event that is really there (record_many
                -- moves the head past a whole batch at once).
                IF NEW.id = OLD.id AND NEW.last_seq > OLD.last_seq AND EXISTS (
                    SELECT 1 FROM "{EVENT_TABLE}" WHERE seq = NEW.last_seq AND hash = NEW.last_hash
                ) THEN
                  RETURN NEW;
                END IF;
              END IF;
              RAISE EXCEPTION '{HEAD_REFUSED}: % refused', TG_OP
                USING ERRCODE = 'integrity_constraint_violation';
            END;
            $$""",
        f"""CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "{EVENT_TABLE}"
            FOR EACH ROW EXECUTE FUNCTION phlov_audit_event_append_only()""",
        f"""CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "{EVENT_TABLE}"
            FOR EACH STATEMENT EXECUTE FUNCTION phlov_audit_event_append_only()""",
        f"""CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON "{HEAD_TABLE}"
            FOR EACH ROW EXECUTE FUNCTION phlov_audit_head_forward_only()""",
        f"""CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON "{HEAD_TABLE}"
            FOR EACH STATEMENT EXECUTE FUNCTION phlov_audit_head_forward_only()""",
    ]


_POSTGRESQL_TRIGGERS = (
    ("audit_event_append_only", EVENT_TABLE),
    ("audit_event_no_truncate", EVENT_TABLE),
    ("audit_head_forward_only", HEAD_TABLE),
    ("audit_head_no_truncate", HEAD_TABLE),
)


def install_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return _sqlite_install()
    if vendor == "postgresql":
        return _postgresql_install()
    raise NotImplementedError(
        f"the audit trail's triggers are written for SQLite and PostgreSQL, not {vendor}"
    )


def remove_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGERS]
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS {name} ON "{table}"' for name, table in _POSTGRESQL_TRIGGERS] + [
            "DROP FUNCTION IF EXISTS phlov_audit_event_append_only()",
            "DROP FUNCTION IF EXISTS phlov_audit_head_forward_only()",
        ]
    raise NotImplementedError(vendor)


def install(connection: Any) -> None:
    """(Re)create the triggers on ``connection`` (a Django connection or a schema editor's)."""

    with connection.cursor() as cursor:
        for statement in remove_sql(connection.vendor) + install_sql(connection.vendor):
            cursor.execute(statement)


def remove(connection: Any) -> None:
    with connection.cursor() as cursor:
        for statement in remove_sql(connection.vendor):
            cursor.execute(statement)


@contextmanager
def lifted(connection: Any) -> Iterator[None]:
    """Without the triggers inside the block: only for a test run's flush (see commands/flush.py)."""

    remove(connection)
    try:
        yield
    finally:
        install(connection)
