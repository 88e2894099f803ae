"""``check --index``: ancestors come from the Hub index with zero Hub requests, the model checked is read live
(from the index too with --offline), ancestors the index lacks fall back to the Hub. Run against the fake Hub,
counting its requests."""

from __future__ import annotations

from pathlib import Path

import pytest

import modelaudit
from helpers import hub_of, repo, run_cli, started
from hubdump import Row
from index_helpers import built
from modelaudit.kinds import SourceKind


@pytest.fixture
def anonymous(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))


INDEXED = [
    Row("acme/child", "apache-2.0", ["base/mid"], "finetune"),  # the dump's (older) card of the subject
    Row("base/mid", "llama3.1", ["meta-llama/Llama-3.1-8B"], "finetune"),
    Row("meta-llama/Llama-3.1-8B", "llama3.1"),
]


def test_ancestors_come_from_the_index_and_the_subject_live(anonymous: None, tmp_path: Path) -> None:
    index = built(tmp_path, INDEXED)
    hub = started(hub_of(repo("acme/child", license="mit", base=["base/mid", "late/parent"]),
                         repo("late/parent", license="apache-2.0"),
                         repo("base/mid", license="gpl-3.0")))  # the index's card, not this one, is used
    try:
        report = modelaudit.check(["acme/child"], index=index, endpoint=hub.url, cache_dir=tmp_path / "cache",
                                  data=False)
        graph = report.results[0].analysis.graph  # type: ignore[union-attr]
        assert graph.node("acme/child").source is SourceKind.HUB  # the subject: live, today's card
        assert graph.node("base/mid").source is SourceKind.INDEX
        assert graph.node("meta-llama/Llama-3.1-8B").source is SourceKind.INDEX
        assert graph.node("late/parent").source is SourceKind.HUB  # not in the dump: read from the Hub
        assert hub.count(lambda r: "base/mid" in r.path or "meta-llama" in r.path) == 0
        assert hub.count(lambda r: "acme/child" in r.path) >= 1
        assert {e.id for e in report.results[0].effective_licenses} == {"mit", "llama3.1", "apache-2.0"}
        assert "Hub index of the model-card dump of 2025-01-01" in report.data_sources
        assert any("Hub index" in n for n in graph.node("base/mid").notes)
    finally:
        hub.stop()


def test_offline_reads_the_subject_from_the_index_too(anonymous: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    index = built(tmp_path, INDEXED)
    monkeypatch.setenv("MODELAUDIT_INDEX", str(index))
    result = run_cli(capsys, "check", "acme/child", "--offline", "--no-data", "--format", "json")
    import json

    data = json.loads(result.out)
    nodes = {n["id"]: n for n in data["results"][0]["lineage"]["nodes"]}
    assert nodes["acme/child"]["source"] == "index" and nodes["base/mid"]["source"] == "index"
    assert result.code == 0 or data["results"][0]["verdict"] in ("warn", "block", "unknown")
    assert any("Hub index" in s for s in data["data_sources"])


def test_a_bad_index_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "check", "acme/child", "--offline", "--index", str(tmp_path / "none.duckdb"))
    assert result.code == 2 and "no Hub index" in result.err and result.err.count("\n") == 1
