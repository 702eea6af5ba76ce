"""The roles Phlov ships with, kept as data in ``data/roles.json``.

Administrators may add roles or edit names and descriptions; ``sync_roles`` only creates
the shipped roles that are missing and never overwrites an administrator's edits.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROLES_FILE = Path(__file__).resolve().parent / "data" / "roles.json"


def shipped_roles() -> list[dict[str, Any]]:
    return json.loads(ROLES_FILE.read_text(encoding="utf-8"))


def sync_roles(role_model: Any) -> int:
    created = 0
    for spec in shipped_roles():
        code = spec["code"]
        _, was_created = role_model.objects.get_or_create(
            code=code, defaults={k: v for k, v in spec.items() if k != "code"}
        )
        created += int(was_created)
    return created


def grant(role_model: Any, permissions: dict[str, list[str]]) -> None:
    """Add permissions to shipped roles (used by data migrations when a module arrives)."""

    for code, wanted in permissions.items():
        role = role_model.objects.filter(code=code).first()
        if role is None:
            continue
        missing = [p for p in wanted if p not in (role.permissions or [])]
        if missing:
            role.permissions = [*(role.permissions or []), *missing]
            role.save(update_fields=["permissions"])
