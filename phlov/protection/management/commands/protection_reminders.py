"""``phlov protection_reminders``: remind caseworkers of their overdue follow-up visits (run it
daily, e.g. from cron or a systemd timer). A visit is reminded again after
``reminder_repeat_days`` (``data/settings.json``) while it stays overdue."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from phlov.protection.reintegration import send_reminders


class Command(BaseCommand):
    help = "Notify caseworkers of overdue follow-up visits."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="the day to count from (YYYY-MM-DD)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        made = send_reminders(today=options.get("today"))
        workers = len({r.recipient_id for r in made})
        self.stdout.write(f"Reminded {workers} caseworkers of {len(made)} overdue visits.")
