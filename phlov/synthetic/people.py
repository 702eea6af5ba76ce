"""Persons: the linkage benchmark's records (Khmer names in both scripts, other romanisations,
typing errors, planted duplicates with their truth), given roles, ages and provinces of origin
from the seed tables, then written with their phones, documents and search keys.

Every benchmark record becomes one person record of the registry; the records of one true
person (a cluster) are the duplicates the linkage module is meant to find. Each true person
has one role: a victim of 000's Table 2 cohort, a victim of the recent years, a worker of 003's
deployment tables, or a worker of the recent years. Sex is controlled per role by drawing the
women and the men from two benchmark runs (the benchmark's own share of women is fixed).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from phlov.linkage.benchmark import CLUSTER_SIZES, generate
from phlov.linkage.geography import villages
from phlov.linkage.namedata import given_names, name_table
from phlov.people.models import IdentityDocument, NameKind, Person, PersonName, PhoneNumber, Script
from phlov.places.models import Place, PlaceKind
from phlov.synthetic import bulk, calibration, households, search_keys
from phlov.synthetic.context import Context, province_of

ROLES = ("victim_t2", "victim", "worker_hist", "worker")


@dataclass
class Population:
    """``clusters``: one row per true person (cluster, sex, role, role_row, province, ...).
    ``records``: one row per person record (person id, cluster, first, names, ...)."""

    clusters: pd.DataFrame
    records: pd.DataFrame
    truth: pd.DataFrame
    t2: pd.DataFrame  # the Table 2 victims, one row each (from, to, nationality, year)
    hist: pd.DataFrame  # the 003 workers, one row each (destination, year, sector, sex)


def _weights(values: dict[str, float]) -> tuple[list[str], np.ndarray]:
    keys = list(values)
    w = np.array([values[k] for k in keys], dtype=float)
    return keys, w / w.sum()


def _table2() -> pd.DataFrame:
    rows = [
        (r.from_country, r.to_country, r.nationality, r.year)
        for r in calibration.repatriations()
        for _ in range(r.number)
    ]
    return pd.DataFrame(rows, columns=["from_country", "to_country", "nationality", "year"])


def _hist() -> pd.DataFrame:
    rows = [
        (c.destination, c.year, c.sector, c.sex) for c in calibration.deployments() for _ in range(c.count)
    ]
    return pd.DataFrame(rows, columns=["destination", "year", "sector", "sex"])


def _sex_of(text: pd.Series) -> pd.Series:
    lowered = text.str.lower()
    out = pd.Series("unknown", index=text.index, dtype=object)
    out[lowered.isin(["f", "female", "ស្រី"])] = "female"
    out[lowered.isin(["m", "male", "ប្រុស"])] = "male"
    return out


def _pool(records: int, seed: int, sex: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Benchmark records of true people of one sex only, exactly ``records`` of them."""

    share = 0.4  # the benchmark draws about 58% women: 0.4 leaves room for either sex
    bench = generate(max(int(records / share * 1.3) + 50, 100), seed)
    frame = bench.records.merge(bench.truth, on="record_id")
    firsts = frame[frame["first"]]
    keep = set(firsts.loc[_sex_of(firsts["sex"]) == sex, "cluster_id"])
    frame = frame[frame["cluster_id"].isin(keep)]
    frame = frame.sort_values(["cluster_id", "first"], ascending=[True, False], kind="stable")
    frame = frame.head(records)
    # A cluster cut by head() keeps its first record (sorted first), so it stays whole enough.
    if len(frame) < records:
        raise RuntimeError("the benchmark pool is too small")
    return frame.reset_index(drop=True), bench.truth


