"""The same model on Spark in local mode (about 80 s for 3,000 records on two idle cores: Spark
starts a JVM and runs a few hundred stages). ``make test`` installs pyspark (``.[spark]``) and
a Java runtime; the test is skipped without them, or with ``PHLOV_SKIP_SPARK=1`` (CI's second
run, on PostgreSQL, which Spark does not touch)."""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest

from phlov.linkage import engine
from phlov.linkage.benchmark import generate
from phlov.linkage.evaluation import pairwise_scores
from phlov.linkage.features import features

pytestmark = pytest.mark.skipif(
    os.environ.get("PHLOV_SKIP_SPARK") == "1"
    or importlib.util.find_spec("pyspark") is None
    or shutil.which("java") is None,
    reason="needs pyspark and Java (make test installs both), and PHLOV_SKIP_SPARK unset",
)


def test_spark_links_like_duckdb() -> None:
    made = generate(3000, seed=8, villages_source="package")
    frame = features(made.records.rename(columns={"phone": "phones", "national_id": "documents"}))
    result = engine.run([frame], engine.Options(engine="spark", threads=2))
    assert set(result.clusters["unique_id"].astype(str)) == set(frame["unique_id"])
    truth = made.truth.set_index("record_id")["cluster_id"]
    clusters = result.clusters.assign(unique_id=result.clusters["unique_id"].astype(str)).set_index(
        "unique_id"
    )["cluster_id"]
    assert pairwise_scores(clusters, truth.reindex(clusters.index)).f1 >= 0.95
    explained = result.explain(result.pairs.iloc[0])
    assert {e["comparison"] for e in explained} >= {"family_name", "given_name", "birth_date"}
