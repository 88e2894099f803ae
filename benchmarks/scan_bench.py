"""Benchmark for ``modelaudit.scan.scan_path`` on a synthetic 10,000-file repository.

Generates a repository in a temporary directory (Python, YAML, Markdown, JSON, Dockerfiles and shell
scripts, padded with decoy strings that look like model ids but sit in no model context), plants a few
hundred real model references at known lines, then prints throughput, wall time, references found versus
planted, and peak memory.  Exits non-zero when the found references differ from the planted ones.

    python benchmarks/scan_bench.py [--files 10000] [--plants 400] [--seed 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from modelaudit.scan import ScanResult, scan_path

_ORGS = ["meta-llama", "mistralai", "Qwen", "google", "microsoft", "BAAI", "sentence-transformers", "TheBloke", "tiiuae"]
_NAMES = ["Llama-3.1-8B-Instruct", "Mistral-7B-v0.3", "Qwen2.5-7B", "gemma-2-9b-it", "phi-3-mini", "bge-m3", "falcon-7b"]

# Lines with slashes, ids and URLs that must NOT be reported: the scanner's everyday noise.
_PY_DECOYS = [
    'TRAIN = "data/train-{k}.csv"',
    'HEADERS = {{"Content-Type": "application/json", "Accept": "text/plain"}}',
    'ds_{k} = load_dataset("acme/corpus-{k}")',
    'print("meta-llama/Llama-3.1-8B-Instruct")  # bare id, no model context',
    'KNOWN_{k} = ["mistralai/Mistral-7B-v0.1", "Qwen/Qwen2-7B"]',
    'URL_{k} = "https://github.com/acme/repo-{k}"',
    'WHEN_{k} = "10/2024"',
    "model_{k} = AutoModel.from_pretrained(args.model_path)",
    'local_{k} = AutoModel.from_pretrained("./checkpoints/step-{k}")',
    'DOCS_{k} = "https://huggingface.co/datasets/acme/corpus-{k}"',
    'branch_{k} = "origin/main"',
]
_YAML_DECOYS = [
    "output_dir: outputs/run-{k}",
    "data_files: data/train-{k}.csv",
    "content_type: application/json",
    "model: gpt-4o",
    "repository: acme/service-{k}",
    "image: vllm/vllm-openai:v0.6.{k}",
    "docs: https://huggingface.co/docs/transformers/index",
    "ratio: 1/2",
]
_MD_DECOYS = [
    "Throughput is {k} tokens/s on 1/2 of a node, and/or more with batching.",
    "See https://github.com/acme/project-{k} and https://huggingface.co/datasets/acme/data-{k}.",
    "The answer is n/a for i/o bound jobs; send application/json.",
    "We compared meta-llama/Llama-3.1-8B-Instruct in prose only.",
]
_SH_DECOYS = [
    "cd src/app-{k} && git checkout origin/main",
    "python train.py --model ./models/base-{k} --output_dir outputs/{k}",
    "hf download --repo-type dataset acme/corpus-{k}",
    'curl -H "Content-Type: application/json" https://example.com/a/{k}',
]

_PY_PLANTS = [
    'model_{n} = AutoModelForCausalLM.from_pretrained("{id}")',
    'pipe_{n} = pipeline("text-generation", model="{id}")',
    'weights_{n} = hf_hub_download(repo_id="{id}", filename="model.safetensors")',
    'enc_{n} = SentenceTransformer("{id}")',
    'llm_{n} = LLM(model="{id}")',
]
_YAML_PLANTS = ["base_model: {id}", "model_name_or_path: {id}", "  command: --model-id {id}"]
_MD_PLANTS = ["Model card: https://huggingface.co/{id} for details."]
_SH_PLANTS = ["vllm serve {id} --port 8000", "huggingface-cli download {id} --local-dir models/x"]
_DOCKER_PLANTS = ["ENV MODEL_ID={id}", "RUN huggingface-cli download {id}"]


@dataclass(frozen=True)
class Planted:
    path: str
    line: int
    repo_id: str


class _Generator:
    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.planted: list[Planted] = []
        self.counter = 0

    def _model_id(self) -> str:
        self.counter += 1
        return f"{self.rng.choice(_ORGS)}/{self.rng.choice(_NAMES)}-v{self.counter}"

    def _lines(self, decoys: list[str], count: int) -> list[str]:
        return [self.rng.choice(decoys).format(k=self.rng.randrange(1000)) for _ in range(count)]

    def _write(self, rel: str, lines: list[str], plants: list[str] | None, plant: bool) -> None:
        if plant and plants:
            repo_id = self._model_id()
            at = self.rng.randrange(1, len(lines))
            lines.insert(at, self.rng.choice(plants).format(n=self.counter, id=repo_id))
            self.planted.append(Planted(rel, at + 1, repo_id))
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def python(self, rel: str, plant: bool) -> None:
        header = [
            '"""Generated module."""',
            "from datasets import load_dataset",
            "from transformers import AutoModel, AutoModelForCausalLM, pipeline",
            "",
        ]
        body: list[str] = []
        for i in range(self.rng.randrange(4, 9)):
            body += [f"def handler_{i}(args, request):", '    """Handle one request."""', "    total = 0"]
            body += ["    " + line for line in self._lines(_PY_DECOYS, self.rng.randrange(4, 10))]
            body += ["    return total", ""]
        # Plants go at module level so they are valid Python wherever they land; insert after the header.
        lines = header + body
        if plant:
            repo_id = self._model_id()
            statement = self.rng.choice(_PY_PLANTS).format(n=self.counter, id=repo_id)
            lines.insert(len(header), statement)
            self.planted.append(Planted(rel, len(header) + 1, repo_id))
        self._write(rel, lines, None, False)

    def yaml(self, rel: str, plant: bool) -> None:
        self._write(rel, ["# generated", *self._lines(_YAML_DECOYS, self.rng.randrange(10, 40))], _YAML_PLANTS, plant)

    def markdown(self, rel: str, plant: bool) -> None:
        self._write(rel, ["# Notes", "", *self._lines(_MD_DECOYS, self.rng.randrange(10, 40))], _MD_PLANTS, plant)

    def shell(self, rel: str, plant: bool) -> None:
        self._write(rel, ["#!/usr/bin/env bash", *self._lines(_SH_DECOYS, self.rng.randrange(5, 20))], _SH_PLANTS, plant)

    def dockerfile(self, rel: str, plant: bool) -> None:
        lines = ["FROM python:3.11-slim", "WORKDIR /srv/app", "COPY requirements.txt .", "RUN pip install -r req.txt"]
        self._write(rel, lines, _DOCKER_PLANTS, plant)

    def json_file(self, rel: str, plant: bool) -> None:
        data: dict[str, object] = {
            "name": f"svc-{self.rng.randrange(1000)}",
            "repository": "acme/service",
            "headers": {"Content-Type": "application/json"},
            "files": ["data/train.csv", "src/app.py", "weights/model.safetensors"],
            "model": "gpt-4o",
        }
        if plant:
            data["base_model_name_or_path"] = self._model_id()
        lines = json.dumps(data, indent=2).splitlines()
        if plant:
            index = next(i for i, line in enumerate(lines) if "base_model_name_or_path" in line)
            self.planted.append(Planted(rel, index + 1, str(data["base_model_name_or_path"])))
        self._write(rel, lines, None, False)


def generate(root: Path, files: int, plants: int, seed: int) -> list[Planted]:
    gen = _Generator(root, seed)
    kinds: list[tuple[float, str, Callable[[str, bool], None]]] = [
        (0.40, "py", gen.python),
        (0.20, "yaml", gen.yaml),
        (0.15, "md", gen.markdown),
        (0.15, "json", gen.json_file),
        (0.05, "Dockerfile", gen.dockerfile),
        (0.05, "sh", gen.shell),
    ]
    plant_at = set(gen.rng.sample(range(files), plants))
    weights = [share for share, _ext, _write in kinds]
    for i in range(files):
        _share, ext, write = gen.rng.choices(kinds, weights=weights)[0]
        directory = f"pkg{i // 400:02d}/sub{(i // 40) % 10}"
        rel = f"{directory}/svc{i}/Dockerfile" if ext == "Dockerfile" else f"{directory}/file{i}.{ext}"
        write(rel, i in plant_at)
    return gen.planted


def _timed_scan(root: Path) -> tuple[ScanResult, float]:
    gc.collect()
    start = time.perf_counter()
    result = scan_path(root)
    return result, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--plants", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is reported")
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    options = parser.parse_args(argv)

    root = options.keep or Path(tempfile.mkdtemp(prefix="modelaudit-scan-bench-"))
    try:
        start = time.perf_counter()
        planted = generate(root, options.files, options.plants, options.seed)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        print(f"generated {options.files} files ({size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f}s at {root}")

        # Warm the page cache and imports once, then time; the best run is least disturbed by noise.
        scan_path(root)
        timings = []
        result: ScanResult | None = None
        for _ in range(max(1, options.repeat)):
            result, elapsed = _timed_scan(root)
            timings.append(elapsed)
        assert result is not None
        best = min(timings)

        # Peak Python allocation, measured in a separate run because tracing slows the scan down.
        tracemalloc.start()
        scan_path(root)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux

        found = {(r.path, r.line, r.repo_id) for r in result.references}
        expected = {(p.path, p.line, p.repo_id) for p in planted}
        print(f"files scanned:       {result.files_scanned} (skipped {result.files_skipped}, errors {len(result.errors)})")
        print(f"wall time (best):    {best:.2f}s  (runs: {', '.join(f'{t:.2f}' for t in timings)})")
        print(f"throughput:          {result.files_scanned / best:,.0f} files/s, {size / 1e6 / best:.1f} MB/s")
        print(f"references found:    {len(result.references)}  planted: {len(planted)}  models: {len(result.models())}")
        print(f"peak memory:         tracemalloc {peak / 1e6:.1f} MB, maxrss {maxrss_kb / 1024:.1f} MB")
        missing, unexpected = expected - found, found - expected
        for path, line, repo_id in sorted(missing)[:10]:
            print(f"  MISSING    {path}:{line} {repo_id}")
        for path, line, repo_id in sorted(unexpected)[:10]:
            print(f"  UNEXPECTED {path}:{line} {repo_id}")
        ok = not missing and not unexpected and len(result.references) == len(planted)
        print("result:              OK" if ok else "result:              MISMATCH")
        return 0 if ok else 1
    finally:
        if options.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
