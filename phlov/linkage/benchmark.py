"""A labelled benchmark: synthetic Cambodian person records with planted duplicates.

``generate(records, seed)`` makes ``records`` rows (the registry's person records) belonging
to fewer true people: most people have one record, some two to five, as when the same woman
is in a shelter's file, a repatriation list and a referral. Every record after a person's
first carries the errors clerks make, each drawn independently:

* another romanisation of the same Khmer name (``Sopheap``/``Sophiep``), in capitals or not;
* family and given name swapped; a typing error in one name (either script);
* the name only in Khmer script, or only in Latin letters, where the other record has the other;
* a missing, year-only, mistyped or estimated (one year off) date of birth;
* a changed, missing or mistyped phone number (``+855``, ``0..`` and spaced formats);
* another village of the same commune, or none; the national ID number left out or mistyped;
* rarely, the sex left out.

Siblings (same family name, village and sometimes the mother's phone, another given name and
birth date) are planted too: they are the namesakes a linker must not merge. The ground truth
(cluster id per record, and which errors each record carries) is a separate table.

Everything is drawn from one ``numpy`` generator seeded with ``seed`` in a fixed order, so a
seed always gives the same files; the bulk is vectorised (a million records in well under a
minute), only the typing errors are made one by one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from phlov.linkage.geography import villages
from phlov.linkage.namedata import NameEntry, given_names, name_table

RECORD_COLUMNS = [
    "record_id", "family_name_km", "given_name_km", "family_name_latin", "given_name_latin",
    "sex", "birth_date", "village_code", "phone", "national_id",
]  # fmt: skip
TRUTH_COLUMNS = ["record_id", "cluster_id", "first", "errors"]
ERROR_KINDS = (
    "romanisation", "swapped", "typo", "khmer_only", "latin_only", "dob_missing", "dob_year_only",
    "dob_typo", "dob_estimated", "phone_changed", "phone_missing", "phone_typo", "village_same_commune",
    "village_missing", "id_missing", "id_typo", "sex_missing",
)  # fmt: skip

# Records per true person: (size, share of people).
CLUSTER_SIZES = ((1, 0.70), (2, 0.20), (3, 0.07), (4, 0.02), (5, 0.01))
# How often each error is planted in a duplicate (a record after the person's first).
RATES = {
    "romanisation": 0.45, "swapped": 0.08, "typo": 0.12, "dob_missing": 0.12, "dob_year_only": 0.15,
    "dob_typo": 0.05, "dob_estimated": 0.05, "phone_changed": 0.25, "phone_missing": 0.20,
    "phone_typo": 0.04, "village_same_commune": 0.15, "village_missing": 0.04, "id_missing": 0.35,
    "id_typo": 0.04, "sex_missing": 0.02,
}  # fmt: skip
# A record's scripts: both, Latin letters only, Khmer script only.
SCRIPTS = (0.45, 0.30, 0.25)
SIBLING_SHARE = 0.08
NATIONAL_ID_SHARE = 0.35
REFERENCE_DAY = np.datetime64("2025-06-30")
# Cambodian mobile prefixes (after the trunk 0) of the three large operators.
MOBILE_PREFIXES = (
    "10", "11", "12", "14", "15", "16", "17", "31", "60", "61", "66", "67", "68", "69", "70", "71",
    "76", "77", "78", "81", "85", "86", "87", "88", "89", "90", "92", "93", "95", "96", "97", "98", "99",
)  # fmt: skip
KHMER_TYPO_SWAPS = {"ី": "ិ", "ិ": "ី", "ុ": "ូ", "ូ": "ុ", "ា": "", "់": "", "ំ": "", "េ": "ែ", "ែ": "េ"}
LATIN = "abcdefghijklmnopqrstuvwxyz"


@dataclass
class Benchmark:
    records: pd.DataFrame  # RECORD_COLUMNS, all strings ("" when missing)
    truth: pd.DataFrame  # TRUTH_COLUMNS

    def write(self, out: Path | str) -> tuple[Path, Path]:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        records, truth = folder / "persons.csv", folder / "truth.csv"
        self.records.to_csv(records, index=False)
        self.truth.to_csv(truth, index=False)
        return records, truth


def _weights(entries: tuple[NameEntry, ...], keep: np.ndarray) -> np.ndarray:
    weights = np.array([e.weight for e in entries]) * keep
    return weights / weights.sum()


def _spellings(entries: tuple[NameEntry, ...]) -> tuple[np.ndarray, np.ndarray]:
    """A (names x spellings) table padded with the usual spelling, and each name's count."""

    width = max(len(e.spellings) for e in entries)
    table = np.array(
        [[*e.spellings, *([e.latin] * (width - len(e.spellings)))] for e in entries], dtype=object
    )
    return table, np.array([len(e.spellings) for e in entries])


