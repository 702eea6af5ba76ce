"""``phlov createadmin``: a system administrator with the system_admin role."""

from __future__ import annotations

import getpass
import secrets
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from phlov.accounts.models import Organisation, OrganisationKind, Role, RoleAssignment


class Command(BaseCommand):
    help = "Create a system administrator (Django admin access, no case data without break-the-glass)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )
        parser.add_argument(
            "--generate-password", action="store_true", help="generate a strong password and print it once"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        if options["generate_password"]:
            password = secrets.token_urlsafe(15)
        elif options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

        with transaction.atomic():
            org, _ = Organisation.objects.get_or_create(
                name_en="Phlov system administration",
                parent=None,
                defaults={"kind": OrganisationKind.OTHER, "name_km": "ការគ្រប់គ្រងប្រព័ន្ធផ្លូវ"},
            )
            user = User.objects.create_user(
                username=username,
                email=options["email"],
                password=password,
                organisation=org,
                is_staff=True,
            )
            RoleAssignment.objects.create(
                user=user, role=Role.objects.get(code="system_admin"), organisation=org
            )
        self.stdout.write(self.style.SUCCESS(f"System administrator {username!r} created."))
        if options["generate_password"]:
            self.stdout.write(f"Password (shown once): {password}")
