"""Benchmark for ``modelaudit scan`` over model stores: 1,000 GGUF files audited from their headers.

Builds, in a temporary directory, (1) an Ollama store with N models (manifest, GGUF model blob, licence,
params and template layers) and (2) a folder of N loose GGUF files, each GGUF padded to ``--size`` bytes of
sparse tensor data (so reading past the header would show in the time and memory), then runs the real CLI
in a fresh process on each, ``modelaudit scan DIR --offline --format json``, and prints the wall time, the
models audited, their verdicts and the child's peak RSS. Exits non-zero when a run takes longer than the
10 s target or audits fewer models than planted.

    python benchmarks/scan_store_bench.py [--models 1000] [--size 1073741824] [--keep DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

TARGET_SECONDS = 10.0
_LICENSE = "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT\nLlama 3.2 Version Release Date: September 25, 2024\n"


def _gguf(index: int, size: int) -> bytes:
    """A small GGUF (header + one tiny tensor) naming model ``index``; the sparse tail is added by the caller."""
    import gguf
    import numpy as np

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.gguf"
        writer = gguf.GGUFWriter(str(path), "llama")
        writer.add_string("general.name", f"Bench Model {index}")
        writer.add_string("general.license", "apache-2.0")
        writer.add_string("general.quantized_by", "bench")
        writer.add_tensor("t", np.zeros((16,), dtype=np.float32))
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        return path.read_bytes()


def _sparse(path: Path, data: bytes, size: int) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.truncate(max(size, len(data)))  # a hole: no disk used, but a reader of the data would read it


def build_ollama(store: Path, models: int, size: int) -> None:
    blobs = store / "blobs"
    blobs.mkdir(parents=True)

    def blob(data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = blobs / f"sha256-{digest}"
        if not target.exists():
            target.write_bytes(data)
        return f"sha256:{digest}"

    licence, params, template = blob(_LICENSE.encode()), blob(b'{"stop": ["</s>"]}'), blob(b"{{ .Prompt }}")
    for i in range(models):
        data = _gguf(i, size)
        digest = hashlib.sha256(data).hexdigest()  # the digest of the header part: content is not verified
        _sparse(blobs / f"sha256-{digest}", data, size)
        manifest = store / "manifests" / "registry.ollama.ai" / "library" / f"bench-{i:04d}" / "latest"
        manifest.parent.mkdir(parents=True)
        layers = [("model", f"sha256:{digest}"), ("license", licence), ("params", params), ("template", template)]
        manifest.write_text(json.dumps({"schemaVersion": 2, "layers": [
            {"mediaType": f"application/vnd.ollama.image.{m}", "digest": d, "size": 1} for m, d in layers]}))


def build_files(folder: Path, models: int, size: int) -> None:
    for i in range(models):
        target = folder / f"team-{i % 10}" / f"bench-{i:04d}-Q4_K_M.gguf"
        target.parent.mkdir(parents=True, exist_ok=True)
        _sparse(target, _gguf(i, size), size)


def run_scan(root: Path) -> tuple[float, dict[str, object], float]:
    env = {**os.environ, "MODELAUDIT_CACHE_DIR": str(root.parent / "cache"), "HF_HUB_OFFLINE": "1"}
    env.pop("OLLAMA_MODELS", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "modelaudit", "scan", str(root), "--offline", "--format", "json",
                           "--quiet"], capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    if not proc.stdout.strip():
        raise SystemExit(f"scan failed ({proc.returncode}): {proc.stderr.strip()[:500]}")
    return wall, json.loads(proc.stdout), peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--size", type=int, default=1 << 30, help="bytes per GGUF file (sparse)")
    parser.add_argument("--keep", type=Path, help="build here and keep it")
    args = parser.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="modelaudit-store-bench-"))
    ok = True
    try:
        for label, build in (("Ollama store", build_ollama), ("folder of GGUF files", build_files)):
            root = base / label.split()[0].lower()
            started = time.perf_counter()
            build(root, args.models, args.size)
            built = time.perf_counter() - started
            wall, report, peak = run_scan(root)
            results = report["results"]  # type: ignore[index]
            verdicts = Counter(r["verdict"] for r in results)  # type: ignore[attr-defined]
            apparent = args.models * args.size / 2**30
            print(f"{label}: {args.models} GGUF files ({apparent:,.0f} GiB apparent, sparse), built in {built:.1f} s")
            print(f"  scan + audit:  {wall:.2f} s wall ({wall / max(1, len(results)) * 1000:.1f} ms per model), "
                  f"target <= {TARGET_SECONDS:.0f} s")
            print(f"  models:        {len(results)} audited; verdicts {dict(verdicts)}")
            print(f"  peak RSS:      {peak:.0f} MiB (child process)")
            ok = ok and wall <= TARGET_SECONDS and len(results) == args.models
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