def _cluster_sizes(rng: np.random.Generator, records: int) -> np.ndarray:
    values = np.array([size for size, _ in CLUSTER_SIZES])
    shares = np.array([share for _, share in CLUSTER_SIZES])
    mean = float((values * shares).sum())
    sizes = values[rng.choice(len(values), size=int(records / mean * 1.1) + 10, p=shares)]
    total = np.cumsum(sizes)
    last = int(np.searchsorted(total, records))
    sizes = sizes[: last + 1].copy()
    sizes[-1] -= int(total[last]) - records
    return sizes[sizes > 0]


def _typo(rng: np.random.Generator, text: str) -> str:
    """One typing error, never in the first letter (the one people get right)."""

    positions = [i for i, c in enumerate(text) if not c.isspace()]
    if len(positions) < 2:
        return text
    at = positions[1 + int(rng.integers(len(positions) - 1))]
    kind = int(rng.integers(4))
    khmer = "\u1780" <= text[0] <= "\u17ff"
    if khmer and text[at] in KHMER_TYPO_SWAPS and kind == 3:
        return text[:at] + KHMER_TYPO_SWAPS[text[at]] + text[at + 1 :]
    if kind == 0:
        return text[:at] + text[at + 1 :]
    if kind == 1:
        return text[:at] + text[at] + text[at:]
    if kind == 2 and at + 1 < len(text):
        return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    if khmer:
        return text[:at] + text[at + 1 :]
    letter = LATIN[int(rng.integers(26))]
    return text[:at] + (letter.upper() if text[at].isupper() else letter) + text[at + 1 :]


def _digit_typo(rng: np.random.Generator, digits: str) -> str:
    spots = [i for i, c in enumerate(digits) if c.isdigit()]
    if len(spots) < 3:
        return digits
    at = spots[2 + int(rng.integers(len(spots) - 2))]  # past the prefix
    new = str((int(digits[at]) + 1 + int(rng.integers(9))) % 10)
    return digits[:at] + new + digits[at + 1 :]


def _phone_numbers(rng: np.random.Generator, count: int) -> np.ndarray:
    prefixes = np.array(MOBILE_PREFIXES, dtype=object)[rng.integers(len(MOBILE_PREFIXES), size=count)]
    long = rng.random(count) < 0.4  # 9-digit national numbers (7 digits after the prefix)
    body = pd.Series(rng.integers(0, 10**7, size=count)).astype(str)
    body = body.where(long, body.str.slice(0, 6)).str.zfill(6)
    body = body.where(~long, body.str.zfill(7))
    return (pd.Series(prefixes) + body).to_numpy(dtype=object)


def _format_phones(rng: np.random.Generator, national: pd.Series) -> pd.Series:
    """As people write them: 012 345 678, +855 12 345 678, 012345678, 85512345678."""

    style = rng.integers(4, size=len(national))
    spaced = national.str.slice(0, 2) + " " + national.str.slice(2, 5) + " " + national.str.slice(5)
    out = ("0" + spaced).where(style == 0, "+855 " + spaced)
    out = out.where(style != 2, "0" + national)
    out = out.where(style != 3, "855" + national)
    return out


