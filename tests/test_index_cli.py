"""``modelaudit index build|info`` and ``modelaudit hub mismatches|descendants|stats`` from the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from helpers import run_cli
from hubdump import Row, write_dump

ROWS = [
    Row("meta-llama/Llama-3.1-8B", "llama3.1"),
    Row("q/gguf", "apache-2.0", ["meta-llama/Llama-3.1-8B"], "quantized"),
    Row("t/none", None, ["meta-llama/Llama-3.1-8B"], "finetune"),
    Row("google/gemma-2", "gemma"),
    Row("g/ft", "mit", ["google/gemma-2"], "finetune"),
]


@pytest.fixture
def index(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    dump = write_dump(tmp_path / "dump.parquet", ROWS)
    path = tmp_path / "cache" / "hub.duckdb"
    monkeypatch.setenv("MODELAUDIT_INDEX", str(path))  # the environment twin of --index
    result = run_cli(capsys, "index", "build", "--from-parquet", str(dump), "-q")
    assert result.code == 0, result.err
    assert "5 models, 3 edges" in result.out
    return path


def test_index_info(index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "index", "info", "--json")
    data = json.loads(result.out)
    assert data["meta"]["models"] == "5" and data["meta"]["engine"] == "duckdb" and data["tables"]["edges"] == 3
    assert "kb_hash" in run_cli(capsys, "index", "info").out


def test_hub_mismatches_in_every_format(index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    md = run_cli(capsys, "hub", "mismatches")
    assert md.code == 0 and "| q/gguf | drops-inherited | llama3.1 | meta-llama/Llama-3.1-8B |" in md.out
    rows = json.loads(run_cli(capsys, "hub", "mismatches", "--inherited", "gemma*", "-f", "json").out)
    assert rows == [{"model_id": "g/ft", "kind": "drops-inherited", "license": "gemma", "origin": "google/gemma-2",
                     "declared": "mit"}]
    table = list(csv.DictReader(io.StringIO(run_cli(capsys, "hub", "mismatches", "-f", "csv").out)))
    assert {(r["model_id"], r["kind"]) for r in table} == {
        ("q/gguf", "drops-inherited"), ("q/gguf", "differs-from-base"), ("t/none", "no-license"),
        ("g/ft", "drops-inherited")}
    out = tmp_path / "m.parquet"
    assert run_cli(capsys, "hub", "mismatches", "-f", "parquet", "-o", str(out)).code == 0
    import duckdb

    assert duckdb.connect().execute(f"SELECT count(*) FROM '{out}'").fetchall() == [(4,)]
    bad = run_cli(capsys, "hub", "mismatches", "-f", "parquet")
    assert bad.code == 2 and "-o FILE" in bad.err


def test_hub_descendants_and_stats(index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads(run_cli(capsys, "hub", "descendants", "meta-llama/*", "-f", "json").out)
    assert {r["model_id"]: r["effective"] for r in rows} == {"q/gguf": "apache-2.0,llama3.1", "t/none": "llama3.1"}
    stats = json.loads(run_cli(capsys, "hub", "stats", "-f", "json").out)
    assert {"declared", "effective", "drift", "mismatches", "problems"} <= set(stats)
    assert {"parent_declares": "llama3.1", "child_declares": "(nothing)", "edges": 1} in stats["drift"]
    assert "## drift" in run_cli(capsys, "hub", "stats").out


def test_bad_engine_and_missing_dump_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["--from-parquet", str(tmp_path / "none")],
                 ["--from-parquet", str(write_dump(tmp_path / "d.parquet", ROWS)), "--engine", "hadoop"]):
        result = run_cli(capsys, "index", "build", *args, "--index", str(tmp_path / "i.duckdb"))
        assert result.code == 2 and result.err.count("\n") == 1, result.err


def test_lineage_reads_ancestors_from_the_index(index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``modelaudit lineage --index`` (here through MODELAUDIT_INDEX) reads the walk as ``check --index`` does."""
    result = run_cli(capsys, "lineage", "q/gguf", "--offline", "--format", "json")
    assert result.code == 0, result.err
    lineage = json.loads(result.out)["lineage"]
    nodes = {n["id"]: n for n in lineage["nodes"]}
    assert set(nodes) == {"q/gguf", "meta-llama/Llama-3.1-8B"}
    assert {n["source"] for n in nodes.values()} == {"index"}
    assert [(e["id"], e["from"]) for e in lineage["effective_licenses"]] == [
        ("apache-2.0", "q/gguf"), ("llama3.1", "meta-llama/Llama-3.1-8B")]
