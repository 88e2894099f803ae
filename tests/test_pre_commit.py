"""The published pre-commit hooks, run by pre-commit itself against this checkout (``try-repo``):
it clones the checkout, pip-installs it into a hook environment and runs both hooks in a scratch
repository. Slow (one install, about a minute) but bounded; it needs the package registry, not the Hub."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "examples" / "profiles" / "startup.yaml"


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None, reason="pre-commit (test extra) is not installed")
def test_hooks_run_with_pre_commit_try_repo(tmp_path: Path) -> None:
    if _git(ROOT, "rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout (try-repo clones the repository)")
    work = tmp_path / "consumer"
    work.mkdir()
    assert _git(work, "init", "-q").returncode == 0
    (work / "models.txt").write_text("# approved\nallenai/OLMo-2-1124-7B\n")
    (work / "model-inventory.yaml").write_text("models:\n  - id: mistralai/Codestral-22B-v0.1\n")
    (work / "app.py").write_text('AutoModel.from_pretrained("allenai/OLMo-2-1124-7B")\n')
    # The inventory names models under evaluation, not ones the code uses: the scan hook skips it.
    (work / ".modelauditignore").write_text("model-inventory.yaml\n")
    assert _git(work, "add", "-A").returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MODELAUDIT_", "PRE_COMMIT", "GIT_"))}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), MODELAUDIT_OFFLINE="1", MODELAUDIT_CONFIG="none",
               MODELAUDIT_PROFILE=str(PROFILE), MODELAUDIT_CACHE_DIR=str(tmp_path / "cache"),
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    done = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--all-files", "--verbose",
                           "--color", "never"], cwd=work, capture_output=True, text=True, env=env, timeout=900)
    out = done.stdout + done.stderr
    assert "is not a file" not in out  # the hooks file is found at the repository root
    lines = out.splitlines()
    scan = next(line for line in lines if line.startswith("modelaudit (model licence lineage)"))
    inventory = next(line for line in lines if line.startswith("modelaudit (approved model inventory)"))
    assert scan.endswith("Passed"), out[-3000:]
    # Both inventory files were read as model lists (the blocking model is in the second one), and
    # the verdict is a block, exit 1 — not a usage error (exit 2) from a file name taken as a model id.
    assert inventory.endswith("Failed"), out[-3000:]
    section = out[out.index("hook id: modelaudit-inventory"):]
    assert "- exit code: 1" in section.splitlines()[:4]
    assert "allenai/OLMo-2-1124-7B" in section and "mistralai/Codestral-22B-v0.1" in section
    assert done.returncode == 1
