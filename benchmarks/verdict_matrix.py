"""Verdict matrix: every snapshot model under each example profile (and none), offline.

Runs ``modelaudit.check(<scripts/snapshot-models.txt>, profile=…, offline=True)`` (the public API) once
per profile and prints, per model, the effective licences, the verdict under each profile and the ids
of the rules that made a verdict block or unknown. A sanity sweep for review, not a test.

    python benchmarks/verdict_matrix.py [--wide]
"""

from __future__ import annotations

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
    # The public API, as a library user calls it (the CLI is a thin layer over the same call).
    import modelaudit
    from modelaudit.inventory import read_inventory

    report: dict[str, Any] = modelaudit.check(read_inventory(MODELS), profile=profile, offline=True).to_json()
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
