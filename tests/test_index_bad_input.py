"""Bad dumps: a foreign schema, tags that are not lists, duplicate ids, 10,000-parent merges, cycles, lineages
deeper than the build follows -> one clear error or marked rows, never a hang."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from helpers import run_cli
from hubdump import Row, write_dump
from index_helpers import built, effective
from modelaudit.errors import UsageError
from modelaudit.index.build import build_index
from modelaudit.index.store import HubIndex


def test_a_foreign_schema_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dump = write_dump(tmp_path / "old.parquet", [("a/b", "[]", "x")], columns="id VARCHAR, tags VARCHAR, text VARCHAR")
    with pytest.raises(UsageError, match="not librarian-bots/model_cards_with_metadata's schema: no column modelId"):
        build_index(str(dump), tmp_path / "i.duckdb")
    result = run_cli(capsys, "index", "build", "--from-parquet", str(dump), "--index", str(tmp_path / "i.duckdb"))
    assert result.code == 2 and result.err.count("\n") == 1 and "no column modelId" in result.err


@pytest.mark.parametrize("content", [b"modelId,tags\na/b,[]\n", b"", b"PAR1"])
def test_a_file_that_is_no_parquet_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      content: bytes) -> None:
    dump = tmp_path / "dump.parquet"
    dump.write_bytes(content)
    result = run_cli(capsys, "index", "build", "--from-parquet", str(dump), "--index", str(tmp_path / "i.duckdb"))
    assert result.code == 2 and result.err.count("\n") == 1 and "is not a Parquet file" in result.err
    assert "internal error" not in result.err and not (tmp_path / "i.duckdb").exists()


def test_tags_that_are_not_lists_are_refused(tmp_path: Path) -> None:
    columns = ("modelId VARCHAR, author VARCHAR, last_modified VARCHAR, downloads BIGINT, likes BIGINT, "
               "library_name VARCHAR, tags VARCHAR, pipeline_tag VARCHAR, createdAt VARCHAR, card VARCHAR")
    dump = write_dump(tmp_path / "t.parquet", [("a/b", "a", "2025", 1, 1, None, "['license:mit']", None, "2025", "")],
                      columns=columns)
    with pytest.raises(UsageError, match="column tags is text, expected a list of strings"):
        build_index(str(dump), tmp_path / "i.duckdb")


def test_null_tags_and_cards_are_empty(tmp_path: Path) -> None:
    row = ("a/b", None, None, None, None, None, None, None, None, None)
    with HubIndex(built(tmp_path, [row, Row("c/d", "mit")])) as hub:
        assert hub.meta["models"] == "2"
        assert effective(hub, "a/b") == set()


def test_huge_merges_and_long_cycles_finish_quickly(tmp_path: Path) -> None:
    parents = [f"p/m{i}" for i in range(10_000)]
    rows = [Row(p, "mit" if i % 2 else "llama3.1") for i, p in enumerate(parents)]
    rows.append(Row("x/huge-merge", "apache-2.0", parents, tag_relation="merge"))
    ring = [f"ring/n{i}" for i in range(2_000)]  # one cycle through 2,000 models
    rows += [Row(n, "mit", [ring[i - 1]], "finetune") for i, n in enumerate(ring)]
    rows.append(Row("below/ring", "apache-2.0", [ring[0]], "finetune"))
    started = time.perf_counter()
    with HubIndex(built(tmp_path, rows)) as hub:
        assert time.perf_counter() - started < 60  # generous on a loaded 2-core machine; seconds in practice
        assert effective(hub, "x/huge-merge") == {"apache-2.0", "llama3.1", "mit"}
        assert hub.meta["cycle_models"] == "2000"
        assert effective(hub, "below/ring") == {"apache-2.0", "mit"}


def test_duplicate_ids_keep_the_newest_row(tmp_path: Path) -> None:
    import datetime as dt

    old = Row("a/m", "mit", last_modified=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    new = Row("a/m", "apache-2.0", last_modified=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
    with HubIndex(built(tmp_path, [old, new, Row("A/M", "gemma", last_modified=old.last_modified)])) as hub:
        assert effective(hub, "a/m") == {"apache-2.0"}
        assert hub.query("SELECT kind, detail FROM problems").rows == [
            ("duplicate-id", "3 rows, the most recently modified kept")]


def test_a_lineage_deeper_than_the_level_limit_is_marked_unknown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import modelaudit.index.build as build

    monkeypatch.setattr(build, "MAX_LEVELS", 5)
    chain = [Row("c/n0", "llama3.1")] + [Row(f"c/n{i}", "apache-2.0", [f"c/n{i - 1}"], "finetune") for i in range(1, 12)]
    with HubIndex(built(tmp_path, chain)) as hub:
        deep = hub.query("SELECT model_id FROM models WHERE status = 'depth-limit'").rows
        assert deep and all(int(m.rsplit("n", 1)[1]) >= 5 for (m,) in deep)
        assert "unknown" in effective(hub, "c/n11")  # never a complete-looking answer
        assert effective(hub, "c/n3") == {"apache-2.0", "llama3.1"}


def test_a_missing_or_foreign_index_file_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.duckdb").write_text("hello")
    for path in (tmp_path / "x.duckdb", tmp_path / "none.duckdb"):
        result = run_cli(capsys, "hub", "stats", "--index", str(path))
        assert result.code == 2 and result.err.count("\n") == 1 and "index" in result.err
