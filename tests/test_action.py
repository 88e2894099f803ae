"""The GitHub Action (action.yml): its `run:` steps executed the way the runner executes them (the
step's env with ``${{ ... }}`` expressions substituted, ``bash --noprofile --norc -eo pipefail``,
GITHUB_OUTPUT between steps), against the bundled offline snapshot. The install step is only
inspected: the tests' own environment already has this checkout installed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
WORKFLOW = yaml.safe_load((ROOT / "examples" / "github-actions" / "modelaudit.yml").read_text())
PROFILE = ROOT / "examples" / "profiles" / "startup.yaml"
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


@dataclass
class Run:
    outputs: dict[str, dict[str, str]]
    stdout: str
    code: int  # the job's status: that of the first failing step, else 0


def _modelaudit() -> str:
    found = shutil.which("modelaudit", path=str(Path(sys.executable).parent)) or shutil.which("modelaudit")
    assert found, "modelaudit is not installed next to the test interpreter"
    return found


def _substitute(text: str, context: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        assert key in context, f"action.yml uses ${{{{ {key} }}}}, which the test does not provide"
        return context[key]

    return EXPRESSION.sub(value, text)


def run_action(tmp_path: Path, inputs: dict[str, str], cwd: Path) -> Run:
    given = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    unknown = set(inputs) - set(given)
    assert not unknown, f"not inputs of action.yml: {unknown}"
    given.update(inputs)
    context = {f"inputs.{k}": v for k, v in given.items()}
    context["github.action_path"] = str(ROOT)
    outputs: dict[str, dict[str, str]] = {"install": {"bin": _modelaudit()}}
    stdout = []
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("MODELAUDIT_", "GITHUB_"))}
    base_env.update(MODELAUDIT_CONFIG="none", MODELAUDIT_CACHE_DIR=str(tmp_path / "cache"), RUNNER_TEMP=str(tmp_path))
    for step in ACTION["runs"]["steps"]:
        step_id = step.get("id", "")
        for sid, values in outputs.items():
            for key, val in values.items():
                context[f"steps.{sid}.outputs.{key}"] = val
        if "run" not in step or step_id == "install":
            continue
        assert step["shell"] == "bash"
        output_file = tmp_path / f"output-{len(stdout)}"
        output_file.write_text("")
        env = {**base_env, "GITHUB_OUTPUT": str(output_file)}
        env.update({k: _substitute(str(v), context) for k, v in step.get("env", {}).items()})
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _substitute(step["run"], context)],
                              cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
        stdout.append(done.stdout + done.stderr)
        pairs = [line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line]
        if step_id:
            outputs[step_id] = dict(pairs)
        if done.returncode != 0:
            return Run(outputs, "\n".join(stdout), done.returncode)
    return Run(outputs, "\n".join(stdout), 0)


@pytest.fixture
def code_base(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text('from transformers import AutoModel\nAutoModel.from_pretrained("allenai/OLMo-2-1124-7B")\n')
    return repo


def test_scan_passes_and_writes_sarif(tmp_path: Path, code_base: Path) -> None:
    run = run_action(tmp_path, {"args": "--offline"}, code_base)
    assert run.code == 0, run.stdout
    assert run.outputs["audit"] == {"exit-code": "0", "report": "modelaudit.sarif"}
    sarif = json.loads((code_base / "modelaudit.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    assert "every model may be used" in run.stdout


def test_check_of_a_blocked_model_fails_with_the_block_message(tmp_path: Path, code_base: Path) -> None:
    run = run_action(tmp_path, {"command": "check", "models": "mistralai/Codestral-22B-v0.1\nallenai/OLMo-2-1124-7B",
                                "profile": str(PROFILE), "args": "--offline --quiet", "format": "json",
                                "output": "report.json"}, code_base)
    assert run.code == 1 and run.outputs["audit"]["exit-code"] == "1"
    assert "is blocked by the licence policy" in run.stdout
    verdicts = {r["model"]: r["verdict"] for r in json.loads((code_base / "report.json").read_text())["results"]}
    assert verdicts == {"mistralai/Codestral-22B-v0.1": "block", "allenai/OLMo-2-1124-7B": "pass"}


def test_without_a_profile_nothing_claims_a_block(tmp_path: Path, code_base: Path) -> None:
    """What the old example workflow did wrong: no profile file, exit 2, "found a blocking licence"."""
    (code_base / "models.txt").write_text("mistralai/Codestral-22B-v0.1\n")
    run = run_action(tmp_path, {"command": "check", "from-file": "models.txt", "args": "--offline"}, code_base)
    assert run.code == 0 and run.outputs["audit"]["exit-code"] == "0", run.stdout  # warn: no profile to decide
    missing = run_action(tmp_path, {"profile": ".modelaudit/profile.yaml", "args": "--offline"}, code_base)
    assert missing.code == 2 and missing.outputs["audit"]["exit-code"] == "2"
    assert "usage error" in missing.stdout and "blocked" not in missing.stdout
    assert "profile file .modelaudit/profile.yaml does not exist" in missing.stdout


def test_fail_on_warn_and_the_repository_configuration(tmp_path: Path, code_base: Path) -> None:
    (code_base / "app.py").write_text('AutoModel.from_pretrained("google/gemma-2-9b")\n')
    assert run_action(tmp_path, {"args": "--offline"}, code_base).code == 0
    assert run_action(tmp_path, {"args": "--offline", "fail-on": "warn"}, code_base).code == 1


def test_inputs_reach_the_script_only_through_the_environment() -> None:
    """No ${{ inputs.* }} inside a run: script (a crafted input could inject shell)."""
    for step in ACTION["runs"]["steps"]:
        assert "inputs." not in step.get("run", ""), step.get("name")


def test_install_step_installs_the_action_checkout() -> None:
    install = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "install")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert 'pip install' in install["run"] and '"$ACTION_PATH"' in install["run"]
    upload = next(s for s in ACTION["runs"]["steps"] if "upload-sarif" in s.get("uses", ""))
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ steps.audit.outputs.report }}"


def test_example_workflow_uses_the_action_with_its_inputs() -> None:
    steps: list[dict[str, Any]] = WORKFLOW["jobs"]["model-licences"]["steps"]
    audit = next(s for s in steps if "modelaudit@" in s.get("uses", ""))
    assert set(audit.get("with", {})) <= set(ACTION["inputs"])
    assert WORKFLOW["permissions"]["security-events"] == "write"
    text = (ROOT / "examples" / "github-actions" / "modelaudit.yml").read_text()
    assert ".modelaudit/profile.yaml" not in text and "MODELAUDIT_PROFILE" not in text
