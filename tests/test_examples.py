"""Everything in examples/ is valid input for the tool (or for the CI system it is meant for)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from helpers import run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_inventory_and_waivers_examples_run(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "check", "--from-file", str(EXAMPLES / "inventory.yaml"), "--offline", "-q",
                     "--profile", str(EXAMPLES / "profiles" / "startup.yaml"),
                     "--waivers", str(EXAMPLES / "waivers.yaml"), "--as-of", "2026-11-25", "-f", "json")
    doc = json.loads(result.out)
    assert [r["model"] for r in doc["results"]][:2] == ["deepseek-ai/DeepSeek-R1-Distill-Llama-70B", "google/gemma-2-9b"]
    assert all(r["verdict"] in ("pass", "warn") for r in doc["results"])
    assert any(f["waived"] for r in doc["results"] for f in r["findings"])
    assert result.code == 0


def test_plain_model_list_example(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "check", "--from-file", str(EXAMPLES / "models.txt"), "--offline", "-q", "-f", "json",
                     "--profile", str(EXAMPLES / "profiles" / "startup.yaml"))
    verdicts = {r["model"]: r["verdict"] for r in json.loads(result.out)["results"]}
    assert verdicts["mistralai/Codestral-22B-v0.1"] == "block" and result.code == 1


@pytest.mark.parametrize("policy", sorted((EXAMPLES / "policies").glob("*.yaml")), ids=lambda p: p.name)
def test_example_policies_load(policy: Path) -> None:
    from modelaudit.policy.rules import load_policy

    assert load_policy(policy).rules


def test_github_workflow_uploads_sarif() -> None:
    """The example workflow runs the repository's action (action.yml), which scans and uploads SARIF
    (tests/test_action.py runs the action itself)."""
    workflow = yaml.safe_load((EXAMPLES / "github-actions" / "modelaudit.yml").read_text())
    steps = workflow["jobs"]["model-licences"]["steps"]
    audit = next(s for s in steps if "/modelaudit@" in s.get("uses", ""))
    assert audit["with"]["command"] == "scan"
    action = yaml.safe_load((EXAMPLES.parent / "action.yml").read_text())
    assert action["inputs"]["format"]["default"] == "sarif"
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in action["runs"]["steps"])
    assert workflow["permissions"]["security-events"] == "write"


def test_pre_commit_hooks_are_well_formed() -> None:
    hooks = yaml.safe_load((EXAMPLES.parent / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"modelaudit-scan", "modelaudit-inventory"}
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["entry"].startswith("modelaudit ")
