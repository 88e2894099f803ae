"""Verdict matrix: every snapshot model under each example profile (and none), offline.

Runs ``modelaudit check --offline --format json --from-file scripts/snapshot-models.txt`` once per
profile and prints, per model, the effective licences, the verdict under each profile and the ids
of the rules that made a verdict block or unknown. A sanity sweep for review, not a test.

    python benchmarks/verdict_matrix.py [--wide]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "scripts" / "snapshot-models.txt"
PROFILES: list[tuple[str, Path | None]] = [
    ("none", None),
    ("startup", ROOT / "examples" / "profiles" / "startup.yaml"),
    ("large", ROOT / "examples" / "profiles" / "large-platform.yaml"),
    ("eu-pub", ROOT / "examples" / "profiles" / "eu-public-sector.yaml"),
]
ABBREV = {"pass": "pass", "warn": "warn", "block": "BLOCK", "unknown": "UNKN"}


def run_check(profile: Path | None) -> dict[str, Any]:
    env = dict(os.environ)
    for name in ("MODELAUDIT_PROFILE", "MODELAUDIT_POLICY", "MODELAUDIT_WAIVERS", "MODELAUDIT_FORMAT",
                 "MODELAUDIT_OUTPUT", "MODELAUDIT_FAIL_ON", "MODELAUDIT_AS_OF"):
        env.pop(name, None)
    args = [sys.executable, "-m", "modelaudit", "check", "--offline", "--format", "json", "--quiet",
            "--from-file", str(MODELS)]
    if profile is not None:
        args += ["--profile", str(profile)]
    proc = subprocess.run(args, env=env, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode not in (0, 1, 3):
        sys.exit(f"modelaudit check failed (exit {proc.returncode}): {proc.stderr.strip()}")
    report: dict[str, Any] = json.loads(proc.stdout)
    return report


def eff(result: dict[str, Any]) -> str:
    out = []
    for lic in result.get("effective_licenses", []):
        mark = "" if not lic.get("inherited") else ("^≈" if lic.get("inferred") else "^")
        out.append(lic["id"] + mark)
    return ",".join(out) or "-"


def flagged(result: dict[str, Any]) -> list[str]:
    rules: list[str] = []
    for f in result.get("findings", []):
        if f.get("waived") or f.get("severity") not in ("block", "unknown"):
            continue
        tag = f["rule"] + (f"[{f['license']}]" if f.get("license") else "")
        if tag not in rules:
            rules.append(tag)
    return rules


def main() -> None:
    wide = "--wide" in sys.argv
    reports = {name: run_check(path) for name, path in PROFILES}
    order = [r["model"] for r in reports["none"]["results"]]
    by_profile = {name: {r["model"]: r for r in rep["results"]} for name, rep in reports.items()}

    header = ["model", "effective (^ inherited, ≈ inferred)", *[n for n, _ in PROFILES], "block/unknown rules"]
    rows = []
    for model in order:
        base = by_profile["none"][model]
        verdicts = [ABBREV.get(by_profile[n][model]["verdict"], "?") for n, _ in PROFILES]
        where: dict[str, list[str]] = {}  # rule -> profiles where it blocks / is unknown
        for n, _ in PROFILES:
            for rule in flagged(by_profile[n][model]):
                where.setdefault(rule, []).append(n)
        rule_text = "; ".join(
            r if len(p) == len(PROFILES) else f"{r}@{'/'.join(p)}" for r, p in where.items())
        rows.append([model, eff(base), *verdicts, rule_text])

    if not wide:
        rows = [[r[0][:52], r[1][:44], *r[2:]] for r in rows]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header) - 1)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths) + "  {}"
    print(fmt.format(*header))
    print(fmt.format(*["-" * w for w in widths], "-" * 20))
    for r in rows:
        print(fmt.format(*r))
    print()
    for n, _ in PROFILES:
        counts: dict[str, int] = {}
        for r in reports[n]["results"]:
            counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
        print(f"{n:8} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"data: {', '.join(reports['none'].get('data_sources', []))}")


if __name__ == "__main__":
    main()
