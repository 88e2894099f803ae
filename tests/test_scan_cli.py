"""``modelaudit scan PATH``: references found in a code base are audited like ``check``, and the
findings point back at file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_cli


def _codebase(root: Path) -> Path:
    (root / "app").mkdir(parents=True)
    (root / "app" / "main.py").write_text(
        "from transformers import AutoModelForCausalLM\n\n"
        "model = AutoModelForCausalLM.from_pretrained(\"Qwen/Qwen2.5-3B\")\n"
        "ratio = '1/2'  # not a model\n")
    (root / "deploy.yaml").write_text("service:\n  model_id: mistralai/Mistral-7B-v0.1\n  path: data/train.csv\n")
    (root / "ignored").mkdir()
    (root / "ignored" / "old.py").write_text("pipeline('text-generation', model='google/gemma-2-9b')\n")
    (root / ".gitignore").write_text("ignored/\n")
    return root


def test_scan_audits_each_model_and_points_at_file_and_line(capsys: pytest.CaptureFixture[str],
                                                             tmp_path: Path) -> None:
    root = _codebase(tmp_path / "repo")
    profile = tmp_path / "p.yaml"
    profile.write_text("uses: [commercial]\n")
    result = run_cli(capsys, "scan", str(root), "--offline", "-q", "--profile", str(profile), "-f", "json")
    doc = json.loads(result.out)
    by_model = {r["model"]: r for r in doc["results"]}
    assert set(by_model) == {"Qwen/Qwen2.5-3B", "mistralai/Mistral-7B-v0.1"}  # .gitignore respected
    assert by_model["Qwen/Qwen2.5-3B"]["verdict"] == "block"
    assert by_model["Qwen/Qwen2.5-3B"]["locations"] == [{"path": "app/main.py", "line": 3, "column": 47}]
    assert by_model["mistralai/Mistral-7B-v0.1"]["locations"][0]["path"] == "deploy.yaml"
    assert result.code == 1


def test_scan_text_report_names_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = _codebase(tmp_path / "repo")
    result = run_cli(capsys, "scan", str(root), "--offline", "-q")
    assert "named at app/main.py:3" in result.out
    assert result.code in (0, 1, 3)


def test_no_gitignore_and_exclude(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = _codebase(tmp_path / "repo")
    listed = run_cli(capsys, "scan", str(root), "--list", "--no-gitignore", "--exclude", "deploy.yaml").out
    assert "ignored/old.py:1" in listed and "google/gemma-2-9b" in listed
    assert "deploy.yaml" not in listed


def test_a_code_base_without_models_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text("print('hello/world')\n")
    result = run_cli(capsys, "scan", str(tmp_path), "--offline", "-q", "-f", "json")
    assert result.code == 0 and json.loads(result.out)["results"] == []


def test_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run_cli(capsys, "scan", str(tmp_path / "nope"))
    assert result.code == 2 and "does not exist" in result.err and len(result.err.splitlines()) == 1
