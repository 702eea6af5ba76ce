"""``phlov demo``: a working Phlov on SQLite with demo data, served on 127.0.0.1:8000.

Running it again keeps the data already there: only what is missing is created, and the
passwords of existing demo users are not shown again (``--reset-passwords`` sets new ones).

``--scale demo|province|national [--seed N]`` adds a synthetic dataset of that size, made by the
app that offers a ``generate(scale, seed, progress)`` hook on its AppConfig (phlov.synthetic);
found through the app registry, since the shared layer imports no domain app.
"""

from __future__ import annotations

import shutil
from typing import Any

from django.apps import apps
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
        parser.add_argument(
            "--scale", choices=("demo", "province", "national"), help="add synthetic data of this size"
        )
        parser.add_argument(
            "--seed", type=int, default=0, help="seed of the synthetic data (same seed, same data)"
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
        if options["scale"]:
            self._generate(options["scale"], options["seed"])
        if not options["no_serve"]:
            call_command("serve", bind=options["bind"])

    def _generate(self, scale: str, seed: int) -> None:
        found = (getattr(c, "generate", None) for c in apps.get_app_configs())
        hooks = [hook for hook in found if callable(hook)]
        if not hooks:
            self.stderr.write("No installed app generates synthetic data.")
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
        ) as bar:
            tasks: dict[str, Any] = {}

            class Reporter:
                current: Any = None

                def start(self, label: str, total: int) -> None:
                    self.current = tasks.setdefault(label, bar.add_task(label, total=total))

                def advance(self, count: int) -> None:
                    bar.advance(self.current, count)

            for hook in hooks:
                summary = hook(scale, seed, Reporter())
        self.stdout.write(f"Synthetic data ({scale}, seed {seed}) in {summary.seconds:.0f} s:")
        for label, count in summary.counts.items():
            self.stdout.write(f"  {label:<32} {count:>12,}")
        self.stdout.write(f"Linkage truth file: {summary.truth_dir}")
