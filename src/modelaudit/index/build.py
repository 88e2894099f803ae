"""``modelaudit index build``: the Hub's model-card dump -> an embedded DuckDB index of the whole Hub.

The driver runs the portable SQL of ``rules/sql`` on a backend (``backend.py``): the dump's rows become models,
declared licences (identified with the knowledge base's lookup) and edges; a level walk places every model
after its parents (one SQL step per level; what it cannot place sits on a declared cycle, found in Python on
that small remainder); then one propagation step per level computes effective licences and relicensing cuts
from the rule tables generated from ``licenses/*.yaml``, and the mismatch rules run once over the result.
Driving one step per level from Python is what a prototype found fastest (2-3x a single recursive query).
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from modelaudit.errors import UsageError
from modelaudit.index.backend import Backend, check_engine, fill, open_backend
from modelaudit.index.cycles import cycle_members
from modelaudit.index.rules import Table, kb_hash, license_values, raw_families, rule_tables, sql_hash, sql_text
from modelaudit.index.schema import DATASET, check_schema
from modelaudit.licensing.knowledge_base import KnowledgeBase, default_knowledge_base

#: Bumped when the index's tables change shape; an index of another format is rebuilt, not misread.
INDEX_FORMAT = "2"  # 2: edges_up and the ART lookup indexes
#: The level walk stops here; models below are marked (``depth-limit``) and their licences unknown.
MAX_LEVELS = 1000
SQL_FILES = ("kept", "cards", "tags_flat", "licence_tags", "declared", "edges", "edges_live", "empty", "empty_cycles",
             "level_first", "level_step", "nodes", "empty_reached", "reached_step", "effective_step", "cuts_step",
             "unplaced", "mismatches", "problems")


@dataclass(frozen=True)
class DumpSource:
    paths: tuple[str, ...]
    described: str  # as the user named it
    revision: str  # the commit read (hf://, with a note when the user named none), or "local"


@dataclass
class BuildReport:
    index: Path
    meta: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def resolve_dump(source: str) -> DumpSource:
    """The Parquet files a dump reference names: a local file, directory or glob, or ``hf://datasets/...@REV``
    (listed through ``huggingface_hub``'s ``HfFileSystem``, the one way modelaudit talks to the Hub)."""
    if source.startswith("hf://"):
        return _resolve_hf(source)
    path = Path(source).expanduser()
    if path.is_dir():
        files = sorted(str(p) for p in path.rglob("*.parquet"))
    elif path.is_file():
        files = [str(path)]
    else:
        files = sorted(glob.glob(source))
    if not files:
        raise UsageError(f"--from-parquet: no Parquet file at {source}")
    for file in files:
        _check_parquet(Path(file))
    return DumpSource(tuple(files), source, "local")


def _check_parquet(path: Path) -> None:
    """A file that is no Parquet file (no ``PAR1`` at both ends) is one line naming it, before DuckDB fails on it
    with an internal-looking error."""
    from modelaudit.index.hfdump import PARQUET_MAGIC

    try:
        with path.open("rb") as fh:
            head = fh.read(4)
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(size - 4, 0))
            tail = fh.read(4)
    except OSError as exc:
        raise UsageError(f"--from-parquet: {path}: {exc.strerror or exc}") from None
    if size < 12 or head != PARQUET_MAGIC or tail != PARQUET_MAGIC:
        raise UsageError(f"--from-parquet: {path} is not a Parquet file")


def _resolve_hf(source: str) -> DumpSource:
    from modelaudit.index.hfdump import resolve_hub_dump

    dump = resolve_hub_dump(source)
    revision = dump.commit if dump.pinned else (
        f"{dump.commit} (not pinned: the default branch at build time; name a commit with @REV to rebuild this index)")
    return DumpSource(dump.paths, source, revision)


def _hub_read_error(exc: BaseException) -> str | None:
    from modelaudit.index.hfdump import hub_read_error

    return hub_read_error(exc)


