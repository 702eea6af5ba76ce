"""From person records, as written, to the columns the linkage model compares.

Input: a frame of the columns in :data:`INPUT_COLUMNS` (text; empty when unknown). Output:
one row per record with the keys of :mod:`phlov.people.names` (the same keys the registry's
search uses, so a pair the model links is a pair the search would have found):

* ``fam1``/``giv1``: the folded key of the family / given name, from the Latin letters when
  the record has them, else from the Khmer script (transliterated); ``fam2``/``giv2`` the
  other way round. A record with a name in both scripts can meet a Khmer-only record on its
  Khmer key and a Latin-only record on its Latin key, even where the transliteration and the
  clerk's romanisation fold to different keys.
* ``fam_lat``/``giv_lat``: the folded key of the Latin letters only; ``fam_kk``/``giv_kk`` of the
  Khmer script only; ``fam_km``/``giv_km`` the Khmer script as written (compared exactly:
  folding a transliteration merges names that differ in Khmer, ``រដ្ឋា``/``រិទ្ធី``).
* ``fam_ph``/``giv_ph``: the phonetic key (consonant skeleton) of the folded key.
* ``fam_lt``/``giv_lt``: the name lower-cased and transliterated but not folded, to tell close
  spellings (``Chantha``/``Chanthy``, which fold together) apart.
* ``alias_keys``: whole-name keys of the other names (aliases, nicknames) when there are any.
* ``sex`` (``f``/``m``), ``dob`` (ISO date, only when the whole date is known), ``yob``.
* ``village``/``commune``/``district``/``province``: official codes, the hierarchy taken from
  the places (never from code prefixes).
* ``phone``/``phone2``: up to two numbers in E.164; ``doc``/``doc2``: up to two document numbers.

Names and numbers are computed once per distinct value (``pandas.factorize``), which is what
makes a million records take seconds rather than minutes: names repeat a lot.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from phlov.linkage.geography import hierarchy_of_villages
from phlov.people.documents import normalise_number
from phlov.people.names import INVISIBLE, light, name_key, phonetic
from phlov.people.phones import try_normalise_phone

INPUT_COLUMNS = [
    "record_id", "family_name_km", "given_name_km", "family_name_latin", "given_name_latin",
    "sex", "birth_date", "village_code", "commune_code", "district_code", "province_code",
    "phones", "documents", "other_names",
]  # fmt: skip
FEATURE_COLUMNS = [
    "unique_id", "fam1", "fam2", "giv1", "giv2", "fam_lat", "giv_lat", "fam_kk", "giv_kk", "fam_km", "giv_km",
    "fam_ph", "giv_ph", "fam_lt", "giv_lt", "sex", "dob",
    "yob", "village", "commune", "district", "province", "phone", "phone2", "doc", "doc2",
]  # fmt: skip
# The baseline sees the names as typed (Latin letters if any, else Khmer script).
BASELINE_COLUMNS = ["unique_id", "family_name", "given_name", "sex", "dob", "yob", "village", "phone", "doc"]

_KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
_SPLIT = re.compile(r"\s*[;|,]\s*")
FEMALE = frozenset({"f", "female", "woman", "girl", "w", "srey", "ស្រី", "ស", "នារី"})
MALE = frozenset({"m", "male", "man", "boy", "pros", "proh", "ប្រុស", "ប"})


def _per_value(series: pd.Series, function: Callable[[str], Any]) -> np.ndarray:
    """``function`` applied once per distinct value of ``series``."""

    codes, uniques = pd.factorize(series.fillna("").astype(str))
    values = np.array([function(u) for u in uniques] or [None], dtype=object)
    return values[codes] if len(codes) else np.array([], dtype=object)


def _key(text: str) -> str | None:
    return name_key(text) or None


def _phonetic(text: str) -> str | None:
    key = name_key(text)
    return phonetic(key) or None if key else None


def _light(text: str) -> str | None:
    return light(text).replace(" ", "") or None


def _khmer(text: str) -> str | None:
    # Khmer script has no spelling variants of its own: two Khmer spellings that differ are a
    # typing error or another name, so they are compared as written (less spaces and
    # invisible characters), not folded.
    text = "".join(c for c in unicodedata.normalize("NFC", text) if not c.isspace() and c not in INVISIBLE)
    return text or None


def _prefer(first: pd.Series, second: pd.Series) -> pd.Series:
    return first.where(first.str.strip() != "", second)


def phone_key(text: str) -> str | None:
    """A number in E.164. Cambodian numbers as people write them (``012 345 678``,
    ``+855 12 345 678``, ``85512345678``) are read by their digits; anything else goes to
    :func:`phlov.people.phones.try_normalise_phone` (libphonenumber: exact, but some
    hundred times slower, which matters at a million rows)."""

    text = text.translate(_KHMER_DIGITS).strip()
    if not text:
        return None
    digits = "".join(c for c in text if c.isdigit())
    national = None
    if digits.startswith("855") and not text.startswith("0"):
        national = digits[3:]
    elif digits.startswith("0") and not digits.startswith("00") and not text.startswith("+"):
        national = digits[1:]
    if national and 8 <= len(national) <= 9 and national[0] != "0":
        return "+855" + national
    return try_normalise_phone(text)


def _document_key(text: str) -> str | None:
    return normalise_number(text) or None


def _first_two(series: pd.Series, function: Callable[[str], str | None]) -> tuple[np.ndarray, np.ndarray]:
    """The first two distinct normalised values of a ``;``-separated column."""

    def both(text: str) -> tuple[str | None, str | None]:
        values: list[str] = []
        for part in _SPLIT.split(text):
            value = function(part) if part else None
            if value and value not in values:
                values.append(value)
        return (values[0] if values else None, values[1] if len(values) > 1 else None)

    pairs = _per_value(series, both)
    return (
        np.array([p[0] for p in pairs], dtype=object),
        np.array([p[1] for p in pairs], dtype=object),
    )


def _sex(text: str) -> str | None:
    value = text.strip().casefold()
    return "f" if value in FEMALE else "m" if value in MALE else None


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_birth_date(text: str) -> tuple[str | None, int | None]:
    """(ISO date or None, year or None) from ``1990-05-17``, ``17/05/1990`` (day first, as
    written in Cambodia), ``1990`` (year only) or Khmer digits."""

    text = text.translate(_KHMER_DIGITS).strip()
    for pattern, order in ((_ISO, (1, 2, 3)), (_DAY_FIRST, (3, 2, 1))):
        match = pattern.match(text)
        if match:
            year, month, day = (int(match.group(i)) for i in order)
            if 1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2100:
                return f"{year:04d}-{month:02d}-{day:02d}", year
            return None, year if 1900 <= year <= 2100 else None
    match = _YEAR.match(text)
    if match and 1900 <= int(match.group(1)) <= 2100:
        return None, int(match.group(1))
    return None, None


def _places(frame: pd.DataFrame) -> pd.DataFrame:
    lookup = hierarchy_of_villages()
    village = frame["village_code"].fillna("").astype(str).str.strip()
    known = _per_value(village, lambda code: lookup.get(code, (None, None, None)))
    out = pd.DataFrame(
        {
            "village": village.where(village != "", None),
            "commune": [k[0] for k in known],
            "district": [k[1] for k in known],
            "province": [k[2] for k in known],
        },
        index=frame.index,
    )
    for level in ("commune", "district", "province"):
        given = frame[f"{level}_code"].fillna("").astype(str).str.strip()
        out[level] = given.where(given != "", out[level]).replace("", None)
    return out


def complete(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every input column (missing ones empty) as text."""

    out = frame.copy()
    for column in INPUT_COLUMNS:
        if column not in out.columns:
            out[column] = ""
    out = out[INPUT_COLUMNS].fillna("").astype(str)
    if out["record_id"].eq("").any():
        out["record_id"] = out["record_id"].where(
            out["record_id"] != "", pd.Series(range(1, len(out) + 1), index=out.index).astype(str)
        )
    return out


