"""Model artefacts on disk: the detectors that find models by what a directory or file *is*, not by text.

A GGUF or safetensors file, a model folder (``config.json`` beside weights), a Hugging Face cache entry
(``models--org--name``) and an Ollama store (``manifests/`` beside ``blobs/``) are each a model to audit.
The walker asks these detectors (``registry.ARTEFACT_DETECTORS``) about every directory it enters and every
file it visits; an artefact's reference is its absolute path (or, for an Ollama model, its manifest's path),
which ``check`` reads through the source registry, and its location is its path in the scanned tree.

Detection is by name and layout only (scan does not read model formats; the sources do, bounded): a file
named ``.gguf`` that is not one is still reported, and its audit says why it is unknown.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Artefact", "ArtefactDetector", "Entry", "Found", "gguf_file", "hf_cache", "model_folder", "ollama_store",
           "safetensors_file"]

#: References to artefacts are reported with this kind prefix (``artefact:gguf``, ...).
KIND_PREFIX = "artefact:"
#: The most manifests one Ollama store may report (a store with more is reported in part, with a note).
MAX_MANIFESTS = 10_000

_SHARD = re.compile(r"-(\d{5})-of-(\d{5})\.(?:gguf|safetensors)$", re.IGNORECASE)
_WEIGHTS = re.compile(r"\.(?:safetensors|bin|gguf|pt|pth|ckpt|h5|onnx|msgpack)$", re.IGNORECASE)
_FOLDER_CONFIGS = ("config.json", "adapter_config.json")


@dataclass(frozen=True)
class Entry:
    """A directory or file the walker visits."""

    path: Path  # absolute
    rel: str  # posix, relative to the scan root ("" for the root itself)
    names: frozenset[str] = frozenset()  # a directory's entries (listed once, by the walker)

    def child_rel(self, name: str) -> str:
        return f"{self.rel}/{name}" if self.rel else name


@dataclass(frozen=True)
class Artefact:
    reference: str  # what ``check`` reads: an absolute path
    rel: str  # where it is, relative to the scan root
    kind: str  # gguf, safetensors, model-folder, hf-cache, ollama-model
    description: str


@dataclass(frozen=True)
class Found:
    """What a detector says about one entry: its artefacts, and whether the walk goes into it (a directory
    that *is* a model is audited as one; its files are not code)."""

    artefacts: tuple[Artefact, ...] = ()
    descend: bool = False
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArtefactDetector:
    name: str
    directories: bool  # asked about directories (else about files)
    find: Callable[[Entry], Found | None]  # None: not this detector's kind of entry


def _first_shard(name: str) -> bool:
    """``x-00002-of-00003.gguf`` is part of the set that ``x-00001-of-00003.gguf`` stands for."""
    match = _SHARD.search(name)
    return match is None or int(match.group(1)) == 1


def gguf_file(entry: Entry) -> Found | None:
    name = entry.path.name
    if not name.lower().endswith(".gguf"):
        return None
    if not _first_shard(name):
        return Found()
    return Found((Artefact(str(entry.path), entry.rel, "gguf", "GGUF file"),))


def safetensors_file(entry: Entry) -> Found | None:
    name = entry.path.name
    if not name.lower().endswith(".safetensors"):
        return None
    if not _first_shard(name):
        return Found()
    return Found((Artefact(str(entry.path), entry.rel, "safetensors", "safetensors file"),))


def hf_cache(entry: Entry) -> Found | None:
    """``models--org--name`` (with ``snapshots/``) is a cached Hub model; a cached dataset or space is data,
    not code, and not a model: it is skipped."""
    name = entry.path.name
    if name.startswith(("datasets--", "spaces--")) and "snapshots" in entry.names:
        return Found()
    if not name.startswith("models--") or "snapshots" not in entry.names:
        return None
    repo = name[len("models--"):].replace("--", "/", 1)
    return Found((Artefact(str(entry.path), entry.rel, "hf-cache", f"Hugging Face cache of {repo}"),))


def model_folder(entry: Entry) -> Found | None:
    if not any(c in entry.names for c in _FOLDER_CONFIGS) or not any(_WEIGHTS.search(n) for n in entry.names):
        return None
    return Found((Artefact(str(entry.path), entry.rel or ".", "model-folder", "model folder"),))


def _dirs(path: Path) -> list[str]:
    """Sub-directories (not symlinks: a link may lead out of the store), sorted."""
    with os.scandir(path) as it:
        return sorted(e.name for e in it if e.is_dir(follow_symlinks=False))


def ollama_store(entry: Entry) -> Found | None:
    """Every model of a store: its manifests, ``manifests/<registry>/<namespace>/<name>/<tag>``."""
    if "manifests" not in entry.names or "blobs" not in entry.names:
        return None
    manifests = entry.path / "manifests"
    if manifests.is_symlink() or not manifests.is_dir():
        return None
    found: list[Artefact] = []
    errors: list[str] = []
    try:
        for registry in _dirs(manifests):
            for namespace in _dirs(manifests / registry):
                for name in _dirs(manifests / registry / namespace):
                    folder = manifests / registry / namespace / name
                    with os.scandir(folder) as it:
                        # A manifest that is a symlink is reported: its audit refuses it (one line, unknown).
                        tags = sorted(e.name for e in it if not e.is_dir(follow_symlinks=False))
                    for tag in tags:
                        if len(found) >= MAX_MANIFESTS:
                            errors.append(f"{entry.child_rel('manifests')}: more than {MAX_MANIFESTS} manifests; "
                                          f"the rest are not reported")
                            return Found(tuple(found), errors=tuple(errors))
                        rel = "/".join((entry.child_rel("manifests"), registry, namespace, name, tag))
                        shown = name if (registry, namespace) == ("registry.ollama.ai", "library") else \
                            f"{registry}/{namespace}/{name}"
                        found.append(Artefact(str(folder / tag), rel, "ollama-model", f"Ollama model {shown}:{tag}"))
    except OSError as exc:
        errors.append(f"{entry.child_rel('manifests')}: cannot list: {exc.strerror or exc}")
    return Found(tuple(found), errors=tuple(errors))