def build_index(source: str, index_path: Path, *, engine: str = "duckdb", kb: KnowledgeBase | None = None,
                notify: Callable[[str], None] | None = None) -> BuildReport:
    """Build the index file at ``index_path`` (replaced atomically when the build succeeds)."""
    check_engine(engine, reads_hub=source.startswith("hf://"))  # before a Hub request or an engine's start
    kb = kb or default_knowledge_base()
    say = notify or (lambda _m: None)
    dump = resolve_dump(source)
    index_path = index_path.expanduser()
    index_path.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=".modelaudit-index-", dir=index_path.parent))
    report = BuildReport(index_path)
    started = time.perf_counter()
    backend = open_backend(engine, workdir)
    try:
        try:
            _Build(backend, kb, report, say).run(dump, workdir / "index.duckdb", engine)
        except Exception as exc:
            # The Hub failing under the engine (a dropped connection, a revoked token): one line, not the engine's
            # quote of the client's traceback. Anything else is a bug and stays one.
            read_error = _hub_read_error(exc) if source.startswith("hf://") else None
            if read_error is None:
                raise
            raise UsageError(f"--from-parquet: reading {source} failed: {read_error}") from None
        started_post = time.perf_counter()
        _finish_index(workdir / "index.duckdb")
        report.timings["write"] = report.timings.get("write", 0.0) + time.perf_counter() - started_post
        os.replace(workdir / "index.duckdb", index_path)
    finally:
        backend.close()
        shutil.rmtree(workdir, ignore_errors=True)
    report.timings["total"] = time.perf_counter() - started
    return report


