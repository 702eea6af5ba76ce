"""Data of repatriation, shelters, referrals and the family (``data/repatriation.json``,
``shelters.json``, ``referrals.json``, ``family.json``): every number and list from outside
carries its source, and an unverified one says so."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language

from phlov.protection.vocab import DATA


def _load(name: str) -> dict[str, Any]:
    with open(DATA / name, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@cache
def _file(name: str) -> dict[str, Any]:
    return _load(name)


def _pick(en: str, km: str) -> str:
    return km if (get_language() or "").startswith("km") and km else en


@dataclass(frozen=True)
class Item:
    code: str
    en: str
    km: str
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return _pick(self.en, self.km)


def _items(rows: list[dict[str, Any]]) -> tuple[Item, ...]:
    keep = {"code", "en", "km", "source"}
    return tuple(
        Item(
            r["code"],
            r["en"],
            r.get("km", ""),
            r.get("source", ""),
            {k: v for k, v in r.items() if k not in keep},
        )
        for r in rows
    )


@cache
def items(filename: str, key: str) -> tuple[Item, ...]:
    return _items(_file(filename)[key])


def _label(filename: str, key: str, code: str) -> str:
    for item in items(filename, key):
        if item.code == code:
            return item.label
    return code


label = lazy(_label, str)


def choices(filename: str, key: str) -> list[tuple[str, Any]]:
    return [(i.code, label(filename, key, i.code)) for i in items(filename, key)]


def setting(filename: str, name: str) -> Any:
    override = getattr(settings, f"PHLOV_PROTECTION_{name.upper()}", None)
    return override if override is not None else _file(filename)[name]["value"]


def setting_source(filename: str, name: str) -> str:
    return str(_file(filename)[name]["source"])


# -- repatriation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    code: str
    en: str
    km: str
    after: str
    days: int
    verified: bool
    source: str
    field: str = ""

    @property
    def label(self) -> str:
        return _pick(self.en, self.km)


@dataclass(frozen=True)
class Procedure:
    code: str
    country: str
    en: str
    km: str
    source: str
    verified: bool
    steps: tuple[Step, ...]

    @property
    def label(self) -> str:
        return _pick(self.en, self.km)

    def step(self, code: str) -> Step | None:
        return next((s for s in self.steps if s.code == code), None)


@cache
def procedures() -> tuple[Procedure, ...]:
    return tuple(
        Procedure(
            code=p["code"],
            country=p["country"],
            en=p["en"],
            km=p["km"],
            source=p["source"],
            verified=bool(p.get("verified")),
            steps=tuple(
                Step(
                    code=s["code"],
                    en=s["en"],
                    km=s["km"],
                    after=s["after"],
                    days=int(s["days"]),
                    verified=bool(s.get("verified")),
                    source=s["source"],
                    field=s.get("field", ""),
                )
                for s in p["steps"]
            ),
        )
        for p in _file("repatriation.json")["procedures"]
    )


def procedure(code: str) -> Procedure | None:
    return next((p for p in procedures() if p.code == code), None)


def _procedure_label(code: str) -> str:
    found = procedure(code)
    return found.label if found else code


procedure_label = lazy(_procedure_label, str)


def procedure_choices() -> list[tuple[str, Any]]:
    return [(p.code, procedure_label(p.code)) for p in procedures()]


def border_points() -> tuple[Item, ...]:
    return items("repatriation.json", "border_points")


def border_point_choices() -> list[tuple[str, Any]]:
    return choices("repatriation.json", "border_points")


def add_days(day: datetime.date, days: int) -> datetime.date:
    return day + datetime.timedelta(days=days)


# -- family ----------------------------------------------------------------------------------


def family_support_range() -> tuple[Decimal, Decimal, str]:
    row = _file("family.json")["family_support_foundation"]
    return Decimal(row["min_usd"]), Decimal(row["max_usd"]), str(row["source"])
