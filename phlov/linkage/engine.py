"""Running a linkage: Splink on DuckDB (default) or Spark, trained without labels.

Training, in this order, is deterministic for a seed:

1. the prior (probability that two random records are the same person) from deterministic
   rules (same name and date of birth; same document and family name) and an assumed recall
   (:data:`phlov.linkage.model.DETERMINISTIC_RECALL`);
2. u probabilities from a seeded random sample of record pairs;
3. m probabilities by expectation maximisation on pairs blocked on the date of birth, on the
   document number, and on the name within a district (each session estimates the
   comparisons its blocking rule does not use).

Prediction scores the pairs the blocking rules produce; pairs at or above the review
threshold are kept with each comparison's match weight (the explanation), and records are
clustered by connected components over the pairs at or above the match threshold.
"""

from __future__ import annotations

import logging
import math
import os
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from phlov.linkage import model, starting

ENGINES = ("duckdb", "spark")
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Options:
    engine: str = "duckdb"
    match_threshold: float = 0.9  # clustered (the same person)
    review_threshold: float = 0.5  # kept; between the two: a person decides
    seed: int = 42
    u_max_pairs: float = 5e6
    em_max_pairs: float = 2e6
    explain: bool = True  # keep each comparison's weight per pair
    threads: int | None = None
    baseline: bool = False  # Splink's stock comparisons instead of Phlov's

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"unknown engine {self.engine!r}: choose one of {', '.join(ENGINES)}")
        if not 0 < self.review_threshold <= self.match_threshold <= 1:
            raise ValueError("thresholds: 0 < review <= match <= 1")


@dataclass
class Result:
    pairs: pd.DataFrame  # unique_id_l/r (and source_dataset_l/r), match_probability, match_weight, mw_*
    clusters: pd.DataFrame  # unique_id (and source_dataset), cluster_id
    model: dict[str, Any]  # the trained Splink model (JSON-able)
    levels: dict[str, list[dict[str, Any]]]  # comparison -> levels with label and weight
    timings: dict[str, float] = field(default_factory=dict)
    options: Options = field(default_factory=Options)

    def explain(self, row: pd.Series | dict[str, Any]) -> list[dict[str, Any]]:
        """Each comparison's level label and match weight for one pair of ``pairs``."""

        return explanation(row, self.levels)


def options_from_settings(**overrides: Any) -> Options:
    """Options from Django settings or the environment (``PHLOV_LINKAGE_ENGINE``,
    ``PHLOV_LINKAGE_MATCH_THRESHOLD``, ``PHLOV_LINKAGE_REVIEW_THRESHOLD``), then ``overrides``."""

    from django.conf import settings

    def setting(name: str, default: str) -> str:
        return str(getattr(settings, name, None) or os.environ.get(name) or default)

    values: dict[str, Any] = {
        "engine": setting("PHLOV_LINKAGE_ENGINE", "duckdb"),
        "match_threshold": float(setting("PHLOV_LINKAGE_MATCH_THRESHOLD", "0.9")),
        "review_threshold": float(setting("PHLOV_LINKAGE_REVIEW_THRESHOLD", "0.5")),
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Options(**values)


def _duckdb_api(threads: int | None) -> Any:
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect()
    if threads:
        connection.execute(f"SET threads TO {int(threads)}")
    return DuckDBAPI(connection)


def _spark_api(threads: int | None) -> Any:
    """Spark in local mode with Splink's similarity functions (jar shipped in the wheel)."""

    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location
    from splink.internals.spark.database_api import SparkAPI

    spark = (
        SparkSession.builder.master(f"local[{threads or '*'}]")
        .appName("phlov-linkage")
        .config("spark.ui.enabled", "false")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.memory", os.environ.get("PHLOV_SPARK_DRIVER_MEMORY", "4g"))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # Splink checkpoints intermediate tables (it breaks Spark's long lineage); a scratch folder.
    spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="phlov-spark-"))
    return SparkAPI(spark_session=spark)


