"""``phlov linkage link``: one file deduplicated, two files linked, Khmer and English headers;
``phlov linkage make-benchmark`` writes the two files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from phlov.linkage.benchmark import generate
from phlov.linkage.columns import map_headers
from phlov.linkage.evaluation import pairwise_scores

KHMER_HEADERS = {
    "family_name_km": "នាមត្រកូល", "given_name_km": "នាមខ្លួន", "sex": "ភេទ", "birth_date": "ថ្ងៃខែឆ្នាំកំណើត",
    "village_code": "ភូមិ", "phone": "លេខទូរស័ព្ទ", "national_id": "អត្តសញ្ញាណប័ណ្ណ",
}  # fmt: skip


@pytest.fixture(scope="module")
def made() -> tuple[pd.DataFrame, pd.DataFrame]:
    bench = generate(1500, seed=21, villages_source="package")
    return bench.records, bench.truth


def test_headers_in_khmer_and_english_are_understood() -> None:
    mapping = map_headers(["Surname", "First name", "ថ្ងៃខែឆ្នាំកំណើត", "Mobile", "notes", "ភូមិ"])
    assert mapping == {
        "Surname": "family_name_latin", "First name": "given_name_latin", "ថ្ងៃខែឆ្នាំកំណើត": "birth_date",
        "Mobile": "phones", "ភូមិ": "village_code",
    }  # fmt: skip


def test_deduplicates_one_file(tmp_path: Path, made: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    records, truth = made
    source = tmp_path / "persons.csv"
    records.rename(columns=KHMER_HEADERS).assign(notes="kept as is").to_csv(source, index=False)
    out, pairs = tmp_path / "clusters.csv", tmp_path / "pairs.csv"
    call_command(
        "linkage",
        "link",
        str(source),
        "--out",
        str(out),
        "--pairs",
        str(pairs),
        "--threads",
        "2",
        "--language",
        "en",
    )
    result = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(result) == len(records)
    assert {"cluster_id", "match_probability", "explanation", "notes", "នាមត្រកូល"} <= set(result.columns)
    scores = pairwise_scores(
        result.set_index("record_id")["cluster_id"], truth.set_index("record_id")["cluster_id"]
    )
    assert scores.f1 > 0.95
    linked = result[result["match_probability"] != ""]
    assert linked["explanation"].str.contains("Family name: ").all()
    written = pd.read_csv(pairs)
    assert {"unique_id_l", "unique_id_r", "match_probability", "match_weight", "explanation"} <= set(
        written.columns
    )


def test_links_two_files(tmp_path: Path, made: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    records, truth = made
    first_of = truth["first"].to_numpy()
    shelter, returnees = tmp_path / "shelter.csv", tmp_path / "returnees.csv"
    records[first_of].to_csv(shelter, index=False)
    # The other list names its columns its own way.
    records[~first_of].rename(
        columns={"family_name_latin": "Surname", "given_name_latin": "Given name"}
    ).to_csv(returnees, index=False)
    out = tmp_path / "linked.csv"
    call_command("linkage", "link", str(shelter), str(returnees), "--out", str(out), "--threads", "2")
    result = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(result) == len(records) and set(result["source_file"]) == {"shelter.csv", "returnees.csv"}
    clusters = result.set_index(["source_file", "record_id"])["cluster_id"]
    truth_by_id = truth.set_index("record_id")["cluster_id"]
    keys = clusters.index.get_level_values("record_id")
    scores = pairwise_scores(pd.Series(clusters.to_numpy()), pd.Series(truth_by_id.reindex(keys).to_numpy()))
    assert scores.f1 > 0.95


def test_refuses_a_file_without_names(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    pd.DataFrame({"phone": ["012 345 678"]}).to_csv(path, index=False)
    with pytest.raises(CommandError, match="no column holds a name"):
        call_command("linkage", "link", str(path), "--out", str(tmp_path / "out.csv"))


def test_make_benchmark_writes_records_and_truth(tmp_path: Path) -> None:
    call_command(
        "linkage",
        "make-benchmark",
        "--persons",
        "300",
        "--seed",
        "4",
        "--out",
        str(tmp_path),
        "--villages",
        "package",
    )
    records = pd.read_csv(tmp_path / "persons.csv", dtype=str, keep_default_na=False)
    truth = pd.read_csv(tmp_path / "truth.csv", dtype=str, keep_default_na=False)
    assert len(records) == len(truth) == 300 and "cluster_id" not in records.columns
    expected = generate(300, seed=4, villages_source="package").records
    pd.testing.assert_frame_equal(records, expected)
