"""The lineage walk against the fake Hub: recorded fixtures (R1 distills, renames, gated repos) and synthetic
Hubs for the hard shapes (cycles, self-references, 40-deep chains, 300-parent merges, limits, failures)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

import fakehub
from fakehub import DEFAULT_ACCESS_TOKEN, FakeHub
from helpers import hub_of, repo, run_cli, started
from modelaudit.kinds import Confidence, Evidence, Relation
from modelaudit.lineage.builder import WalkLimits, build_lineage
from modelaudit.lineage.graph import LineageGraph, NodeStatus
from modelaudit.sources.chain import MemoSource
from modelaudit.sources.hub import HubSource


@pytest.fixture(autouse=True)
def _no_nagle(monkeypatch: pytest.MonkeyPatch) -> None:
    # Speed only: without TCP_NODELAY each fake-Hub request waits ~40 ms for a delayed ACK.
    monkeypatch.setattr(fakehub._Handler, "disable_nagle_algorithm", True, raising=False)


class Sleeps:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def walk(hub: FakeHub, reference: str, *, limits: WalkLimits | None = None, sleeps: Sleeps | None = None,
         token: str | None = None) -> LineageGraph:
    source = MemoSource(HubSource(endpoint=hub.url, sleep=sleeps or Sleeps(), token=token, backoff=0.01))
    return build_lineage(reference, source, limits=limits)


def api_counts(hub: FakeHub) -> Counter[str]:
    return Counter(r.path.removeprefix("/api/models/") for r in hub.requests if r.path.startswith("/api/models/"))


def edge(graph: LineageGraph, parent: str, child: str):  # type: ignore[no-untyped-def]
    edge = graph.edge(parent, child)
    assert edge is not None, f"no edge {parent} -> {child}; edges: {[(e.parent, e.child) for e in graph.edges()]}"
    return edge


# -- the R1 distills on the recorded Hub ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "base", "sentence"),
    [
        ("deepseek-ai/DeepSeek-R1-Distill-Llama-70B", "meta-llama/Llama-3.3-70B-Instruct",
         "derived from Llama3.3-70B-Instruct"),
        ("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "meta-llama/Llama-3.1-8B", "derived from Llama3.1-8B-Base"),
    ],
)
def test_r1_llama_distills_reach_llama_through_inferred_edges(fake_hub: FakeHub, model: str, base: str,
                                                               sentence: str) -> None:
    graph = walk(fake_hub, model)
    assert graph.subject == model
    assert base in graph.ancestors()
    e = edge(graph, base, model)
    assert e.confidence is Confidence.INFERRED and e.inferred
    assert e.evidence is Evidence.README
    assert e.relation is Relation.FINETUNE
    assert any(sentence in d for d in e.details), e.details
    assert any("table row" in d for d in e.details)
    # the distillation from R1 is there too, and the Llama base is a real, pinned Hub node
    assert edge(graph, "deepseek-ai/DeepSeek-R1", model).relation is Relation.DISTILLATION
    node = graph.node(base)
    assert node.status is NodeStatus.RESOLVED and node.revision and len(node.revision) == 40
    assert graph.root.status is NodeStatus.RESOLVED


def test_r1_llama_70b_full_ancestry(fake_hub: FakeHub) -> None:
    graph = walk(fake_hub, "deepseek-ai/DeepSeek-R1-Distill-Llama-70B")
    assert graph.ancestors() == {
        "meta-llama/Llama-3.3-70B-Instruct", "meta-llama/Llama-3.1-70B", "deepseek-ai/DeepSeek-R1",
        "deepseek-ai/DeepSeek-V3-Base",
    }
    declared = edge(graph, "meta-llama/Llama-3.1-70B", "meta-llama/Llama-3.3-70B-Instruct")
    assert declared.confidence is Confidence.DECLARED and declared.evidence is Evidence.CARD
    assert {e.child for e in graph.inferred_edges()} == {"deepseek-ai/DeepSeek-R1-Distill-Llama-70B",
                                                         "deepseek-ai/DeepSeek-R1"}
    # pinned to the sha the Hub returned for each repo
    assert graph.node("deepseek-ai/DeepSeek-R1-Distill-Llama-70B").revision == "5dfc3de28f7412293878a8e20ff3ece81e7a91b5"
    assert not graph.truncated and not graph.has_cycle()


@pytest.mark.parametrize(
    ("model", "base", "grandparent"),
    [
        ("deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", "Qwen/Qwen2.5-Math-1.5B", None),
        ("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "Qwen/Qwen2.5-Math-7B", "Qwen/Qwen2.5-7B"),
        ("deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "Qwen/Qwen2.5-32B", None),
    ],
)
def test_r1_qwen_distills_reach_qwen25(fake_hub: FakeHub, model: str, base: str, grandparent: str | None) -> None:
    graph = walk(fake_hub, model)
    e = edge(graph, base, model)
    assert e.inferred and e.evidence is Evidence.README
    assert graph.node(base).status is NodeStatus.RESOLVED
    if grandparent:
        assert edge(graph, grandparent, base).confidence is Confidence.DECLARED
        assert grandparent in graph.ancestors()
    assert not any("llama" in a.lower() for a in graph.ancestors())


def test_quant_of_a_distill_walks_through_to_the_llama_base(fake_hub: FakeHub) -> None:
    graph = walk(fake_hub, "unsloth/DeepSeek-R1-Distill-Llama-70B-bnb-4bit")
    assert edge(graph, "deepseek-ai/DeepSeek-R1-Distill-Llama-70B",
                "unsloth/DeepSeek-R1-Distill-Llama-70B-bnb-4bit").relation is Relation.QUANTIZED
    assert "meta-llama/Llama-3.3-70B-Instruct" in graph.ancestors()


# -- renames and gated repos --------------------------------------------------------------------------------


def test_renamed_parent_is_recorded_with_both_ids(fake_hub: FakeHub) -> None:
    graph = walk(fake_hub, "meta-llama/Llama-3.1-8B-Instruct")
    assert "meta-llama/Meta-Llama-3.1-8B" not in graph  # one node, under the Hub's current id
    node = graph.node("meta-llama/Llama-3.1-8B")
    assert node.aliases == ("meta-llama/Meta-Llama-3.1-8B",)
    assert node.revision == "69332380092f8a42b3d0533fd5bf40dc7d053568"  # pinned to what the Hub answered after the redirect
    e = edge(graph, "meta-llama/Llama-3.1-8B", "meta-llama/Llama-3.1-8B-Instruct")
    assert e.confidence is Confidence.DECLARED
    assert any("Meta-Llama-3.1-8B" in d for d in e.details)  # the card's spelling stays visible
    doc = graph.to_json()
    [entry] = [n for n in doc["nodes"] if n["id"] == "meta-llama/Llama-3.1-8B"]
    assert entry["aliases"] == ["meta-llama/Meta-Llama-3.1-8B"]


def test_asking_for_the_old_id_gives_the_new_subject(fake_hub: FakeHub) -> None:
    graph = walk(fake_hub, "meta-llama/Meta-Llama-3.1-8B")
    assert graph.subject == "meta-llama/Llama-3.1-8B"
    assert graph.requested == "meta-llama/Meta-Llama-3.1-8B"
    assert graph.root.aliases == ("meta-llama/Meta-Llama-3.1-8B",)


def test_old_and_new_ids_of_one_repo_make_one_node() -> None:
    hub = started(hub_of(
        repo("org/New-Base"),
        repo("x/merge", base=["org/Old-Base", "org/New-Base", "x/other"]),
        repo("x/other"),
        renames={"org/Old-Base": "org/New-Base"},
    ))
    try:
        graph = walk(hub, "x/merge")
        assert set(graph.node_ids()) == {"x/merge", "org/New-Base", "x/other"}
        assert graph.node("org/New-Base").aliases == ("org/Old-Base",)
        assert {e.parent for e in graph.parents("x/merge")} == {"org/New-Base", "x/other"}
    finally:
        hub.stop()


def test_gated_repo_without_a_token_is_incomplete_not_resolved(no_token: FakeHub) -> None:
    fake_hub = no_token
    graph = walk(fake_hub, "deepseek-ai/DeepSeek-R1-Distill-Llama-70B")
    node = graph.node("meta-llama/Llama-3.3-70B-Instruct")
    # Its README was never read: a sentence naming another parent may be in it (fail closed).
    assert node.status is NodeStatus.INCOMPLETE
    assert node.gated == "manual"
    assert any("README.md" in u and "gated" in u and "HF_TOKEN" in u for u in node.unread)
    # the metadata API is public: the declared base still comes through
    assert "meta-llama/Llama-3.1-70B" in graph.ancestors("meta-llama/Llama-3.3-70B-Instruct")
    # the refused README was asked for once, without a token, and no request failed the walk
    refused = [r for r in fake_hub.requests if "/meta-llama/Llama-3.3-70B-Instruct/resolve/" in r.path]
    assert [r.status for r in refused] == [401]


def test_gated_readme_is_read_with_a_token(fake_hub: FakeHub) -> None:
    graph = walk(fake_hub, "meta-llama/Llama-3.3-70B-Instruct", token=DEFAULT_ACCESS_TOKEN)
    assert "README not read (gated)" not in graph.root.notes
    assert graph.record("meta-llama/Llama-3.3-70B-Instruct").readme  # type: ignore[union-attr]


# -- missing parents, cycles, self-references ---------------------------------------------------------------


def test_unknown_parent_is_a_missing_node() -> None:
    hub = started(hub_of(repo("x/child", base="nobody/ghost-model")))
    try:
        graph = walk(hub, "x/child")
        ghost = graph.node("nobody/ghost-model")
        assert ghost.status is NodeStatus.MISSING
        assert "nobody/ghost-model" in ghost.notes[0]
        assert graph.root.status is NodeStatus.RESOLVED
        assert edge(graph, "nobody/ghost-model", "x/child").confidence is Confidence.DECLARED
        assert ghost in graph.problem_ancestors()
    finally:
        hub.stop()


def test_declared_cycle_terminates_and_is_marked() -> None:
    hub = started(hub_of(repo("c/A", base="c/B"), repo("c/B", base="c/A"), repo("c/child", base="c/A")))
    try:
        graph = walk(hub, "c/child")
        assert graph.node("c/A").status is NodeStatus.CYCLE
        assert graph.node("c/B").status is NodeStatus.CYCLE
        assert graph.root.status is NodeStatus.RESOLVED
        assert any("cycle" in n and "c/A" in n and "c/B" in n for n in graph.node("c/A").notes)
        assert graph.has_cycle()
        assert set(api_counts(hub).values()) == {1}
    finally:
        hub.stop()


def test_two_node_cycle_as_the_subject() -> None:
    hub = started(hub_of(repo("c/A", base="c/B"), repo("c/B", base="c/A")))
    try:
        graph = walk(hub, "c/A")
        assert {n.status for n in graph.nodes()} == {NodeStatus.CYCLE}
        assert graph.depth() == 1
    finally:
        hub.stop()


def test_self_reference_is_ignored_with_a_note() -> None:
    hub = started(hub_of(repo("s/self", base=["s/self", "p/base", "p/base"]), repo("p/base")))
    try:
        graph = walk(hub, "s/self")
        assert not graph.has_edge("s/self", "s/self")
        assert any("names the model itself" in n for n in graph.root.notes)
        [parent] = graph.parents("s/self")
        assert parent.parent == "p/base"
        assert parent.relation is Relation.FINETUNE  # one real base: not a merge
        assert graph.root.status is NodeStatus.RESOLVED
    finally:
        hub.stop()


def test_self_reference_through_an_old_id_is_ignored_with_a_note() -> None:
    hub = started(hub_of(repo("s/New", base="s/Old"), renames={"s/Old": "s/New"}))
    try:
        graph = walk(hub, "s/New")
        assert list(graph.edges()) == []
        assert any("resolves to the model itself" in n for n in graph.root.notes)
    finally:
        hub.stop()


# -- bounded work --------------------------------------------------------------------------------------------


def test_forty_deep_chain_resolves_with_each_repo_fetched_once() -> None:
    hub = started(hub_of(*[repo(f"chain/m{i}", base=f"chain/m{i + 1}" if i < 40 else None) for i in range(41)]))
    try:
        graph = walk(hub, "chain/m0")
        assert len(graph) == 41
        assert graph.depth() == 40
        assert {n.status for n in graph.nodes()} == {NodeStatus.RESOLVED}
        assert not graph.truncated
        counts = api_counts(hub)
        assert set(counts) == {f"chain/m{i}" for i in range(41)} and set(counts.values()) == {1}
        readmes = Counter(r.path for r in hub.requests if r.path.endswith("/README.md"))
        assert len(readmes) == 41 and set(readmes.values()) == {1}
    finally:
        hub.stop()


def test_merge_of_300_parents_fetches_each_parent_once() -> None:
    parents = [repo(f"p/p{i:03d}", base="root/base") for i in range(300)]
    bases = [f"p/p{i:03d}" for i in range(300)]
    child = repo("m/huge-merge", base=[*bases, "p/p001", "p/p002", bases[7]])  # with duplicates
    hub = started(hub_of(child, *parents, repo("root/base")))
    try:
        graph = walk(hub, "m/huge-merge")
        counts = api_counts(hub)
        assert len(counts) == 302 and set(counts.values()) == {1}  # 300 parents + child + shared root
        assert len(graph.parents("m/huge-merge")) == 300
        assert {e.relation for e in graph.parents("m/huge-merge")} == {Relation.MERGE}
        assert graph.node("root/base").status is NodeStatus.RESOLVED
        assert graph.depth() == 2
    finally:
        hub.stop()


def test_diamond_shares_one_fetch() -> None:
    hub = started(hub_of(repo("d/top", base=["d/left", "d/right"]), repo("d/left", base="d/root"),
                         repo("d/right", base="d/root"), repo("d/root")))
    try:
        graph = walk(hub, "d/top")
        assert api_counts(hub)["d/root"] == 1
        assert {e.child for e in graph.children("d/root")} == {"d/left", "d/right"}
    finally:
        hub.stop()


def test_max_depth_leaves_not_explored_nodes() -> None:
    hub = started(hub_of(*[repo(f"chain/m{i}", base=f"chain/m{i + 1}" if i < 40 else None) for i in range(41)]))
    try:
        graph = walk(hub, "chain/m0", limits=WalkLimits(max_depth=5))
        assert graph.truncated
        fetched = {n.id for n in graph.nodes() if n.status is NodeStatus.RESOLVED}
        frontier = [n for n in graph.nodes() if n.status is NodeStatus.NOT_EXPLORED]
        assert len(frontier) == 1 and "depth limit 5" in frontier[0].notes[0]
        assert set(api_counts(hub)) == fetched  # nothing beyond the limit was requested
        assert len(fetched) <= 6
        assert frontier[0] in graph.problem_ancestors()
    finally:
        hub.stop()


def test_max_nodes_leaves_not_explored_nodes() -> None:
    hub = started(hub_of(repo("m/merge", base=[f"p/p{i}" for i in range(30)]), *[repo(f"p/p{i}") for i in range(30)]))
    try:
        graph = walk(hub, "m/merge", limits=WalkLimits(max_nodes=10))
        assert graph.truncated
        statuses = Counter(n.status for n in graph.nodes())
        assert statuses[NodeStatus.RESOLVED] == 10
        assert statuses[NodeStatus.NOT_EXPLORED] == 21
        assert sum(api_counts(hub).values()) == 10
        assert all("10-node limit" in n.notes[0] for n in graph.nodes() if n.status is NodeStatus.NOT_EXPLORED)
        assert len(graph.parents("m/merge")) == 30  # the unexplored parents are still listed
    finally:
        hub.stop()


def test_cli_limits(fake_hub: FakeHub, capsys) -> None:
    result = run_cli(capsys, "lineage", "deepseek-ai/DeepSeek-R1-Distill-Llama-70B", "--max-depth", "1",
                     "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)["lineage"]
    assert doc["truncated"] is True
    assert {n["status"] for n in doc["nodes"]} >= {"not-explored"}


# -- transient and persistent failures ----------------------------------------------------------------------


def test_429_and_500_are_retried_then_succeed() -> None:
    hub = started(hub_of(repo("r/child", base=["r/a", "r/b"]), repo("r/a"), repo("r/b")))
    try:
        hub.inject("/api/models/r/a", 429, times=2, headers={"Retry-After": "2"})
        hub.inject("/r/b/resolve/", 500, times=2)
        sleeps = Sleeps()
        graph = walk(hub, "r/child", sleeps=sleeps)
        assert {n.status for n in graph.nodes()} == {NodeStatus.RESOLVED}
        assert sleeps.calls.count(2.0) == 2  # Retry-After honoured
        assert len(sleeps.calls) == 4
        a_statuses = [r.status for r in hub.requests if r.path == "/api/models/r/a"]
        assert a_statuses == [429, 429, 200]
        b_readme = [r.status for r in hub.requests if r.path.startswith("/r/b/resolve/")]
        assert b_readme == [500, 500, 200]
        assert graph.record("r/b").readme  # type: ignore[union-attr]
    finally:
        hub.stop()


def test_persistent_500_on_a_parent_is_an_unavailable_node() -> None:
    hub = started(hub_of(repo("r/child", base=["r/ok", "r/broken"]), repo("r/ok"), repo("r/broken")))
    try:
        hub.inject("/api/models/r/broken", 500, times=1000)
        graph = walk(hub, "r/child")
        node = graph.node("r/broken")
        assert node.status is NodeStatus.UNAVAILABLE
        [note] = node.notes
        assert "\n" not in note and "r/broken" in note and "HTTP 500" in note and "attempts" in note
        assert graph.node("r/ok").status is NodeStatus.RESOLVED
        assert hub.count(lambda r: r.path == "/api/models/r/broken") == 4  # bounded
    finally:
        hub.stop()


def test_persistent_500_on_a_readme_makes_the_node_incomplete() -> None:
    hub = started(hub_of(repo("r/solo")))
    try:
        hub.inject("/r/solo/resolve/", 503, times=1000)
        graph = walk(hub, "r/solo")
        assert graph.root.status is NodeStatus.INCOMPLETE
        assert graph.root.unread == ("README.md not read: the Hub kept failing",)
    finally:
        hub.stop()


def test_cli_persistent_500_on_the_subject_is_one_line(fake_hub: FakeHub, capsys,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(HubSource, "_backoff", lambda self, attempt: 0.0)  # speed only
    fake_hub.inject("/api/models/Qwen/Qwen2.5-7B", 500, times=1000)
    result = run_cli(capsys, "lineage", "Qwen/Qwen2.5-7B")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "Qwen/Qwen2.5-7B" in lines[0] and "HTTP 500" in lines[0]
    assert "Traceback" not in result.err


# -- duplicates ---------------------------------------------------------------------------------------------


def test_duplicate_bases_collapse_to_one_edge() -> None:
    hub = started(hub_of(repo("x/ft", base=["p/A", "p/A", "p/A"]), repo("p/A")))
    try:
        graph = walk(hub, "x/ft")
        [e] = graph.parents("x/ft")
        assert e.parent == "p/A" and e.relation is Relation.FINETUNE
        assert api_counts(hub)["p/A"] == 1
    finally:
        hub.stop()


def test_duplicates_differing_in_case_collapse() -> None:
    hub = started(hub_of(repo("x/m", base=["p/Alpha", "P/alpha", "p/Beta"]), repo("p/Alpha"), repo("p/Beta")))
    try:
        graph = walk(hub, "x/m")
        assert {e.parent for e in graph.parents("x/m")} == {"p/Alpha", "p/Beta"}
        assert {e.relation for e in graph.parents("x/m")} == {Relation.MERGE}
    finally:
        hub.stop()


def test_card_and_tag_naming_the_same_base_make_one_declared_edge() -> None:
    hub = started(hub_of(repo("x/q", base="p/A", tags=["base_model:quantized:p/A"]), repo("p/A")))
    try:
        graph = walk(hub, "x/q")
        [e] = graph.parents("x/q")
        assert e.evidence is Evidence.CARD and e.relation is Relation.QUANTIZED
    finally:
        hub.stop()


def test_an_unexpected_source_failure_is_an_unavailable_node_not_a_crash() -> None:
    from modelaudit.lineage.builder import build_lineage
    from modelaudit.lineage.graph import NodeStatus

    class Broken:
        def fetch(self, repo_id: str, revision: str | None = None):  # type: ignore[no-untyped-def]
            raise ValueError("malformed answer")

    graph = build_lineage("org/model", Broken())
    assert graph.root.status is NodeStatus.UNAVAILABLE
    assert "malformed answer" in graph.root.notes[0]
