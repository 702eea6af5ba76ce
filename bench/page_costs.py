"""What one request to each page of the load mix costs the server, unqueued (not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phlov_bench_national PHLOV_TESTING=1 \\
        .venv/bin/python bench/page_costs.py --repeat 20 [--profile "people search"]

Signs in one caseworker and one analyst of ``bench/locust_users.py`` (their second factor
confirmed in the session, as after the TOTP form) and requests the pages of
``bench/locustfile.py`` through Django's whole middleware stack, without a socket. Prints, per
page, the median and worst wall time and the number of SQL statements. ``--profile NAME``
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phlov.settings")
os.environ.setdefault("PHLOV_TESTING", "1")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
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
    print("| page | median | worst | SQL statements |")
    print("| --- | --- | --- | --- |")
    for name, client, url in pages(caseworker, analyst):
        if args.profile and name != args.profile:
            continue
        client.get(url)  # warm: the first request fills per-process caches
        times = []
        profiler = cProfile.Profile() if args.profile else None
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                if profiler:
                    profiler.enable()
                response = client.get(url)
                if profiler:
                    profiler.disable()
                times.append(time.perf_counter() - start)
            if response.status_code != 200:
                sys.exit(f"{name}: {url} answered {response.status_code}")
        print(
            f"| {name} | {statistics.median(times) * 1000:.1f} ms | {max(times) * 1000:.1f} ms "
            f"| {len(queries.captured_queries)} |"
        )
        if profiler:
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
            for query in queries.captured_queries:
                print(f"{float(query['time']) * 1000:6.1f} ms  {query['sql'][:220]}")


if __name__ == "__main__":
    main()
