"""The engine finds the planted duplicates, explains its weights, and beats Splink's stock model.

The floor: on this set (3,000 records, seed 8) Phlov's model reaches a pairwise F1 of about
0.98 and the stock comparisons about 0.81. The test asks for 0.95, the 1M benchmark's target:
a smaller set has fewer namesakes than a million records, so it must do at least as well;
the margin leaves room for a Splink or DuckDB upgrade moving EM's estimates a little, not
for a regression in the comparisons.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from phlov.linkage import engine
from phlov.linkage.benchmark import generate
from phlov.linkage.evaluation import pairwise_scores, scores_from_pairs
from phlov.linkage.features import baseline_features, features
from phlov.linkage.labels import COMPARISONS, LEVELS

F1_FLOOR = 0.95
RECORDS = 3000


@pytest.fixture(scope="module")
def data() -> tuple[pd.DataFrame, pd.Series]:
    made = generate(RECORDS, seed=8, villages_source="package")
    records = made.records.rename(columns={"phone": "phones", "national_id": "documents"})
    return records, made.truth.set_index("record_id")["cluster_id"]


@pytest.fixture(scope="module")
def phlov_result(data: tuple[pd.DataFrame, pd.Series]) -> engine.Result:
    return engine.run([features(data[0])], engine.Options(threads=2))


@pytest.fixture(scope="module")
def baseline_result(data: tuple[pd.DataFrame, pd.Series]) -> engine.Result:
    return engine.run([baseline_features(data[0])], engine.Options(threads=2, baseline=True, explain=False))


def _f1(result: engine.Result, truth: pd.Series) -> float:
    clusters = result.clusters.set_index("unique_id")["cluster_id"]
    return pairwise_scores(clusters, truth.reindex(clusters.index)).f1


def test_finds_the_planted_duplicates(
    phlov_result: engine.Result, data: tuple[pd.DataFrame, pd.Series]
) -> None:
    f1 = _f1(phlov_result, data[1])
    print(f"pairwise F1 of Phlov's model on {RECORDS} records: {f1:.4f}")
    assert f1 >= F1_FLOOR
    assert set(phlov_result.clusters["unique_id"]) == set(data[0]["record_id"])


def test_beats_the_stock_model(
    phlov_result: engine.Result, baseline_result: engine.Result, data: tuple[pd.DataFrame, pd.Series]
) -> None:
    ours, theirs = _f1(phlov_result, data[1]), _f1(baseline_result, data[1])
    print(f"pairwise F1: Phlov {ours:.4f}, Splink's default comparisons {theirs:.4f}")
    assert ours > theirs + 0.05


def test_links_across_scripts(phlov_result: engine.Result, data: tuple[pd.DataFrame, pd.Series]) -> None:
    """Pairs where one record has the name only in Khmer script and the other only in Latin
    letters: the plain-string baseline cannot see these as the same name."""

    records, truth = data
    only = records.set_index("record_id")
    khmer = set(only.index[(only["family_name_latin"] == "") & (only["family_name_km"] != "")])
    latin = set(only.index[(only["family_name_km"] == "") & (only["family_name_latin"] != "")])
    linked = phlov_result.clusters.set_index("unique_id")["cluster_id"]
    found = total = 0
    for _, ids in truth.groupby(truth).groups.items():
        ids = list(ids)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if (a in khmer and b in latin) or (a in latin and b in khmer):
                    total += 1
                    found += linked[a] == linked[b]
    assert total > 30 and found / total > 0.9


def test_every_pair_is_explained(phlov_result: engine.Result) -> None:
    row = phlov_result.pairs.sort_values("match_probability").iloc[0]
    explained = phlov_result.explain(row)
    assert {e["comparison"] for e in explained} <= set(COMPARISONS)
    assert all(e["label"] in LEVELS for e in explained)
    assert math.isclose(
        sum(e["weight"] for e in explained if math.isfinite(e["weight"])),
        float(row["match_weight"])
        - math.log2(
            phlov_result.model["probability_two_random_records_match"]
            / (1 - phlov_result.model["probability_two_random_records_match"])
        ),
        abs_tol=0.05,
    )


def test_pairs_above_the_review_threshold_only(
    phlov_result: engine.Result, data: tuple[pd.DataFrame, pd.Series]
) -> None:
    assert phlov_result.pairs["match_probability"].min() >= phlov_result.options.review_threshold
    scores = scores_from_pairs(phlov_result.pairs, data[1], phlov_result.options.match_threshold)
    assert scores.precision > 0.98


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="engine"):
        engine.Options(engine="oracle")
    with pytest.raises(ValueError, match="thresholds"):
        engine.Options(match_threshold=0.4, review_threshold=0.6)
