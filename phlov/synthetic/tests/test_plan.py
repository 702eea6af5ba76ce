"""Who is who, before anything is written: deterministic for a seed, calibrated on the tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from phlov.synthetic import calibration
from phlov.synthetic.context import build_context, province_of
from phlov.synthetic.people import plan_population


def _plan(scale: str, seed: int, tmp: Path) -> Any:
    return plan_population(build_context(scale, seed, None, tmp))


@pytest.mark.django_db
def test_same_seed_same_population_other_seed_other(tmp_path: Path) -> None:
    one = _plan("demo", 5, tmp_path)
    two = _plan("demo", 5, tmp_path)
    other = _plan("demo", 6, tmp_path)
    pd.testing.assert_frame_equal(one.records, two.records)
    pd.testing.assert_frame_equal(one.clusters, two.clusters)
    assert not one.records["family_name_latin"].equals(other.records["family_name_latin"])


@pytest.mark.django_db
def test_province_shares_follow_table_1_and_cohorts_are_exact(tmp_path: Path) -> None:
    pop = _plan("province", 1, tmp_path)
    clusters = pop.clusters[~pop.clusters["foreign"]]
    weights = calibration.province_weights()
    total = sum(weights.values())
    shares = clusters["province"].value_counts(normalize=True)
    for name, weight in weights.items():
        code = province_of(name).code
        # about 47,000 people: a share's standard error is under 0.002
        assert abs(shares.get(code, 0.0) - weight / total) < 0.01, name
    assert set(shares.index) <= {province_of(n).code for n in weights}
    # Table 2's victims and 003's workers are there one true person each, as printed.
    assert (pop.clusters["role"] == "victim_t2").sum() == sum(r.number for r in calibration.repatriations())
    hist = pop.clusters[pop.clusters["role"] == "worker_hist"]
    got = pop.hist.iloc[hist["role_row"].to_numpy()].assign(sex=hist["sex"].to_numpy())
    counts = got.groupby(["destination", "year", "sector", "sex"]).size()
    for cell in calibration.deployments():
        assert counts[(cell.destination, cell.year, cell.sector, cell.sex)] == cell.count
    # Exactly the scale's number of person records; one first record per true person.
    assert len(pop.records) == calibration.scales()["province"]["records"]
    assert pop.records.groupby("cluster")["first"].sum().eq(1).all()
    women = (pop.clusters.loc[pop.clusters["role"] == "worker", "sex"] == "female").mean()
    assert abs(women - calibration.figures()["worker_women_share"]["value"]) < 0.02
    assert np.all(pop.clusters["age"] >= 0)
