"""The default backend: DuckDB, embedded, building straight into the index file."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import duckdb

from modelaudit.index.rules import Table

#: Memory DuckDB may use before spilling to the work directory (the build stays within the benchmark's bound).
MEMORY_LIMIT = os.environ.get("MODELAUDIT_INDEX_MEMORY", "1GB")


def duck_kind(type_name: str) -> str:
    t = type_name.upper()
    if t in ("VARCHAR", "STRING", "TEXT"):
        return "text"
    if t in ("VARCHAR[]", "STRING[]"):
        return "list<text>"
    if t.endswith("INT") or t in ("BIGINT", "HUGEINT", "SMALLINT", "TINYINT", "DOUBLE", "FLOAT") or t.startswith("DECIMAL"):
        return "number"
    if t.startswith("TIMESTAMP") or t == "DATE":
        return "time"
    return t.lower()


def configure(con: duckdb.DuckDBPyConnection, workdir: Path | None = None) -> None:
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute("SET preserve_insertion_order = false")
    threads = os.environ.get("MODELAUDIT_INDEX_THREADS")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if workdir is not None:
        con.execute(f"SET temp_directory = '{workdir / 'spill'}'")


class DuckBackend:
    name = "duckdb"
    dialect: Mapping[str, str] = MappingProxyType({"explode": "unnest"})

    def __init__(self, workdir: Path) -> None:
        self._workdir = workdir
        # A file in the work directory, not memory: within MEMORY_LIMIT an in-memory build spills far more (measured
        # slower on 2M models); only the index's own tables go to the index file, once, by ``finish``.
        self.con = duckdb.connect(str(workdir / "build.duckdb"))
        configure(self.con, workdir)

    def load_parquet(self, table: str, paths: Sequence[str]) -> None:
        if any(p.startswith("hf://") for p in paths):
            from huggingface_hub import HfFileSystem

            self.con.register_filesystem(HfFileSystem())
        listed = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
        self.con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet([{listed}], union_by_name = true)")

    def columns(self, table: str) -> list[tuple[str, str]]:
        rows = self.con.execute(f"DESCRIBE SELECT * FROM {table}").fetchall()
        return [(str(r[0]), duck_kind(str(r[1]))) for r in rows]

    def load_rows(self, table: Table) -> None:
        cols = ", ".join(f"{name} {'VARCHAR' if kind == 'STRING' else kind}" for name, kind in table.columns)
        self.con.execute(f"CREATE OR REPLACE TABLE {table.name} ({cols})")
        if table.rows:
            marks = ", ".join("?" for _ in table.columns)
            self.con.executemany(f"INSERT INTO {table.name} VALUES ({marks})", [list(r) for r in table.rows])

    def create(self, table: str, sql: str) -> None:
        self.con.execute(f"CREATE OR REPLACE TABLE {table} AS {sql}")

    def append(self, table: str, sql: str) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]).fetchone()
        if not exists or not exists[0]:
            self.con.execute(f"CREATE TABLE {table} AS SELECT * FROM ({sql}) s LIMIT 0")
        row = self.con.execute(f"INSERT INTO {table} {sql}").fetchone()
        return int(row[0]) if row else 0

    def drop(self, table: str) -> None:
        self.con.execute(f"DROP TABLE IF EXISTS {table}")

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def finish(self, outputs: Sequence[tuple[str, str]], index_path: Path) -> None:
        # A fresh file: the build's intermediate tables (cards of duplicates, every step) never bloat the index.
        self.con.execute("ATTACH '" + str(index_path).replace("'", "''") + "' AS out")
        for name, sql in outputs:
            self.con.execute(f"CREATE TABLE out.{name} AS {sql}")
        self.con.execute("DETACH out")

    def close(self) -> None:
        with contextlib.suppress(duckdb.Error):
            self.con.close()
