"""The Hub index (``modelaudit index build``): the dump's rows -> models, declared licences, edges, effective
licences and mismatches, through the portable SQL of ``rules/sql`` on DuckDB."""

from __future__ import annotations

from pathlib import Path

import pytest

from hubdump import Row
from index_helpers import built, effective, mismatch_rows
from modelaudit.index.store import HubIndex


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> HubIndex:
    rows = [
        Row("meta-llama/Llama-3.1-8B", "llama3.1"),
        Row("quants/llama-gguf-apache", "apache-2.0", ["meta-llama/Llama-3.1-8B"], "quantized"),
        Row("quants/llama-gguf-ok", "llama3.1", ["meta-llama/Llama-3.1-8B"], "quantized"),
        Row("tuners/no-licence", None, ["meta-llama/Llama-3.1-8B"], "finetune"),
        Row("meta-llama/Llama-3.3-70B", "llama3.3", ["meta-llama/Llama-3.1-8B"], "finetune"),  # the licensor relicenses
        Row("deepseek-ai/V3", "other", license_name="deepseek"),  # `other` named by license_name
        Row("deepseek-ai/R1", "mit", ["deepseek-ai/V3"], "finetune"),
        Row("third/V3-mit", "mit", ["deepseek-ai/V3"], "finetune"),
        Row("odd/custom", "other", license_name="my very own licence"),
        Row("Qwen/Qwen2.5-7B", "apache-2.0"),
        Row("quants/qwen-mit", "mit", ["Qwen/Qwen2.5-7B"], "quantized"),
        Row("mergers/m", "apache-2.0", ["meta-llama/Llama-3.1-8B", "Qwen/Qwen2.5-7B"], tag_relation="merge"),
        Row("orphans/o", "apache-2.0", ["gone/parent"], "finetune"),
        Row("cyc/a", "mit", ["cyc/b"], "finetune"),
        Row("cyc/b", "cc-by-nc-4.0", ["cyc/a"], "finetune"),
        Row("other/below", "apache-2.0", ["cyc/a"], "finetune"),
        Row("dup/x", "mit"),
        Row("DUP/x", "apache-2.0"),
    ]
    path = built(tmp_path_factory.mktemp("index"), rows)
    with HubIndex(path) as index:
        yield index  # type: ignore[misc]


def test_declared_licences_are_identified_with_the_knowledge_base(hub: HubIndex) -> None:
    declared = {(r[0], r[1]) for r in hub.query("SELECT model_id, license_id FROM declared").rows}
    assert ("deepseek-ai/V3", "deepseek") in declared  # other + license_name
    assert ("odd/custom", "unknown") in declared  # never dropped: unknown, raw kept
    raw = hub.query("SELECT raw FROM declared WHERE model_id = 'odd/custom'").rows[0][0]
    assert raw == "other / license_name: my very own licence"
    assert not any(m == "tuners/no-licence" for m, _ in declared)


def test_inherited_licences_and_mismatches(hub: HubIndex) -> None:
    assert effective(hub, "quants/llama-gguf-apache") == {"apache-2.0", "llama3.1"}
    assert mismatch_rows(hub, "quants/llama-gguf-apache") == {
        ("drops-inherited", "llama3.1", "meta-llama/Llama-3.1-8B"),
        ("differs-from-base", None, "meta-llama/Llama-3.1-8B")}
    assert mismatch_rows(hub, "quants/llama-gguf-ok") == set()
    assert mismatch_rows(hub, "tuners/no-licence") == {("no-license", "llama3.1", "meta-llama/Llama-3.1-8B")}
    # Apache allows relicensing: a quant under MIT only differs from its base
    assert mismatch_rows(hub, "quants/qwen-mit") == {("differs-from-base", None, "Qwen/Qwen2.5-7B")}
    assert effective(hub, "mergers/m") == {"apache-2.0", "llama3.1"}
    assert ("drops-inherited", "llama3.1", "meta-llama/Llama-3.1-8B") in mismatch_rows(hub, "mergers/m")


