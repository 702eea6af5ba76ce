"""Demo records of the protection module, loaded by ``phlov demo`` through
``ProtectionConfig.load_demo``. One function per concern; each is idempotent (the demo runs
again on an existing database). Every person and story here is invented."""

from __future__ import annotations

from typing import Any


def load(*, users: dict[str, Any], organisations: dict[str, Any]) -> None:
    load_courses(users=users, organisations=organisations)
    load_shelters(users=users, organisations=organisations)


def load_courses(*, users: dict[str, Any], organisations: dict[str, Any]) -> None:
    """Courses offered by the demo NGO (seed 001: sewing, beauty salon, motorcycle repair,
    hairdressing, computing, agriculture), so a caseworker can enrol people in them."""

    from phlov.protection.models import Course
    from phlov.protection.training import add_course

    worker = users.get("caseworker")
    if worker is None or Course.objects.filter(organisation=worker.organisation).exists():
        return
    import datetime

    start = datetime.date.today().replace(day=1)
    ngo = organisations.get("cwcc")
    for kind, name, places in (
        ("sewing", "Sewing and tailoring", 12),
        ("beauty_salon", "Beauty salon", 4),
        ("motorcycle_repair", "Motorcycle repair", 6),
        ("hairdressing", "Hairdressing", 5),
        ("computing", "Basic computing", 8),
        ("agriculture", "Vegetable growing and pest management", 10),
    ):
        add_course(
            actor=worker,
            kind=kind,
            name=name,
            provider=ngo,
            location="Poipet",
            places=places,
            starts_on=start,
        )


def load_shelters(*, users: dict[str, Any], organisations: dict[str, Any]) -> None:
    """The demo NGO's shelter in Banteay Meanchey, with the capacity seed 001 reports for an NGO
    shelter (40 places), so caseworkers can ask for places and shelter staff admit."""

    from phlov.places.models import Place
    from phlov.protection import servicedata
    from phlov.protection.models import Shelter
    from phlov.protection.services_shelters import add_shelter

    supervisor, ngo = users.get("supervisor"), organisations.get("cwcc")
    if supervisor is None or ngo is None or Shelter.objects.filter(organisation=ngo).exists():
        return
    add_shelter(
        actor=supervisor, organisation=ngo, name_en="CWCC shelter, Banteay Meanchey (demo)",
        name_km="មណ្ឌលស្នាក់នៅ CWCC បន្ទាយមានជ័យ (សាកល្បង)", kind="shelter",
        province=Place.objects.filter(kind="province", code="01").first(),
        capacity=int(servicedata.setting("shelters.json", "example_capacity")),
    )  # fmt: skip
