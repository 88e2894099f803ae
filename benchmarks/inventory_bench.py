"""``check --from-file`` over 1,000 distinct derivative models of 5 shared bases, against the local
fake Hub with 50 ms latency per request (issue 7). Prints wall time (target ≤ 20 s on 2 cores),
Hub requests against the floor of one per distinct lineage node, and peak memory.

    python benchmarks/inventory_bench.py [--models 1000] [--latency 0.05] [--workers 12]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from _common import hub_env, run_cli

from fakehub import default_fixtures, make_repo

BASES = [
    ("meta-llama/Llama-3.1-8B", "llama3.1"),
    ("Qwen/Qwen2.5-7B", "apache-2.0"),
    ("mistralai/Mistral-7B-v0.1", "apache-2.0"),
    ("google/gemma-2-9b", "gemma"),
    ("deepseek-ai/DeepSeek-R1", "mit"),
]
RELATIONS = ["finetune", "quantized", "adapter", "finetune", "merge"]


def derivative(i: int):  # type: ignore[no-untyped-def]
    base, license = BASES[i % len(BASES)]
    relation = RELATIONS[(i // len(BASES)) % len(RELATIONS)]
    repo_id = f"bench-org-{i % 97}/derivative-{i:04d}-{base.split('/')[1]}"
    card = {"license": license, "base_model": base, "base_model_relation": relation}
    readme = (f"---\nlicense: {license}\nbase_model: {base}\nbase_model_relation: {relation}\n---\n"
              f"# Derivative {i}\n\nA {relation} of [{base}](https://huggingface.co/{base}) for benchmark use.\n")
    repo = make_repo(repo_id, license=license, tags=[f"base_model:{relation}:{base}", f"license:{license}"],
                     files={"README.md": readme.encode(), "config.json": b"{}"})
    repo.info["cardData"] = card
    return repo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args()

    from fakehub import FakeHub

    data = default_fixtures()
    ids = []
    for i in range(args.models):
        repo = data.add(derivative(i))
        ids.append(repo.info["id"])
    workdir = Path(tempfile.mkdtemp(prefix="modelaudit-inventory-bench-"))
    inventory = workdir / "models.txt"
    inventory.write_text("# benchmark inventory\n" + "\n".join(ids) + "\n")
    hub = FakeHub(data, latency=args.latency).start()
    try:
        env = hub_env(hub.url, workdir / "cache")
        run = run_cli(["check", "--from-file", str(inventory), "--format", "json", "--quiet",
                       "--workers", str(args.workers)], env)
        if run.code not in (0, 1, 3):
            raise SystemExit(f"check failed ({run.code}): {run.stderr.strip()[:500]}")
        doc = json.loads(run.stdout)
        requests = hub.count()
        nodes = {n["id"] for r in doc["results"] for n in r["lineage"]["nodes"]}
        verdicts: dict[str, int] = {}
        for result in doc["results"]:
            verdicts[result["verdict"]] = verdicts.get(result["verdict"], 0) + 1
        per_repo: dict[str, int] = {}
        for record in hub.requests:
            if record.path.startswith("/api/models/"):
                per_repo[record.path] = per_repo.get(record.path, 0) + 1
        refetched = sum(1 for count in per_repo.values() if count > 1)
    finally:
        hub.stop()
    print(f"models audited:          {len(doc['results'])} ({', '.join(f'{v} {k}' for k, v in sorted(verdicts.items()))})")
    print(f"distinct lineage nodes:  {len(nodes)}")
    print(f"Hub requests:            {requests}  ({requests / len(nodes):.2f} per node; floor is 1 per node, "
          f"model info + README = 2)")
    print(f"model-info refetches:    {refetched}  (shared bases must be fetched once)")
    print(f"wall time:               {run.wall:.1f} s  (target ≤ 20 s; {args.latency * 1000:.0f} ms per request, "
          f"{args.workers} workers)")
    print(f"peak memory (RSS):       {run.peak_rss_mb:.0f} MiB")


if __name__ == "__main__":
    main()
