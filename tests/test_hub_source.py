"""The Hub source, driven through the real huggingface_hub client against the local fake Hub."""

from __future__ import annotations

import socket

import pytest

from fakehub import FakeHub
from modelaudit.sources.base import SourceUnavailable
from modelaudit.sources.hub import HubSource
from modelaudit.sources.records import FetchStatus, FileStatus


class Sleeps:
    """Records requested waits instead of sleeping, so retry tests are instant and checkable."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def test_record_is_pinned_to_the_sha_the_hub_returned(fake_hub: FakeHub) -> None:
    outcome = HubSource().fetch("deepseek-ai/DeepSeek-R1-Distill-Llama-70B")
    assert outcome.status is FetchStatus.OK
    record = outcome.record
    assert record is not None
    assert record.revision == "5dfc3de28f7412293878a8e20ff3ece81e7a91b5"
    assert record.card_data["license"] == "mit"
    assert "license:mit" in record.tags
    assert "derived from Llama3.3-70B-Instruct" in (record.readme or "")
    assert record.file_status["README.md"] is FileStatus.READ
    # config.json is read only because the card names no base model
    assert record.file_status.get("config.json") is FileStatus.READ


def test_a_typical_node_costs_two_requests(fake_hub: FakeHub) -> None:
    HubSource().fetch("Qwen/Qwen2.5-Math-7B")  # declares base_model: no config.json needed
    assert fake_hub.count() == 2
    paths = [r.path for r in fake_hub.requests]
    assert paths[0] == "/api/models/Qwen/Qwen2.5-Math-7B"
    assert paths[1].endswith("/README.md")
    # expand keeps the answer small and asks only for what the engine reads
    assert "cardData" in fake_hub.requests[0].query["expand"]


def test_renamed_repo_records_both_ids(fake_hub: FakeHub) -> None:
    outcome = HubSource().fetch("meta-llama/Meta-Llama-3.1-8B")
    record = outcome.record
    assert record is not None
    assert record.repo_id == "meta-llama/Llama-3.1-8B"
    assert record.requested_id == "meta-llama/Meta-Llama-3.1-8B"
    assert record.renamed


def test_gated_readme_is_reported_not_fatal(no_token: FakeHub) -> None:
    outcome = HubSource().fetch("meta-llama/Llama-3.3-70B-Instruct")
    record = outcome.record
    assert outcome.status is FetchStatus.OK and record is not None
    assert record.gated == "manual"
    assert record.file_status["README.md"] is FileStatus.GATED
    assert record.readme is None
    assert record.card_data["license"] == "llama3.3"  # metadata still comes from the API


def test_hf_token_opens_gated_files(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_fake_access")
    record = HubSource().fetch("meta-llama/Llama-3.3-70B-Instruct").record
    assert record is not None
    assert record.file_status["README.md"] is FileStatus.READ
    assert "Llama 3.3 Community License" in (record.readme or "")
    assert all(r.authorized for r in fake_hub.requests if "/resolve/" in r.path)


def test_unknown_repo_is_missing_not_an_exception(fake_hub: FakeHub) -> None:
    outcome = HubSource().fetch("nobody/does-not-exist")
    assert outcome.status is FetchStatus.MISSING
    assert "nobody/does-not-exist" in outcome.message


def test_unknown_revision_is_missing(fake_hub: FakeHub) -> None:
    outcome = HubSource().fetch("Qwen/Qwen2.5-7B", revision="0" * 40)
    assert outcome.status is FetchStatus.MISSING
    assert "revision" in outcome.message


def test_429_waits_retry_after_then_succeeds(fake_hub: FakeHub) -> None:
    fake_hub.inject("/api/models/Qwen/Qwen2.5-7B", 429, times=2, headers={"Retry-After": "3"})
    sleeps = Sleeps()
    outcome = HubSource(sleep=sleeps).fetch("Qwen/Qwen2.5-7B")
    assert outcome.status is FetchStatus.OK
    assert sleeps.calls == [3.0, 3.0]
    statuses = [r.status for r in fake_hub.requests if r.path.startswith("/api/")]
    assert statuses == [429, 429, 200]


def test_5xx_is_retried_with_growing_backoff(fake_hub: FakeHub) -> None:
    fake_hub.inject("/api/models/Qwen/Qwen2.5-7B", 503, times=2)
    sleeps = Sleeps()
    outcome = HubSource(sleep=sleeps, backoff=0.5).fetch("Qwen/Qwen2.5-7B")
    assert outcome.status is FetchStatus.OK
    assert len(sleeps.calls) == 2 and sleeps.calls[1] > sleeps.calls[0] >= 0.5


def test_persistent_failure_gives_a_clear_error_after_bounded_attempts(fake_hub: FakeHub) -> None:
    fake_hub.inject("/api/models/Qwen/Qwen2.5-7B", 500, times=100)
    sleeps = Sleeps()
    outcome = HubSource(sleep=sleeps, max_attempts=3).fetch("Qwen/Qwen2.5-7B")
    assert outcome.status is FetchStatus.ERROR
    assert "3 attempts" in outcome.message and "HTTP 500" in outcome.message
    assert fake_hub.count(lambda r: r.path.startswith("/api/")) == 3


def test_an_unreasonable_retry_after_is_not_waited_for(fake_hub: FakeHub) -> None:
    fake_hub.inject("/api/models/Qwen/Qwen2.5-7B", 429, times=5, headers={"Retry-After": "3600"})
    sleeps = Sleeps()
    outcome = HubSource(sleep=sleeps, max_wait=30).fetch("Qwen/Qwen2.5-7B")
    assert outcome.status is FetchStatus.ERROR
    assert "3600" in outcome.message
    assert sleeps.calls == []


def test_timeouts_are_retried(fake_hub: FakeHub) -> None:
    fake_hub.inject("/api/models/Qwen/Qwen2.5-7B", 200, times=1, delay=1.5)
    sleeps = Sleeps()
    outcome = HubSource(sleep=sleeps, timeout=0.5).fetch("Qwen/Qwen2.5-7B")
    assert outcome.status is FetchStatus.OK
    assert len(sleeps.calls) == 1


def test_flaky_readme_download_is_retried(fake_hub: FakeHub) -> None:
    fake_hub.inject("/Qwen/Qwen2.5-7B/resolve/", 502, times=1)
    record = HubSource(sleep=Sleeps()).fetch("Qwen/Qwen2.5-7B").record
    assert record is not None and record.file_status["README.md"] is FileStatus.READ


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_hub_raises_source_unavailable_fast() -> None:
    source = HubSource(endpoint=f"http://127.0.0.1:{_closed_port()}", sleep=Sleeps())
    with pytest.raises(SourceUnavailable):
        source.fetch("Qwen/Qwen2.5-7B")
    # once down, later fetches fail at once without another connection attempt
    with pytest.raises(SourceUnavailable):
        source.fetch("Qwen/Qwen2.5-3B")


def test_hf_hub_offline_means_no_request(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(SourceUnavailable, match="HF_HUB_OFFLINE"):
        HubSource().fetch("Qwen/Qwen2.5-7B")
    assert fake_hub.count() == 0


def test_files_already_in_hf_hub_cache_cost_no_request(fake_hub: FakeHub) -> None:
    from huggingface_hub import hf_hub_download

    sha = "4f2841077be8f07c5e88d84e5c7a51cfad556b3d"
    hf_hub_download("Qwen/Qwen2.5-7B", "README.md", revision=sha, endpoint=fake_hub.url)
    fake_hub.reset_log()
    record = HubSource().fetch("Qwen/Qwen2.5-7B").record
    assert record is not None and record.revision == sha
    assert "Qwen2.5 7B base model" in (record.readme or "")
    assert [r.path for r in fake_hub.requests] == ["/api/models/Qwen/Qwen2.5-7B"]
