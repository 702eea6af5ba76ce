"""Pairwise precision, recall and F1 of clusters against a ground truth.

A pair of records counts as linked when the two are in the same predicted cluster, and as a
true match when they share a true cluster id; counts come from cluster sizes (``n(n-1)/2``),
so a million records need no list of pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Scores:
    true_positives: int
    predicted_pairs: int
    true_pairs: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "true_positives": self.true_positives,
            "predicted_pairs": self.predicted_pairs,
            "true_pairs": self.true_pairs,
        }


def _pairs(groups: pd.Series) -> int:
    sizes = groups.value_counts()
    return int((sizes * (sizes - 1) // 2).sum())


def pairwise_scores(predicted: pd.Series, truth: pd.Series) -> Scores:
    """``predicted`` and ``truth``: cluster ids of the same records (aligned by index)."""

    frame = pd.DataFrame({"p": predicted, "t": truth}).dropna()
    both = frame.groupby(["p", "t"]).ngroup()
    return Scores(
        true_positives=_pairs(both), predicted_pairs=_pairs(frame["p"]), true_pairs=_pairs(frame["t"])
    )


def scores_from_pairs(pairs: pd.DataFrame, truth: pd.Series, threshold: float) -> Scores:
    """Scores of the pairs themselves (no transitive closure): ``pairs`` has unique_id_l/r and
    match_probability; ``truth`` maps record id to true cluster id."""

    linked = pairs[pairs["match_probability"] >= threshold]
    same = linked["unique_id_l"].map(truth).to_numpy() == linked["unique_id_r"].map(truth).to_numpy()
    return Scores(true_positives=int(same.sum()), predicted_pairs=len(linked), true_pairs=_pairs(truth))
