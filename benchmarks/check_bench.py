"""Cold and warm ``modelaudit check`` against the local fake Hub with 50 ms latency per request.

Prints, per model: lineage nodes, Hub requests, requests per node (target ≤ 2 cold), and
whole-process wall time cold and warm (target: warm makes no request and takes ≤ 0.6 s).

    python benchmarks/check_bench.py [--latency 0.05] [MODEL ...]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from _common import hub_env, run_cli

from fakehub import FakeHub, default_fixtures

DEFAULT_MODELS = [
    "deepseek-ai/DeepSeek-R1-Distill-Llama-70B",
    "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B",
    "unsloth/DeepSeek-R1-Distill-Llama-70B-bnb-4bit",
    "MaziyarPanahi/zephyr-7b-beta-Mistral-7B-Instruct-v0.1",
    "google/gemma-2-9b",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=DEFAULT_MODELS)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every Hub request")
    parser.add_argument("--warm-runs", type=int, default=5)
    args = parser.parse_args()

    hub = FakeHub(default_fixtures(), latency=args.latency).start()
    print(f"fake Hub at {hub.url}, {args.latency * 1000:.0f} ms per request\n")
    header = f"{'model':<55} {'nodes':>5} {'req':>4} {'req/node':>8} {'cold s':>7} {'warm s':>7} {'warm req':>8}"
    print(header)
    print("-" * len(header))
    worst_ratio = 0.0
    worst_warm = 0.0
    try:
        for model in args.models:
            cache = Path(tempfile.mkdtemp(prefix="modelaudit-bench-cache-"))
            env = hub_env(hub.url, cache)
            hub.reset_log()
            cold = run_cli(["check", model, "--format", "json", "--quiet"], env)
            if cold.code not in (0, 1, 3):
                raise SystemExit(f"{model}: check failed ({cold.code}): {cold.stderr.strip()}")
            cold_requests = hub.count()
            nodes = len(json.loads(cold.stdout)["results"][0]["lineage"]["nodes"])
            warm_times = []
            hub.reset_log()
            for _ in range(args.warm_runs):
                warm_times.append(run_cli(["check", model, "--format", "json", "--quiet"], env).wall)
            warm_requests = hub.count()
            warm = sorted(warm_times)[len(warm_times) // 2]  # median
            ratio = cold_requests / nodes
            worst_ratio = max(worst_ratio, ratio)
            worst_warm = max(worst_warm, warm)
            print(f"{model:<55} {nodes:>5} {cold_requests:>4} {ratio:>8.2f} {cold.wall:>7.2f} {warm:>7.2f} "
                  f"{warm_requests:>8}")
    finally:
        hub.stop()
    print(f"\nworst requests per node (cold): {worst_ratio:.2f}   (target ≤ 2)")
    print(f"worst median warm wall time:    {worst_warm:.2f} s (target ≤ 0.6 s, no request)")


if __name__ == "__main__":
    main()
