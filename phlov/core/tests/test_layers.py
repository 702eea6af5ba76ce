"""The shared layer and the registry never import the domain apps built on them."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
LOWER = ("core", "accounts", "audit", "notifications", "files", "places", "people")
HIGHER = ("consent", "linkage", "protection", "migration", "prevention", "prosecution", "stats")
IMPORT = re.compile(rf"^\s*(?:from|import)\s+phlov\.({'|'.join(HIGHER)})\b", re.MULTILINE)


def test_lower_apps_do_not_import_higher_ones() -> None:
    offenders = []
    for app in LOWER:
        for path in (PACKAGE / app).rglob("*.py"):
            if "tests" in path.parts:
                continue
            for match in IMPORT.finditer(path.read_text(encoding="utf-8")):
                offenders.append(f"{path.relative_to(PACKAGE)} imports phlov.{match.group(1)}")
    assert offenders == []