def test_only_the_licensor_relicenses(hub: HubIndex) -> None:
    assert effective(hub, "meta-llama/Llama-3.3-70B") == {"llama3.3"}
    assert effective(hub, "deepseek-ai/R1") == {"mit"}
    cuts = {tuple(r) for r in hub.query("SELECT model_id, license_id, origin FROM cuts").rows}
    assert ("deepseek-ai/R1", "deepseek", "deepseek-ai/V3") in cuts
    assert effective(hub, "third/V3-mit") == {"mit", "deepseek"}
    assert ("drops-inherited", "deepseek", "deepseek-ai/V3") in mismatch_rows(hub, "third/V3-mit")


def test_cycles_missing_parents_and_duplicates_are_marked(hub: HubIndex) -> None:
    problems = {(r[0], r[1]) for r in hub.query("SELECT model_id, kind FROM problems").rows}
    assert {("cyc/a", "cycle"), ("cyc/b", "cycle"), ("orphans/o", "missing-parent")} <= problems
    assert sum(1 for m, k in problems if k == "duplicate-id" and m.lower() == "dup/x") == 1
    assert ("other/below", "cycle") not in problems
    # no terms travel inside a cycle; below it they do
    assert effective(hub, "cyc/a") == {"mit"}
    assert effective(hub, "other/below") == {"apache-2.0", "mit"}
    status = dict(hub.query("SELECT model_id, status FROM models WHERE model_key IN ('cyc/a', 'cyc/b', 'other/below')").rows)
    assert status == {"cyc/a": "cycle", "cyc/b": "cycle", "other/below": "ok"}
    assert hub.meta["missing_parents"] == "1" and hub.meta["cycle_models"] == "2"


def test_meta_records_the_dump_and_the_knowledge_base(hub: HubIndex) -> None:
    from modelaudit.index.rules import kb_hash
    from modelaudit.licensing.knowledge_base import default_knowledge_base

    assert hub.meta["kb_hash"] == kb_hash(default_knowledge_base())
    assert hub.meta["schema_check"] == "ok"
    assert hub.meta["dump_revision"] == "local"
    assert hub.meta["dump_date"].startswith("2025-01-01")
    assert hub.date == "2025-01-01"


def test_hub_queries(hub: HubIndex) -> None:
    rows = hub.mismatches("llama*").dicts()
    assert {r["model_id"] for r in rows} == {"quants/llama-gguf-apache", "tuners/no-licence", "mergers/m"}
    down = {r["model_id"]: r for r in hub.descendants("meta-llama/llama-3.1-*").dicts()}
    assert set(down) == {"quants/llama-gguf-apache", "quants/llama-gguf-ok", "tuners/no-licence",
                         "meta-llama/Llama-3.3-70B", "mergers/m"}
    assert down["mergers/m"]["effective"] == "apache-2.0,llama3.1"
    stats = hub.stats()
    assert ("llama3.1", "apache-2.0") in {(r[0], r[1]) for r in stats["drift"].rows}
    lineage = hub.lineage("quants/llama-gguf-apache").dicts()
    assert [r["model_id"] for r in lineage] == ["quants/llama-gguf-apache", "meta-llama/Llama-3.1-8B"]


def test_rule_tables_come_from_the_knowledge_base(kb) -> None:  # type: ignore[no-untyped-def]
    from modelaudit.index.rules import rule_tables

    tables = {t.name: t for t in rule_tables(kb)}
    rules = {r[0]: r for r in tables["license_rules"].rows}
    assert len(rules) == len(kb)
    llama = kb.get("llama3.1")
    assert rules["llama3.1"][2] == 1 and rules["llama3.1"][3] == int(llama.propagation.relicensing_allowed)
    assert {r[1] for r in tables["license_binds"].rows if r[0] == "llama3.1"} == {
        r.value for r in llama.propagation.binds}
    assert ("llama3.1", "meta-llama") in tables["license_orgs"].rows


