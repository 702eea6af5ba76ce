"""The columns ``phlov linkage link`` understands in a CSV file, by English or Khmer header.

Headers are matched case-insensitively, ignoring spaces, hyphens and underscores; a column
whose header is not listed is kept in the output but not compared. docs/linkage.md lists the
same table for people preparing files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from phlov.linkage.features import INPUT_COLUMNS

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "record_id": ("record_id", "id", "record", "person_id", "case_id", "លេខកូដ", "លេខសម្គាល់"),
    "family_name_km": ("family_name_km", "surname_km", "នាមត្រកូល", "នាមត្រកូលជាអក្សរខ្មែរ"),
    "given_name_km": ("given_name_km", "first_name_km", "នាមខ្លួន", "នាមខ្លួនជាអក្សរខ្មែរ"),
    "family_name_latin": (
        "family_name_latin", "family_name", "surname", "last_name", "family", "នាមត្រកូលជាអក្សរឡាតាំង",
    ),
    "given_name_latin": (
        "given_name_latin", "given_name", "first_name", "forename", "given", "នាមខ្លួនជាអក្សរឡាតាំង",
    ),
    "sex": ("sex", "gender", "ភេទ"),
    "birth_date": ("birth_date", "date_of_birth", "dob", "birthdate", "born", "ថ្ងៃខែឆ្នាំកំណើត", "ថ្ងៃកំណើត"),
    "village_code": ("village_code", "village", "ភូមិ", "លេខកូដភូមិ"),
    "commune_code": ("commune_code", "commune", "ឃុំ", "ឃុំសង្កាត់", "លេខកូដឃុំ"),
    "district_code": ("district_code", "district", "ស្រុក", "ស្រុកខណ្ឌ", "លេខកូដស្រុក"),
    "province_code": ("province_code", "province", "ខេត្ត", "រាជធានីខេត្ត", "លេខកូដខេត្ត"),
    "phones": ("phones", "phone", "phone_number", "mobile", "telephone", "tel", "ទូរស័ព្ទ", "លេខទូរស័ព្ទ"),
    "documents": (
        "documents", "document", "national_id", "id_card", "id_number", "passport", "document_number",
        "អត្តសញ្ញាណប័ណ្ណ", "លេខអត្តសញ្ញាណប័ណ្ណ", "លិខិតឆ្លងដែន",
    ),
    "other_names": ("other_names", "aliases", "alias", "nickname", "ឈ្មោះហៅក្រៅ", "ឈ្មោះផ្សេងទៀត"),
}  # fmt: skip
assert set(HEADER_ALIASES) == set(INPUT_COLUMNS)


def _plain(header: str) -> str:
    return re.sub(r"[\s_\-]+", "", header.strip().lstrip("\ufeff").casefold())


_LOOKUP = {_plain(alias): column for column, aliases in HEADER_ALIASES.items() for alias in aliases}


def map_headers(headers: list[str]) -> dict[str, str]:
    """header -> input column, for the headers that name one (the first header wins a column)."""

    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        column = _LOOKUP.get(_plain(header))
        if column and column not in taken:
            mapping[header] = column
            taken.add(column)
    return mapping


def read_records(path: Path | str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the file as read, the input columns under their canonical names) of a CSV file."""

    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    mapping = map_headers(list(raw.columns))
    if not (
        {"family_name_km", "given_name_km", "family_name_latin", "given_name_latin"} & set(mapping.values())
    ):
        raise ValueError(f"{path}: no column holds a name (see docs/linkage.md for the headers understood)")
    records = raw[list(mapping)].rename(columns=mapping)
    if "record_id" not in records.columns:
        records.insert(0, "record_id", [str(i) for i in range(1, len(raw) + 1)])
    return raw, records