def plan_population(ctx: Context) -> Population:
    """Who is who: pure (no writes), the same for the same seed and places table."""

    rng = ctx.rng("people")
    n = int(ctx.settings["records"])
    figures = calibration.figures()
    t2 = _table2()
    hist = _hist() if ctx.settings["historic_deployments"] else _hist().head(0)
    recent = int(ctx.settings["recent_victims"])
    sheltered = calibration.sheltered_by_sex()
    victim_female = sheltered["Female"] / (sheltered["Female"] + sheltered["Male"])
    t2["sex"] = np.where(rng.random(len(t2)) < victim_female, "female", "male")
    recent_sex = np.where(rng.random(recent) < victim_female, "female", "male")
    fixed_f = int(
        (t2["sex"] == "female").sum() + (recent_sex == "female").sum() + (hist["sex"] == "female").sum()
    )
    fixed_m = len(t2) + recent + len(hist) - fixed_f
    mean_size = sum(size * share for size, share in CLUSTER_SIZES)
    clusters_expected = n / mean_size
    women = float(figures["worker_women_share"]["value"])
    modern = clusters_expected - fixed_f - fixed_m
    if modern < 0:
        raise ValueError(f"scale {ctx.scale}: {n} records cannot hold the fixed cohorts")
    female_records = round(n * (fixed_f + women * modern) / clusters_expected)
    female, _ = _pool(female_records, ctx.seed * 2 + 1, "female")
    male, _ = _pool(n - female_records, ctx.seed * 2 + 2, "male")
    male["cluster_id"] = male["cluster_id"] + int(female["cluster_id"].max()) + 1
    frame = pd.concat([female, male], ignore_index=True)
    frame["cluster"] = pd.factorize(frame["cluster_id"])[0]

    firsts = frame[frame["first"]].sort_values("cluster")
    clusters = pd.DataFrame(
        {"cluster": firsts["cluster"].to_numpy(), "sex": _sex_of(firsts["sex"]).to_numpy()}
    )
    clusters["role"] = "worker"
    clusters["role_row"] = -1
    for sex in ("female", "male"):
        free = rng.permutation(clusters.index[clusters["sex"] == sex].to_numpy())
        at = 0
        for role, rows in (
            ("victim_t2", np.flatnonzero(t2["sex"].to_numpy() == sex)),
            ("victim", np.flatnonzero(recent_sex == sex)),
            ("worker_hist", np.flatnonzero(hist["sex"].to_numpy() == sex)),
        ):
            if at + len(rows) > len(free):
                raise ValueError(f"scale {ctx.scale}: too few {sex} people for the fixed cohorts")
            chosen = free[at : at + len(rows)]
            clusters.loc[chosen, "role"] = role
            clusters.loc[chosen, "role_row"] = rows
            at += len(rows)
    _ages(ctx, rng, clusters, t2, hist)

    # Provinces of origin: 000 Table 1 (the Vietnamese victims of Table 2 have none here).
    names, weights = _weights(calibration.province_weights())
    codes = np.array([province_of(name).code for name in names], dtype=object)
    clusters["province"] = codes[rng.choice(len(codes), size=len(clusters), p=weights)]
    is_t2 = (clusters["role"] == "victim_t2").to_numpy()
    foreign = np.zeros(len(clusters), dtype=bool)
    foreign[is_t2] = t2["nationality"].to_numpy()[clusters["role_row"].to_numpy()[is_t2]] != "Cambodian"
    clusters["foreign"] = foreign
    clusters.loc[foreign, "province"] = ""
    frame = _move_villages(ctx, rng, frame, clusters)
    frame = frame.sample(frac=1.0, random_state=np.random.RandomState(ctx.seed % 2**32)).reset_index(
        drop=True
    )
    truth = frame[["record_id", "cluster", "first", "errors"]].copy()
    return Population(clusters=clusters, records=frame, truth=truth, t2=t2, hist=hist)


