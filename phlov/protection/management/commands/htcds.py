"""``phlov htcds import FILE.xlsx --actor USER`` and ``phlov htcds export --out FILE.xlsx --actor USER``:
the HTCDS 2.0 spreadsheet exchange from the command line, as the named user (the policies and
the audit trail apply as on screen)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phlov.protection.htcds.exchange import export_workbook, import_workbook


class Command(BaseCommand):
    help = "Import cases from, or export cases to, the HTCDS 2.0 Excel template."

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True)
        importing = verbs.add_parser("import", help="import a filled HTCDS 2.0 template")
        importing.add_argument("file", type=Path)
        importing.add_argument("--actor", required=True, help="user name of the person importing (audited)")
        exporting = verbs.add_parser("export", help="export the cases the user may export")
        exporting.add_argument("--out", required=True, type=Path)
        exporting.add_argument("--actor", required=True, help="user name of the person exporting (audited)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = get_user_model().objects.filter(username=options["actor"], is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {options['actor']!r}")
        try:
            if options["verb"] == "import":
                self._import(actor, options["file"])
            else:
                self._export(actor, options["out"])
        except PermissionDenied as error:
            raise CommandError(f"{actor.get_username()} may not do this") from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error

    def _import(self, actor: Any, path: Path) -> None:
        if not path.is_file():
            raise CommandError(f"no file {path}")
        source = import_workbook(actor=actor, file=path, file_name=path.name)
        self.stdout.write(f"Imported {source.rows} rows from {path.name} (import {source.pk}).")
        if source.report:
            self.stdout.write(f"{len(source.report)} values outside the HTCDS 2.0 lists (kept as they are):")
            for problem in source.report:
                self.stdout.write(
                    f"  row {problem['row']}  {problem['column']}  {problem['value']!r}  {problem['problem']}"
                )

    def _export(self, actor: Any, out: Path) -> None:
        book = export_workbook(actor=actor)
        book.save(out)
        count = max((book["Case Sheet"].max_row or 2) - 2, 0)
        self.stdout.write(f"Exported {count} cases to {out}.")
