"""The bundled snapshot: --offline, automatic fallback when the Hub is unreachable, `snapshot build` / `info`."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

import fakehub
from fakehub import DEFAULT_ACCESS_TOKEN, FakeHub, fixture_repo_dirs
from helpers import run_cli
from modelaudit.evidence import read_evidence
from modelaudit.lineage.builder import build_lineage
from modelaudit.lineage.graph import NodeStatus
from modelaudit.lineage.inference import analyse_record
from modelaudit.lineage.names import default_catalogue
from modelaudit.sources.factory import SourceOptions, build_source
from modelaudit.sources.hub import HubSource
from modelaudit.sources.records import FetchOutcome, FetchStatus, FileStatus, ModelRecord
from modelaudit.sources.snapshot import Snapshot, SnapshotSource, bundled_snapshot_path

MODEL = "deepseek-ai/DeepSeek-R1-Distill-Llama-70B"


@pytest.fixture(autouse=True)
def _no_nagle(monkeypatch: pytest.MonkeyPatch) -> None:
    # Speed only: without TCP_NODELAY each fake-Hub request waits ~40 ms for a delayed ACK.
    monkeypatch.setattr(fakehub._Handler, "disable_nagle_algorithm", True, raising=False)


@pytest.fixture(scope="module")
def bundled() -> Snapshot:
    return Snapshot.read(bundled_snapshot_path())


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def unreachable_hub(monkeypatch: pytest.MonkeyPatch) -> str:
    url = closed_port_url()
    monkeypatch.setenv("HF_ENDPOINT", url)
    # The Hub source retries a refused connection once after a short backoff; skip the wait (speed only).
    monkeypatch.setattr(HubSource, "_backoff", lambda self, attempt: 0.0)
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return url


def parents_of(record: ModelRecord) -> list[tuple[str, str, str]]:
    analysis = analyse_record(read_evidence(record), default_catalogue())
    return sorted((c.target, c.relation.value, c.confidence.value) for c in analysis.claims)


# -- the bundled file -------------------------------------------------------------------------------------------


def test_bundled_snapshot_is_dated_and_covers_every_fixture_model(bundled: Snapshot) -> None:
    assert bundled.snapshot_date == "2026-11-22"
    fixture_ids = {json.loads((d / "info.json").read_text(encoding="utf-8"))["id"] for d in fixture_repo_dirs()}
    assert len(fixture_ids) == 92
    missing = fixture_ids - set(bundled.entries)
    assert not missing, f"fixture models absent from the bundled snapshot: {sorted(missing)}"
    for repo_id in fixture_ids:
        outcome = bundled.entries[repo_id]
        assert outcome.status is FetchStatus.OK and outcome.record is not None
        assert outcome.record.revision and len(outcome.record.revision) == 40  # pinned to a sha


def test_bundled_revisions_match_the_recorded_hub(bundled: Snapshot) -> None:
    for d in fixture_repo_dirs():
        info = json.loads((d / "info.json").read_text(encoding="utf-8"))
        record = bundled.entries[info["id"]].record
        assert record is not None
        assert record.revision == info["sha"], info["id"]


def test_snapshot_source_resolves_case_and_renames(bundled: Snapshot) -> None:
    source = SnapshotSource(snapshot=bundled)
    renamed = source.fetch("meta-llama/Meta-Llama-3.1-8B")
    assert renamed.status is FetchStatus.OK and renamed.record is not None
    assert renamed.record.repo_id == "meta-llama/Llama-3.1-8B"
    assert renamed.record.requested_id == "meta-llama/Meta-Llama-3.1-8B"
    other_case = source.fetch("QWEN/qwen2.5-7b")
    assert other_case.record is not None and other_case.record.repo_id == "Qwen/Qwen2.5-7B"
    assert other_case.source is not None and other_case.source.value == "snapshot"
    assert other_case.record.source.value == "snapshot"


def test_snapshot_source_revisions(bundled: Snapshot) -> None:
    source = SnapshotSource(snapshot=bundled)
    sha = bundled.entries["Qwen/Qwen2.5-7B"].record.revision  # type: ignore[union-attr]
    assert source.fetch("Qwen/Qwen2.5-7B", sha).status is FetchStatus.OK
    assert source.fetch("Qwen/Qwen2.5-7B", "main").status is FetchStatus.OK
    other = source.fetch("Qwen/Qwen2.5-7B", "0" * 40)
    assert other.status is FetchStatus.ERROR
    assert "2026-11-22" in other.message and sha[:12] in other.message


def test_snapshot_knows_missing_repos(bundled: Snapshot) -> None:
    outcome = SnapshotSource(snapshot=bundled).fetch("decapoda-research/llama-7b-hf")
    assert outcome.status is FetchStatus.MISSING  # known not to exist, unlike "not in the snapshot"
    unknown = SnapshotSource(snapshot=bundled).fetch("nobody/never-recorded")
    assert unknown.status is FetchStatus.ERROR
    assert "nobody/never-recorded" in unknown.message and "2026-11-22" in unknown.message


# -- --offline ------------------------------------------------------------------------------------------------


def test_offline_uses_only_the_snapshot(fake_hub: FakeHub, capsys) -> None:
    result = run_cli(capsys, "lineage", MODEL, "--offline", "--format", "json")
    assert result.code == 0, result.err
    assert fake_hub.count() == 0
    assert result.err == ""  # forced offline: no fallback notice
    doc = json.loads(result.out)
    nodes = {n["id"]: n for n in doc["lineage"]["nodes"]}
    assert {n["source"] for n in nodes.values()} == {"snapshot"}
    assert "meta-llama/Llama-3.3-70B-Instruct" in nodes


def test_offline_env_twin(fake_hub: FakeHub, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELAUDIT_OFFLINE", "1")
    result = run_cli(capsys, "lineage", "Qwen/Qwen2.5-Math-7B")
    assert result.code == 0, result.err
    assert fake_hub.count() == 0
    assert "[snapshot]" in result.out


def test_offline_and_online_agree_on_the_lineage(fake_hub: FakeHub, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    # The snapshot was built with a token that opens the gated repos; give the online run the same access.
    monkeypatch.setenv("HF_TOKEN", DEFAULT_ACCESS_TOKEN)
    for model in (MODEL, "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "meta-llama/Llama-3.1-8B-Instruct"):
        online = json.loads(run_cli(capsys, "lineage", model, "--format", "json", "--refresh").out)["lineage"]
        offline = json.loads(run_cli(capsys, "lineage", model, "--format", "json", "--offline").out)["lineage"]
        assert online["edges"] == offline["edges"], model
        assert [(n["id"], n["revision"], n["status"]) for n in online["nodes"]] == [
            (n["id"], n["revision"], n["status"]) for n in offline["nodes"]
        ]


def test_offline_model_not_in_snapshot_is_one_line(fake_hub: FakeHub, capsys) -> None:
    result = run_cli(capsys, "lineage", "someone/not-in-the-snapshot", "--offline")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1
    assert "someone/not-in-the-snapshot" in lines[0] and "snapshot" in lines[0]
    assert "Traceback" not in result.err
    assert result.out == ""
    assert fake_hub.count() == 0


def test_offline_ancestor_not_in_snapshot_is_unavailable() -> None:
    child = ModelRecord(repo_id="org/child", requested_id="org/child", revision="c" * 40,
                        card_data={"license": "mit", "base_model": "org/parent"}, tags=("license:mit",),
                        siblings=("README.md",), files={"README.md": "# child\n"},
                        file_status={"README.md": FileStatus.READ})
    snap = Snapshot("2030-01-01", "test", "0", {"org/child": FetchOutcome.ok(child)})
    graph = build_lineage("org/child", SnapshotSource(snapshot=snap))
    parent = graph.node("org/parent")
    assert parent.status is NodeStatus.UNAVAILABLE
    assert "2030-01-01" in parent.notes[0]
    assert graph.root.status is NodeStatus.RESOLVED


# -- automatic fallback ---------------------------------------------------------------------------------------


def test_unreachable_hub_falls_back_with_one_dated_notice(unreachable_hub: str, capsys) -> None:
    result = run_cli(capsys, "lineage", MODEL, "--format", "json")
    assert result.code == 0, result.err
    notices = [line for line in result.err.splitlines() if line.strip()]
    assert len(notices) == 1, result.err  # six repositories fetched, one notice
    assert "2026-11-22" in notices[0] and "snapshot" in notices[0] and "unreachable" in notices[0]
    doc = json.loads(result.out)  # the notice went to stderr, stdout is clean JSON
    assert {n["source"] for n in doc["lineage"]["nodes"]} == {"snapshot"}
    assert any(e["parent"] == "meta-llama/Llama-3.3-70B-Instruct" for e in doc["lineage"]["edges"])


def test_unreachable_hub_text_output_marks_snapshot(unreachable_hub: str, capsys) -> None:
    result = run_cli(capsys, "lineage", "Qwen/Qwen2.5-Math-7B")
    assert result.code == 0
    assert result.err.count("bundled snapshot of 2026-11-22") == 1
    assert "[snapshot]" in result.out and "[hub]" not in result.out


def test_unreachable_hub_and_model_not_in_snapshot(unreachable_hub: str, capsys) -> None:
    result = run_cli(capsys, "lineage", "someone/not-in-the-snapshot")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 2  # the fallback notice, then the error
    assert "2026-11-22" in lines[0]
    assert lines[1].startswith("modelaudit: error:") and "someone/not-in-the-snapshot" in lines[1]
    assert "Traceback" not in result.err


def test_quiet_suppresses_the_fallback_notice(unreachable_hub: str, capsys) -> None:
    result = run_cli(capsys, "lineage", "Qwen/Qwen2.5-Math-7B", "--quiet")
    assert result.code == 0
    assert result.err == ""


def test_hf_hub_offline_means_snapshot_without_requests(fake_hub: FakeHub, capsys, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = run_cli(capsys, "lineage", "Qwen/Qwen2.5-Math-7B")
    assert result.code == 0, result.err
    assert fake_hub.count() == 0
    assert result.err.count("HF_HUB_OFFLINE") == 1 and "2026-11-22" in result.err


def test_fallback_notifies_once_per_run_even_with_concurrent_fetches(unreachable_hub: str) -> None:
    messages: list[str] = []
    source = build_source(SourceOptions(endpoint=unreachable_hub, use_cache=False), messages.append)
    graph = build_lineage("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", source)
    assert len(graph.records) == 5
    assert len(messages) == 1 and "2026-11-22" in messages[0]
    # a new run (a new source stack) says it again
    build_lineage("Qwen/Qwen2.5-7B", build_source(SourceOptions(endpoint=unreachable_hub, use_cache=False),
                                                  messages.append))
    assert len(messages) == 2


# -- snapshot build / info ------------------------------------------------------------------------------------

BUILD_MODELS = [
    MODEL,
    "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
    "bartowski/DeepSeek-R1-Distill-Qwen-7B-GGUF",
    "meta-llama/Llama-3.1-8B-Instruct",  # its card names the old id meta-llama/Meta-Llama-3.1-8B
    "Yukang/Llama-2-70b-longlora-32k",  # its adapter base is gone from the Hub: a recorded "missing"
]


@pytest.fixture
def built(fake_hub: FakeHub, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HF_TOKEN", DEFAULT_ACCESS_TOKEN)  # as the maintainer who built the bundled one
    models = tmp_path / "models.txt"
    models.write_text("# a comment\n\n" + "\n".join(f"{m}   # why" for m in BUILD_MODELS) + "\n", encoding="utf-8")
    out = tmp_path / "snap.json"
    result = run_cli(capsys, "snapshot", "build", "--from-file", str(models), "--output", str(out),
                     "--endpoint", fake_hub.url, "--date", "2026-11-22")
    assert result.code == 0, result.err
    assert f"wrote {out}" in result.out and "dated 2026-11-22" in result.out
    return out


def test_snapshot_build_reproduces_the_bundled_entries(built: Path, bundled: Snapshot) -> None:
    fresh = Snapshot.read(built)
    assert fresh.snapshot_date == "2026-11-22"
    expected_keys = {
        MODEL, "deepseek-ai/DeepSeek-R1", "deepseek-ai/DeepSeek-V3-Base", "meta-llama/Llama-3.3-70B-Instruct",
        "meta-llama/Llama-3.1-70B", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "Qwen/Qwen2.5-Math-7B",
        "Qwen/Qwen2.5-7B", "bartowski/DeepSeek-R1-Distill-Qwen-7B-GGUF", "meta-llama/Llama-3.1-8B-Instruct",
        "meta-llama/Meta-Llama-3.1-8B", "Yukang/Llama-2-70b-longlora-32k", "meta-llama/Llama-2-70b-hf",
    }
    assert set(fresh.entries) == expected_keys
    for key, outcome in fresh.entries.items():
        old = bundled.entries[key]
        assert outcome.status is old.status, key
        if outcome.record is None:
            continue
        assert old.record is not None
        assert outcome.record.repo_id == old.record.repo_id, key
        assert outcome.record.revision == old.record.revision, key
        assert dict(outcome.record.card_data) == dict(old.record.card_data), key
        assert dict(outcome.record.files) == dict(old.record.files), key
        assert parents_of(outcome.record) == parents_of(old.record), key
    renamed = fresh.entries["meta-llama/Meta-Llama-3.1-8B"].record
    assert renamed is not None and renamed.repo_id == "meta-llama/Llama-3.1-8B"


def test_a_built_snapshot_serves_offline_runs(built: Path, fake_hub: FakeHub) -> None:
    fake_hub.reset_log()
    messages: list[str] = []
    source = build_source(SourceOptions(offline=True, snapshot_path=built), messages.append)
    graph = build_lineage(MODEL, source)
    assert fake_hub.count() == 0 and messages == []
    assert "meta-llama/Llama-3.3-70B-Instruct" in graph.ancestors()
    assert {n.source.value for n in graph.nodes() if n.source} == {"snapshot"}


def test_snapshot_build_records_a_failure_and_exits_1(fake_hub: FakeHub, tmp_path: Path, capsys) -> None:
    fake_hub.inject("/api/models/Qwen/Qwen2.5-7B", 500, times=50, headers={"Retry-After": "0"})
    out = tmp_path / "snap.json"
    result = run_cli(capsys, "snapshot", "build", "Qwen/Qwen2.5-Math-7B", "--output", str(out),
                     "--endpoint", fake_hub.url, "--date", "2026-01-02")
    assert result.code == 1
    assert "not recorded: Qwen/Qwen2.5-7B" in result.err and "HTTP 500" in result.err
    snap = Snapshot.read(out)
    assert set(snap.entries) == {"Qwen/Qwen2.5-Math-7B"}  # errors are never frozen into a snapshot


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "no models given"),
        (("Qwen/Qwen2.5-7B", "--date", "22/11/2026"), "--date"),
        (("a/b/c",), "too many '/'"),
    ],
)
def test_snapshot_build_usage_errors(tmp_path: Path, capsys, args: tuple[str, ...], message: str) -> None:
    result = run_cli(capsys, "snapshot", "build", *args, "--output", str(tmp_path / "s.json"))
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and message in result.err
    assert not (tmp_path / "s.json").exists()


def test_snapshot_build_missing_list_file(tmp_path: Path, capsys) -> None:
    result = run_cli(capsys, "snapshot", "build", "--from-file", str(tmp_path / "nope.txt"))
    assert result.code == 2 and "nope.txt" in result.err and len(result.err.strip().splitlines()) == 1


def test_snapshot_build_against_an_unreachable_endpoint(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(HubSource, "_backoff", lambda self, attempt: 0.0)  # speed only
    result = run_cli(capsys, "snapshot", "build", "Qwen/Qwen2.5-7B", "--output", str(tmp_path / "s.json"),
                     "--endpoint", closed_port_url())
    assert result.code == 2
    assert "cannot build a snapshot" in result.err.strip().splitlines()[-1]
    assert "Traceback" not in result.err
    assert not (tmp_path / "s.json").exists()


def test_snapshot_info_describes_the_bundled_snapshot(bundled: Snapshot, capsys) -> None:
    result = run_cli(capsys, "snapshot", "info")
    assert result.code == 0
    ok = sum(1 for o in bundled.entries.values() if o.status is FetchStatus.OK)
    assert "date: 2026-11-22" in result.out
    assert f"records: {ok} repositories, {len(bundled.entries) - ok} known-missing ids" in result.out
    assert str(bundled_snapshot_path()) in result.out


def test_snapshot_info_list(capsys) -> None:
    result = run_cli(capsys, "snapshot", "info", "--list")
    lines = result.out.splitlines()
    assert "  meta-llama/Meta-Llama-3.1-8B  (ok)" in lines
    assert "  decapoda-research/llama-7b-hf  (missing)" in lines
    assert "  deepseek-ai/DeepSeek-R1-Distill-Llama-70B  (ok)" in lines


def test_snapshot_info_of_a_built_file(built: Path, capsys) -> None:
    result = run_cli(capsys, "snapshot", "info", "--path", str(built))
    assert result.code == 0
    assert "date: 2026-11-22" in result.out and "records: 12 repositories, 1 known-missing ids" in result.out


@pytest.mark.parametrize("content", ["", "{not json", '{"format": 999, "snapshot_date": "x"}', "[]"])
def test_snapshot_info_of_a_broken_file_is_one_line(tmp_path: Path, capsys, content: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    result = run_cli(capsys, "snapshot", "info", "--path", str(path))
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and "broken.json" in result.err
    assert "Traceback" not in result.err
