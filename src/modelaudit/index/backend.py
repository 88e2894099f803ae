"""The small interface the index build runs its portable SQL on, and the one registry of backends.

A backend loads tables (the dump, the rule tables), materialises each SQL step as a table (so an iterative
plan never grows: Spark writes every step to Parquet), answers small queries, and at the end hands the result
tables to the DuckDB index file. Adding one: a module with a class implementing ``Backend`` and a line in
``BACKENDS``; its engine is imported only there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from modelaudit.errors import UsageError
from modelaudit.index.rules import Table


class Backend(Protocol):
    name: str
    #: Words the SQL files leave to the dialect (``{explode}``).
    dialect: Mapping[str, str]

    def load_parquet(self, table: str, paths: Sequence[str]) -> None:
        """Make the Parquet files (local paths, or ``hf://`` through ``HfFileSystem``) readable as ``table``."""

    def columns(self, table: str) -> list[tuple[str, str]]:
        """Each column's name and kind: ``text``, ``list<text>``, ``number``, ``time`` or the engine's own type."""

    def load_rows(self, table: Table) -> None:
        """A small table generated in Python (rule tables)."""

    def create(self, table: str, sql: str) -> None:
        """Materialise ``sql`` as ``table`` (replacing it)."""

    def append(self, table: str, sql: str) -> int:
        """Add the rows of ``sql`` to ``table`` (created on first use); returns how many were added."""

    def drop(self, table: str) -> None:
        """Forget a table the rest of the build no longer reads (its memory or files are freed)."""

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """A small result, as rows."""

    def finish(self, outputs: Sequence[tuple[str, str]], index_path: Path) -> None:
        """Write each (table name, SELECT over the build's tables) into a new DuckDB index file at ``index_path``."""

    def close(self) -> None: ...


@dataclass(frozen=True)
class BackendSpec:
    name: str
    factory: Callable[[Path], Backend]  # work directory -> backend
    extra: str  # the distribution extra that installs its engine ("" for a core dependency)
    #: Reads ``hf://`` Parquet (through huggingface_hub's ``HfFileSystem``); an engine that does not is refused an
    #: ``hf://`` dump before it starts (Spark's executors would need the Hub client and the token on every node).
    reads_hub: bool = False


def _duckdb(workdir: Path) -> Backend:
    from modelaudit.index.duck import DuckBackend

    return DuckBackend(workdir)


def _spark(workdir: Path) -> Backend:
    from modelaudit.index.spark import SparkBackend

    return SparkBackend(workdir)


#: The engines ``index build --engine`` accepts, the default first.
BACKENDS: tuple[BackendSpec, ...] = (
    BackendSpec("duckdb", _duckdb, "", reads_hub=True),
    BackendSpec("spark", _spark, "spark"),
)


def backend_names() -> list[str]:
    return [b.name for b in BACKENDS]


def check_engine(name: str, *, reads_hub: bool) -> None:
    """``UsageError`` for an unknown engine, or for one that cannot read a dump on the Hub."""
    spec = next((b for b in BACKENDS if b.name == name), None)
    if spec is None:
        raise UsageError(f"--engine: {name!r} is not an engine (choose from {', '.join(backend_names())})")
    if reads_hub and not spec.reads_hub:
        readers = ", ".join(b.name for b in BACKENDS if b.reads_hub)
        raise UsageError(f"--engine {name} reads local (or cluster) Parquet, not hf:// dumps: download the dump "
                         "first (hf download ORG/NAME --repo-type dataset --revision REV --local-dir DIR) "
                         f"or build with --engine {readers}")


def open_backend(name: str, workdir: Path) -> Backend:
    for spec in BACKENDS:
        if spec.name == name:
            return spec.factory(workdir)
    raise UsageError(f"--engine: {name!r} is not an engine (choose from {', '.join(backend_names())})")


def fill(sql: str, values: Mapping[str, object]) -> str:
    """The SQL with its ``{name}`` placeholders filled (only the names given: SQL text is never formatted)."""
    for key, value in values.items():
        sql = sql.replace("{" + key + "}", str(value))
    return sql
