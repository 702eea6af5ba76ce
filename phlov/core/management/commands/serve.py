"""``phlov serve``: Phlov behind gunicorn, static files from whitenoise."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

# A page's work is mostly Python, and Python threads of one process take turns (the GIL): one
# thread per process and two processes per core, so that one runs while the other waits on
# the database. Measured against 2 processes of 4 threads under the load benchmark: less CPU
# per request and more requests a second (docs/benchmarks.md, "Load").
DEFAULT_WORKERS = 2 * (os.cpu_count() or 1)


class Command(BaseCommand):
    help = "Serve Phlov with gunicorn (a production-grade WSGI server), not runserver."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="address:port (default 127.0.0.1:8000)")
        parser.add_argument(
            "--workers", type=int, default=DEFAULT_WORKERS,
            help=f"worker processes (default two per core: {DEFAULT_WORKERS})",
        )  # fmt: skip
        parser.add_argument("--threads", type=int, default=1, help="threads per worker (default 1)")
        parser.add_argument(
            "--timeout", type=int, default=60, help="seconds before a stuck worker is restarted"
        )
        parser.add_argument("--access-log", default=None, help="file for the access log ('-' for stderr)")

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        from phlov.wsgi import application

        stdout = self.stdout
        bind = options["bind"]

        def when_ready(server: Any) -> None:
            stdout.write(f"Serving Phlov on http://{bind}  (Ctrl-C stops it)")
            stdout.flush()

        config = {
            "bind": bind,
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread",
            "timeout": options["timeout"],
            "graceful_timeout": 10,
            "accesslog": options["access_log"],
            "when_ready": when_ready,
            # Workers are forked after the app is imported, so they share its memory.
            "preload_app": True,
            "forwarded_allow_ips": "127.0.0.1",
            # One control socket per user would collide when several instances run at once.
            "control_socket_disable": True,
        }

        class PhlovServer(BaseApplication):
            def load_config(self) -> None:
                for key, value in config.items():
                    if value is not None:
                        self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        PhlovServer().run()
