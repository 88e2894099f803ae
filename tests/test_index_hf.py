"""``index build --from-parquet hf://datasets/…@REV``: the dump read from the (fake) Hub through huggingface_hub's
``HfFileSystem``, as DuckDB reads it (listing, stat, byte-range reads), pinned to a commit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakehub import FakeHub, make_dataset
from helpers import run_cli
from hubdump import Row, write_dump

DATASET = "librarian-bots/model_cards_with_metadata"
SHA = "3f1c0ffee0ddba11c0de5eedfacadebeadcafe42"
SHARDS = ("data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet")

PART_1 = [
    Row("meta-llama/Llama-3.1-8B", "llama3.1"),
    Row("q/gguf", "apache-2.0", ["meta-llama/Llama-3.1-8B"], "quantized"),
    Row("t/none", None, ["meta-llama/Llama-3.1-8B"], "finetune"),
]
PART_2 = [
    Row("google/gemma-2", "gemma"),
    Row("g/ft", "mit", ["google/gemma-2"], "finetune"),
    Row("o/orphan", "apache-2.0", ["gone/parent"], "finetune"),
]


@pytest.fixture
def shards(tmp_path: Path) -> Path:
    folder = tmp_path / "dump" / "data"
    folder.mkdir(parents=True)
    write_dump(tmp_path / "dump" / SHARDS[0], PART_1)
    write_dump(tmp_path / "dump" / SHARDS[1], PART_2)
    return tmp_path / "dump"


def publish(hub: FakeHub, shards: Path, repo_id: str = DATASET, **info: object) -> None:
    files = {name: (shards / name).read_bytes() for name in SHARDS}
    files["README.md"] = b"---\nlicense: mit\n---\n# model cards\n"
    hub.data.add_dataset(make_dataset(repo_id, files=files, sha=SHA, **info))


def meta(capsys: pytest.CaptureFixture[str], index: Path) -> dict[str, str]:
    result = run_cli(capsys, "index", "info", "--index", str(index), "--json")
    assert result.code == 0, result.err
    data: dict[str, str] = json.loads(result.out)["meta"]
    return data


def one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_build_from_the_hub_equals_the_local_build(fake_hub: FakeHub, shards: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    publish(fake_hub, shards)
    fake_hub.tree_page_size = 2  # the listing pages (README, data/, two shards): the Link header is followed
    remote, local = tmp_path / "remote.duckdb", tmp_path / "local.duckdb"
    built = run_cli(capsys, "index", "build", "--from-parquet", f"hf://datasets/{DATASET}@{SHA}",
                    "--index", str(remote), "-q")
    assert built.code == 0, built.err
    assert f"revision {SHA}" in built.out
    assert run_cli(capsys, "index", "build", "--from-parquet", str(shards), "--index", str(local), "-q").code == 0
    got, want = meta(capsys, remote), meta(capsys, local)
    assert got["dump_revision"] == SHA and got["dump_files"] == "2"
    assert got["dump"] == f"hf://datasets/{DATASET}@{SHA}"
    for key in ("models", "edges", "missing_parents", "mismatches", "effective_rows", "dump_rows", "dump_date"):
        assert got[key] == want[key], key
    assert got["models"] == "6" and got["missing_parents"] == "1"
    # Read through the Hub's API as HfFileSystem does: a paged listing, then byte ranges of the shards.
    served = fake_hub.requests
    assert any(r.path.endswith(f"/tree/{SHA}") and r.query.get("cursor") for r in served)
    reads = [r for r in served if "/resolve/" in r.path and r.path.endswith(".parquet")]
    assert reads and all(r.status == 206 and f"/resolve/{SHA}/data/" in r.path for r in reads)
    assert all(r.authorized for r in served if r.path.startswith(("/api/datasets/", "/datasets/")))


def test_a_branch_is_pinned_to_its_commit(fake_hub: FakeHub, shards: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    publish(fake_hub, shards)
    index = tmp_path / "main.duckdb"
    built = run_cli(capsys, "index", "build", "--from-parquet", f"hf://datasets/{DATASET}@main", "--index", str(index),
                    "-q")
    assert built.code == 0, built.err
    assert meta(capsys, index)["dump_revision"] == SHA
    # Every file is read at that commit, so a branch moving during the build cannot mix two dumps.
    assert all(f"/{SHA}" in r.path for r in fake_hub.requests if "/tree/" in r.path or "/resolve/" in r.path)


def test_an_unpinned_dump_says_so(fake_hub: FakeHub, shards: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    publish(fake_hub, shards)
    index = tmp_path / "unpinned.duckdb"
    built = run_cli(capsys, "index", "build", "--from-parquet", f"hf://datasets/{DATASET}", "--index", str(index))
    assert built.code == 0, built.err
    revision = meta(capsys, index)["dump_revision"]
    assert revision.startswith(SHA) and "not pinned" in revision


@pytest.mark.parametrize(("source", "says"), [
    (f"hf://datasets/{DATASET}@0000000000000000000000000000000000000000", "revision"),
    ("hf://datasets/librarian-bots/no-such-dump@main", "not found"),
    (f"hf://datasets/{DATASET}@{SHA}/nothing-here", "no Parquet file"),
])
def test_a_missing_dump_is_one_line(fake_hub: FakeHub, shards: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str], source: str, says: str) -> None:
    publish(fake_hub, shards)
    index = tmp_path / "never.duckdb"
    result = run_cli(capsys, "index", "build", "--from-parquet", source, "--index", str(index), "-q")
    assert result.code == 2
    line = one_line_error(result.err)
    assert "--from-parquet" in line and says in line, line
    assert not index.exists() and not list(tmp_path.glob(".modelaudit-index-*"))


def test_a_gated_dump_without_a_token_is_one_line(no_token: FakeHub, shards: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    publish(no_token, shards, gated="manual")
    index = tmp_path / "gated.duckdb"
    result = run_cli(capsys, "index", "build", "--from-parquet", f"hf://datasets/{DATASET}@{SHA}", "--index",
                     str(index), "-q")
    assert result.code == 2
    line = one_line_error(result.err)
    assert "--from-parquet" in line and ("gated" in line.lower() or "restricted" in line.lower()), line
    assert not index.exists() and not list(tmp_path.glob(".modelaudit-index-*"))


def test_spark_refuses_hf_before_starting(fake_hub: FakeHub, shards: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    publish(fake_hub, shards)
    result = run_cli(capsys, "index", "build", "--from-parquet", f"hf://datasets/{DATASET}@{SHA}", "--engine",
                     "spark", "--index", str(tmp_path / "spark.duckdb"), "-q")
    assert result.code == 2
    line = one_line_error(result.err)
    assert "spark" in line and "hf://" in line, line
    assert fake_hub.count() == 0  # refused before a request (or a JVM)


def test_a_read_failing_during_the_build_is_one_line(fake_hub: FakeHub, shards: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    publish(fake_hub, shards)
    fake_hub.inject("train-00001-of-00002.parquet", 403, times=100)  # listed and stat'ed, then refused
    index = tmp_path / "broken.duckdb"
    result = run_cli(capsys, "index", "build", "--from-parquet", f"hf://datasets/{DATASET}@{SHA}", "--index",
                     str(index), "-q")
    assert result.code == 2
    line = one_line_error(result.err)
    assert "--from-parquet: reading" in line and "403" in line and "internal error" not in line, line
    assert not index.exists() and not list(tmp_path.glob(".modelaudit-index-*"))
