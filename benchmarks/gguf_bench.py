"""A 4 GiB GGUF file (sparse: a real header with a 128k-token vocabulary, then a hole) audited offline
(issue 14). Only the header is read, so the size of the file must not matter. Prints the header read time,
the in-process audit time (``modelaudit.check``, imports done) against the target of ≤ 1 s, the extra memory
of that audit (tracemalloc peak and ru_maxrss growth) against ≤ 100 MiB, and the whole ``modelaudit check``
process for reference.

    python benchmarks/gguf_bench.py [--size-gib 4] [--tokens 128000]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from _common import run_cli

from gguf_helpers import write_gguf

LLAMA = "https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gib", type=float, default=4.0)
    parser.add_argument("--tokens", type=int, default=128_000)
    args = parser.parse_args()

    from modelaudit import api
    from modelaudit.sources.gguf import gguf_metadata

    with tempfile.TemporaryDirectory(prefix="modelaudit-gguf-bench-") as tmp:
        path = Path(tmp) / "Llama-3.2-1B-Instruct-Q4_K_M.gguf"
        write_gguf(path, kv={"name": "Llama 3.2 1B Instruct", "license": "llama3.2", "file_type": 15},
                   bases=[{"name": "Llama 3.2 1B Instruct", "organization": "Meta Llama", "repo_url": LLAMA}],
                   tokens=args.tokens)
        header_bytes = path.stat().st_size
        with path.open("r+b") as stream:
            stream.truncate(int(args.size_gib * (1 << 30)))  # the tensor data: a hole, never read
        size = path.stat().st_size

        gguf_metadata(path)  # imports (gguf, numpy) out of the way
        start = time.perf_counter()
        meta = gguf_metadata(path)
        header_s = time.perf_counter() - start
        assert not isinstance(meta, str), meta

        api.check(str(path), offline=True)  # warm: imports, knowledge base, snapshot index
        start = time.perf_counter()
        report = api.check(str(path), offline=True)
        audit_s = time.perf_counter() - start
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()  # measured on a second run: tracemalloc slows allocation several times
        api.check(str(path), offline=True)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
        verdict = report.results[0].verdict.value

        cli = run_cli(["check", str(path), "--offline", "--format", "json"], env=dict(os.environ))

    print(f"file: {size / (1 << 30):.1f} GiB sparse GGUF, header {header_bytes / (1 << 20):.1f} MiB "
          f"({args.tokens} tokens)")
    print(f"header read: {header_s * 1000:.0f} ms")
    print(f"audit (in process, warm): {audit_s * 1000:.0f} ms, verdict {verdict}   target ≤ 1000 ms "
          f"{'OK' if audit_s <= 1 else 'OVER'}")
    print(f"extra memory: tracemalloc peak {peak / (1 << 20):.1f} MiB, ru_maxrss growth {rss_growth:.1f} MiB   "
          f"target ≤ 100 MiB {'OK' if max(peak / (1 << 20), rss_growth) <= 100 else 'OVER'}")
    print(f"whole `modelaudit check --offline` process: {cli.wall * 1000:.0f} ms (imports included), "
          f"peak RSS {cli.peak_rss_mb:.0f} MiB, exit {cli.code}")


if __name__ == "__main__":
    main()
