"""Accounts for the load benchmark (not a test): ``bench/locustfile.py`` signs in as them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phlov_bench_national PHLOV_TESTING=1 \
        .venv/bin/python bench/locust_users.py 50 > var/locust-users.csv

Creates (or resets) ``bench.load.1`` .. ``bench.load.N``: caseworkers of the first NGO of the
synthetic data and analysts of the national committee by turns, each with a random password
and a confirmed TOTP device, and prints ``username,password,totp_key_hex`` for locust. The
accounts are for a benchmark database on loopback only. The follow-up visits earlier runs
saved are deleted first, so that every run starts from the same records.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phlov.settings")
os.environ.setdefault("PHLOV_TESTING", "1")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from phlov.accounts.models import Organisation, Role, RoleAssignment, User  # noqa: E402

BENCH_VISIT_NOTE = "load benchmark visit"  # what bench/locustfile.py writes in each visit it saves


def main(count: int) -> None:
    # Each run starts from the same records: the visits earlier runs saved are removed (on a
    # benchmark database only), or the cases they piled up on would grow run after run.
    from phlov.protection.models import FollowUpVisit

    FollowUpVisit.objects.filter(notes=BENCH_VISIT_NOTE).delete()
    ngo = Organisation.objects.get(name_en="Cambodian Women's Crisis Center", parent=None)
    committee = Organisation.objects.get(acronym="NCCT")
    print("username,password,totp_key_hex")
    for n in range(1, count + 1):
        role, org = ("caseworker", ngo) if n % 2 else ("analyst", committee)
        username = f"bench.load.{n}"
        password = secrets.token_urlsafe(16)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password=None, organisation=org)
            RoleAssignment.objects.create(user=user, role=Role.objects.get(code=role), organisation=org)
        # Hashed as the served application hashes (this script runs with the test settings,
        # whose fast hasher the server does not accept): each sign-in costs what it costs.
        user.password = make_password(password, hasher="argon2")
        user.save(update_fields=["password"])
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        print(f"{username},{password},{device.key}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