def _mask(rng: np.random.Generator, where: np.ndarray, rate: float) -> np.ndarray:
    return where & (rng.random(len(where)) < rate)


def generate(records: int, seed: int = 0, *, villages_source: str = "auto") -> Benchmark:
    """``records`` person records with planted duplicates, the same for the same ``seed``."""

    if records < 1:
        raise ValueError("at least one record")
    rng = np.random.default_rng(seed)
    table = name_table()
    given_table = given_names()
    places = villages(villages_source)
    family_spellings, family_counts = _spellings(table.family)
    given_spellings, given_counts = _spellings(given_table)

    # --- the true people ------------------------------------------------------------------
    sizes = _cluster_sizes(rng, records)
    people = len(sizes)
    female = rng.random(people) < 0.58
    family = rng.choice(len(table.family), size=people, p=_weights(table.family, np.ones(len(table.family))))
    given_sex = np.array([e.sex for e in given_table])
    given = np.where(
        female,
        rng.choice(len(given_table), size=people, p=_weights(given_table, given_sex != "m")),
        rng.choice(len(given_table), size=people, p=_weights(given_table, given_sex != "f")),
    )
    # Ages of a counter-trafficking caseload: mostly young adults.
    age_years = np.where(rng.random(people) < 0.6, rng.uniform(14, 30, people), rng.uniform(30, 65, people))
    birth = REFERENCE_DAY - (age_years * 365.25).astype(np.int64).astype("timedelta64[D]")
    village = rng.integers(len(places), size=people)
    phone = _phone_numbers(rng, people)
    national_id = (
        pd.Series(rng.integers(0, 10**9, size=people)).astype(str).str.zfill(9).to_numpy(dtype=object)
    )
    has_id = rng.random(people) < NATIONAL_ID_SHARE
    # Siblings: another person's family name, village and, often, the same (mother's) phone.
    sibling = (rng.random(people) < SIBLING_SHARE) & (np.arange(people) > 0)
    of = (rng.random(people) * np.arange(people)).astype(np.int64)
    family = np.where(sibling, family[of], family)
    village = np.where(sibling, village[of], village)
    shares_phone = sibling & (rng.random(people) < 0.4)
    phone = np.where(shares_phone, phone[of], phone)
    # A sibling is born one to ten years apart and has a given name of their own.
    gap = rng.integers(365, 3650, people) * rng.choice(np.array([-1, 1]), size=people)
    birth = np.where(sibling, birth[of] + gap.astype("timedelta64[D]"), birth)
    given = np.where(sibling & (given == given[of]), (given + 1) % len(given_table), given)

    # --- the records ----------------------------------------------------------------------
    n = int(sizes.sum())
    person = np.repeat(np.arange(people), sizes)
    first = np.ones(n, dtype=bool)
    first[1:] = person[1:] != person[:-1]
    dup = ~first
    errors: dict[str, np.ndarray] = {}

    fam, giv = family[person], given[person]
    errors["romanisation"] = _mask(rng, dup, RATES["romanisation"])
    # A variant in the family name, the given name or both; some first records use one too.
    roman = errors["romanisation"] | _mask(rng, first, 0.2)
    variant_family = roman & (rng.random(n) < 0.6)
    variant_given = roman & ((rng.random(n) < 0.6) | ~variant_family)
    pick_f = np.where(variant_family, 1 + (rng.random(n) * (family_counts[fam] - 1)).astype(np.int64), 0)
    pick_g = np.where(variant_given, 1 + (rng.random(n) * (given_counts[giv] - 1)).astype(np.int64), 0)
    latin_family = pd.Series(family_spellings[fam, pick_f])
    latin_given = pd.Series(given_spellings[giv, pick_g])
    case = rng.random(n)
    latin_family = latin_family.where(case >= 0.4, latin_family.str.upper())
    latin_given = latin_given.where(case >= 0.4, latin_given.str.upper())
    latin_family = latin_family.where(case < 0.95, latin_family.str.lower())
    latin_given = latin_given.where(case < 0.95, latin_given.str.lower())
    khmer_family = pd.Series(np.array([e.khmer for e in table.family], dtype=object)[fam])
    khmer_given = pd.Series(np.array([e.khmer for e in given_table], dtype=object)[giv])

    errors["swapped"] = _mask(rng, dup, RATES["swapped"])
    swap = errors["swapped"]
    latin_family, latin_given = latin_given.where(swap, latin_family), latin_family.where(swap, latin_given)
    khmer_family, khmer_given = khmer_given.where(swap, khmer_family), khmer_family.where(swap, khmer_given)

    script = rng.choice(3, size=n, p=SCRIPTS)
    first_script = script[np.flatnonzero(first)][person]
    errors["khmer_only"] = dup & (script == 2) & (first_script != 2)
    errors["latin_only"] = dup & (script == 1) & (first_script != 1)

    errors["typo"] = _mask(rng, dup, RATES["typo"])
    columns = [latin_family, latin_given, khmer_family, khmer_given]
    for index in np.flatnonzero(errors["typo"]):
        usable = [0, 1] if script[index] == 1 else [2, 3] if script[index] == 2 else [0, 1, 2, 3]
        column = columns[usable[int(rng.integers(len(usable)))]]
        column.iat[index] = _typo(rng, column.iat[index])
    latin_family = latin_family.where(script != 2, "")
    latin_given = latin_given.where(script != 2, "")
    khmer_family = khmer_family.where(script != 1, "")
    khmer_given = khmer_given.where(script != 1, "")

    # Dates of birth: exclusive kinds of error, one draw per record.
    draw = rng.random(n)
    bounds = np.cumsum([RATES[k] for k in ("dob_missing", "dob_year_only", "dob_typo", "dob_estimated")])
    errors["dob_missing"] = dup & (draw < bounds[0])
    errors["dob_year_only"] = dup & (draw >= bounds[0]) & (draw < bounds[1])
    errors["dob_typo"] = dup & (draw >= bounds[1]) & (draw < bounds[2])
    errors["dob_estimated"] = dup & (draw >= bounds[2]) & (draw < bounds[3])
    dates = birth[person]
    shift = rng.choice(np.array([-10, -1, 1, 10]), size=n).astype("timedelta64[D]")
    dates = np.where(errors["dob_typo"], dates + shift, dates)
    iso = pd.Series(np.datetime_as_string(dates, unit="D"))
    year = iso.str.slice(0, 4)
    estimated_year = (year.astype(int) + rng.choice(np.array([-1, 1]), size=n)).astype(str)
    slashed = iso.str.slice(8, 10) + "/" + iso.str.slice(5, 7) + "/" + year
    birth_date = iso.where(rng.random(n) >= 0.15, slashed)
    original_missing = first & (draw < 0.10)
    original_year_only = first & (draw >= 0.10) & (draw < 0.20)
    birth_date = birth_date.where(~(errors["dob_year_only"] | original_year_only), year)
    birth_date = birth_date.where(~errors["dob_estimated"], estimated_year)
    birth_date = birth_date.where(~(errors["dob_missing"] | original_missing), "")

    # Phones.
    draw = rng.random(n)
    errors["phone_changed"] = dup & (draw < RATES["phone_changed"])
    errors["phone_missing"] = (
        dup & (draw >= RATES["phone_changed"]) & (draw < RATES["phone_changed"] + RATES["phone_missing"])
    )
    errors["phone_typo"] = _mask(
        rng, dup & ~errors["phone_changed"] & ~errors["phone_missing"], RATES["phone_typo"]
    )
    national = pd.Series(phone[person])
    national = national.where(~errors["phone_changed"], pd.Series(_phone_numbers(rng, n)))
    for index in np.flatnonzero(errors["phone_typo"]):
        national.iat[index] = _digit_typo(rng, national.iat[index])
    phones = _format_phones(rng, national)
    phones = phones.where(~(errors["phone_missing"] | (first & (draw < 0.25))), "")

    # Villages: another village of the same commune (the list is sorted by commune).
    draw = rng.random(n)
    errors["village_same_commune"] = dup & (draw < RATES["village_same_commune"])
    errors["village_missing"] = dup & (draw >= 0.5) & (draw < 0.5 + RATES["village_missing"])
    commune_codes = places["commune"].to_numpy()
    starts = pd.Series(np.arange(len(places))).groupby(commune_codes).transform("min").to_numpy()
    counts = pd.Series(commune_codes).map(pd.Series(commune_codes).value_counts()).to_numpy()
    home = village[person]
    moved = (
        starts[home]
        + (home - starts[home] + 1 + (rng.random(n) * np.maximum(counts[home] - 1, 1)).astype(np.int64))
        % counts[home]
    )
    errors["village_same_commune"] &= counts[home] > 1
    record_village = np.where(errors["village_same_commune"], moved, home)
    village_code = pd.Series(places["village"].to_numpy()[record_village])
    village_code = village_code.where(~(errors["village_missing"] | (first & (draw >= 0.97))), "")

    # National ID numbers.
    draw = rng.random(n)
    holds = has_id[person]
    errors["id_missing"] = dup & holds & (draw < RATES["id_missing"])
    errors["id_typo"] = _mask(rng, dup & holds & ~errors["id_missing"], RATES["id_typo"])
    ids = pd.Series(national_id[person])
    for index in np.flatnonzero(errors["id_typo"]):
        ids.iat[index] = _digit_typo(rng, ids.iat[index])
    ids = ids.where(holds & ~errors["id_missing"], "")

    # Sex, written several ways.
    style = rng.integers(3, size=n)
    is_female = female[person]
    sex = pd.Series(np.where(is_female, "F", "M"), dtype=object)
    sex = sex.where(style != 1, pd.Series(np.where(is_female, "female", "male")))
    sex = sex.where(style != 2, pd.Series(np.where(is_female, "ស្រី", "ប្រុស")))
    errors["sex_missing"] = _mask(rng, dup, RATES["sex_missing"])
    sex = sex.where(~errors["sex_missing"], "")

    frame = pd.DataFrame(
        {
            "family_name_km": khmer_family, "given_name_km": khmer_given,
            "family_name_latin": latin_family, "given_name_latin": latin_given,
            "sex": sex, "birth_date": birth_date, "village_code": village_code, "phone": phones,
            "national_id": ids,
        }
    )  # fmt: skip
    labels = pd.Series("", index=range(n), dtype=object)
    for kind in ERROR_KINDS:
        labels = labels.where(~errors[kind], labels + kind + "|")
    truth = pd.DataFrame({"cluster_id": person, "first": first, "errors": labels.str.rstrip("|")})
    # Shuffled, so that a person's records are not next to each other.
    order = rng.permutation(n)
    frame = frame.iloc[order].reset_index(drop=True)
    truth = truth.iloc[order].reset_index(drop=True)
    ids_column = pd.Series(np.arange(1, n + 1)).astype(str)
    frame.insert(0, "record_id", ids_column)
    truth.insert(0, "record_id", ids_column)
    return Benchmark(records=frame[RECORD_COLUMNS], truth=truth[TRUTH_COLUMNS])


def write_benchmark(
    records: int, seed: int, out: Path | str, *, villages_source: str = "auto"
) -> tuple[Path, Path]:
    """Generate and write ``persons.csv`` (the records) and ``truth.csv`` (cluster ids) in ``out``."""

    return generate(records, seed, villages_source=villages_source).write(out)
