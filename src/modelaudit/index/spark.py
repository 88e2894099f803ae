"""The Spark backend (``modelaudit-license[spark]``, ``--engine spark``): the same SQL beyond one machine.

Every step is written to Parquet and read back, so the plan of step n is a scan, not the lineage of steps
1..n (an iterative Spark plan otherwise grows with every level). The result tables end in the same DuckDB
index file as the default engine's. Spark reads string literals with backslashes kept
(``spark.sql.parser.escapedStringLiterals``), as DuckDB does, so the SQL files' regular expressions are one text.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from modelaudit.errors import UsageError
from modelaudit.index.rules import Table

_TYPES = {"STRING": "string", "INT": "int", "BIGINT": "bigint"}


def spark_kind(type_name: str) -> str:
    t = type_name.lower()
    if t == "string":
        return "text"
    if t == "array<string>":
        return "list<text>"
    if t in ("int", "bigint", "smallint", "tinyint", "double", "float") or t.startswith("decimal"):
        return "number"
    if t.startswith("timestamp") or t == "date":
        return "time"
    return t


class SparkBackend:
    name = "spark"
    dialect: Mapping[str, str] = MappingProxyType({"explode": "explode"})

    def __init__(self, workdir: Path) -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise UsageError("--engine spark needs pyspark: pip install 'modelaudit-license[spark]' "
                             "(and a Java runtime)") from None
        if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
            raise UsageError("--engine spark needs a Java runtime (java on PATH or JAVA_HOME)")
        self._workdir = workdir
        self._counter = 0
        master = os.environ.get("MODELAUDIT_SPARK_MASTER", "local[2]")
        self.spark = (SparkSession.builder.master(master).appName("modelaudit-index")
                      .config("spark.sql.parser.escapedStringLiterals", "true")
                      .config("spark.sql.shuffle.partitions", os.environ.get("MODELAUDIT_SPARK_PARTITIONS", "4"))
                      .config("spark.ui.enabled", "false")
                      .config("spark.sql.session.timeZone", "UTC")
                      .config("spark.driver.memory", os.environ.get("MODELAUDIT_SPARK_MEMORY", "2g"))
                      .config("spark.local.dir", str(workdir / "spark-local"))
                      .getOrCreate())
        self.spark.sparkContext.setLogLevel("ERROR")
        self._tables: dict[str, Path] = {}

    def load_parquet(self, table: str, paths: Sequence[str]) -> None:
        if any(p.startswith("hf://") for p in paths):
            raise UsageError("--engine spark reads local (or cluster) Parquet; download hf:// dumps first")
        self.spark.read.parquet(*paths).createOrReplaceTempView(table)

    def columns(self, table: str) -> list[tuple[str, str]]:
        return [(f.name, spark_kind(f.dataType.simpleString())) for f in self.spark.table(table).schema.fields]

    def load_rows(self, table: Table) -> None:
        schema = ", ".join(f"{name} {_TYPES.get(kind, kind.lower())}" for name, kind in table.columns)
        frame = self.spark.createDataFrame([list(r) for r in table.rows], schema)
        self._materialise(table.name, frame)

    def _materialise(self, table: str, frame: Any, mode: str = "overwrite") -> None:
        self._counter += 1
        path = self._tables.get(table) if mode == "append" else None
        if path is None:
            path = self._workdir / "steps" / f"{table}-{self._counter}"
        frame.write.mode(mode).parquet(str(path))
        self._tables[table] = path
        self.spark.read.parquet(str(path)).createOrReplaceTempView(table)

    def create(self, table: str, sql: str) -> None:
        self._materialise(table, self.spark.sql(sql))

    def append(self, table: str, sql: str) -> int:
        frame = self.spark.sql(sql).cache()
        try:
            added = frame.count()
            if table not in self._tables:
                self._materialise(table, frame)
            elif added:
                self._materialise(table, frame, mode="append")
        finally:
            frame.unpersist()
        return int(added)

    def drop(self, table: str) -> None:
        self.spark.catalog.dropTempView(table)
        path = self._tables.pop(table, None)
        if path is not None:
            shutil.rmtree(path, ignore_errors=True)

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.spark.sql(sql).collect()]

    def finish(self, outputs: Sequence[tuple[str, str]], index_path: Path) -> None:
        import duckdb

        from modelaudit.index.duck import configure

        con = duckdb.connect(str(index_path))
        try:
            configure(con, self._workdir)
            for name, sql in outputs:
                out = self._workdir / "final" / name
                self.spark.sql(sql).write.mode("overwrite").parquet(str(out))
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet('{out}/*.parquet')")
        finally:
            con.close()

    def close(self) -> None:
        self.spark.stop()
