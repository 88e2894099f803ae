"""Reading a built index: its facts (``index info``), one model's record and lineage, and the ``hub`` queries.

The file is opened read-only; every query is answered by DuckDB from the sorted tables (a point lookup reads
one row group). A missing, foreign or older-format file is one clear error.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from modelaudit.errors import UsageError

INDEX_FILE = "hub-index.duckdb"


def default_index_path() -> Path:
    """``MODELAUDIT_INDEX``, else ``hub-index.duckdb`` in the user cache directory."""
    env = os.environ.get("MODELAUDIT_INDEX")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("modelaudit", appauthor=False)) / INDEX_FILE


@dataclass(frozen=True)
class Rows:
    """A query's result: column names and rows."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class IndexedModel:
    """What the index holds of one model: the dump's row (card included) and the dump's date."""

    model_id: str
    author: str | None
    last_modified: str | None
    created_at: str | None
    library_name: str | None
    pipeline_tag: str | None
    tags: tuple[str, ...]
    card: str


class HubIndex:
    """A built index, read-only. Thread-safe: each query takes a cursor under a lock (DuckDB connections are not
    shared across threads)."""

    def __init__(self, path: Path) -> None:
        from modelaudit.index.build import INDEX_FORMAT

        self.path = path
        if not path.is_file():
            raise UsageError(f"no Hub index at {path}: build one with 'modelaudit index build --from-parquet ...'")
        try:
            self._con = duckdb.connect(str(path), read_only=True)
            self.meta = {str(k): str(v) for k, v in self._con.execute("SELECT key, value FROM meta").fetchall()}
        except duckdb.Error as exc:
            raise UsageError(f"{path} is not a modelaudit Hub index ({' '.join(str(exc).split())[:200]})") from None
        if self.meta.get("format") != INDEX_FORMAT:
            self._con.close()
            raise UsageError(f"{path} is a Hub index of format {self.meta.get('format')!r}, this modelaudit reads "
                             f"format {INDEX_FORMAT}: rebuild it with 'modelaudit index build'")
        self._lock = threading.Lock()

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> HubIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def query(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        with self._lock:
            cur = self._con.cursor()
            try:
                result = cur.execute(sql, list(params))
                columns = tuple(d[0] for d in result.description or ())
                return Rows(columns, result.fetchall())
            finally:
                cur.close()

    @property
    def date(self) -> str:
        """The dump's date (its latest ``last_modified``), as reports name the index."""
        return (self.meta.get("dump_date") or "")[:10] or "unknown date"

    @property
    def described(self) -> str:
        return f"Hub index of the model-card dump of {self.date} (revision {self.meta.get('dump_revision', '?')})"

    def model(self, repo_id: str) -> IndexedModel | None:
        rows = self.query(
            "SELECT m.model_id, m.author, m.last_modified, m.created_at, m.library_name, m.pipeline_tag, m.tags, "
            "c.card FROM models m JOIN cards c ON c.model_key = m.model_key WHERE m.model_key = ?",
            [repo_id.lower()]).rows
        if not rows:
            return None
        r = rows[0]
        return IndexedModel(str(r[0]), r[1], r[2], r[3], r[4], r[5], tuple(str(t) for t in r[6] or ()), str(r[7] or ""))

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for table in ("models", "declared", "edges", "effective", "cuts", "mismatches", "problems"):
            out[table] = int(self.query(f"SELECT count(*) FROM {table}").rows[0][0])
        return out

    # -- hub queries ----------------------------------------------------------------------------------------

    def lineage(self, repo_id: str, max_depth: int = 64) -> Rows:
        """A model's ancestors (depth 0: itself) with their declared and effective licences."""
        return self.query(
            "WITH RECURSIVE up(model_id, depth) AS ("
            " SELECT model_id, 0 FROM models WHERE model_key = ?"
            " UNION SELECT e.parent, u.depth + 1 FROM up u JOIN edges e ON e.child = u.model_id"
            " WHERE e.parent IS NOT NULL AND u.depth < ?)"
            " SELECT u.model_id, min(u.depth) AS depth,"
            " (SELECT string_agg(DISTINCT d.license_id, ',' ORDER BY d.license_id) FROM declared d"
            "  WHERE d.model_id = u.model_id) AS declared,"
            " (SELECT string_agg(DISTINCT f.license_id, ',' ORDER BY f.license_id) FROM effective f"
            "  WHERE f.model_id = u.model_id) AS effective"
            " FROM up u GROUP BY u.model_id ORDER BY depth, u.model_id",
            [repo_id.lower(), max_depth])

    def mismatches(self, inherited: str | None = None) -> Rows:
        where, params = ("WHERE x.license GLOB ?", [inherited.lower()]) if inherited else ("", [])
        return self.query(
            "SELECT x.model_id, x.kind, x.license, x.origin,"
            " (SELECT string_agg(DISTINCT d.license_id, ',' ORDER BY d.license_id) FROM declared d"
            "  WHERE d.model_id = x.model_id) AS declared"
            f" FROM mismatches x {where} ORDER BY x.model_id, x.kind, x.license, x.origin", params)

    def descendants(self, pattern: str, max_depth: int = 1000) -> Rows:
        """Every derivative of the models matching a glob (``meta-llama/*``), with its effective licences."""
        return self.query(
            "WITH RECURSIVE roots AS (SELECT model_id FROM models WHERE model_key GLOB ?),"
            " down(model_id, depth, root) AS ("
            "  SELECT model_id, 0, model_id FROM roots"
            "  UNION SELECT e.child, d.depth + 1, d.root FROM down d JOIN edges e ON e.parent = d.model_id"
            "  WHERE d.depth < ?),"
            " best AS (SELECT model_id, min(depth) AS depth, min(root) AS root FROM down WHERE depth > 0"
            "  GROUP BY model_id)"
            " SELECT b.model_id, b.depth, b.root,"
            " (SELECT string_agg(DISTINCT d.license_id, ',' ORDER BY d.license_id) FROM declared d"
            "  WHERE d.model_id = b.model_id) AS declared,"
            " (SELECT string_agg(DISTINCT f.license_id, ',' ORDER BY f.license_id) FROM effective f"
            "  WHERE f.model_id = b.model_id) AS effective"
            " FROM best b ORDER BY b.depth, b.model_id",
            [pattern.lower(), max_depth])

    def stats(self, top: int = 15) -> dict[str, Rows]:
        """Licence distribution (declared, effective) and drift (what derivatives declare instead of what they
        inherit; mismatches by kind and licence)."""
        return {
            "declared": self.query(
                "SELECT license_id AS licence, count(DISTINCT model_id) AS models FROM declared "
                "GROUP BY license_id ORDER BY models DESC, licence LIMIT ?", [top]),
            "effective": self.query(
                "SELECT license_id AS licence, count(DISTINCT model_id) AS models,"
                " count(DISTINCT CASE WHEN hops > 0 THEN model_id END) AS inherited FROM effective "
                "GROUP BY license_id ORDER BY models DESC, licence LIMIT ?", [top]),
            "drift": self.query(
                "SELECT p.license_id AS parent_declares, coalesce(c.license_id, '(nothing)') AS child_declares,"
                " count(*) AS edges FROM edges e JOIN declared p ON p.model_id = e.parent"
                " LEFT JOIN declared c ON c.model_id = e.child"
                " WHERE c.license_id IS NULL OR c.license_id <> p.license_id"
                " GROUP BY ALL ORDER BY edges DESC, parent_declares, child_declares LIMIT ?", [top]),
            "mismatches": self.query(
                "SELECT kind, coalesce(license, '') AS licence, count(DISTINCT model_id) AS models FROM mismatches "
                "GROUP BY ALL ORDER BY models DESC, kind, licence LIMIT ?", [top]),
            "problems": self.query("SELECT kind, count(*) AS rows FROM problems GROUP BY kind ORDER BY kind"),
        }

    def export(self, rows: Rows, path: Path, fmt: str) -> None:
        """Write rows as Parquet or CSV through DuckDB (an in-memory table, then COPY)."""
        con = duckdb.connect()
        try:
            types = ", ".join(f'"{c}" VARCHAR' for c in rows.columns)
            con.execute(f"CREATE TABLE out ({types})")
            if rows.rows:
                import itertools

                marks = ", ".join("?" for _ in rows.columns)
                values = iter(rows.rows)
                while batch := list(itertools.islice(values, 10_000)):
                    # One multi-row INSERT per batch: executemany row by row is slow for 10^5 rows.
                    con.execute(f"INSERT INTO out VALUES {', '.join(f'({marks})' for _ in batch)}",
                                [None if v is None else str(v) for r in batch for v in r])
            target = str(path).replace("'", "''")
            option = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
            con.execute(f"COPY out TO '{target}' ({option})")
        finally:
            con.close()