def _to_backend(frame: pd.DataFrame, engine: str) -> Any:
    if engine == "spark":
        # Spark cannot infer a type for an all-null object column; text is what they are.
        frame = frame.copy()
        for column in frame.columns:
            if column == "alias_keys":
                frame[column] = frame[column].apply(lambda v: list(v) if isinstance(v, list | tuple) else [])
            elif frame[column].dtype == object:
                frame[column] = frame[column].astype("string")
        frame["yob"] = frame["yob"].astype("float64") if "yob" in frame else None
    return frame


def _levels(model_json: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """comparison -> [{level, label, weight}] from a trained model (null levels weigh 0)."""

    out: dict[str, list[dict[str, Any]]] = {}
    for comparison in model_json["comparisons"]:
        levels = []
        for index, level in enumerate(comparison["comparison_levels"]):
            m, u = level.get("m_probability"), level.get("u_probability")
            if level.get("is_null_level"):
                weight = 0.0
            elif m is None or u is None or u <= 0:
                weight = math.nan
            elif m <= 0:
                weight = -math.inf
            else:
                weight = math.log2(m / u)
            levels.append({"level": index, "label": level.get("label_for_charts", ""), "weight": weight})
        out[comparison["output_column_name"]] = levels
    return out


def explanation(row: Any, levels: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """[{comparison, label, weight}] for a predicted pair: the level whose weight the pair got
    (the term-frequency adjustment, where there is one, is added to the weight)."""

    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    out = []
    for comparison, options in levels.items():
        weight = get(f"mw_{comparison}")
        if weight is None or (isinstance(weight, float) and math.isnan(weight)):
            continue
        weight = float(weight)
        best = min(
            options,
            key=lambda o: (
                abs(o["weight"] - weight)
                if math.isfinite(o["weight"])
                else (0 if weight == o["weight"] else math.inf)
            ),
        )
        adjustment = get(f"mw_tf_adj_{comparison}") or 0.0
        out.append(
            {
                "comparison": comparison,
                "label": best["label"],
                "weight": round(weight + float(adjustment), 3) if math.isfinite(weight) else weight,
            }
        )
    return out


# Share of records assumed to have a duplicate when the data gives no estimate of its own.
FALLBACK_DUPLICATE_SHARE = 0.1


# With a handful of pairs EM estimates nothing, and with a single pair Splink's session leaves
# the model's settings half-rewritten (the comparisons outside the session vanish).
MIN_EM_PAIRS = 10
_EQUALITY = re.compile(r"^l\.(\w+) = r\.\1$")


def _pairs_meeting(frames: Sequence[pd.DataFrame], rule: str) -> int | None:
    """How many pairs an equi-join training rule (``l.a = r.a AND l.b = r.b``) yields over
    ``frames`` taken together, or None for a rule of another shape."""

    columns = []
    for clause in rule.split(" AND "):
        found = _EQUALITY.match(clause.strip())
        if found is None:
            return None
        columns.append(found.group(1))
    keys = pd.concat([f[columns] for f in frames if set(columns) <= set(f.columns)]).dropna()
    sizes = keys.groupby(columns).size()
    return int((sizes * (sizes - 1) // 2).sum())


def _trainable(frames: Sequence[pd.DataFrame], rule: str) -> bool:
    pairs = _pairs_meeting(frames, rule)
    return pairs is None or pairs >= MIN_EM_PAIRS


def _train(
    linker: Any,
    options: Options,
    rules: model.Rules,
    log: logging.Logger,
    records: int,
    sessions: Sequence[str],
    *,
    estimate: bool = True,
) -> None:
    """The prior from the deterministic rules; then, when ``estimate``, u by random sampling
    and m by EM over ``sessions`` (otherwise the levels keep the starting model's values)."""

    linker.training.estimate_probability_two_random_records_match(
        list(rules.deterministic), recall=model.DETERMINISTIC_RECALL
    )
    settings = linker._settings_obj
    if not settings._probability_two_random_records_match > 0:
        # No pair met a deterministic rule (a small registry with year-only birth dates and no
        # documents, say): a prior of 0 has no match weight. Assume instead that about one
        # record in ten has a duplicate somewhere in the data.
        fallback = min(0.5, FALLBACK_DUPLICATE_SHARE / max(records - 1, 1))
        log.warning("no pair met a deterministic rule; prior set to %.3g", fallback)
        settings._probability_two_random_records_match = fallback
    if not estimate:
        return
    # A tenth of all pairs is plenty for a small file, and far quicker than all of them.
    all_pairs = records * (records - 1) / 2
    u_pairs = max(min(options.u_max_pairs, all_pairs / 10), min(2e5, all_pairs))
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=options.seed)
    for rule in sessions:
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=options.em_max_pairs
            )
        except Exception as error:  # a session with no pairs (no documents in the data, say)
            log.warning("EM session on %s skipped: %s", rule, error)


def run(
    frames: Sequence[pd.DataFrame],
    options: Options | None = None,
    *,
    progress: Progress | None = None,
    link_type: str | None = None,
    custom: Callable[[str, str], tuple[Any, model.Rules]] | None = None,
) -> Result:
    """Link ``frames`` (feature frames from :func:`phlov.linkage.features.features`, or
    ``baseline_features`` for the baseline): one frame is deduplicated, two are linked (and
    each deduplicated too, unless ``link_type`` is "link_only"). ``custom`` gives another
    model (settings and training rules for a dialect and link type), for data that is not a
    person register: the FEBRL benchmark."""

    from splink import Linker

    options = options or Options()
    log = logging.getLogger("phlov.linkage")
    timings: dict[str, float] = {}
    step = [time.perf_counter()]

    def done(name: str, index: int) -> None:
        now = time.perf_counter()
        timings[name] = round(now - step[0], 3)
        step[0] = now
        if progress:
            progress(name, index, 4)

    link_type = link_type or ("dedupe_only" if len(frames) == 1 else "link_and_dedupe")
    api = _spark_api(options.threads) if options.engine == "spark" else _duckdb_api(options.threads)
    aliases = any("alias_keys" in f.columns for f in frames)
    settings: Any
    parameters = "trained"  # or "starting": the starting model's, for a small registry
    if custom is not None:
        settings, rules = custom(api.sql_dialect.sql_dialect_str, link_type)
    elif options.baseline:
        settings = model.baseline_settings(api.sql_dialect.sql_dialect_str, link_type=link_type)
        rules = model.BASELINE_RULES
    else:
        if aliases:
            frames = [
                f if "alias_keys" in f.columns else f.assign(alias_keys=[[] for _ in range(len(f))])
                for f in frames
            ]
        settings = model.phlov_settings(api.sql_dialect.sql_dialect_str, link_type=link_type, aliases=aliases)
        settings["retain_intermediate_calculation_columns"] = options.explain
        rules = model.PHLOV_RULES
    # Each training rule's pairs are counted once, here (a million records: a group-by each).
    sessions = [rule for rule in rules.training if _trainable(frames, rule)]
    for rule in (r for r in rules.training if r not in sessions):
        log.warning("EM session on %s skipped: fewer than %d pairs", rule, MIN_EM_PAIRS)
    if custom is None and not options.baseline and not sessions:
        # Nothing to train m on (a small registry, or one without birth dates and documents):
        # score with the starting model rather than with untrained defaults.
        starting.apply(settings, starting.load())
        parameters = "starting"
    tables = [
        api.register(_to_backend(frame, options.engine), dataset_display_name=f"records_{i}")
        for i, frame in enumerate(frames)
    ]
    linker = Linker(tables if len(tables) > 1 else tables[0], settings, log_level=logging.ERROR)
    done("load", 1)
    if parameters == "starting":
        log.warning("too few pairs to train on: the starting model's parameters")
    _train(
        linker, options, rules, log, sum(len(f) for f in frames), sessions, estimate=parameters == "trained"
    )
    done("train", 2)
    predictions = linker.inference.predict(
        threshold_match_probability=options.review_threshold, warning_mode="never"
    )
    done("predict", 3)
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, options.match_threshold
    )
    pairs = predictions.as_pandas_dataframe()
    keep = ["cluster_id", "unique_id", *(["source_dataset"] if len(frames) > 1 else [])]
    clusters = clustered.as_pandas_dataframe()[keep]
    done("cluster", 4)
    model_json = linker.misc.save_model_to_json()
    model_json["phlov_parameters"] = parameters
    if options.engine == "spark":
        api.spark.stop()
    return Result(
        pairs=pairs,
        clusters=clusters,
        model=model_json,
        levels=_levels(model_json),
        timings=timings,
        options=options,
    )