def _move_villages(
    ctx: Context, rng: np.random.Generator, frame: pd.DataFrame, clusters: pd.DataFrame
) -> pd.DataFrame:
    """Move each true person to a village of their drawn province, keeping the benchmark's
    planted variation: a record in another village of the same commune stays so."""

    places = villages("auto")
    by_province = {code: group.index.to_numpy() for code, group in places.groupby("province")}
    home = np.full(len(clusters), -1, dtype=np.int64)
    for code, index in by_province.items():
        mask = (clusters["province"] == code).to_numpy()
        home[mask] = index[rng.integers(len(index), size=int(mask.sum()))]
    commune = places["commune"].to_numpy()
    starts = pd.Series(np.arange(len(places))).groupby(commune).transform("min").to_numpy()
    counts = pd.Series(commune).map(pd.Series(commune).value_counts()).to_numpy()
    first_code = frame.loc[frame["first"], ["cluster", "village_code"]].set_index("cluster")["village_code"]
    original_home = frame["cluster"].map(first_code).fillna("")
    cluster_home = home[frame["cluster"].to_numpy()]
    code = frame["village_code"].fillna("")
    village_codes = places["village"].to_numpy()
    new = pd.Series("", index=frame.index, dtype=object)
    has_home = cluster_home >= 0
    same = (code == original_home) & (code != "") & has_home
    new[same] = village_codes[cluster_home[same]]
    moved = (code != original_home) & (code != "") & has_home
    ch = cluster_home[moved]
    other = starts[ch] + (ch - starts[ch] + 1) % counts[ch]
    new[moved] = village_codes[other]
    frame["village_code"] = new
    frame["province_code"] = clusters["province"].to_numpy()[frame["cluster"].to_numpy()]
    return frame


# --- ages ----------------------------------------------------------------------------------


def _ages(ctx: Context, rng: np.random.Generator, clusters: pd.DataFrame, t2: pd.DataFrame,
          hist: pd.DataFrame) -> None:  # fmt: skip
    """Each true person's year of the event that brought them into the records (repatriation,
    identification, deployment) and their age then: victims' ages from 001's age groups,
    workers' from the recruitment age range."""

    figures = calibration.figures()
    first_year, last_year = figures["period"]["recent_years"]
    ages = figures["worker_age"]
    role = clusters["role"].to_numpy()
    row = clusters["role_row"].to_numpy().clip(min=0)
    year = rng.integers(first_year, last_year + 1, size=len(clusters))
    year = np.where(role == "victim_t2", t2["year"].to_numpy()[row % max(len(t2), 1)], year)
    if len(hist):
        year = np.where(role == "worker_hist", hist["year"].to_numpy()[row % len(hist)], year)
    groups = calibration.age_groups()
    weights = np.array([g[2] for g in groups]) / sum(g[2] for g in groups)
    band = rng.choice(len(groups), size=len(clusters), p=weights)
    low = np.array([g[0] for g in groups])[band]
    high = np.array([g[1] for g in groups])[band]
    victim_age = low + (rng.random(len(clusters)) * (high - low + 1)).astype(np.int64)
    worker_age = rng.integers(int(ages["min"]), int(ages["max"]) + 1, size=len(clusters))
    clusters["event_year"] = year
    clusters["age"] = np.where(np.isin(role, ["victim_t2", "victim"]), victim_age, worker_age)
    clusters["birth_year"] = clusters["event_year"] - clusters["age"]


def _parse_birth(text: pd.Series) -> pd.DataFrame:
    iso = text.str.extract(r"^(\d{4})-(\d{2})-(\d{2})$")
    dmy = text.str.extract(r"^(\d{2})/(\d{2})/(\d{4})$")
    year_only = text.str.extract(r"^(\d{4})$")[0]
    year = iso[0].fillna(dmy[2]).fillna(year_only)
    month = iso[1].fillna(dmy[1])
    day = iso[2].fillna(dmy[0])
    return pd.DataFrame(
        {"year": pd.to_numeric(year), "month": pd.to_numeric(month), "day": pd.to_numeric(day)}
    )


def birth_dates(records: pd.DataFrame, target_year: pd.Series) -> pd.DataFrame:
    """Shift each true person's benchmark dates of birth by whole years so that the year of
    their first record becomes ``target_year`` (per cluster); the planted errors (a year off,
    a typo, year only, missing) move with them."""

    parsed = _parse_birth(records["birth_date"].fillna(""))
    reference = parsed["year"].groupby(records["cluster"]).transform("first")
    reference = reference.fillna(parsed["year"].groupby(records["cluster"]).transform("max"))
    delta = (target_year.to_numpy()[records["cluster"].to_numpy()] - reference).fillna(0)
    year = parsed["year"] + delta
    day = parsed["day"].where(~((parsed["month"] == 2) & (parsed["day"] == 29)), 28)
    dates: list[datetime.date | None] = []
    for y, m, d in zip(year.to_numpy(), parsed["month"].to_numpy(), day.to_numpy(), strict=True):
        if np.isnan(y):
            dates.append(None)
        elif np.isnan(m):
            dates.append(datetime.date(int(y), 1, 1))
        else:
            dates.append(datetime.date(int(y), int(m), int(d)))
    precision = np.where(year.isna(), "", np.where(parsed["month"].isna(), "year", "exact"))
    return pd.DataFrame({"birth_date": dates, "precision": precision, "birth_year": year.astype("Int64")})