class _Build:
    def __init__(self, backend: Backend, kb: KnowledgeBase, report: BuildReport, say: Callable[[str], None]) -> None:
        self.b = backend
        self.kb = kb
        self.report = report
        self.say = say
        self._clock = time.perf_counter()

    def _lap(self, name: str) -> None:
        now = time.perf_counter()
        self.report.timings[name] = self.report.timings.get(name, 0.0) + now - self._clock
        self._clock = now

    def sql(self, name: str, **values: object) -> str:
        return fill(sql_text(name), {**self.b.dialect, **values})

    def count(self, sql: str) -> int:
        rows = self.b.query(sql)
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    def run(self, dump: DumpSource, out: Path, engine: str) -> None:
        b = self.b
        b.load_parquet("dump", dump.paths)
        extra = check_schema(b.columns("dump"))
        for table in rule_tables(self.kb):
            b.load_rows(table)
        self._lap("load")
        b.create("kept", self.sql("kept"))
        b.create("tags_flat", self.sql("tags_flat"))
        b.create("licence_tags", self.sql("licence_tags"))
        self._lap("models")
        values = [r[0] for r in b.query(
            "SELECT value FROM licence_tags UNION SELECT license_name FROM kept WHERE license_name IS NOT NULL "
            "UNION SELECT license_link FROM kept WHERE license_link IS NOT NULL") if r[0] is not None]
        b.load_rows(license_values(self.kb, values))
        b.create("declared", self.sql("declared"))
        b.drop("licence_tags")
        raws = [r[0] for r in b.query("SELECT DISTINCT raw FROM declared WHERE license_id = 'unknown'")]
        b.load_rows(raw_families(self.kb, raws))
        self._lap("licences")
        b.create("edges", self.sql("edges"))
        b.drop("tags_flat")
        b.create("cycle_nodes", self.sql("empty_cycles"))
        b.create("edges_live", self.sql("edges_live"))
        self._lap("edges")
        levels = self._levels()
        self._lap("levels")
        b.create("nodes", self.sql("nodes"))
        self._propagate(levels)
        self._lap("propagation")
        b.create("mismatches", self.sql("mismatches"))
        b.create("problems", self.sql("problems"))
        self._lap("mismatches")
        meta = self._meta(dump, engine, extra, levels)
        b.load_rows(Table("meta", (("key", "STRING"), ("value", "STRING")), tuple(sorted(meta.items()))))
        self.report.meta = meta
        b.finish(_outputs(self.sql("cards")), out)
        self._lap("write")

    def _level_walk(self, first: int) -> int:
        """Place models level by level from ``first``; returns the next free level."""
        level = first
        added = self.b.append("levels", self.sql("level_first", level=level))
        while added and level + 1 < MAX_LEVELS:
            level += 1
            added = self.b.append("levels", self.sql("level_step", level=level, prev=level - 1))
        return level if not added else level + 1

    def _levels(self) -> int:
        b = self.b
        b.create("levels", self.sql("empty"))
        after = self._level_walk(0)
        unplaced = "SELECT k.model_id FROM kept k LEFT JOIN levels l ON l.model_id = k.model_id WHERE l.model_id IS NULL"
        if after < MAX_LEVELS and self.count(f"SELECT count(*) FROM ({unplaced}) u"):
            # On a cycle or below one: the remainder's edges come to Python for its strongly connected components.
            edges = b.query(f"SELECT e.parent, e.child FROM edges_live e JOIN ({unplaced}) a ON a.model_id = e.child "
                            f"JOIN ({unplaced}) p ON p.model_id = e.parent")
            members = cycle_members((str(p), str(c)) for p, c in edges)
            b.load_rows(Table("cycle_nodes", (("model_id", "STRING"), ("cycle", "INT")),
                              tuple(sorted(members.items()))))
            b.create("edges_live", self.sql("edges_live"))
            self.say(f"{len(members)} models sit on declared cycles (no terms travel inside a cycle)")
            after = self._level_walk(after)
        return after

    def _propagate(self, levels: int) -> None:
        b = self.b
        b.create("reached", self.sql("empty_reached"))
        b.create("effective", self.sql("effective_step", level=0))
        b.create("cuts", self.sql("cuts_step"))
        top = self.count("SELECT max(level) FROM nodes")
        for level in range(1, top + 1):
            b.create("reached", self.sql("reached_step", level=level))
            b.append("effective", self.sql("effective_step", level=level))
            b.append("cuts", self.sql("cuts_step"))
        b.append("effective", self.sql("unplaced"))

    def _meta(self, dump: DumpSource, engine: str, extra: list[str], levels: int) -> dict[str, str]:
        from modelaudit._version import __version__

        def n(sql: str) -> str:
            return str(self.count(sql))

        return {
            "format": INDEX_FORMAT,
            "tool_version": __version__,
            "engine": engine,
            "built_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
            "dump": dump.described,
            "dump_dataset": DATASET,
            "dump_revision": dump.revision,
            "dump_files": str(len(dump.paths)),
            "dump_date": str((self.b.query("SELECT max(last_modified) FROM kept") or [("",)])[0][0] or ""),
            "dump_rows": n("SELECT count(*) FROM dump"),
            "schema_check": "ok" + (f" (extra columns ignored: {', '.join(extra)})" if extra else ""),
            "kb_hash": kb_hash(self.kb),
            "kb_licences": str(len(self.kb)),
            "sql_hash": sql_hash(SQL_FILES),
            "models": n("SELECT count(*) FROM kept"),
            "duplicate_ids": n("SELECT count(*) FROM kept WHERE dup_rows > 1"),
            "edges": n("SELECT count(*) FROM edges"),
            "derived_models": n("SELECT count(DISTINCT child) FROM edges"),
            "missing_parents": n("SELECT count(*) FROM edges WHERE parent IS NULL"),
            "cycle_models": n("SELECT count(*) FROM cycle_nodes"),
            "unplaced_models": n("SELECT count(*) FROM nodes WHERE status = 'depth-limit'"),
            "levels": str(levels),
            "effective_rows": n("SELECT count(*) FROM effective"),
            "mismatches": n("SELECT count(*) FROM mismatches"),
        }


def _outputs(cards: str) -> list[tuple[str, str]]:
    """The index's tables, each sorted by the key it is looked up by (DuckDB's zone maps then skip the rest)."""
    return [
        ("meta", "SELECT * FROM meta"),
        ("models", "SELECT k.model_id, k.model_key, k.org, k.author, k.last_modified, k.created_at, k.downloads, "
                   "k.likes, k.library_name, k.pipeline_tag, k.tags, k.dup_rows, n.level, n.status "
                   "FROM kept k JOIN nodes n ON n.model_id = k.model_id ORDER BY k.model_key"),
        ("cards", cards),  # straight from the dump: sorting or staging a million cards costs more than it saves
        ("declared", "SELECT * FROM declared ORDER BY model_id"),
        ("edges", "SELECT * FROM edges ORDER BY child"),
        ("effective", "SELECT * FROM effective ORDER BY model_id"),
        ("cuts", "SELECT * FROM cuts"),
        ("mismatches", "SELECT * FROM mismatches"),
        ("problems", "SELECT * FROM problems"),
        ("license_rules", "SELECT * FROM license_rules"),
    ]


