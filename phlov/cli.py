"""The ``phlov`` command.

``phlov demo``, ``phlov serve``, ``phlov createadmin`` and ``phlov check`` are Phlov's own;
any other word is handed to Django's management commands (``phlov migrate``,
``phlov places resolve ...``), which is where later commands (import, export, backup,
linkage, audit) plug in as ordinary management commands of their app.
"""

from __future__ import annotations

import os
import sys

# Phlov's verbs whose Django command has another name (``check`` stays Django's own
# system check under ``manage.py check``).
ALIASES = {"check": "phlov_check"}

USAGE = """usage: phlov COMMAND [options]

  demo          set up a demo database (SQLite by default), demo users, and serve it
  serve         serve Phlov with gunicorn (production-grade, static files by whitenoise)
  createadmin   create a system administrator
  check         check configuration, database, migrations, reference data and static files
  places        look up and resolve Cambodian places and countries
  audit         verify the audit trail's hash chain, export it
  people        import people from CSV or XLSX
  linkage       find the same person across records and files
  migration     escalate unacknowledged disappearance notices; load printed deployment tables
  htcds         import cases from, or export them to, the HTCDS 2.0 Excel template
  protection_reminders  remind caseworkers of overdue follow-up visits
  apitoken      issue or revoke a user's API token
  COMMAND       any Django management command (migrate, shell, ...)

Run 'phlov COMMAND --help' for a command's options.
"""


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        sys.stdout.write(USAGE)
        return
    if args[0] == "demo":
        os.environ.setdefault("PHLOV_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phlov.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["phlov", ALIASES.get(args[0], args[0]), *args[1:]])


if __name__ == "__main__":
    main()
