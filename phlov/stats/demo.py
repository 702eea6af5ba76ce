"""Demo records for the statistics pages, loaded by ``phlov demo`` through
``StatsConfig.load_demo``: a small, invented set of victims' cases (about a hundred) spread so
that some cells of the dashboard count 11 or more persons and others fewer, which the analyst
sees suppressed. Idempotent: nothing is added once the demo's marker note exists. Every person
here is invented."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction

MARKER = "stats demo (invented)"

# (province code, how many) and their weights in the demo; Prey Veng and Banteay Meanchey lead,
# as in 000 Table 1's largest rows and the border provinces of 001.
PROVINCES = (("14", 34), ("01", 26), ("20", 14), ("21", 8), ("02", 6), ("03", 5), ("12", 3))
DESTINATIONS = (("TH", "official", 0.55), ("VN", "informal", 0.25), ("MY", "official", 0.2))
FORMS = ("ForcedLabour", "SexualExploitation", "ForcedBegging", "ForcedMarriage")
FAMILY = (("សុខ", "Sok"), ("ចាន់", "Chan"), ("កែវ", "Keo"), ("ហេង", "Heng"), ("គឹម", "Kim"), ("ម៉ៅ", "Mao"))
GIVEN = (("ស្រីនាង", "Sreyneang"), ("ធីតា", "Thida"), ("សុភា", "Sophea"), ("វិចិត្រ", "Vichet"), ("ដារ៉ា", "Dara"))


def load_demo(*, users: dict[str, Any], organisations: dict[str, Any]) -> None:
    from phlov.people.models import Person

    supervisor = users.get("supervisor")
    ngo = organisations.get("cwcc")
    if supervisor is None or ngo is None or Person.objects.filter(notes=MARKER).exists():
        return
    _load(supervisor, ngo)


@transaction.atomic
def _load(actor: Any, organisation: Any) -> None:
    from phlov.audit.services import record_many
    from phlov.people.models import Person
    from phlov.places.models import Place, PlaceKind
    from phlov.protection.models import Case, StageChange, TraffickingEvent
    from phlov.stats.loaders import add_repatriations
    from phlov.stats.versions import bump

    rng = random.Random(2026)  # noqa: S311 (invented demo data, deterministic; nothing secret)
    provinces = {p.code: p for p in Place.objects.filter(kind=PlaceKind.PROVINCE)}
    countries = {
        p.code: p for p in Place.objects.filter(kind=PlaceKind.COUNTRY, code__in=["KH", "TH", "VN", "MY"])
    }
    people: list[Person] = []
    plans: list[tuple[int, str, str, str]] = []
    for code, n in PROVINCES:
        for _ in range(n):
            year = rng.choice((2023, 2024, 2024, 2025, 2025, 2025))
            sex = "female" if rng.random() < 0.7 else "male"
            born = year - rng.choice((15, 16, 19, 21, 23, 26, 29, 33, 38))
            family, given = rng.choice(FAMILY), rng.choice(GIVEN)
            destination, crossing, _w = rng.choices(DESTINATIONS, weights=[d[2] for d in DESTINATIONS])[0]
            people.append(
                Person(
                    organisation=organisation, family_name_km=family[0], given_name_km=given[0],
                    family_name_latin=family[1], given_name_latin=given[1], sex=sex,
                    birth_date=datetime.date(born, 1, 1), birth_date_precision="year", birth_year=born,
                    nationality=countries.get("KH"), origin_province=provinces.get(code), notes=MARKER,
                )
            )  # fmt: skip
            plans.append((year, destination, crossing, rng.choice(FORMS)))
    people = Person.objects.bulk_create(people)
    cases = Case.objects.bulk_create(
        [
            Case(
                person=person,
                organisation=organisation,
                caseworker=actor,
                identified_abroad=True,
                opened_on=datetime.date(year, 1 + i % 12, 1 + i % 27),
                exploitation_forms=[form],
                stage="reception" if i % 3 else "repatriation",
            )
            for i, (person, (year, _d, _c, form)) in enumerate(zip(people, plans, strict=True))
        ]
    )
    TraffickingEvent.objects.bulk_create(
        [
            TraffickingEvent(
                case=case, kind="Exploitation", place=countries.get(destination), border_crossing=crossing
            )
            for case, (_y, destination, crossing, _f) in zip(cases, plans, strict=True)
        ]
    )
    returned = [
        StageChange(
            case=case,
            from_stage="repatriation",
            to_stage="reception",
            status="done",
            requested_by=actor,
            requested_at=datetime.datetime.combine(case.opened_on, datetime.time(9), tzinfo=datetime.UTC)
            + datetime.timedelta(days=20 + i % 40),
        )
        for i, case in enumerate(cases)
        if case.stage == "reception"
    ]
    StageChange.objects.bulk_create(returned)
    # The repatriation records (host country, hand-over), where the protection module keeps them.
    by_host: dict[str, list[Any]] = {}
    for change in returned:
        by_host.setdefault(plans[cases.index(change.case)][1], []).append(change)
    for host, changes in by_host.items():
        for change in changes:
            add_repatriations([change.case], countries[host], change.requested_at.date())
    record_many(
        actor=actor,
        events=[{"action": "stats.load", "obj": case, "detail": {"source": MARKER}} for case in cases],
    )
    bump()