#: ART indexes (name, table, column) for lookups by a key that zone maps cannot narrow: the ids of a lineage
#: generation (``HubIndex.lineage``), and a card (``HubIndex.model``; cards stay in the dump's order, sorting a
#: million cards costs more). Without them each lookup scans the whole column (25-50 ms); DuckDB answers
#: ``col = ?`` and a bare ``col IN (?, ...)`` from them (not ``= ANY(list)``, joins or extra predicates).
LOOKUP_INDEXES = (("edges_up_child", "edges_up", "child"), ("cards_key", "cards", "model_key"))


def _finish_index(path: Path) -> None:
    """What only the index file needs, in DuckDB's own SQL (the index is always a DuckDB file): each model's
    declared and effective licences as one line (the ``hub`` queries join it instead of aggregating per row),
    the edges by parent (descendants walk down them), the edges up with the parent's licences (lineage walks up
    them) and the ART indexes of the lookups by key."""
    import duckdb

    from modelaudit.index.duck import configure

    con = duckdb.connect(str(path))
    try:
        configure(con)
        # The sorted distinct ids joined by commas (NULL for none): string_agg(DISTINCT .. ORDER BY)'s text, from a
        # list aggregate in ~30% less time (that saving pays for part of the indexes below).
        one_line = "nullif(array_to_string(list_sort(list_distinct(list(license_id))), ','), '')"
        con.execute(
            "CREATE TABLE model_licences AS SELECT m.model_id, d.declared, f.effective FROM models m"
            f" LEFT JOIN (SELECT model_id, {one_line} AS declared FROM declared GROUP BY model_id) d"
            "  ON d.model_id = m.model_id"
            f" LEFT JOIN (SELECT model_id, {one_line} AS effective FROM effective GROUP BY model_id) f"
            "  ON f.model_id = m.model_id ORDER BY m.model_id")
        con.execute("CREATE TABLE edges_down AS SELECT parent, child FROM edges WHERE parent IS NOT NULL ORDER BY parent")
        # A lineage generation names hundreds of ids spread over every row group (zone maps prune nothing): each
        # step is a lookup in an ART index instead, and carries the parent's licences, so that no second lookup
        # of hundreds of ids follows (a 2M-key index on model_licences would take ~100 ms just to load).
        con.execute("CREATE TABLE edges_up AS SELECT e.child, e.parent, l.declared, l.effective FROM edges_down e"
                    " LEFT JOIN model_licences l ON l.model_id = e.parent")
        for name, table, column in LOOKUP_INDEXES:
            con.execute(f"CREATE INDEX {name} ON {table} ({column})")
        # Drift: what a derivative declares where its parent declares something else (or nothing at all).
        con.execute(
            "CREATE TABLE stats_drift AS SELECT p.license_id AS parent_declares,"
            " coalesce(c.license_id, '(nothing)') AS child_declares, count(*) AS edges"
            " FROM edges e JOIN declared p ON p.model_id = e.parent LEFT JOIN declared c ON c.model_id = e.child"
            " WHERE c.license_id IS NULL OR c.license_id <> p.license_id GROUP BY ALL"
            " ORDER BY edges DESC, parent_declares, child_declares")
        con.execute(
            "CREATE TABLE stats_effective AS SELECT license_id AS licence, count(DISTINCT model_id) AS models,"
            " count(DISTINCT CASE WHEN hops > 0 THEN model_id END) AS inherited FROM effective"
            " GROUP BY license_id ORDER BY models DESC, licence")
        con.execute("CHECKPOINT")
    finally:
        con.close()
