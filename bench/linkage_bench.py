"""Record-linkage benchmark (not a test): Phlov's Khmer-aware model and Splink's default
comparisons on the same generated records, then FEBRL4.

    PHLOV_TESTING=1 .venv/bin/python bench/linkage_bench.py --records 1000000 --seed 11 --out var/linkage-bench

Generates ``persons.csv`` and ``truth.csv`` (phlov.linkage.benchmark) unless they are there,
then links them once per model, each in a child process of its own so that its wall time and
peak memory (the child's own ``ru_maxrss``) are its own: reading the CSV, computing the features,
training (prior, u, EM), predicting and clustering. Pairwise precision, recall and F1 of the
clusters (connected components at the match threshold) against the ground truth follow, and
the FEBRL4 figures (bench/linkage_febrl.py). Everything is printed as JSON and written to
``OUT/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phlov.settings")
os.environ.setdefault("PHLOV_TESTING", "1")


def child(model_name: str, folder: Path, threads: int | None) -> dict[str, Any]:
    """One model on the benchmark: what the parent measures from outside, plus the scores."""

    import pandas as pd

    from phlov.linkage import engine
    from phlov.linkage.columns import read_records
    from phlov.linkage.evaluation import pairwise_scores
    from phlov.linkage.features import baseline_features, features

    started = time.perf_counter()
    _, records = read_records(folder / "persons.csv")
    make = baseline_features if model_name == "baseline" else features
    frame = make(records)
    prepared = time.perf_counter() - started
    options = engine.Options(baseline=model_name == "baseline", explain=False, threads=threads)
    result = engine.run([frame], options)
    seconds = time.perf_counter() - started
    truth = pd.read_csv(folder / "truth.csv", dtype=str).set_index("record_id")["cluster_id"]
    clusters = result.clusters.set_index("unique_id")["cluster_id"]
    scores = pairwise_scores(clusters, truth.reindex(clusters.index))
    return {
        "model": model_name,
        "records": len(records),
        "seconds": round(seconds, 1),
        "stages": {"read_and_features": round(prepared, 1), **result.timings},
        "candidate_pairs_kept": len(result.pairs),
        "match_threshold": options.match_threshold,
        # The child's own peak resident set (DuckDB works inside this process).
        "peak_rss_gib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2, 2),
        **scores.as_dict(),
    }


def measured(model_name: str, folder: Path, threads: int | None) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", model_name, "--out", str(folder)]
    if threads:
        command += ["--threads", str(threads)]
    started = time.perf_counter()
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    figures = json.loads(output.strip().splitlines()[-1])
    # Wall time of the whole process: the interpreter, Django and Splink imports included.
    figures["process_wall_seconds"] = round(time.perf_counter() - started, 1)
    return figures


def machine() -> dict[str, Any]:
    memory = (
        Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        if Path("/proc/meminfo").exists()
        else "?"
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    import duckdb
    import splink

    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(int(memory) / 1024**2, 1) if memory != "?" else "?",
        "python": platform.python_version(), "splink": splink.__version__, "duckdb": duckdb.__version__,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", default="var/linkage-bench")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--models", default="phlov,baseline")
    parser.add_argument("--no-febrl", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = Path(args.out)
    if args.child:
        import django

        django.setup()
        print(json.dumps(child(args.child, folder, args.threads)))
        return
    import django

    django.setup()
    from phlov.linkage.benchmark import write_benchmark

    results: dict[str, Any] = {"machine": machine(), "records": args.records, "seed": args.seed}
    if not (folder / "persons.csv").exists():
        started = time.perf_counter()
        write_benchmark(args.records, args.seed, folder, villages_source="package")
        results["generation_seconds"] = round(time.perf_counter() - started, 1)
    results["models"] = [measured(name, folder, args.threads) for name in args.models.split(",")]
    if not args.no_febrl:
        from linkage_febrl import run as febrl

        results["febrl4"] = febrl()
    text = json.dumps(results, indent=2)
    (folder / "results.json").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
