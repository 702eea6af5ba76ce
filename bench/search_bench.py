"""Search benchmark (not a test): N synthetic people, 500 queries typed with another
romanisation, a typo or in the other script; prints p50/p95 in ms and recall@10.

    DATABASE_URL=postgres://... PHLOV_TESTING=1 .venv/bin/python bench/search_bench.py 100000

The people are bulk-inserted into the configured database (migrated first) under an
organisation of their own, "Search bench N", and kept: a second run with the same N reuses
them. Recall@10 counts a query as found when a person with the target's name (namesakes cannot
be told apart by name) is among the first 10 results; the
stricter figure, the target itself among the first 10, is printed too.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phlov.settings")
os.environ.setdefault("PHLOV_TESTING", "1")

import django

django.setup()

from _synthetic import make_name, romanisation_variant, spell, typo  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from phlov.accounts.models import Organisation, Role, RoleAssignment, User  # noqa: E402
from phlov.people.models import Person  # noqa: E402
from phlov.people.search_index import bulk_insert_keys, key_rows, person_keys  # noqa: E402
from phlov.people.selectors import search_people  # noqa: E402

BATCH = 5000


def load(organisation: Organisation, count: int, rng: random.Random) -> None:
    started = time.perf_counter()
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        people: list[Person] = []
        for _ in range(size):
            (km, latin) = spell(make_name(rng))
            script = rng.random()
            person = Person(
                organisation=organisation,
                sex=rng.choice(("female", "male")),
                birth_year=rng.randint(1950, 2015),
            )
            if script < 0.7:
                person.family_name_km, person.given_name_km = km
            if script >= 0.4:
                person.family_name_latin, person.given_name_latin = latin
            people.append(person)
        with transaction.atomic():
            Person.objects.bulk_create(people)
            bulk_insert_keys(
                row
                for p in people
                for row in key_rows(
                    p,
                    person_keys(
                        names=[
                            (p.family_name_km, p.given_name_km),
                            (p.family_name_latin, p.given_name_latin),
                        ],
                        phones=[f"+8551{p.pk % 100000000:08d}"] if p.pk % 3 == 0 else [],
                        documents=[f"{p.pk:09d}"] if p.pk % 5 == 0 else [],
                    ),
                )
            )
        done += size
        rate = done / (time.perf_counter() - started)
        print(f"\rloaded {done}/{count} ({rate:,.0f} people/s)", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE people_person; ANALYZE people_personsearchkey;")


def canonical(person: Person) -> str:
    """The synthetic name a query aims at, in its common romanisation (the same for a
    person stored in Khmer, in Latin letters or both); namesakes share it."""

    if person.family_name_latin:
        return f"{person.family_name_latin} {person.given_name_latin}"
    return _romanise(f"{person.family_name_km} {person.given_name_km}")


def query_for(person: Person, rng: random.Random, kind: str) -> str:
    from phlov.people.names import transliterate

    latin = f"{person.family_name_latin} {person.given_name_latin}".strip()
    khmer = f"{person.family_name_km} {person.given_name_km}".strip()
    if kind == "other script":
        if khmer and not latin:
            return _romanise(khmer)
        if latin and not khmer:
            return _khmerise(latin)
        return khmer if rng.random() < 0.5 else latin
    base = latin or _romanise(khmer)
    if kind == "variant":
        return romanisation_variant(rng, base)
    if kind == "given first":
        family, _, given = base.partition(" ")
        return f"{given} {family}"
    if kind == "typo":
        return typo(rng, base)
    return base or transliterate(khmer)


def _khmerise(latin: str) -> str:
    """The Khmer spelling of a synthetic Latin name."""

    from _synthetic import FAMILY, GIVEN

    family_latin, _, given_latin = latin.partition(" ")
    family = next(km for km, lat in FAMILY if lat == family_latin)
    parts: list[str] = []
    rest = given_latin
    while rest:
        match = max((g for g in GIVEN if rest.startswith(g[1])), key=lambda g: len(g[1]))
        parts.append(match[0])
        rest = rest[len(match[1]) :].strip()
    return f"{family} {''.join(parts)}"


def _romanise(khmer: str) -> str:
    """How a caseworker would type a Khmer-only name in Latin letters: the common romanisation."""

    from _synthetic import FAMILY, GIVEN

    family_km, _, given_km = khmer.partition(" ")
    family = next(latin for km, latin in FAMILY if km == family_km)
    parts: list[str] = []
    rest = given_km
    while rest:
        match = max((g for g in GIVEN if rest.startswith(g[0])), key=lambda g: len(g[0]))
        parts.append(match[1])
        rest = rest[len(match[0]) :]
    return f"{family} {' '.join(parts)}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", nargs="?", type=int, default=100_000, help="how many people (default 100000)")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--no-audit", action="store_true", help="leave the audit event of each search out of the timing"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311 - synthetic data, not secrets
    call_command("migrate", verbosity=0)
    organisation, _ = Organisation.objects.get_or_create(
        name_en=f"Search bench {args.n}", parent=None, defaults={"kind": "ngo", "name_km": "សាកល្បង"}
    )
    actor, created = User.objects.get_or_create(
        username=f"bench.search.{args.n}", defaults={"organisation": organisation}
    )
    if created:
        RoleAssignment.objects.create(
            user=actor, role=Role.objects.get(code="caseworker"), organisation=organisation
        )
    have = Person.objects.filter(organisation=organisation).count()
    if have < args.n:
        print(f"{connection.vendor}: loading {args.n - have} people", file=sys.stderr)
        load(organisation, args.n - have, random.Random(args.seed + have))  # noqa: S311
    ids = list(Person.objects.filter(organisation=organisation).values_list("pk", flat=True))
    targets = Person.objects.filter(pk__in=rng.sample(ids, args.queries))
    kinds = ["variant", "typo", "other script", "given first", "variant", "typo", "other script"]
    plan = [(person, kinds[i % len(kinds)]) for i, person in enumerate(targets)]
    for person, kind in plan[:20]:  # warm up the connection, the caches and the planner
        search_people(actor=actor, query=query_for(person, rng, kind), limit=10, audit=False)
    timings: list[float] = []
    found = strict = 0
    by_kind: dict[str, list[int]] = {}
    for person, kind in plan:
        query = query_for(person, rng, kind)
        started = time.perf_counter()
        results = search_people(actor=actor, query=query, limit=10, audit=not args.no_audit)
        timings.append((time.perf_counter() - started) * 1000)
        wanted = canonical(person)
        hit = any(canonical(r.person) == wanted for r in results)
        found += hit
        strict += any(r.person.pk == person.pk for r in results)
        by_kind.setdefault(kind, [0, 0])
        by_kind[kind][0] += hit
        by_kind[kind][1] += 1
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"database: {connection.vendor}; people: {len(ids)}; queries: {len(plan)}")
    print(f"p50 {statistics.median(timings):.1f} ms  p95 {p95:.1f} ms  max {timings[-1]:.1f} ms")
    print(f"recall@10 {found / len(plan):.3f}  (the target itself in the first 10: {strict / len(plan):.3f})")
    for kind, (hits, total) in sorted(by_kind.items()):
        print(f"  {kind:<13} {hits / total:.3f} of {total}")


if __name__ == "__main__":
    main()
