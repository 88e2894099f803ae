"""Model stores built on disk for tests: tiny GGUF files (the gguf package's own writer), Ollama stores,
LM Studio folders and Hugging Face cache entries."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

#: The opening of the Llama 3.2 Community License, as Ollama's llama3.2 licence layer holds it.
LLAMA32_LICENSE = (
    "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT\n"
    "Llama 3.2 Version Release Date: September 25, 2024\n\n"
    "“Agreement” means the terms and conditions for use, reproduction, distribution and modification of the "
    "Llama Materials set forth herein.\n\n"
    "“Llama 3.2” means the foundational large language models and software and algorithms, including "
    "machine-learning model code, trained model weights, inference-enabling code, training-enabling code, "
    "fine-tuning enabling code and other elements of the foregoing distributed by Meta at "
    "https://www.llama.com/llama-downloads.\n"
)


def write_gguf(path: Path, kv: dict[str, object] | None = None, arch: str = "llama") -> Path:
    """A valid GGUF file with one tiny tensor and the given ``general.*`` string / list values."""
    import gguf
    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    writer = gguf.GGUFWriter(str(path), arch)
    for key, value in (kv or {}).items():
        if isinstance(value, list):
            writer.add_array(key, value)
        elif isinstance(value, int):
            writer.add_uint32(key, value)
        else:
            writer.add_string(key, str(value))
    writer.add_tensor("t", np.zeros((2,), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def _blob(store: Path, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    (store / "blobs").mkdir(parents=True, exist_ok=True)
    (store / "blobs" / f"sha256-{digest}").write_bytes(data)
    return f"sha256:{digest}"


def ollama_model(store: Path, name: str, tag: str = "latest", *, gguf_kv: dict[str, object] | None = None,
                 license: str | None = None, extra_layers: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
                 registry: str = "registry.ollama.ai", namespace: str = "library") -> Path:
    """One model in an Ollama store at ``store``: a GGUF model layer, an optional licence layer, params and
    a template; returns the manifest's path."""
    scratch = store / "scratch.gguf"
    write_gguf(scratch, gguf_kv or {"general.name": name})
    model = _blob(store, scratch.read_bytes())
    scratch.unlink()
    layers = [{"mediaType": "application/vnd.ollama.image.model", "digest": model, "size": 256}]
    if license is not None:
        layers.append({"mediaType": "application/vnd.ollama.image.license", "digest": _blob(store, license.encode()),
                       "size": len(license)})
    layers.append({"mediaType": "application/vnd.ollama.image.params",
                   "digest": _blob(store, b'{"stop": ["<|eot_id|>"]}'), "size": 24})
    layers.append({"mediaType": "application/vnd.ollama.image.template",
                   "digest": _blob(store, b"{{ .Prompt }}"), "size": 13})
    for media, data in extra_layers:
        layers.append({"mediaType": media, "digest": _blob(store, data), "size": len(data)})
    manifest = store / "manifests" / registry / namespace / name / tag
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": model, "size": 1},
        "layers": layers,
    }))
    return manifest


def hf_cache_entry(cache: Path, repo_id: str, sha: str = "a" * 40) -> Path:
    """``models--org--name`` with refs/main and one snapshot holding config.json and weights."""
    folder = cache / ("models--" + repo_id.replace("/", "--"))
    snap = folder / "snapshots" / sha
    snap.mkdir(parents=True)
    (folder / "refs").mkdir()
    (folder / "refs" / "main").write_text(sha)
    (snap / "config.json").write_text('{"model_type": "llama"}')
    (snap / "model.safetensors").write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ")
    return folder
