"""Building small Hub indexes for the tests (the dump written with DuckDB, see ``hubdump``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from hubdump import Row, write_dump
from modelaudit.index.build import BuildReport, build_index
from modelaudit.index.store import HubIndex


def built(tmp_path: Path, rows: Iterable[Row | tuple[object, ...]], name: str = "hub", **kwargs: object) -> Path:
    dump = write_dump(tmp_path / f"{name}.parquet", rows)
    index = tmp_path / f"{name}.duckdb"
    build_index(str(dump), index, **kwargs)  # type: ignore[arg-type]
    return index


def build_report(tmp_path: Path, rows: Iterable[Row], **kwargs: object) -> BuildReport:
    dump = write_dump(tmp_path / "r.parquet", rows)
    return build_index(str(dump), tmp_path / "r.duckdb", **kwargs)  # type: ignore[arg-type]


def effective(index: HubIndex, model: str) -> set[str]:
    return {r[0] for r in index.query("SELECT license_id FROM effective WHERE model_id = ?", [model]).rows}


def mismatch_rows(index: HubIndex, model: str) -> set[tuple[str, str | None, str | None]]:
    return {(r[0], r[1], r[2]) for r in
            index.query("SELECT kind, license, origin FROM mismatches WHERE model_id = ?", [model]).rows}
