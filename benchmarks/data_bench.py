"""Data lineage, cold and warm: Hub requests per model node and per dataset node, against the local fake Hub.

For models whose cards list training datasets, runs ``modelaudit check`` in a fresh process with an empty
cache (cold), then again with the cache it left (warm), and prints per model: model nodes and the requests
spent on them, dataset nodes and the requests spent on them (paths under ``/api/datasets/`` or
``/datasets/``), requests per node of each kind (target ≤ 2 cold), wall times, and warm requests (target 0).

    python benchmarks/data_bench.py [--latency 0.05] [--warm-runs 3] [MODEL ...]

Dataset nodes appear once the lineage walk follows datasets (issue 13); before that the dataset columns
are 0 and the figures are those of the model walk alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from _common import hub_env, run_cli

from fakehub import FakeHub, RequestRecord, default_fixtures

DEFAULT_MODELS = [
    "HuggingFaceH4/zephyr-7b-beta",
    "teknium/OpenHermes-2.5-Mistral-7B",
    "allenai/Llama-3.1-Tulu-3-8B-SFT",
    "databricks/dolly-v2-12b",
    "open-thoughts/OpenThinker-7B",
]
TARGET_PER_NODE = 2.0


def is_dataset_request(record: RequestRecord) -> bool:
    return record.path.startswith(("/api/datasets/", "/datasets/"))


def ratio(requests: int, nodes: int) -> str:
    return f"{requests / nodes:.2f}" if nodes else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=DEFAULT_MODELS)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every Hub request")
    parser.add_argument("--warm-runs", type=int, default=3)
    args = parser.parse_args()

    hub = FakeHub(default_fixtures(), latency=args.latency).start()
    print(f"fake Hub at {hub.url}, {args.latency * 1000:.0f} ms per request\n")
    header = (f"{'model':<36} {'models':>6} {'req':>4} {'req/m':>5} {'data':>5} {'req':>4} {'req/d':>5} "
              f"{'cold s':>6} {'warm s':>6} {'warm req':>8}")
    print(header)
    print("-" * len(header))
    worst = {"model": 0.0, "dataset": 0.0}
    warm_total = 0
    try:
        for model in args.models:
            cache = Path(tempfile.mkdtemp(prefix="modelaudit-data-bench-cache-"))
            env = hub_env(hub.url, cache)
            hub.reset_log()
            cold = run_cli(["check", model, "--format", "json", "--quiet"], env)
            if cold.code not in (0, 1, 3):
                raise SystemExit(f"{model}: check failed ({cold.code}): {cold.stderr.strip()}")
            log = hub.requests
            data_requests = sum(1 for r in log if is_dataset_request(r))
            model_requests = len(log) - data_requests
            kinds = Counter(n.get("kind", "model") for n in json.loads(cold.stdout)["results"][0]["lineage"]["nodes"])
            model_nodes, data_nodes = kinds["model"], kinds["dataset"]
            hub.reset_log()
            warm_times = [run_cli(["check", model, "--format", "json", "--quiet"], env).wall
                          for _ in range(args.warm_runs)]
            warm_requests = hub.count()
            warm_total += warm_requests
            warm = sorted(warm_times)[len(warm_times) // 2]  # median
            if model_nodes:
                worst["model"] = max(worst["model"], model_requests / model_nodes)
            if data_nodes:
                worst["dataset"] = max(worst["dataset"], data_requests / data_nodes)
            print(f"{model:<36} {model_nodes:>6} {model_requests:>4} {ratio(model_requests, model_nodes):>5} "
                  f"{data_nodes:>5} {data_requests:>4} {ratio(data_requests, data_nodes):>5} "
                  f"{cold.wall:>6.2f} {warm:>6.2f} {warm_requests:>8}")
    finally:
        hub.stop()
    print(f"\nworst requests per model node (cold):   {worst['model']:.2f}   (target ≤ {TARGET_PER_NODE:g})")
    print(f"worst requests per dataset node (cold): {worst['dataset']:.2f}   (target ≤ {TARGET_PER_NODE:g})")
    print(f"requests of all warm runs:              {warm_total}      (target 0)")
    ok = max(worst.values()) <= TARGET_PER_NODE and warm_total == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
