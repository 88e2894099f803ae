"""Building GGUF, safetensors and Hugging Face cache fixtures on disk for the local-artefact tests."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

LLAMA32_LICENSE_TEXT = (
    "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT\nLlama 3.2 Version Release Date: September 25, 2024\n"
    "\"Agreement\" means the terms and conditions for use, reproduction, distribution and modification of the "
    "Llama Materials set forth herein.\n"
)


def write_gguf(path: Path, *, arch: str = "llama", kv: dict[str, Any] | None = None,
               bases: list[dict[str, str]] | None = None, tokens: int = 0) -> Path:
    """A small valid GGUF (one 4-float tensor) written by the ``gguf`` package's own writer. ``kv`` maps writer
    method suffixes (``license``, ``name``, ``basename``...) to values; ``bases`` are base-model entries."""
    import gguf
    import numpy as np

    writer = gguf.GGUFWriter(str(path), arch)
    for key, value in (kv or {}).items():
        getattr(writer, f"add_{key}")(value)
    if bases:
        writer.add_base_model_count(len(bases))
        for i, base in enumerate(bases):
            for field, value in base.items():
                getattr(writer, f"add_base_model_{field}")(i, value)
    if tokens:
        writer.add_token_list([f"tok{i}" for i in range(tokens)])
        writer.add_token_scores([0.0] * tokens)
    writer.add_tensor("x", np.zeros(4, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def gguf_bytes(kvs: list[tuple[str, int, bytes]], *, version: int = 3, kv_count: int | None = None) -> bytes:
    """A hand-made GGUF header: (key, value type, encoded value) triples, for hostile inputs."""
    out = b"GGUF" + struct.pack("<IQQ", version, 0, len(kvs) if kv_count is None else kv_count)
    for key, kind, value in kvs:
        raw = key.encode()
        out += struct.pack("<Q", len(raw)) + raw + struct.pack("<I", kind) + value
    return out


def gguf_string(text: bytes) -> bytes:
    return struct.pack("<Q", len(text)) + text


def write_safetensors(path: Path, metadata: dict[str, str] | None = None) -> Path:
    header: dict[str, Any] = {"x": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}
    if metadata is not None:
        header["__metadata__"] = metadata
    raw = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + b"\0" * 8)
    return path


def hf_cache_model(root: Path, repo_id: str, sha: str, files: dict[str, str]) -> Path:
    """``root/models--org--name`` with ``refs/main`` naming ``sha`` and ``snapshots/<sha>/`` holding ``files``."""
    folder = root / ("models--" + repo_id.replace("/", "--"))
    (folder / "refs").mkdir(parents=True)
    (folder / "refs" / "main").write_text(sha)
    snapshot = folder / "snapshots" / sha
    snapshot.mkdir(parents=True)
    for name, text in files.items():
        (snapshot / name).write_text(text)
    return folder