# --- writing ---------------------------------------------------------------------------------


def _e164(phone: pd.Series) -> pd.Series:
    digits = phone.fillna("").str.replace(r"\D", "", regex=True)
    out = pd.Series("", index=phone.index, dtype=object)
    out[digits.str.startswith("855")] = "+" + digits
    local = digits.str.startswith("0")
    out[local] = "+855" + digits[local].str.slice(1)
    return out


def write_people(ctx: Context, pop: Population, orgs: np.ndarray, target_year: pd.Series,
                 nationality: np.ndarray) -> None:  # fmt: skip
    """Write the persons (ids given now, in ``pop.records`` order), their phones, national ID
    cards and search keys, and the truth file beside the records."""

    records = pop.records
    births = birth_dates(records, target_year)
    village_ids = dict(Place.objects.filter(kind=PlaceKind.VILLAGE).values_list("code", "pk"))
    province_ids = {code: p.pk for code, p in ctx.provinces.items()}
    first_id = bulk.next_id(Person)
    records["person_id"] = np.arange(first_id, first_id + len(records))
    records["sex_code"] = _sex_of(records["sex"].fillna(""))
    records["organisation_id"] = orgs
    homes = households.plan(ctx, pop, orgs, village_ids)
    records["e164"] = _e164(records["phone"])
    cambodia = ctx.countries["KH"].pk
    columns = {
        "id": records["person_id"].to_numpy(),
        "organisation_id": orgs,
        "family_name_km": records["family_name_km"].fillna("").to_numpy(),
        "given_name_km": records["given_name_km"].fillna("").to_numpy(),
        "family_name_latin": records["family_name_latin"].fillna("").to_numpy(),
        "given_name_latin": records["given_name_latin"].fillna("").to_numpy(),
        "sex": records["sex_code"].to_numpy(),
        "birth_date": births["birth_date"].to_numpy(),
        "birth_date_precision": births["precision"],
        "birth_year": births["birth_year"].to_numpy(),
        "nationality_id": nationality,
        "ethnicity": np.where(nationality == cambodia, "khmer", "vietnamese"),
        "origin_village_id": records["village_code"].map(village_ids).to_numpy(),
        "origin_province_id": records["province_code"].map(province_ids).to_numpy(),
        "household_id": homes.of_record,
    }
    names = list(columns)

    def person_rows() -> Iterator[dict[str, Any]]:
        for values in zip(*(columns[c] for c in names), strict=True):
            row = dict(zip(names, values, strict=True))
            for key in ("birth_year", "origin_village_id", "origin_province_id"):
                value = row[key]
                row[key] = None if value is None or pd.isna(value) else int(value)
            row["id"] = int(row["id"])
            row["organisation_id"] = int(row["organisation_id"])
            row["nationality_id"] = int(row["nationality_id"])
            row["household_id"] = int(row["household_id"]) or None
            yield row

    ctx.progress.start("people", len(records))
    for size in bulk.write_batches(Person, person_rows(), batch=ctx.batch, detail=ctx.detail()):
        ctx.progress.advance(size)
    ctx.written.append(Person)
    households.write(ctx, homes)
    records["birth_year"] = births["birth_year"]
    _write_contacts(ctx, records)
    others = _write_other_names(ctx, pop)
    search_keys.write(ctx, records, others)
    _write_truth(ctx, pop)


