"""``phlov demo``: a working Phlov on SQLite with demo data, served on 127.0.0.1:8000.

Running it again keeps the data already there: only what is missing is created, and the
passwords of existing demo users are not shown again (``--reset-passwords`` sets new ones).
"""

from __future__ import annotations

import shutil
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from phlov.core.demo import load_demo


class Command(BaseCommand):
    help = "Set up the demo database and demo users (one per role), then serve Phlov."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="set up only; do not start the server")
        parser.add_argument(
            "--reset-passwords", action="store_true", help="give every demo user a new password and show it"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = self.stdout
        out.write("Preparing the database ...")
        call_command("migrate", interactive=False, verbosity=0)
        if shutil.which("msgfmt"):
            call_command("compilemessages", verbosity=0, ignore_patterns=[".venv", "node_modules"])
        out.write("Collecting static files ...")
        call_command("collectstatic", interactive=False, verbosity=0)

        credentials = load_demo(reset_passwords=options["reset_passwords"])
        db = settings.DATABASES["default"]
        out.write(f"Database: {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
        if credentials:
            out.write("")
            out.write("Demo users (shown once: write them down; only their hashes are stored):")
            width = max(len(c.role_name) for c in credentials) + 2
            for c in credentials:
                out.write(f"  {c.role_name:<{width}}  {c.username:<24}  {c.password}")
            out.write("")
        else:
            out.write(
                "The demo users exist already; their passwords were shown when they were created. "
                "Run 'phlov demo --reset-passwords' to set and show new ones."
            )
        if not options["no_serve"]:
            call_command("serve", bind=options["bind"])
