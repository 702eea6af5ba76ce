"""The benchmark generator: deterministic for a seed, real places, the clerks' errors planted."""

from __future__ import annotations

import pandas as pd
import pytest

from phlov.linkage.benchmark import ERROR_KINDS, RATES, generate
from phlov.linkage.features import features, phone_key
from phlov.linkage.geography import villages
from phlov.people.names import is_khmer, name_key

N = 4000


@pytest.fixture(scope="module")
def bench() -> tuple[pd.DataFrame, pd.DataFrame]:
    made = generate(N, seed=5, villages_source="package")
    return made.records, made.truth


def test_same_seed_same_files_other_seed_other_files() -> None:
    first, again, other = (generate(600, seed=s, villages_source="package") for s in (1, 1, 2))
    pd.testing.assert_frame_equal(first.records, again.records)
    pd.testing.assert_frame_equal(first.truth, again.truth)
    assert not first.records.equals(other.records)


def test_shape_ids_and_truth(bench: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    records, truth = bench
    assert len(records) == len(truth) == N
    assert records["record_id"].is_unique and list(records["record_id"]) == list(truth["record_id"])
    sizes = truth.groupby("cluster_id").size()
    assert sizes.max() <= 5 and 0.55 < (sizes == 1).mean() < 0.85
    # One first record per person, and only duplicates carry errors.
    assert truth.groupby("cluster_id")["first"].sum().eq(1).all()
    assert truth.loc[truth["first"], "errors"].eq("").all()


def test_every_kind_of_error_is_planted_at_about_its_rate(bench: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _, truth = bench
    duplicates = truth[~truth["first"]]
    kinds = duplicates["errors"].str.split("|").explode()
    counts = kinds[kinds != ""].value_counts()
    assert set(counts.index) == set(ERROR_KINDS)
    for kind, rate in RATES.items():
        if kind in ("id_missing", "id_typo", "village_same_commune", "phone_typo"):
            continue  # conditional on the person having an ID, a commune of several villages, a phone
        assert abs(counts[kind] / len(duplicates) - rate) < 0.05 + rate * 0.5, kind


def test_values_look_like_cambodian_records(bench: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    records, _ = bench
    codes = set(villages("package")["village"])
    placed = records.loc[records["village_code"] != "", "village_code"]
    assert placed.isin(codes).all()
    phones = records.loc[records["phone"] != "", "phone"]
    assert phones.map(phone_key).str.match(r"^\+855[1-9]\d{7,8}$").all()
    assert records["national_id"].str.fullmatch(r"(\d{9})?").all()
    assert records["family_name_km"].map(lambda t: t == "" or is_khmer(t)).all()
    khmer_only = (records["family_name_latin"] == "") & (records["family_name_km"] != "")
    latin_only = (records["family_name_km"] == "") & (records["family_name_latin"] != "")
    assert khmer_only.mean() > 0.15 and latin_only.mean() > 0.2
    assert records["birth_date"].str.fullmatch(r"(\d{4}-\d\d-\d\d|\d\d/\d\d/\d{4}|\d{4})?").all()


def _by_id(records: pd.DataFrame) -> pd.DataFrame:
    return records.set_index("record_id")


def test_planted_errors_are_what_they_say(bench: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    records, truth = bench
    rows = _by_id(records)
    firsts = truth[truth["first"]].set_index("cluster_id")["record_id"]
    seen = set()
    for record_id, cluster, errors in truth.loc[
        ~truth["first"], ["record_id", "cluster_id", "errors"]
    ].itertuples(index=False):
        kinds = set(errors.split("|"))
        mine, original = rows.loc[record_id], rows.loc[firsts[cluster]]
        if kinds == {"swapped"}:
            mine_family = name_key(mine["family_name_latin"] or mine["family_name_km"])
            theirs_given = name_key(original["given_name_latin"] or original["given_name_km"])
            assert mine_family == theirs_given or "" in (mine_family, theirs_given)
            seen.add("swapped")
        if "dob_missing" in kinds:
            assert mine["birth_date"] == ""
            seen.add("dob_missing")
        if "dob_year_only" in kinds:
            assert len(mine["birth_date"]) == 4
            seen.add("dob_year_only")
        if "khmer_only" in kinds:
            assert (
                mine["family_name_latin"] == "" and mine["given_name_latin"] == "" and mine["family_name_km"]
            )
            seen.add("khmer_only")
        if "village_same_commune" in kinds and "village_missing" not in kinds:
            places = villages("package").set_index("village")["commune"]
            if original["village_code"]:
                assert mine["village_code"] != original["village_code"]
                assert places[mine["village_code"]] == places[original["village_code"]]
                seen.add("village_same_commune")
    assert seen == {"swapped", "dob_missing", "dob_year_only", "khmer_only", "village_same_commune"}


def test_features_read_the_generated_columns(bench: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    records, _ = bench
    frame = features(records.rename(columns={"phone": "phones", "national_id": "documents"}))
    assert frame["fam1"].notna().all() and frame["giv1"].notna().all()
    assert frame["yob"].notna().mean() > 0.8 and frame["province"].notna().mean() > 0.9
    assert set(frame["sex"].dropna()) == {"f", "m"}