def features(frame: pd.DataFrame) -> pd.DataFrame:
    """The model's columns for each record of ``frame`` (see the module's docstring)."""

    frame = complete(frame)
    family_first = _prefer(frame["family_name_latin"], frame["family_name_km"])
    family_second = _prefer(frame["family_name_km"], frame["family_name_latin"])
    given_first = _prefer(frame["given_name_latin"], frame["given_name_km"])
    given_second = _prefer(frame["given_name_km"], frame["given_name_latin"])
    dates = _per_value(frame["birth_date"], parse_birth_date)
    phone, phone2 = _first_two(frame["phones"], phone_key)
    doc, doc2 = _first_two(frame["documents"], _document_key)
    out = pd.DataFrame(
        {
            "unique_id": frame["record_id"].to_numpy(),
            "fam1": _per_value(family_first, _key),
            "fam2": _per_value(family_second, _key),
            "giv1": _per_value(given_first, _key),
            "giv2": _per_value(given_second, _key),
            "fam_lat": _per_value(frame["family_name_latin"], _key),
            "giv_lat": _per_value(frame["given_name_latin"], _key),
            "fam_kk": _per_value(frame["family_name_km"], _key),
            "giv_kk": _per_value(frame["given_name_km"], _key),
            "fam_km": _per_value(frame["family_name_km"], _khmer),
            "giv_km": _per_value(frame["given_name_km"], _khmer),
            "fam_ph": _per_value(family_first, _phonetic),
            "giv_ph": _per_value(given_first, _phonetic),
            "fam_lt": _per_value(family_first, _light),
            "giv_lt": _per_value(given_first, _light),
            "sex": _per_value(frame["sex"], _sex),
            "dob": np.array([d[0] for d in dates], dtype=object),
            "yob": pd.array([d[1] for d in dates], dtype="Int64"),
        }
    )
    places = _places(frame)
    for column in ("village", "commune", "district", "province"):
        out[column] = places[column].to_numpy()
    out["phone"], out["phone2"], out["doc"], out["doc2"] = phone, phone2, doc, doc2
    if frame["other_names"].str.strip().ne("").any():
        out["alias_keys"] = _per_value(frame["other_names"], alias_keys)
    return out


