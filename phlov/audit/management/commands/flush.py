"""Django's ``flush``, which would empty the audit trail: refused, except in a test run.

The trail is evidence and its triggers refuse to delete it. Test runs flush the database
between transactional tests, so there (``PHLOV_TESTING``) the triggers are lifted for the
flush and put back straight after. Anywhere else, start from a new database instead.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

from phlov.audit import triggers


class Command(DjangoFlush):
    help = DjangoFlush.help + " Refused outside test runs: it would erase the audit trail."

    def handle(self, **options: Any) -> None:
        if not getattr(settings, "TESTING", False):
            raise CommandError(
                "flush would erase the audit trail, which is append-only evidence. "
                "To start over, create a new database (or remove the SQLite file) and run migrate."
            )
        connection = connections[options["database"]]
        with triggers.lifted(connection):
            super().handle(**options)
