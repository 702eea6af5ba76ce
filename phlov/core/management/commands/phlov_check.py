"""``phlov check``: is this installation ready to serve?

Runs Django's system checks (with ``--deploy`` outside demo and test mode) and then Phlov's
own: the database answers, every migration is applied, the reference data is loaded, the
static files are collected and the Khmer catalogue is compiled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def _database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return connections[DEFAULT_DB_ALIAS].vendor


def _migrations() -> str:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} migration(s) not applied: run 'phlov migrate'")
    return "all applied"


def _places() -> str:
    from phlov.places.models import Place

    provinces = Place.objects.filter(kind="province").count()
    if provinces != 25:
        raise RuntimeError(f"{provinces} provinces loaded, 25 expected: run 'phlov places load'")
    return f"{Place.objects.count()} places"


def _static() -> str:
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        raise RuntimeError("static files not collected: run 'phlov collectstatic'")
    return str(settings.STATIC_ROOT)


def _catalogue() -> str:
    compiled = list(Path(settings.BASE_DIR, "phlov").glob("**/locale/km/LC_MESSAGES/django.mo"))
    if not compiled:
        raise RuntimeError("Khmer catalogue not compiled: run 'phlov compilemessages'")
    return f"{len(compiled)} Khmer catalogue(s)"


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("database", _database),
    ("migrations", _migrations),
    ("places", _places),
    ("static files", _static),
    ("translations", _catalogue),
)


class Command(BaseCommand):
    help = "Check configuration, database, migrations, reference data, static files and translations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--skip", action="append", default=[], help="name of a check to skip")

    def handle(self, *args: Any, **options: Any) -> None:
        deploy = not (settings.DEMO or settings.TESTING or settings.DEBUG)
        call_command("check", deploy=deploy, fail_level="WARNING")
        failures = 0
        for name, check in CHECKS:
            if name in options["skip"]:
                continue
            try:
                detail = check()
            except Exception as error:  # each check reports its own failure and the rest still run
                failures += 1
                self.stdout.write(self.style.ERROR(f"  FAIL  {name}: {error}"))
            else:
                self.stdout.write(self.style.SUCCESS(f"  ok    {name}: {detail}"))
        if failures:
            raise CommandError(f"{failures} check(s) failed")
