"""Shared helpers for the benchmark scripts: the local fake Hub and timing a CLI subprocess.

Benchmarks are scripts that print figures (README "Performance"), not timed tests.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the fake Hub lives with the tests


@dataclass
class Run:
    wall: float
    code: int
    stdout: str
    stderr: str
    peak_rss_mb: float


def hub_env(url: str, cache_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("HF_TOKEN", "HF_HUB_OFFLINE", "MODELAUDIT_OFFLINE", "MODELAUDIT_PROFILE", "MODELAUDIT_POLICY"):
        env.pop(name, None)
    home = Path(tempfile.mkdtemp(prefix="modelaudit-bench-hf-"))
    env.update({"HF_ENDPOINT": url, "HF_HOME": str(home), "HF_HUB_CACHE": str(home / "hub"),
                "MODELAUDIT_CACHE_DIR": str(cache_dir), "HF_HUB_DISABLE_TELEMETRY": "1"})
    return env


def run_cli(args: list[str], env: dict[str, str]) -> Run:
    """Run ``modelaudit`` in a fresh process (whole-process wall time, imports included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "modelaudit", *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the max over all children so far (KiB on Linux).
    return Run(wall, proc.returncode, proc.stdout, proc.stderr, max(after, before) / 1024)
