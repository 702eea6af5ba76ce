"""What one request to each page of the load mix costs the server, unqueued (not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phlov_bench_national PHLOV_TESTING=1 \\
        .venv/bin/python bench/page_costs.py --repeat 20 [--profile "people search"]

Signs in one caseworker and one analyst of ``bench/locust_users.py`` (their second factor
confirmed in the session, as after the TOTP form) and requests the pages of
``bench/locustfile.py`` through Django's whole middleware stack, without a socket. Prints, per
page, the median wall time, the CPU time per request of this process (the server's share) and
of the PostgreSQL backend (the database's share, read from /proc, so only when the database runs
on this machine), and the number of SQL statements. ``--profile NAME``
prints the cProfile of that page's requests instead: where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phlov.settings")
os.environ.setdefault("PHLOV_TESTING", "1")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from phlov.accounts.models import User  # noqa: E402

PERSON = re.compile(r'href="/people/(\d+)/"')
CASE = re.compile(r'href="/protection/cases/(\d+)/"')


def signed_in(username: str) -> Client:
    user = User.objects.get(username=username)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user).first()
    if device is None:
        sys.exit(f"{username} has no TOTP device: run bench/locust_users.py first")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def pages(caseworker: Client, analyst: Client) -> list[tuple[str, Client, str]]:
    cases = CASE.findall(caseworker.get("/protection/").content.decode())
    people = PERSON.findall(caseworker.get("/people/", {"q": "Sok"}).content.decode())
    if not cases or not people:
        sys.exit("the caseworker sees no case or no person: is this the synthetic database?")
    return [
        ("home (the fixed cost of a page)", caseworker, "/"),
        ("people search", caseworker, "/people/?q=Sok"),
        ("people search (Khmer)", caseworker, "/people/?q=សុខ"),
        ("people list", caseworker, "/people/"),
        ("case list", caseworker, "/protection/"),
        ("person page", caseworker, f"/people/{people[0]}/"),
        ("case page", caseworker, f"/protection/cases/{cases[0]}/"),
        ("visit form", caseworker, f"/protection/cases/{cases[0]}/visits/add/"),
        ("dashboard", analyst, "/stats/"),
        ("standard tables", analyst, "/stats/tables/"),
    ]


class Recorder:
    """An execute wrapper that keeps the SQL of each statement."""

    def __init__(self, statements: list[str]) -> None:
        self.statements = statements

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.statements.append(sql)
        return execute(sql, params, many, context)


def database_cpu_seconds() -> float | None:
    """CPU seconds the PostgreSQL backend serving this connection has used, read from /proc
    (the database on this machine, readable by this user), or None."""

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--caseworker", default="bench.load.1")
    parser.add_argument("--analyst", default="bench.load.2")
    parser.add_argument("--profile", default=None, help="page name to profile")
    parser.add_argument("--top", type=int, default=35)
    args = parser.parse_args()

    caseworker, analyst = signed_in(args.caseworker), signed_in(args.analyst)
    print(f"database: {connection.vendor} {connection.settings_dict.get('NAME')}")
    print()
    print("| page | median wall | server CPU | database CPU | SQL statements |")
    print("| --- | --- | --- | --- | --- |")
    for name, client, url in pages(caseworker, analyst):
        if args.profile and name != args.profile:
            continue
        client.get(url)  # warm: the first request fills per-process caches
        statements: list[str] = []
        with connection.execute_wrapper(Recorder(statements)):
            client.get(url)
        times = []
        profiler = cProfile.Profile() if args.profile else None
        cpu_start, db_start = time.process_time(), database_cpu_seconds()
        for _ in range(args.repeat):
            start = time.perf_counter()
            if profiler:
                profiler.enable()
            response = client.get(url)
            if profiler:
                profiler.disable()
            times.append(time.perf_counter() - start)
            if response.status_code != 200:
                sys.exit(f"{name}: {url} answered {response.status_code}")
        cpu = (time.process_time() - cpu_start) / args.repeat
        db = database_cpu_seconds()
        db_text = "—" if db is None or db_start is None else f"{(db - db_start) / args.repeat * 1000:.1f} ms"
        print(
            f"| {name} | {statistics.median(times) * 1000:.1f} ms | {cpu * 1000:.1f} ms | {db_text} "
            f"| {len(statements)} |"
        )
        if profiler:
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
            for sql in statements:
                print(sql[:220])


if __name__ == "__main__":
    main()
