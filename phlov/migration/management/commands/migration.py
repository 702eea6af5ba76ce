"""``phlov migration escalate`` (schedule it, e.g. every 15 minutes) and
``phlov migration load-deployments FILE.csv --destination MY --actor USERNAME``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phlov.accounts.models import User


class Command(BaseCommand):
    help = "Safe-migration tasks: 'escalate' unacknowledged disappearance notices; 'load-deployments' from a printed table."

    def add_arguments(self, parser: CommandParser) -> None:
        tasks = parser.add_subparsers(dest="task", required=True)
        tasks.add_parser("escalate", help="escalate disappearance notices not acknowledged in time")
        load = tasks.add_parser(
            "load-deployments", help="load a printed deployment table (CSV) as worker records"
        )
        load.add_argument("file")
        load.add_argument("--destination", required=True, help="ISO code of the destination country, e.g. MY")
        load.add_argument(
            "--actor", required=True, help="user name of the person loading (checked and audited)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["task"] == "escalate":
            from phlov.migration.services.disappearance import escalate_overdue

            escalated = escalate_overdue()
            self.stdout.write(f"escalated {len(escalated)} notice(s)")
            return
        from phlov.migration.services.deployments import load_published_table

        actor = User.objects.filter(username=options["actor"], is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {options['actor']!r}")
        try:
            done = load_published_table(
                actor=actor, path=Path(options["file"]), destination_code=options["destination"]
            )
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"loaded {done['workers']} worker records and {done['figures']} printed figures")
        from phlov.migration.services.deployments import compare_published
        from phlov.places.models import Place

        destination = Place.objects.get(kind="country", code=options["destination"])
        compared = compare_published(actor, destination, done["source"])
        reproduced = sum(1 for c in compared if c.reproduced)
        self.stdout.write(
            f"Phlov's counts of distinct persons reproduce {reproduced} of {len(compared)} printed figures"
        )
        for c in compared:
            for parts, summed in c.parts_disagree:
                self.stdout.write(
                    f"  printed total that does not add up: {c.year or 'all years'} {c.measure} = {c.published}, "
                    f"its printed {parts} give {summed}"
                )
