#!/usr/bin/env python3
"""Rebuild the bundled Hub snapshot with modelaudit's own code.

The Hub is unreachable from our build machines, so the snapshot is built from the recorded Hub
answers in tests/fixtures/hub, served by the local fake Hub, through the real
``modelaudit snapshot build`` command (huggingface_hub client, retries, file plan and all).
With Hub access, run the same command against https://huggingface.co instead:

    HF_TOKEN=... modelaudit snapshot build --from-file scripts/snapshot-models.txt \
        --output src/modelaudit/snapshot/hub-snapshot.json

Usage: python scripts/build_snapshot.py [--date YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fakehub import DEFAULT_ACCESS_TOKEN, FakeHub, default_fixtures  # noqa: E402

# The fixtures record Hub facts as researched on this date.
RECORDED_ON = "2026-11-22"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--date", default=RECORDED_ON)
    parser.add_argument("--output", default=str(ROOT / "src/modelaudit/snapshot/hub-snapshot.json"))
    args = parser.parse_args()
    with FakeHub(default_fixtures()) as hub:
        # A token with access to the gated repos, as a maintainer who accepted the gates would have.
        env = dict(os.environ, HF_TOKEN=DEFAULT_ACCESS_TOKEN, HF_HUB_DISABLE_TELEMETRY="1")
        env.pop("HF_HUB_OFFLINE", None)
        cmd = [sys.executable, "-m", "modelaudit", "snapshot", "build", "--endpoint", hub.url,
               "--from-file", str(ROOT / "scripts/snapshot-models.txt"), "--output", args.output, "--date", args.date,
               "--label", f"Hugging Face Hub records of {args.date} (tests/fixtures/hub, served by the fake Hub)"]
        return subprocess.call(cmd, env=env)


if __name__ == "__main__":
    sys.exit(main())
