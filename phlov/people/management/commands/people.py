"""``phlov people import FILE --map column=field ... --actor USERNAME [--dry-run]``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from phlov.accounts.models import Organisation, User
from phlov.people.importing import FIELDS, ImportReport, read_table, run_import, suggest_mapping

STAGES = {
    "validate": "checking the rows",
    "duplicates": "looking for duplicates",
    "write": "registering",
    "commit": "saving at once",
}


class ImportProgress:
    """The import's progress callback as rich progress bars on the standard error, one per stage."""

    def __init__(self) -> None:
        self.bars = Progress(
            TextColumn("{task.description:<24}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> ImportProgress:
        self.bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bars.stop()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.bars.add_task(STAGES.get(stage, stage), total=total)
        self.bars.update(self.tasks[stage], completed=done, total=total)


class Command(BaseCommand):
    help = "People registry tasks: 'import' reads people from a CSV or XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        tasks = parser.add_subparsers(dest="task", required=True)
        load = tasks.add_parser("import", help="import people from a .csv or .xlsx file")
        load.add_argument("file")
        load.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help=f"which field a column goes to (repeat); fields: {', '.join(FIELDS)}. "
            "Without --map the columns are mapped from their headers.",
        )
        load.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
        load.add_argument(
            "--organisation", type=int, help="id of the registering organisation (default: the actor's)"
        )
        load.add_argument(
            "--actor", required=True, help="user name of the person importing (checked and audited)"
        )
        load.add_argument(
            "--create-duplicates", action="store_true", help="also create rows flagged as likely duplicates"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["task"] == "import":
            self.do_import(options)

    def do_import(self, options: dict[str, Any]) -> None:
        actor = User.objects.filter(username=options["actor"], is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {options['actor']!r}")
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(pk=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"no organisation {options['organisation']}")
        headers, _rows, _total = read_table(options["file"])
        if options["map"]:
            mapping: dict[str, str] = {}
            for item in options["map"]:
                column, sep, target = item.partition("=")
                if not sep:
                    raise CommandError(f"--map takes COLUMN=FIELD, not {item!r}")
                mapping[column.strip()] = target.strip()
        else:
            mapping = suggest_mapping(headers)
            for column, target in mapping.items():
                self.stdout.write(f"  {column} -> {target}")
        try:
            with ImportProgress() as progress:
                report = run_import(
                    actor=actor,
                    path=options["file"],
                    mapping=mapping,
                    organisation=organisation,
                    dry_run=options["dry_run"],
                    create_duplicates=options["create_duplicates"],
                    progress=progress,
                )
        except PermissionDenied:
            raise CommandError(f"{actor.username} may not register people there") from None
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.report(report)
        if report.rejected:
            raise CommandError(f"the file was rejected: {len(report.errors)} errors, nothing was written")

    def report(self, report: ImportReport) -> None:
        for error in report.errors[:200]:
            self.stdout.write(f"row {error.row}, column {error.column or '-'}: {error.message}")
        if len(report.errors) > 200:
            self.stdout.write(f"... and {len(report.errors) - 200} more errors")
        for flag in report.duplicates[:200]:
            other = f"person {flag.person_id}" if flag.person_id else f"row {flag.other_row}"
            self.stdout.write(f"row {flag.row}: likely duplicate of {other} ({flag.reason})")
        self.stdout.write(
            f"{report.total} rows, {report.valid} valid, {len(report.errors)} errors, "
            f"{len(report.duplicates)} likely duplicates"
            + (
                " (dry run: nothing written)"
                if report.dry_run
                else f", {report.created} created, {report.skipped} skipped"
            )
        )
