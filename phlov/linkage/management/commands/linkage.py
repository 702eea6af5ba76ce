"""``phlov linkage run | link | make-benchmark``.

* ``run``: link the whole registry; candidate pairs, clusters and the review queue are
  written to the database (one audit event).
* ``link A.csv [B.csv] --out clusters.csv``: deduplicate one file or link two, writing each
  row with its cluster id, match probability and the explanation; nothing is loaded into the
  registry.
* ``make-benchmark --persons N --seed S --out DIR``: the labelled synthetic benchmark.
* ``starting-model --from-run N``: write a run's trained m and u as the starting model that
  registries too small to train on score with (see ``phlov.linkage.starting``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phlov.linkage import engine
from phlov.linkage.columns import read_records
from phlov.linkage.features import features
from phlov.linkage.labels import comparison_label, level_label


def _bar(stage: str, done: int, total: int) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    sys.stderr.write(f"\r{stage:<10} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _explained(items: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{comparison_label(i['comparison'])}: {level_label(i['label'])} ({i['weight']:+.1f})" for i in items
    )


class Command(BaseCommand):
    help = "Record linkage: 'run' over the registry, 'link' CSV files, 'make-benchmark'."

    def add_arguments(self, parser: CommandParser) -> None:
        tasks = parser.add_subparsers(dest="task", required=True)
        for name, helptext in (
            ("run", "link every person of the registry"),
            ("link", "deduplicate or link CSV files"),
        ):
            task = tasks.add_parser(name, help=helptext)
            task.add_argument(
                "--engine", choices=engine.ENGINES, help="default: PHLOV_LINKAGE_ENGINE or duckdb"
            )
            task.add_argument("--match-threshold", type=float, help="clustered at or above (default 0.9)")
            task.add_argument(
                "--review-threshold", type=float, help="kept (and reviewed) at or above (default 0.5)"
            )
            task.add_argument("--seed", type=int, default=42, help="seed of the training's random sampling")
            task.add_argument("--threads", type=int, help="DuckDB threads / Spark local cores (default: all)")
            if name == "run":
                task.add_argument(
                    "--actor", help="user name of the person running it (audited; default: the system)"
                )
            else:
                task.add_argument(
                    "files", nargs="+", metavar="FILE.csv", help="one file to deduplicate, two to link"
                )
                task.add_argument("--out", required=True, help="CSV to write: each row with its cluster")
                task.add_argument(
                    "--pairs", help="also write the candidate pairs with their explanation here"
                )
                task.add_argument(
                    "--baseline", action="store_true", help="Splink's default comparisons (for comparison)"
                )
                task.add_argument(
                    "--language",
                    choices=("km", "en"),
                    help="of the explanations (default: PHLOV_DEFAULT_LANGUAGE)",
                )
        bench = tasks.add_parser("make-benchmark", help="generate the labelled synthetic benchmark")
        bench.add_argument("--persons", type=int, required=True, help="number of person records")
        bench.add_argument("--seed", type=int, default=0)
        bench.add_argument("--out", required=True, help="folder for persons.csv and truth.csv")
        bench.add_argument("--villages", choices=("auto", "database", "package"), default="auto")
        start = tasks.add_parser(
            "starting-model", help="save a run's trained parameters as the starting model"
        )
        start.add_argument("--from-run", type=int, required=True, help="id of a finished linkage run")
        start.add_argument("--source", required=True, help="what data the run linked (kept in the file)")
        start.add_argument("--out", help="default: the starting model shipped with Phlov")

    def handle(self, *args: Any, **options: Any) -> None:
        task = options["task"]
        if task == "make-benchmark":
            self.make_benchmark(options)
        elif task == "starting-model":
            self.starting_model(options)
        elif task == "link":
            self.link(options)
        else:
            self.run(options)

    def _options(self, options: dict[str, Any], **extra: Any) -> engine.Options:
        try:
            return engine.options_from_settings(
                engine=options.get("engine"), match_threshold=options.get("match_threshold"),
                review_threshold=options.get("review_threshold"), seed=options.get("seed"),
                threads=options.get("threads"), **extra,
            )  # fmt: skip
        except ValueError as error:
            raise CommandError(str(error)) from None

    def make_benchmark(self, options: dict[str, Any]) -> None:
        from phlov.linkage.benchmark import write_benchmark

        started = time.perf_counter()
        records, truth = write_benchmark(
            options["persons"], options["seed"], options["out"], villages_source=options["villages"]
        )
        self.stdout.write(f"{records} and {truth} written in {time.perf_counter() - started:.1f} s")

    def starting_model(self, options: dict[str, Any]) -> None:
        import json

        from phlov.linkage import starting
        from phlov.linkage.models import LinkageRun

        run = LinkageRun.objects.filter(pk=options["from_run"], finished_at__isnull=False).first()
        if run is None or run.trained_model.get("phlov_parameters", "trained") != "trained":
            raise CommandError(f"no finished, trained linkage run #{options['from_run']}")
        source = f"{options['source']}; linkage run #{run.pk} over {run.records} records, model {run.model_version}"
        path = Path(options.get("out") or starting.STARTING_MODEL_PATH)
        written = starting.from_trained(run.trained_model, source=source)
        path.write_text(json.dumps(written, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        levels = sum(len(v) for v in written["levels"].values())
        self.stdout.write(f"{levels} levels written to {path}")

    def run(self, options: dict[str, Any]) -> None:
        from phlov.accounts.models import User
        from phlov.linkage.registry import run_registry_linkage

        actor = None
        if options.get("actor"):
            actor = User.objects.filter(username=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError(f"no active user {options['actor']!r}")
        run = run_registry_linkage(actor=actor, options=self._options(options), progress=_bar)
        self.stdout.write(
            f"run #{run.pk}: {run.records} records, {run.pair_count} candidate pairs, {run.cluster_count} clusters "
            f"({run.timings})"
        )

    def link(self, options: dict[str, Any]) -> None:
        from django.conf import settings
        from django.utils import translation

        with translation.override(options.get("language") or settings.LANGUAGE_CODE):
            self._link(options)

    def _link(self, options: dict[str, Any]) -> None:
        paths = [Path(p) for p in options["files"]]
        if len(paths) > 2:
            raise CommandError("one file to deduplicate, or two to link")
        raws, frames = [], []
        for path in paths:
            try:
                raw, records = read_records(path)
            except (OSError, ValueError) as error:
                raise CommandError(str(error)) from None
            raws.append(raw)
            frames.append(records)
        run_options = self._options(options, baseline=options["baseline"])
        if options["baseline"]:
            from phlov.linkage.features import baseline_features as make
        else:
            make = features
        result = engine.run([make(f) for f in frames], run_options, progress=_bar)
        self.write_clusters(paths, raws, frames, result, Path(options["out"]))
        if options.get("pairs"):
            self.write_pairs(result, Path(options["pairs"]))
        linked = result.clusters.groupby("cluster_id")["unique_id"].transform("size").gt(1).sum()
        self.stdout.write(
            f"{options['out']}: {sum(len(r) for r in raws)} rows, {linked} in a cluster of two or more"
        )

    def write_clusters(
        self,
        paths: list[Path],
        raws: list[pd.DataFrame],
        frames: list[pd.DataFrame],
        result: engine.Result,
        out: Path,
    ) -> None:
        pairs = result.pairs.sort_values("match_probability", ascending=False)
        two = len(paths) > 1
        best: dict[tuple[str, str], tuple[float, str]] = {}
        for row in pairs.to_dict("records"):
            for side in ("l", "r"):
                key = (
                    str(row.get(f"source_dataset_{side}", "")) if two else "",
                    str(row[f"unique_id_{side}"]),
                )
                if key not in best and row["match_probability"] >= result.options.match_threshold:
                    best[key] = (float(row["match_probability"]), _explained(result.explain(row)))
        clusters = result.clusters.copy()
        clusters["key_source"] = clusters["source_dataset"].astype(str) if two else ""
        lookup = {
            (s, str(u)): c
            for s, u, c in clusters[["key_source", "unique_id", "cluster_id"]].itertuples(index=False)
        }
        written = []
        for index, (path, raw, frame) in enumerate(zip(paths, raws, frames, strict=True)):
            source = f"records_{index}" if two else ""
            out_frame = raw.copy()
            ids = frame["record_id"].astype(str)
            if two:
                out_frame.insert(0, "source_file", path.name)
            out_frame["cluster_id"] = [lookup.get((source, i), "") for i in ids]
            out_frame["match_probability"] = [
                f"{best[(source, i)][0]:.4f}" if (source, i) in best else "" for i in ids
            ]
            out_frame["explanation"] = [best[(source, i)][1] if (source, i) in best else "" for i in ids]
            written.append(out_frame)
        pd.concat(written, ignore_index=True).to_csv(out, index=False)

    def write_pairs(self, result: engine.Result, out: Path) -> None:
        columns = [c for c in result.pairs.columns if c.startswith(("unique_id", "source_dataset"))]
        frame = result.pairs[[*columns, "match_probability", "match_weight"]].copy()
        frame["explanation"] = [_explained(result.explain(row)) for row in result.pairs.to_dict("records")]
        frame.sort_values("match_probability", ascending=False).to_csv(out, index=False)
