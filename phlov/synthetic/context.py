"""What every domain module of the generator shares: the scale, the seeded random streams, the
places, the organisations and the staff accounts the generated records are attributed to."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from django.contrib.auth import get_user_model
from django.db import models

from phlov.accounts.models import Organisation, OrganisationKind
from phlov.places.models import Place, PlaceKind
from phlov.places.resolver import resolve
from phlov.synthetic import calibration


class Progress(Protocol):
    def start(self, label: str, total: int) -> None: ...

    def advance(self, count: int) -> None: ...


class NoProgress:
    def start(self, label: str, total: int) -> None:
        pass

    def advance(self, count: int) -> None:
        pass


# Streams: each domain module draws from its own, so that adding draws to one module does not
# change what another generates for the same seed.
STREAMS = {
    "people": 1, "protection": 2, "migration": 3, "complaints": 4, "shelters": 5, "care": 6, "referrals": 7,
    "oversight": 8, "journey": 9, "households": 10, "linkage": 11, "names": 12,
}  # fmt: skip


@dataclass
class Context:
    scale: str
    seed: int
    progress: Progress
    out: Path
    settings: dict[str, Any] = field(default_factory=dict)
    countries: dict[str, Place] = field(default_factory=dict)  # ISO code -> country
    provinces: dict[str, Place] = field(default_factory=dict)  # code -> province
    written: list[type[models.Model]] = field(default_factory=list)

    def rng(self, stream: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, STREAMS[stream]])

    @property
    def batch(self) -> int:
        return int(self.settings["batch"])

    def detail(self, **extra: Any) -> dict[str, Any]:
        return {"scale": self.scale, "seed": self.seed, **extra}

    def country(self, name: str) -> Place:
        """A country by the English name the seed tables print ("Thailand", "South Korea")."""

        found = resolve(name, kind=PlaceKind.COUNTRY).place
        if found is None:
            raise LookupError(f"no country {name!r} in the places table")
        return found


def build_context(scale: str, seed: int, progress: Progress | None, out: Path) -> Context:
    settings = calibration.scales()[scale]
    ctx = Context(scale=scale, seed=seed, progress=progress or NoProgress(), out=out, settings=settings)
    ctx.countries = {p.code: p for p in Place.objects.filter(kind=PlaceKind.COUNTRY)}
    ctx.provinces = {p.code: p for p in Place.objects.filter(kind=PlaceKind.PROVINCE)}
    if not ctx.provinces:
        raise RuntimeError("the places table is empty: run the migrations first")
    return ctx


def province_of(name: str) -> Place:
    """A province by the name a seed table prints ("Kompong Chnnang", "Siem Reap")."""

    found = resolve(name, kind=PlaceKind.PROVINCE).place
    if found is None:
        raise LookupError(f"no province {name!r} in the places table")
    return found


def organisation(
    name_en: str,
    name_km: str,
    kind: str,
    *,
    parent: Organisation | None = None,
    province: Place | None = None,
    acronym: str = "",
) -> Organisation:
    """The organisation of that English name (under that parent), created when missing."""

    org, _ = Organisation.objects.get_or_create(
        name_en=name_en, parent=parent,
        defaults={"name_km": name_km, "kind": kind, "province": province, "acronym": acronym},
    )  # fmt: skip
    return org


def staff(org: Organisation, role: str) -> Any:
    """An account that generated records name as their author. It cannot sign in (no usable
    password, inactive): it stands for the staff of an invented caseload."""

    User = get_user_model()
    username = f"synthetic.{role}.{org.pk}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username, organisation=org, first_name="Synthetic", last_name=role, is_active=False,
            full_name_km=f"សំយោគ {org.name_km}"[:200],
        )  # fmt: skip
        user.set_unusable_password()
        user.save()
    return user


MINISTRIES = {
    "mosvy": ("Ministry of Social Affairs, Veterans and Youth Rehabilitation", "ក្រសួងសង្គមកិច្ច អតីតយុទ្ធជន និងយុវនីតិសម្បទា"),
    "molvt": ("Ministry of Labour and Vocational Training", "ក្រសួងការងារ និងបណ្តុះបណ្តាលវិជ្ជាជីវៈ"),
}  # fmt: skip


def ministry(key: str) -> Organisation:
    name_en, name_km = MINISTRIES[key]
    return organisation(name_en, name_km, OrganisationKind.MINISTRY)


def provincial_department(key: str, province: Place) -> Organisation:
    """The provincial department of social affairs ("mosvy") or of labour ("molvt")."""

    parent = ministry(key)
    if key == "mosvy":
        name_en = f"{province.name_en} Department of Social Affairs"
        name_km = f"មន្ទីរសង្គមកិច្ច{province.name_km}"
    else:
        name_en = f"{province.name_en} Department of Labour and Vocational Training"
        name_km = f"មន្ទីរការងារ និងបណ្តុះបណ្តាលវិជ្ជាជីវៈ{province.name_km}"
    return organisation(
        name_en, name_km, OrganisationKind.PROVINCIAL_DEPARTMENT, parent=parent, province=province
    )