def alias_keys(text: str) -> list[str]:
    """Whole-name keys of ``"family given; family given"`` (both orders: an alias is often
    written given name first)."""

    keys: set[str] = set()
    for name in _SPLIT.split(text):
        words = name.split()
        if not words:
            continue
        keys.add(name_key(name))
        keys.add(name_key(" ".join([*words[1:], words[0]])))
    return sorted(k for k in keys if k)


def baseline_features(frame: pd.DataFrame) -> pd.DataFrame:
    """What a linker without Khmer awareness sees: the names as typed (trimmed and
    lower-cased, as any pipeline would), everything else cleaned as for Phlov's model so
    that the comparison of the two isolates the handling of names."""

    frame = complete(frame)
    ours = features(frame)
    family = _prefer(frame["family_name_latin"], frame["family_name_km"]).str.strip().str.lower()
    given = _prefer(frame["given_name_latin"], frame["given_name_km"]).str.strip().str.lower()
    return pd.DataFrame(
        {
            "unique_id": ours["unique_id"],
            "family_name": family.replace("", None).to_numpy(),
            "given_name": given.replace("", None).to_numpy(),
            "sex": ours["sex"],
            "dob": ours["dob"],
            "yob": ours["yob"],
            "village": ours["village"],
            "phone": ours["phone"],
            "doc": ours["doc"],
        }
    )