def test_a_build_replaces_the_index_only_when_it_succeeds(tmp_path: Path) -> None:
    from modelaudit.errors import UsageError
    from modelaudit.index.build import build_index

    index = built(tmp_path, [Row("a/b", "mit")])
    before = index.read_bytes()
    (tmp_path / "bad.parquet").write_bytes(b"not parquet")
    with pytest.raises(Exception):  # noqa: B017 - DuckDB's own error for a file that is not Parquet
        build_index(str(tmp_path / "bad.parquet"), index)
    assert index.read_bytes() == before
    with pytest.raises(UsageError, match="no Parquet file"):
        build_index(str(tmp_path / "nothing-here"), index)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".modelaudit-index-")]


def _lineage_by_scans(hub: HubIndex, repo_id: str, max_depth: int = 64) -> list[tuple[object, ...]]:
    """The lineage as format 1 walked it (DISTINCT parents over ``edges``, then ``model_licences``): the reference
    the indexed walk up ``edges_up`` must equal."""
    found = hub.query("SELECT model_id FROM models WHERE model_key = ?", [repo_id.lower()]).rows
    if not found:
        return []
    depth_of, frontier, depth = {str(found[0][0]): 0}, [str(found[0][0])], 0
    while frontier and depth < max_depth:
        depth += 1
        parents = hub.query("SELECT DISTINCT parent FROM edges WHERE list_contains(?, child) AND parent IS NOT NULL",
                            [frontier]).rows
        frontier = [str(p) for (p,) in parents if str(p) not in depth_of]
        depth_of.update((p, depth) for p in frontier)
    licences = {str(r[0]): (r[1], r[2]) for r in hub.query(
        "SELECT model_id, declared, effective FROM model_licences WHERE list_contains(?, model_id)", [list(depth_of)]).rows}
    return [(m, d, *licences.get(m, (None, None))) for m, d in sorted(depth_of.items(), key=lambda x: (x[1], x[0]))]


def test_lineage_of_a_merge_of_merges_walks_the_indexed_edges(tmp_path: Path) -> None:
    # Merges of merges with shared ancestors (diamonds), an unlicensed and a missing parent, and a cycle above.
    roots = [Row(f"base/r{i}", ["mit", "apache-2.0", "llama3.1"][i % 3]) for i in range(12)]
    mids = [Row(f"mid/m{i}", "apache-2.0" if i % 2 else None, [f"base/r{i}", f"base/r{(i + 5) % 12}"],
                tag_relation="merge") for i in range(12)]
    rows = [*roots, *mids,
            Row("cyc/a", "mit", ["cyc/b"], "finetune"), Row("cyc/b", "gemma", ["cyc/a"], "finetune"),
            Row("top/merge", "apache-2.0", [*(m.model_id for m in mids), "base/r0", "cyc/a", "gone/parent"],
                tag_relation="merge"),
            Row("top/quant", "apache-2.0", ["top/merge"], "quantized")]
    with HubIndex(built(tmp_path, rows)) as hub:
        rows_of = hub.lineage("TOP/quant").rows  # found case-insensitively
        assert rows_of == _lineage_by_scans(hub, "top/quant")
        assert rows_of[:2] == [("top/quant", 0, "apache-2.0", "apache-2.0,llama3.1,mit"),
                               ("top/merge", 1, "apache-2.0", "apache-2.0,llama3.1,mit")]
        depth = {r[0]: r[1] for r in rows_of}
        assert depth["base/r0"] == 2 and depth["base/r5"] == 3 and depth["cyc/b"] == 3  # the shortest way up
        assert "gone/parent" not in depth and len(depth) == 2 + 12 + 12 + 2
        assert ("mid/m0", 2, None, "llama3.1,mit") in rows_of  # no declared licence: None, not a guess
        assert hub.lineage("top/quant", max_depth=2).rows == _lineage_by_scans(hub, "top/quant", max_depth=2)
        for model in ("cyc/a", "base/r3", "mid/m7"):
            assert hub.lineage(model).rows == _lineage_by_scans(hub, model)
        assert hub.lineage("no/such").rows == []
        # The lookups the walk and the index source rely on are indexed (DuckDB reads them from the ART).
        indexes = {(r[0], r[1]) for r in hub.query("SELECT table_name, expressions FROM duckdb_indexes()").rows}
        assert {t for t, _ in indexes} >= {"edges_up", "cards"}
