"""``scan`` finds model artefacts on disk (GGUF / safetensors files, model folders, Hugging Face cache entries,
Ollama stores) through the artefact detectors of the scan registry, and reports each at its file path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_cli
from localstores import hf_cache_entry, ollama_model, write_gguf
from modelaudit.scan import scan_path
from modelaudit.scan.detectors import ARTEFACT_DETECTORS


def _tree(root: Path) -> Path:
    write_gguf(root / "weights" / "tiny-Q4_K_M.gguf", {"general.name": "tiny"})
    write_gguf(root / "weights" / "big-00001-of-00002.gguf")
    write_gguf(root / "weights" / "big-00002-of-00002.gguf")
    (root / "weights" / "loose.safetensors").write_bytes(b"\x02\x00\x00\x00\x00\x00\x00\x00{}")
    folder = root / "checkpoints" / "run-1"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text('{"_name_or_path": "meta-llama/Llama-3.1-8B"}')
    (folder / "model.safetensors").write_bytes(b"\x02\x00\x00\x00\x00\x00\x00\x00{}")
    hf_cache_entry(root / "hub", "org/cached")
    ollama_model(root / "ollama", "llama3.2")
    ollama_model(root / "ollama", "Llama-3.2-1B-Instruct-GGUF", "Q4_K_M", registry="hf.co", namespace="bartowski")
    (root / "app.py").write_text('from transformers import AutoModel\nAutoModel.from_pretrained("org/in-code")\n')
    return root


def test_registry_lists_the_artefact_detectors() -> None:
    assert [d.name for d in ARTEFACT_DETECTORS] == ["ollama-store", "hf-cache", "model-folder", "gguf", "safetensors"]


def test_scan_path_reports_each_artefact_once_at_its_path(tmp_path: Path) -> None:
    result = scan_path(_tree(tmp_path))
    found = {ref.path: (ref.kind, ref.repo_id) for ref in result.references}
    root = tmp_path.resolve()
    assert found == {
        "app.py": ("from_pretrained", "org/in-code"),
        "weights/tiny-Q4_K_M.gguf": ("artefact:gguf", str(root / "weights" / "tiny-Q4_K_M.gguf")),
        # a split set is one model, named by its first shard
        "weights/big-00001-of-00002.gguf": ("artefact:gguf", str(root / "weights" / "big-00001-of-00002.gguf")),
        "weights/loose.safetensors": ("artefact:safetensors", str(root / "weights" / "loose.safetensors")),
        # a model folder is one model: its config.json is not read as code (no meta-llama reference)
        "checkpoints/run-1": ("artefact:model-folder", str(root / "checkpoints" / "run-1")),
        "hub/models--org--cached": ("artefact:hf-cache", str(root / "hub" / "models--org--cached")),
        "ollama/manifests/registry.ollama.ai/library/llama3.2/latest":
            ("artefact:ollama-model", str(root / "ollama/manifests/registry.ollama.ai/library/llama3.2/latest")),
        "ollama/manifests/hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF/Q4_K_M":
            ("artefact:ollama-model",
             str(root / "ollama/manifests/hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF/Q4_K_M")),
    }
    assert result.artefacts == 7
    assert all(ref.line == 0 for ref in result.references if ref.kind.startswith("artefact:"))


def test_scan_list_names_artefacts_by_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    res = run_cli(capsys, "scan", str(_tree(tmp_path)), "--list")
    assert res.code == 0, res.err
    lines = res.out.splitlines()
    assert f"weights/tiny-Q4_K_M.gguf: {tmp_path.resolve() / 'weights' / 'tiny-Q4_K_M.gguf'}" in lines
    assert any(line.startswith("ollama/manifests/registry.ollama.ai/library/llama3.2/latest: ") for line in lines)
    assert "app.py:2:28: org/in-code" in lines


def test_a_store_manifest_symlinked_out_is_still_reported(tmp_path: Path) -> None:
    """Its audit refuses it (test_local_stores); the scan must not silently drop it."""
    store = tmp_path / "store"
    ollama_model(store, "llama3.2")
    outside = tmp_path / "outside.json"
    outside.write_text("{}")
    (store / "manifests" / "registry.ollama.ai" / "library" / "llama3.2" / "evil").symlink_to(outside)
    refs = scan_path(store).references
    assert [r.path.rsplit("/", 1)[-1] for r in refs] == ["evil", "latest"]


def test_cached_datasets_are_not_models(tmp_path: Path) -> None:
    hf_cache_entry(tmp_path, "org/model")
    data = tmp_path / "datasets--org--data" / "snapshots" / ("b" * 40)
    data.mkdir(parents=True)
    (data / "train.py").write_text('AutoModel.from_pretrained("org/x")\n')
    assert [r.path for r in scan_path(tmp_path).references] == ["models--org--model"]


def _store_tree(root: Path) -> Path:
    from localstores import LLAMA32_LICENSE

    write_gguf(root / "models" / "tiny.gguf", {"general.name": "tiny", "general.license": "apache-2.0"})
    ollama_model(root / "ollama", "llama3.2", gguf_kv={"general.name": "Llama 3.2 1B"}, license=LLAMA32_LICENSE)
    (root / "models" / "broken.gguf").write_bytes(b"NOPE" + b"\0" * 60)
    return root


def test_scan_json_and_sarif_locate_artefacts_by_file_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _store_tree(tmp_path)
    res = run_cli(capsys, "scan", str(root), "--offline", "--format", "json")
    report = json.loads(res.out)
    by_model = {r["model"]: r for r in report["results"]}
    llama = by_model["ollama:llama3.2:latest"]
    assert llama["locations"] == [{"path": "ollama/manifests/registry.ollama.ai/library/llama3.2/latest",
                                   "line": 0, "column": 0}]
    assert [lic["id"] for lic in llama["effective_licenses"]] == ["llama3.2"]
    broken = [r for r in report["results"] if r["locations"][0]["path"] == "models/broken.gguf"]
    assert broken and broken[0]["verdict"] == "unknown"  # one bad file is its own unknown, the scan goes on
    assert res.code != 0
    sarif = json.loads(run_cli(capsys, "scan", str(root), "--offline", "--format", "sarif").out)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]: loc
            for result in sarif["runs"][0]["results"] for loc in result["locations"]}
    assert {"models/tiny.gguf", "models/broken.gguf", "ollama/manifests/registry.ollama.ai/library/llama3.2/latest"} \
        <= set(uris)
    tiny = uris["models/tiny.gguf"]
    assert "region" not in tiny["physicalLocation"] and tiny["message"]["text"] == "GGUF file"


def test_scan_installed_inventories_this_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    for name in ("HF_HUB_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("OLLAMA_MODELS", str(tmp_path / "ollama"))
    hf_cache_entry(tmp_path / "hf" / "hub", "org/cached")
    ollama_model(tmp_path / "ollama", "llama3.2")
    write_gguf(home / ".lmstudio" / "models" / "org" / "repo-GGUF" / "repo-Q4_K_M.gguf")
    res = run_cli(capsys, "scan", "--installed", "--list")
    assert res.code == 0, res.err
    assert sorted(line.split(": ", 1)[0] for line in res.out.splitlines()) == sorted([
        f"{home}/.lmstudio/models/org/repo-GGUF/repo-Q4_K_M.gguf",
        f"{tmp_path}/hf/hub/models--org--cached",
        f"{tmp_path}/ollama/manifests/registry.ollama.ai/library/llama3.2/latest",
    ])
    # The older LM Studio folder does not exist: skipped with a note; no progress bar off a terminal.
    assert f"no LM Studio models at {home}/.cache/lm-studio/models; skipped" in res.err
    assert "inventorying" not in res.err
    audited = run_cli(capsys, "scan", "--installed", "--offline", "--format", "json")
    models = {r["model"] for r in json.loads(audited.out)["results"]}
    assert "ollama:llama3.2:latest" in models and len(models) == 3


def test_scan_needs_a_path_or_installed(capsys: pytest.CaptureFixture[str]) -> None:
    res = run_cli(capsys, "scan")
    assert res.code == 2 and res.err.count("\n") == 1 and "--installed" in res.err
