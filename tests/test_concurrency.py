"""Many models in one run: concurrent, bounded, each shared ancestor fetched once, and a progress
bar only on a terminal."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path

import pytest

from fakehub import FakeHub
from helpers import repo, run_cli


def test_shared_bases_are_fetched_once_across_an_inventory(capsys: pytest.CaptureFixture[str], fake_hub: FakeHub,
                                                          tmp_path: Path) -> None:
    ids = []
    for i in range(40):
        base = ("meta-llama/Llama-3.1-8B", "Qwen/Qwen2.5-7B")[i % 2]
        fake_hub.data.add(repo(f"team/ft-{i}", license="apache-2.0", base=base))
        ids.append(f"team/ft-{i}")
    inventory = tmp_path / "models.txt"
    inventory.write_text("\n".join(ids) + "\n")
    fake_hub.latency = 0.01
    result = run_cli(capsys, "check", "--from-file", str(inventory), "-q", "-f", "json", "--workers", "8")
    doc = json.loads(result.out)
    assert len(doc["results"]) == 40
    info_requests: dict[str, int] = {}
    for record in fake_hub.requests:
        if record.path.startswith("/api/models/"):
            info_requests[record.path] = info_requests.get(record.path, 0) + 1
    assert info_requests["/api/models/meta-llama/Llama-3.1-8B"] == 1
    assert info_requests["/api/models/Qwen/Qwen2.5-7B"] == 1
    assert max(info_requests.values()) == 1
    # The Llama fine-tunes declaring apache-2.0 keep Llama 3.1's terms.
    llama_ft = next(r for r in doc["results"] if r["model"] == "team/ft-0")
    assert {e["id"] for e in llama_ft["effective_licenses"]} == {"apache-2.0", "llama3.1"}


def test_models_are_analysed_concurrently_but_bounded(fake_hub: FakeHub) -> None:
    from modelaudit.audit import AuditSettings, Target, run_audit
    from modelaudit.policy.profile import Profile
    from modelaudit.policy.rules import default_policy
    from modelaudit.policy.waivers import Waivers
    from modelaudit.sources.factory import SourceOptions, build_source

    for i in range(24):
        fake_hub.data.add(repo(f"team/m-{i}", license="mit"))
    inner = build_source(SourceOptions(endpoint=fake_hub.url, use_cache=False), lambda _m: None)
    lock = threading.Lock()
    active = {"now": 0, "peak": 0}

    class Counting:
        def fetch(self, repo_id: str, revision: str | None = None):  # type: ignore[no-untyped-def]
            with lock:
                active["now"] += 1
                active["peak"] = max(active["peak"], active["now"])
            try:
                return inner.fetch(repo_id, revision)
            finally:
                with lock:
                    active["now"] -= 1

    import datetime as dt

    fake_hub.latency = 0.02
    settings = AuditSettings(profile=Profile(), policy=default_policy(), waivers=Waivers(), today=dt.date(2026, 11, 25),
                             workers=6, openness=False)
    reports = run_audit([Target(f"team/m-{i}") for i in range(24)], Counting(), settings)
    assert [r.model for r in reports] == [f"team/m-{i}" for i in range(24)]  # input order kept
    assert 2 <= active["peak"] <= 6


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from modelaudit.cli import console as console_module
    from modelaudit.cli.progress import progress_reporter

    buffer = io.StringIO()
    monkeypatch.setattr(console_module, "stderr", lambda: Console(file=buffer, force_terminal=True, width=100))
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    with progress_reporter(5, enabled=True) as tick:
        for _ in range(5):
            tick(None)
    assert "auditing" in buffer.getvalue()

    buffer.truncate(0)
    with progress_reporter(5, enabled=False) as tick:
        tick(None)
    assert buffer.getvalue() == ""


def test_no_progress_output_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "check", "mistralai/Mistral-7B-v0.1", "google/gemma-2-9b", "Qwen/Qwen2.5-7B",
                     "meta-llama/Llama-3.1-8B", "--offline", "-f", "json")
    assert "auditing" not in result.err
    assert len(json.loads(result.out)["results"]) == 4
