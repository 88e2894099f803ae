"""One set of rules: the index's SQL gives what the Python propagation gives (on sampled lineages audited through
the normal engine from the same rows), both backends give identical tables, and the relicensing cut does not
depend on which origin wins a tie, in Python and in SQL."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from hubdump import Row, random_graph
from index_helpers import built, effective
from modelaudit.analysis import analyse_model
from modelaudit.index.source import IndexSource
from modelaudit.index.store import HubIndex
from modelaudit.lineage.builder import WalkLimits
from modelaudit.sources.chain import MemoSource

INDEX_KINDS = frozenset({"no-license", "drops-inherited", "differs-from-base"})


def _python(index: HubIndex, models: list[str]) -> dict[str, tuple[set[tuple[str, int, bool]], set[tuple[str, str | None]]]]:
    """Each model's effective licences and mismatches from the normal engine (lineage walk, identification,
    propagation.py), every record read from the index's rows."""
    source = MemoSource(IndexSource(index))
    out = {}
    for model in models:
        a = analyse_model(model, source, limits=WalkLimits(data=False))
        eff = {(e.id, len(e.path) - 1, e.partial) for e in a.propagation.effective_of(a.subject)}
        # The index computes the three licence mismatch kinds; output-training findings (outputs-restricted,
        # outputs-unknown) stay with the per-model audit.
        mis = {(m.kind, m.license_id if m.kind == "drops-inherited" else None)
               for m in a.propagation.mismatches if m.node == a.subject and m.kind in INDEX_KINDS}
        out[model] = (eff, mis)
    return out


def _sql(index: HubIndex, model: str) -> tuple[set[tuple[str, int, bool]], set[tuple[str, str | None]]]:
    eff = {(r[0], int(r[1]), bool(r[2])) for r in
           index.query("SELECT license_id, hops, partial FROM effective WHERE model_id = ?", [model]).rows}
    mis = {(r[0], r[1] if r[0] == "drops-inherited" else None) for r in
           index.query("SELECT kind, license FROM mismatches WHERE model_id = ?", [model]).rows}
    return eff, mis


def test_sql_equals_python_propagation_on_a_thousand_lineages(tmp_path: Path) -> None:
    rows = random_graph(1_400, seed=11)
    with HubIndex(built(tmp_path, rows)) as index:
        models = [r[0] for r in index.query("SELECT model_id FROM models ORDER BY model_id").rows]
        sample = random.Random(3).sample(models, 1_000)
        python = _python(index, sample)
        differ = [m for m in sample if python[m] != _sql(index, m)]
        assert not differ, [(m, python[m], _sql(index, m)) for m in differ[:3]]
        # the sample exercises what matters: inherited licences, every mismatch kind, cuts
        kinds = {k for m in sample for k, _ in python[m][1]}
        assert kinds >= {"no-license", "drops-inherited", "differs-from-base"}
        assert sum(1 for m in sample if any(h > 0 for _, h, _ in python[m][0])) > 200
        assert index.query("SELECT count(*) FROM cuts").rows[0][0] > 0


@pytest.mark.parametrize("order", [("x/p1", "y/p2"), ("y/p2", "x/p1")])
def test_the_relicensing_cut_waits_for_every_origin(tmp_path: Path, order: tuple[str, str]) -> None:
    # x/child declares MIT; Apache reaches it from x/p1 (its own publisher) and y/p2 (somebody else's) on paths of
    # equal rank. Whichever is shown, y/p2's Apache was not x's to relicense: it stays.
    rows = [Row("x/p1", "apache-2.0"), Row("y/p2", "apache-2.0"),
            Row("x/child", "mit", list(order), tag_relation="merge"),
            Row("x/q1", "apache-2.0"), Row("x/q2", "apache-2.0"),
            Row("x/child2", "mit", ["x/q1", "x/q2"], tag_relation="merge")]
    with HubIndex(built(tmp_path, rows)) as index:
        assert effective(index, "x/child") == {"mit", "apache-2.0"}
        assert effective(index, "x/child2") == {"mit"}  # every origin is x's own: relicensed
        python = _python(index, ["x/child", "x/child2"])
        assert {i for i, _, _ in python["x/child"][0]} == {"mit", "apache-2.0"}
        assert {i for i, _, _ in python["x/child2"][0]} == {"mit"}


def test_the_python_cut_is_order_independent_below_a_tie(tmp_path: Path) -> None:
    # z/mid inherits Apache from x/a and y/b at a tie and shows one; x/leaf (x's) declares MIT: Apache stays,
    # whichever origin z/mid shows, because y/b's origin travels along.
    for order in (["x/a", "y/b"], ["y/b", "x/a"]):
        rows = [Row("x/a", "apache-2.0"), Row("y/b", "apache-2.0"),
                Row("z/mid", None, order, tag_relation="merge"), Row("x/leaf", "mit", ["z/mid"], "finetune")]
        with HubIndex(built(tmp_path, rows, name="t" + order[0][0])) as index:
            assert effective(index, "x/leaf") == {"mit", "apache-2.0"}
            [(eff, _)] = _python(index, ["x/leaf"]).values()
            assert {i for i, _, _ in eff} == {"mit", "apache-2.0"}


def _spark_ready() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install 'modelaudit-license[spark]'; CI installs it)"
    if shutil.which("java") is None:
        return "no Java runtime on PATH (CI installs a JRE)"
    return None


TABLES = {
    "models": "SELECT model_id, level, status, dup_rows FROM models",
    "declared": "SELECT model_id, lkey, license_id, raw FROM declared",
    "edges": "SELECT child, parent_raw, parent, relation FROM edges",
    "effective": "SELECT model_id, lkey, license_id, raw, origin, via, hops, partial, reach, org_min, org_max "
                 "FROM effective",
    "cuts": "SELECT model_id, license_id, origin FROM cuts",
    "mismatches": "SELECT model_id, kind, license, origin FROM mismatches",
    "problems": "SELECT model_id, kind, detail FROM problems",
}


@pytest.mark.skipif(_spark_ready() is not None, reason=_spark_ready() or "")
def test_duckdb_and_spark_build_identical_tables(tmp_path: Path) -> None:
    rows = random_graph(20_000, seed=5, cycles=5, missing=20, max_depth=5)
    duck = built(tmp_path, rows, name="duck")
    spark = built(tmp_path, rows, name="spark", engine="spark")
    with HubIndex(duck) as a, HubIndex(spark) as b:
        assert int(a.meta["models"]) > 20_000 and a.meta["engine"] == "duckdb" and b.meta["engine"] == "spark"
        for name, sql in TABLES.items():
            left = sorted(a.query(sql).rows, key=repr)
            right = sorted(b.query(sql).rows, key=repr)
            assert left == right, name
