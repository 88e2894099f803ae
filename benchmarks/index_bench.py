"""Hub index figures (README "Performance"): build, whole-Hub propagation + mismatches, one model's lineage and
licences from the index, ``hub`` queries; optionally the Spark backend on a smaller dump.

    python benchmarks/index_bench.py [--models 2000000] [--work DIR] [--spark 50000]

Budgets (issue 16): build <= 60 s and <= 1.5 GiB; propagation + mismatches <= 30 s (and <= 1 GiB: the build's
peak covers it); one model <= 100 ms; hub queries <= 2 s. The machine's load is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_hub_dump import make_dump  # noqa: E402

BUILD = """
import json, sys, resource, time
from pathlib import Path
from modelaudit.index.build import build_index
r = build_index(sys.argv[1], Path(sys.argv[2]), engine=sys.argv[3])
print(json.dumps({"timings": r.timings, "meta": r.meta,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def build(dump: Path, index: Path, engine: str) -> dict[str, object]:
    if index.exists():
        index.unlink()
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", BUILD, str(dump), str(index), engine], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(proc.stderr[-2000:])
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


FIRST = """
import sys, time
from pathlib import Path
from modelaudit.index.store import HubIndex
with HubIndex(Path(sys.argv[1])) as hub:
    started = time.perf_counter()
    hub.lineage(sys.argv[2]), hub.query("SELECT * FROM effective WHERE model_id = ?", [sys.argv[2]])
    print((time.perf_counter() - started) * 1000)
"""


def first_call(index: Path, model: str) -> float:
    """One model's lineage + licences as the first query of a fresh process (what one CLI call pays: the
    indexes and row groups it touches are loaded then), in milliseconds; imports and opening not counted."""
    proc = subprocess.run([sys.executable, "-c", FIRST, str(index), model], capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(proc.stderr[-2000:])
    return float(proc.stdout.strip().splitlines()[-1])


def timed(fn, runs: int = 7) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median and worst of ``runs`` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def cli(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "modelaudit", *args], env=env, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(proc.stderr[-2000:])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=2_000_000)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--spark", type=int, default=0, help="also build a dump of this many models with Spark")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="modelaudit-index-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    dump = work / f"dump-{args.models}.parquet"
    if not dump.exists():
        started = time.perf_counter()
        make_dump(dump, args.models)
        print(f"dump: {args.models:,} models, {dump.stat().st_size / 2**20:.0f} MiB, generated in "
              f"{time.perf_counter() - started:.1f} s")
    index = work / "hub-index.duckdb"
    result = build(dump, index, "duckdb")
    timings = result["timings"]
    meta = result["meta"]
    assert isinstance(timings, dict) and isinstance(meta, dict)
    propagation = sum(timings.get(k, 0.0) for k in ("levels", "propagation", "mismatches"))
    print(f"index build: {result['wall']:.1f} s wall (process), peak {result['peak_mib']:.0f} MiB, "
          f"index {index.stat().st_size / 2**20:.0f} MiB; {meta['models']} models, {meta['edges']} edges, "
          f"{meta['levels']} levels, {meta['cycle_models']} on cycles, {meta['missing_parents']} missing parents, "
          f"{meta['mismatches']} mismatches")
    print("  phases: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    print(f"whole-Hub propagation + mismatches (levels, propagation, mismatches): {propagation:.1f} s "
          f"(within the build's peak {result['peak_mib']:.0f} MiB)")

    from modelaudit.index.store import HubIndex

    with HubIndex(index) as hub:
        deep = hub.query("SELECT model_id FROM models ORDER BY level DESC LIMIT 1").rows[0][0]
        merge = hub.query("SELECT child FROM edges GROUP BY child ORDER BY count(*) DESC LIMIT 1").rows[0][0]
        for name, model in (("deepest", deep), ("largest merge", merge)):
            med, worst = timed(lambda m=model: (hub.lineage(m), hub.query(
                "SELECT * FROM effective WHERE model_id = ?", [m])))
            nodes = len(hub.lineage(model).rows)
            first = statistics.median(first_call(index, model) for _ in range(3))
            card, _ = timed(lambda m=model: hub.model(m))
            print(f"lineage + licences of one model ({name}, {nodes} nodes): median {med:.0f} ms, worst {worst:.0f} ms, "
                  f"first query of a process {first:.0f} ms; its record (card) {card:.1f} ms")
        base = hub.query("SELECT parent FROM edges WHERE parent IS NOT NULL GROUP BY parent "
                         "ORDER BY count(*) DESC LIMIT 1").rows[0][0]
        for name, fn in (("mismatches --inherited 'llama*'", lambda: hub.mismatches("llama*")),
                         ("mismatches (all)", lambda: hub.mismatches()),
                         (f"descendants {base} (the largest fan-out)", lambda: hub.descendants(base)),
                         ("descendants meta-llama/*", lambda: hub.descendants("meta-llama/*")),
                         ("stats", lambda: hub.stats())):
            med, worst = timed(fn, runs=3)
            print(f"hub {name}: median {med / 1000:.2f} s, worst {worst / 1000:.2f} s (query)")
    env = dict(os.environ, MODELAUDIT_INDEX=str(index))
    out = work / "m.parquet"
    print(f"CLI (process wall, imports included): hub mismatches --inherited 'llama*' -f parquet: "
          f"{cli(['hub', 'mismatches', '--inherited', 'llama*', '-f', 'parquet', '-o', str(out)], env):.2f} s; "
          f"hub stats: {cli(['hub', 'stats'], env):.2f} s")
    if args.spark:
        small = work / f"dump-{args.spark}.parquet"
        if not small.exists():
            make_dump(small, args.spark)
        duck = build(small, work / "small-duck.duckdb", "duckdb")
        spark = build(small, work / "small-spark.duckdb", "spark")
        print(f"{args.spark:,} models: duckdb {duck['wall']:.1f} s, peak {duck['peak_mib']:.0f} MiB; spark local[2] "
              f"{spark['wall']:.1f} s (driver peak {spark['peak_mib']:.0f} MiB, JVM not counted)")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
