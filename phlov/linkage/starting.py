"""The starting model: m and u probabilities for a registry too small to train on.

Unsupervised training needs volume: u probabilities are sampled from random pairs, and EM
needs hundreds of pairs per training rule. A new deployment or a small NGO registry has a few
hundred records at most, where a shared document number may be seen once, so its sampled u
is 1 and its weight nothing. When no training rule yields enough pairs for EM
(``engine.MIN_EM_PAIRS``), Phlov therefore scores with the parameters learnt on the synthetic
province registry, written to
``data/starting_model.json`` by ``phlov linkage starting-model --from-run N`` together with
where they came from. Only the prior (how many duplicates to expect) is still estimated from
the registry itself.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

STARTING_MODEL_PATH = Path(__file__).resolve().parent / "data" / "starting_model.json"

Levels = dict[str, dict[str, dict[str, float]]]  # comparison -> level label -> {m, u}


def from_trained(trained: dict[str, Any], *, source: str) -> dict[str, Any]:
    """The starting model of a trained Splink model (``LinkageRun.trained_model``)."""

    levels: Levels = {}
    for comparison in trained.get("comparisons", []):
        out: dict[str, dict[str, float]] = {}
        for level in comparison["comparison_levels"]:
            m, u = level.get("m_probability"), level.get("u_probability")
            if level.get("is_null_level") or m is None or u is None:
                continue
            out[level.get("label_for_charts", "")] = {"m": float(m), "u": float(u)}
        levels[comparison["output_column_name"]] = out
    return {"source": source, "written": datetime.date.today().isoformat(), "levels": levels}


def load(path: Path = STARTING_MODEL_PATH) -> Levels:
    return json.loads(path.read_text(encoding="utf-8"))["levels"]


def apply(settings: dict[str, Any], levels: Levels) -> int:
    """Set each level's starting m and u in a Phlov settings dictionary (levels whose values
    are fixed by the model keep them); return how many levels were set."""

    count = 0
    for comparison in settings["comparisons"]:
        known = levels.get(comparison["output_column_name"], {})
        for level in comparison["comparison_levels"]:
            values = known.get(level.get("label_for_charts", ""))
            if values is None or level.get("is_null_level") or level.get("fix_m_probability"):
                continue
            level["m_probability"], level["u_probability"] = values["m"], values["u"]
            count += 1
    return count
