"""``phlov audit verify`` checks the hash chain; ``phlov audit export --out FILE.csv`` writes the trail."""

from __future__ import annotations

import getpass
import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phlov.audit.export import csv_lines
from phlov.audit.models import AuditAction, AuditEvent
from phlov.audit.services import record
from phlov.audit.verify import DEFAULT_CHUNK_SIZE, verify_chain

_ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


def _anchor(text: str) -> tuple[int, str]:
    match = _ANCHOR.match(text.strip().lower())
    if not match:
        raise ValueError("an anchor is SEQ:HASH, as printed by an earlier 'phlov audit verify'")
    return int(match.group(1)), match.group(2)


class Command(BaseCommand):
    help = "The audit trail: verify its hash chain, or export it as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify,export}")
        verify = sub.add_parser(
            "verify",
            help="check every event's hash and link; exit status 1 and a report naming the seq numbers if any fail",
        )
        verify.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE, help="rows read at a time")
        verify.add_argument(
            "--anchor",
            action="append",
            default=[],
            type=_anchor,
            metavar="SEQ:HASH",
            help="a head printed by an earlier run (kept outside the database): it must still be in the chain",
        )
        export = sub.add_parser("export", help="write the whole trail as CSV (the export is audited)")
        export.add_argument("--out", required=True, type=Path, metavar="FILE.csv")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self.verify(
                chunk_size=options["chunk_size"],
                anchors=dict(options["anchor"]),
                verbosity=options["verbosity"],
            )
        else:
            self.export(options["out"])

    def verify(self, *, chunk_size: int, anchors: dict[int, str], verbosity: int) -> None:
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1")

        def progress(count: int) -> None:
            if verbosity > 1:
                self.stderr.write(f"{count} events checked ...")

        report = verify_chain(chunk_size=chunk_size, anchors=anchors, progress=progress)
        text = "\n".join(report.lines())
        if not report.intact:
            raise CommandError(text, returncode=1)
        self.stdout.write(text)

    def export(self, out: Path) -> None:
        try:
            who = getpass.getuser()
        except (KeyError, OSError):  # no user name for this uid (a container)
            who = "unknown"
        exporter = f"{who} (command line)"
        events = AuditEvent.objects.order_by("seq")
        event = record(
            actor=None,
            action=AuditAction.EXPORT,
            object_type=AuditEvent._meta.label_lower,
            detail={"results": events.count(), "format": "csv", "channel": "command line", "os_user": who},
        )
        rows = 0
        with out.open("w", encoding="utf-8", newline="") as handle:
            for line in csv_lines(
                events.filter(seq__lt=event.seq), exporter=exporter, at=event.at, export_seq=event.seq
            ):
                handle.write(line)
                rows += 1
        self.stdout.write(f"{rows - 2} events written to {out} (export recorded as seq {event.seq})")
