"""``--no-data`` (and ``MODELAUDIT_NO_DATA``) on ``check``, ``lineage`` and ``scan``: data lineage is skipped, and a
model-only audit makes the same requests with or without it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fakehub import FakeHub
from helpers import repo, run_cli

MODEL = "acme/chat-7b"


def _kinds(document: dict[str, Any]) -> dict[str, str]:
    return {n["id"]: n["kind"] for n in document["nodes"]}


@pytest.fixture
def hub(fake_hub: FakeHub) -> FakeHub:
    fake_hub.data.add(repo(MODEL, base="mistralai/Mistral-7B-v0.1", card={"datasets": ["acme/chats"]},
                           body="# chat\n\nTrained on outputs of GPT-4.\n"))
    return fake_hub


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, str]:
    result = run_cli(capsys, "check", MODEL, "--format", "json", "-q", *args)
    assert "Traceback" not in result.err
    return _kinds(json.loads(result.out)["results"][0]["lineage"])


def test_check_reads_data_lineage_unless_no_data(capsys: pytest.CaptureFixture[str], hub: FakeHub,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    full = _check(capsys)
    assert full["datasets/acme/chats"] == "dataset" and full["service:openai/gpt-4"] == "service"
    assert full[MODEL] == "model"
    assert _check(capsys, "--no-data") == {MODEL: "model", "mistralai/Mistral-7B-v0.1": "model"}
    monkeypatch.setenv("MODELAUDIT_NO_DATA", "1")
    assert _check(capsys) == {MODEL: "model", "mistralai/Mistral-7B-v0.1": "model"}


def test_lineage_and_scan_take_no_data(capsys: pytest.CaptureFixture[str], hub: FakeHub, tmp_path: Path) -> None:
    result = run_cli(capsys, "lineage", MODEL, "--format", "json", "--no-data", "-q")
    assert result.code == 0, result.err
    assert set(_kinds(json.loads(result.out)["lineage"])) == {MODEL, "mistralai/Mistral-7B-v0.1"}
    with_data = run_cli(capsys, "lineage", MODEL, "--format", "json", "-q")
    assert "datasets/acme/chats" in _kinds(json.loads(with_data.out)["lineage"])
    (tmp_path / "app.py").write_text(f'model = AutoModel.from_pretrained("{MODEL}")\n')
    scanned = run_cli(capsys, "scan", str(tmp_path), "--format", "json", "--no-data", "-q")
    assert "Traceback" not in scanned.err
    assert set(_kinds(json.loads(scanned.out)["results"][0]["lineage"])) == {MODEL, "mistralai/Mistral-7B-v0.1"}


def test_a_model_only_audit_makes_the_same_requests(capsys: pytest.CaptureFixture[str], fake_hub: FakeHub) -> None:
    counts = []
    for extra in ((), ("--no-data",)):
        fake_hub.reset_log()
        result = run_cli(capsys, "check", "Qwen/Qwen2.5-7B", "--format", "json", "-q", "--refresh", *extra)
        assert "Traceback" not in result.err
        counts.append(sorted((r.method, r.path) for r in fake_hub.requests))
    assert counts[0] == counts[1] and counts[0]
