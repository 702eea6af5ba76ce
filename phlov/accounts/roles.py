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
