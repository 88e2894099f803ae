"""Reading a built index: its facts (``index info``), one model's record and lineage, and the ``hub`` queries.

The file is opened read-only; every query is answered by DuckDB from the sorted tables (a point lookup reads
one row group) or, for the ids of a lineage generation and for cards, from the build's ART indexes
(``build.LOOKUP_INDEXES``). A missing, foreign or older-format file is one clear error.
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
        """A model's ancestors (depth 0: itself) with their declared and effective licences. Walked one generation
        per query from Python up ``edges_up`` (each edge with its parent's licences), through its ART index; a
        recursive query would join the whole edge table at every step (measured 2x slower)."""
        found = self.query("SELECT model_id FROM models WHERE model_key = ?", [repo_id.lower()]).rows
        if not found:
            return Rows(("model_id", "depth", "declared", "effective"), [])
        root = str(found[0][0])
        own = self.query("SELECT declared, effective FROM model_licences WHERE model_id = ?", [root]).rows
        licences: dict[str, tuple[Any, Any]] = {root: own[0] if own else (None, None)}
        depth_of = {root: 0}
        frontier = [root]
        depth = 0
        while frontier and depth < max_depth:
            depth += 1
            # A bare IN list, so that DuckDB answers from the index: DISTINCT, another predicate or ``= ANY`` make it
            # scan the whole table.
            marks = ", ".join("?" for _ in frontier)
            edges = self.query(f"SELECT parent, declared, effective FROM edges_up WHERE child IN ({marks})", frontier)
            frontier = sorted({str(p) for p, _, _ in edges.rows} - depth_of.keys())
            depth_of.update((p, depth) for p in frontier)
            licences.update((str(p), (declared, effective)) for p, declared, effective in edges.rows)
        rows = [(m, d, *licences[m]) for m, d in sorted(depth_of.items(), key=lambda x: (x[1], x[0]))]
        return Rows(("model_id", "depth", "declared", "effective"), rows)

    def _mismatches_sql(self, inherited: str | None) -> tuple[str, list[Any]]:
        where, params = ("WHERE x.license GLOB ?", [inherited.lower()]) if inherited else ("", [])
        return ("SELECT x.model_id, x.kind, x.license, x.origin, l.declared"
                " FROM mismatches x LEFT JOIN model_licences l ON l.model_id = x.model_id"
                f" {where} ORDER BY x.model_id, x.kind, x.license, x.origin", params)

    def mismatches(self, inherited: str | None = None) -> Rows:
        return self.query(*self._mismatches_sql(inherited))

    def export_mismatches(self, inherited: str | None, path: Path, fmt: str) -> None:
        """Straight from DuckDB to the file: a million rows never become Python objects."""
        sql, params = self._mismatches_sql(inherited)
        for value in params:  # a glob, quoted as an SQL literal (COPY takes no parameters)
            sql = sql.replace("?", "'" + str(value).replace("'", "''") + "'", 1)
        target = str(path).replace("'", "''")
        option = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
        with self._lock:
            self._con.execute(f"COPY ({sql}) TO '{target}' ({option})")

    def descendants(self, pattern: str, max_depth: int = 1000) -> Rows:
        """Every derivative of the models matching a glob (``meta-llama/*``), with its depth (the shortest), the
        root it descends from, and its declared and effective licences. Walked one generation per step over the
        edges sorted by parent, each model once (cycles end the walk, never loop it)."""
        with self._lock:
            cur = self._con.cursor()
            try:
                cur.execute("CREATE OR REPLACE TEMP TABLE seen AS "
                            "SELECT model_id, 0 AS depth, model_id AS root FROM models WHERE model_key GLOB ?",
                            [pattern.lower()])
                cur.execute("CREATE OR REPLACE TEMP TABLE frontier AS SELECT model_id, root FROM seen")
                depth = 0
                while depth < max_depth:
                    depth += 1
                    cur.execute(
                        "CREATE OR REPLACE TEMP TABLE frontier AS SELECT e.child AS model_id, min(f.root) AS root"
                        " FROM edges_down e JOIN frontier f ON f.model_id = e.parent"
                        " LEFT JOIN seen s ON s.model_id = e.child WHERE s.model_id IS NULL GROUP BY e.child")
                    added = cur.execute("SELECT count(*) FROM frontier").fetchone()
                    if not added or not added[0]:
                        break
                    cur.execute(f"INSERT INTO seen SELECT model_id, {depth}, root FROM frontier")
                result = cur.execute(
                    "SELECT s.model_id, s.depth, s.root, l.declared, l.effective FROM seen s"
                    " LEFT JOIN model_licences l ON l.model_id = s.model_id WHERE s.depth > 0"
                    " ORDER BY s.depth, s.model_id")
                columns = tuple(d[0] for d in result.description or ())
                return Rows(columns, result.fetchall())
            finally:
                cur.execute("DROP TABLE IF EXISTS seen")
                cur.execute("DROP TABLE IF EXISTS frontier")
                cur.close()

    def stats(self, top: int = 15) -> dict[str, Rows]:
        """Licence distribution (declared, effective) and drift (what derivatives declare instead of what they
        inherit; mismatches by kind and licence)."""
        return {
            "declared": self.query(
                "SELECT license_id AS licence, count(DISTINCT model_id) AS models FROM declared "
                "GROUP BY license_id ORDER BY models DESC, licence LIMIT ?", [top]),
            "effective": self.query("SELECT * FROM stats_effective LIMIT ?", [top]),
            "drift": self.query("SELECT * FROM stats_drift LIMIT ?", [top]),
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
