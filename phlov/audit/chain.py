"""How an audit event is hashed into the chain, shared by the writer and the verifier.

``hash = sha256(prev_hash + canonical JSON of the hashed fields)``. The canonical form must
come out byte for byte the same when the verifier recomputes it from what the database hands
back, years later and on either SQLite or PostgreSQL, so values are reduced to plain JSON
before they are stored (:func:`to_json_value`) and times are written in UTC to the microsecond.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.utils.functional import Promise

# Every stored column except ``hash`` itself and the two foreign keys, whose only permitted
# change is to NULL when the user or organisation is deleted; their values are covered by the
# hashed copies ``actor_pk`` and ``organisation_pk``. A test keeps this list complete.
HASHED_FIELDS: tuple[str, ...] = (
    "seq",
    "at",
    "actor_pk",
    "actor_username",
    "organisation_pk",
    "organisation_path",
    "organisation_name",
    "action",
    "object_type",
    "object_id",
    "changes",
    "detail",
    "reason",
    "ip_address",
    "user_agent",
    "request_id",
    "prev_hash",
)


def timestamp_text(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("audit times are timezone-aware")
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(values: Mapping[str, Any]) -> str:
    """The hashed fields of one event as compact JSON with sorted keys."""

    payload = {name: values[name] for name in HASHED_FIELDS}
    payload["at"] = timestamp_text(payload["at"])
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def compute_hash(values: Mapping[str, Any]) -> str:
    """``sha256(prev_hash + canonical JSON)`` as 64 hex digits."""

    text = str(values["prev_hash"]) + canonical_json(values)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clean_text(value: Any, max_length: int | None = None) -> str:
    """Text as it will be stored: no NUL (PostgreSQL refuses it), cut to the column's length."""

    text = "" if value is None else str(value).replace("\x00", "")
    return text[:max_length] if max_length is not None else text


def clean_ip(value: Any) -> str:
    """A valid address in one normal form, or "" for anything else."""

    try:
        address = ipaddress.ip_address(str(value or "").strip())
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        # A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; the IPv4 form is the address.
        address = address.ipv4_mapped
    return str(address)


def to_json_value(value: Any) -> Any:
    """Reduce a value to JSON that survives a round trip through SQLite and PostgreSQL unchanged.

    Floats become text: PostgreSQL's jsonb rewrites numbers (1e+20 comes back as an integer),
    which would change the canonical form and so the hash. Model instances become their key.
    """

    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, float | Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value.total_seconds())
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Model):
        return to_json_value(value.pk)
    if isinstance(value, bytes | bytearray | memoryview):
        # Content is never copied into the trail; its size is enough to tell a change.
        return f"<{len(bytes(value))} bytes>"
    if isinstance(value, Mapping):
        return {clean_text(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((to_json_value(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, list | tuple):
        return [to_json_value(v) for v in value]
    if isinstance(value, Promise):
        return clean_text(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile: its name, not its bytes
        return clean_text(value.name)
    return clean_text(value)