def _write_contacts(ctx: Context, records: pd.DataFrame) -> None:
    phones = records[records["e164"] != ""]
    first = bulk.next_id(PhoneNumber)
    rows = (
        {"id": first + i, "person_id": int(pid), "number": number}
        for i, (pid, number) in enumerate(zip(phones["person_id"], phones["e164"], strict=True))
    )
    for _ in bulk.write_batches(PhoneNumber, rows, batch=ctx.batch, detail=ctx.detail()):
        pass
    ids = records[records["national_id"].fillna("") != ""]
    first = bulk.next_id(IdentityDocument)
    cambodia = ctx.countries["KH"].pk
    docs = (
        {
            "id": first + i,
            "person_id": int(pid),
            "kind": "national_id",
            "number": number,
            "issuing_country_id": cambodia,
        }
        for i, (pid, number) in enumerate(zip(ids["person_id"], ids["national_id"], strict=True))
    )
    for _ in bulk.write_batches(IdentityDocument, docs, batch=ctx.batch, detail=ctx.detail()):
        pass
    ctx.written.extend([PhoneNumber, IdentityDocument])


def romanisations() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Khmer family name -> its romanisations, and Khmer given name -> its romanisations."""

    return (
        {e.khmer: e.spellings for e in name_table().family},
        {e.khmer: e.spellings for e in given_names()},
    )


def _other(spellings: tuple[str, ...], current: str, draw: float) -> str:
    """A romanisation of the same Khmer name that is not ``current`` (any case), or ``current``."""

    choices = [s for s in spellings if s.strip(".").lower() != current.lower()]
    return choices[int(draw * len(choices))] if choices else current


def _write_other_names(ctx: Context, pop: Population) -> dict[int, list[tuple[str, str]]]:
    """Another spelling in Latin letters of the same Khmer name, for the calibrated share of the
    records written in Khmer (calibration.json ``other_spelling_share``): the spelling of the
    worker's passport, or of the family book for the others. Returns person id -> other names,
    for the search index."""

    rng = ctx.rng("names")
    records = pop.records
    share = float(calibration.figures()["other_spelling_share"]["value"])
    family_of, given_of = romanisations()
    role = pop.clusters["role"].to_numpy()[records["cluster"].to_numpy()]
    worker = np.isin(role, ["worker", "worker_hist"])
    khmer = (records["family_name_km"].fillna("") != "").to_numpy()
    chosen = np.flatnonzero(khmer & (rng.random(len(records)) < share))
    draws = rng.random((len(chosen), 2))
    first = bulk.next_id(PersonName)
    rows: list[dict[str, Any]] = []
    others: dict[int, list[tuple[str, str]]] = {}
    columns = [records[c].fillna("").to_numpy() for c in
               ("person_id", "family_name_km", "given_name_km", "family_name_latin", "given_name_latin")]  # fmt: skip
    for index, (draw_f, draw_g) in zip(chosen, draws, strict=True):
        pid, fkm, gkm, flat, glat = (column[index] for column in columns)
        family = _other(family_of.get(fkm, (flat,)), flat, draw_f)
        given = _other(given_of.get(gkm, (glat,)), glat, draw_g)
        if (family, given) == (flat, glat) or not (family or given):
            continue
        rows.append({
            "id": first + len(rows), "person_id": int(pid), "script": Script.LATIN, "family": family,
            "given": given, "kind": NameKind.SPELLING, "source": "passport" if worker[index] else "family book",
        })  # fmt: skip
        others.setdefault(int(pid), []).append((family, given))
    for _ in bulk.write_batches(PersonName, rows, batch=ctx.batch, detail=ctx.detail()):
        pass
    ctx.written.append(PersonName)
    return others


def _write_truth(ctx: Context, pop: Population) -> None:
    """``persons.csv`` in the linkage benchmark's layout (record_id = the person's id) and
    ``truth.csv`` (cluster id per record, first record, planted errors), for
    ``bench/linkage_bench.py`` and ``phlov linkage`` runs on the generated registry."""

    ctx.out.mkdir(parents=True, exist_ok=True)
    records = pop.records
    persons = records[["person_id", "family_name_km", "given_name_km", "family_name_latin", "given_name_latin",
                       "sex", "birth_date", "village_code", "phone", "national_id"]].rename(
        columns={"person_id": "record_id"})  # fmt: skip
    persons.to_csv(ctx.out / "persons.csv", index=False)
    truth = pd.DataFrame(
        {
            "record_id": records["person_id"],
            "cluster_id": records["cluster"],
            "first": records["first"],
            "errors": records["errors"].fillna(""),
        }
    )
    truth.to_csv(ctx.out / "truth.csv", index=False)
