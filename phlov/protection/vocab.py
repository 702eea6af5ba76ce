"""The protection module's vocabularies and settings, read from ``data/`` (numbers and lists
from outside are data with a citation, never constants in code)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Term:
    code: str
    en: str
    km: str
    extra: dict[str, Any]

    @property
    def label(self) -> str:
        return self.km if (get_language() or "").startswith("km") else self.en


def _load(name: str) -> dict[str, Any]:
    with open(DATA / name, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@cache
def vocabularies() -> dict[str, Any]:
    # Each part of the module may keep its lists in its own ``vocabularies_<part>.json``.
    merged = _load("vocabularies.json")
    for extra in sorted(DATA.glob("vocabularies_*.json")):
        merged.update({k: v for k, v in _load(extra.name).items() if not k.startswith("_")})
    return merged


@cache
def terms(name: str) -> tuple[Term, ...]:
    return tuple(
        Term(t["code"], t["en"], t["km"], {k: v for k, v in t.items() if k not in {"code", "en", "km"}})
        for t in vocabularies()[name]["terms"]
    )


def codes(name: str) -> set[str]:
    return {t.code for t in terms(name)}


def source(name: str) -> str:
    return str(vocabularies()[name]["source"])


def _label(name: str, code: str) -> str:
    for term in terms(name):
        if term.code == code:
            return term.label
    return code


label = lazy(_label, str)


def choices(name: str) -> list[tuple[str, Any]]:
    """Choices for forms and model fields, labelled in the reader's language when rendered."""

    return [(t.code, label(name, t.code)) for t in terms(name)]


def labels(name: str, values: list[str]) -> list[str]:
    return [_label(name, v) for v in values]


@cache
def _settings() -> dict[str, Any]:
    return _load("settings.json")


def setting(name: str) -> Any:
    override = getattr(settings, f"PHLOV_PROTECTION_{name.upper()}", None)
    return override if override is not None else _settings()[name]["value"]


@cache
def _wages() -> dict[str, Any]:
    return _load("minimum_wages.json")


def minimum_wage(year: int, sector: str) -> tuple[Decimal, str] | None:
    """The monthly minimum wage in force in ``year`` for ``sector`` (falling back to the
    reference sector), with its source; None before the first known figure."""

    data = _wages()
    rows = [r for r in data["rows"] if r["sector"] == sector] or [
        r for r in data["rows"] if r["sector"] == data["fallback_sector"]
    ]
    in_force = [r for r in rows if r["from_year"] <= year]
    if not in_force:
        return None
    row = max(in_force, key=lambda r: r["from_year"])
    return Decimal(row["amount"]), str(row["source"])


def living_wage_reference() -> tuple[Decimal, str]:
    """The living wage quoted in seed 001 (shown beside the minimum wage, not a rule)."""

    ref = _wages()["living_wage_reference"]
    return Decimal(ref["amount"]), str(ref["source"])
