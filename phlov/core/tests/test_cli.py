"""``phlov --help`` names every command Phlov's own apps add (flush is Django's, refused)."""

from __future__ import annotations

from pathlib import Path

import phlov
from phlov.cli import ALIASES, USAGE

NOT_LISTED = {"flush"}  # the audit app's refusal of Django's flush, not a command of its own


def test_usage_lists_every_command_of_phlovs_apps() -> None:
    root = Path(phlov.__file__).parent
    commands = {
        path.stem for path in root.glob("*/management/commands/*.py") if not path.stem.startswith("_")
    }
    listed = {line.split()[0] for line in USAGE.splitlines() if line.startswith("  ") and line.split()}
    listed |= {ALIASES.get(name, name) for name in listed}
    assert commands - NOT_LISTED <= listed, sorted(commands - NOT_LISTED - listed)
