#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phlov.settings")
    # manage.py is the developer's tool: without a SECRET_KEY it works on the demo settings
    # (loopback only, DEBUG off, key kept in var/). Production runs `phlov` with its environment.
    if not os.environ.get("SECRET_KEY") and not os.environ.get("PHLOV_TESTING"):
        os.environ.setdefault("PHLOV_DEMO", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
