"""An Ollama model (``ollama:NAME[:TAG]``, or a manifest file of a store) read like a Hub record.

A store (``OLLAMA_MODELS``, default ``~/.ollama/models``) holds ``manifests/<registry>/<namespace>/<name>/<tag>``
(JSON, OCI-like) and content-addressed ``blobs/sha256-<hex>``. A manifest's layers are told apart by
media type: ``application/vnd.ollama.image.model`` is the GGUF whose header is the model's card
(``gguf.gguf_metadata``, bounded), ``.license`` the licence text(s) (kept as the record's ``LICENSE`` files, so
licence identification reads their full text), ``.params`` and ``.template`` are recorded as files.
A model pulled from the Hub (``hf.co/<org>/<repo>:<quant>``, registry ``hf.co``) is a copy of a GGUF of
that Hub repository: the repository is declared its parent (Ollama wrote the manifest under the name it
pulled from), so the Hub repo's licence and lineage bind it.

What cannot be read makes the model unknown, in one line: a malformed or oversized manifest, a layer
whose blob is missing, a symlink leading out of the store, an adapter layer (its terms are not read).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from modelaudit.errors import UsageError
from modelaudit.kinds import SourceKind
from modelaudit.refs import ModelRef, looks_like_path
from modelaudit.sources.local import now
from modelaudit.sources.localstore import StoreError, contained, ollama_store, read_bounded
from modelaudit.sources.records import FetchOutcome, FileStatus, ModelRecord

PREFIX = "ollama:"
KIND = "ollama"
DEFAULT_REGISTRY = "registry.ollama.ai"
DEFAULT_NAMESPACE = "library"
DEFAULT_TAG = "latest"
HUB_REGISTRIES = frozenset({"hf.co", "huggingface.co"})

#: A manifest is a few hundred bytes; anything near this is not one.
MAX_MANIFEST_BYTES = 1_000_000
#: Licence texts are read whole up to the cap every local file has; params and templates are small.
MAX_LICENSE_BYTES = 1_000_000
MAX_SMALL_LAYER_BYTES = 64 * 1024
MAX_LAYERS = 64

_MEDIA = "application/vnd.ollama.image."
_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")
_DIGEST = re.compile(r"^sha256[:-]([0-9a-f]{64})$")


@dataclass(frozen=True)
class OllamaName:
    registry: str
    namespace: str
    name: str
    tag: str

    @property
    def node_id(self) -> str:
        """How the model is shown: ``ollama:llama3.2:latest``, ``ollama:hf.co/org/repo:Q4_K_M``."""
        if (self.registry, self.namespace) == (DEFAULT_REGISTRY, DEFAULT_NAMESPACE):
            return f"{PREFIX}{self.name}:{self.tag}"
        if self.registry == DEFAULT_REGISTRY:
            return f"{PREFIX}{self.namespace}/{self.name}:{self.tag}"
        return f"{PREFIX}{self.registry}/{self.namespace}/{self.name}:{self.tag}"

    @property
    def hub_id(self) -> str | None:
        """The Hub repository a ``hf.co/<org>/<repo>`` model was pulled from."""
        return f"{self.namespace}/{self.name}" if self.registry.lower() in HUB_REGISTRIES else None

    def manifest(self, store: Path) -> Path:
        return store / "manifests" / self.registry / self.namespace / self.name / self.tag


def parse_name(text: str) -> OllamaName:
    """``NAME[:TAG]`` as ``ollama`` reads it (``llama3.2``, ``user/model:7b``, ``hf.co/org/repo:Q4_K_M``);
    ``UsageError`` for anything else (every part is checked before it becomes a path)."""
    body = text[len(PREFIX):] if text.startswith(PREFIX) else text
    slash = body.rfind("/")
    colon = body.rfind(":")
    name, tag = (body[:colon], body[colon + 1:]) if colon > slash else (body, DEFAULT_TAG)
    parts = name.split("/")
    if len(parts) == 1:
        parts = [DEFAULT_REGISTRY, DEFAULT_NAMESPACE, *parts]
    elif len(parts) == 2:
        parts = [DEFAULT_REGISTRY, *parts]
    if len(parts) != 3 or not all(_PART.match(p) and ".." not in p for p in (*parts, tag)):
        raise UsageError(f"{text[:120]!r} is not an Ollama model name (expected ollama:NAME[:TAG])")
    return OllamaName(parts[0], parts[1], parts[2], tag)


def _store_of_manifest(path: Path) -> tuple[Path, OllamaName] | None:
    """The store and name of a manifest file given by path (``.../manifests/<reg>/<ns>/<name>/<tag>``
    beside ``.../blobs``), or ``None`` when the path is not laid out like one."""
    parts = path.parts
    if len(parts) < 6 or parts[-5] != "manifests":
        return None
    store = Path(*parts[:-5])
    try:
        if not (store / "blobs").is_dir() or not path.is_file():
            return None
    except OSError:
        return None
    registry, namespace, name, tag = parts[-4:]
    if not all(_PART.match(p) for p in (registry, namespace, name, tag)):
        return None
    return store, OllamaName(registry, namespace, name, tag)


def claim(text: str) -> ModelRef | None:
    """``ollama:NAME[:TAG]``, or the path of a manifest file in an Ollama store (what ``scan`` reports)."""
    if text.startswith(PREFIX):
        parse_name(text)  # a malformed name is a one-line usage error here, not a fetch failure later
        return ModelRef(KIND, text)
    if looks_like_path(text) and _store_of_manifest(Path(text).expanduser()) is not None:
        return ModelRef(KIND, text)
    return None


def _layers(manifest: Any) -> list[tuple[str, str, int]]:
    """(media type suffix, hex digest, size) of each layer; ``StoreError`` for a manifest of another shape."""
    if not isinstance(manifest, dict) or not isinstance(manifest.get("layers"), list):
        raise StoreError("the manifest has no list of layers")
    layers = manifest["layers"]
    if len(layers) > MAX_LAYERS:
        raise StoreError(f"the manifest lists {len(layers)} layers (more than {MAX_LAYERS})")
    out: list[tuple[str, str, int]] = []
    for layer in layers:
        media = layer.get("mediaType") if isinstance(layer, dict) else None
        digest = layer.get("digest") if isinstance(layer, dict) else None
        match = _DIGEST.match(digest) if isinstance(digest, str) else None
        if not isinstance(media, str) or match is None:
            raise StoreError("a manifest layer has no media type or no sha256 digest")
        size = layer.get("size")
        out.append((media[len(_MEDIA):] if media.startswith(_MEDIA) else media, match.group(1),
                    size if isinstance(size, int) else -1))
    return out


def _text_layer(store: Path, digest: str, limit: int, what: str) -> tuple[str, bool]:
    data, more = read_bounded(contained(store, store / "blobs" / f"sha256-{digest}", what), limit, what)
    return data.decode("utf-8", errors="replace"), more


class OllamaSource:
    """Reads ``ollama:`` references and manifest paths; never raises for a bad store entry."""

    kind = SourceKind.LOCAL_FILE

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        try:
            if repo_id.startswith(PREFIX):
                name = parse_name(repo_id)
                store, manifest = ollama_store(), name.manifest(ollama_store())
                if not os.path.lexists(manifest):  # a FIFO or a dangling link is read (and refused) below
                    return FetchOutcome.missing(repo_id, f"{repo_id}: no such model in the Ollama store {store} "
                                                         f"(no manifest {manifest})", self.kind)
            else:
                found = _store_of_manifest(Path(repo_id).expanduser())
                if found is None:
                    return FetchOutcome.missing(repo_id, f"{repo_id} is not a manifest of an Ollama store", self.kind)
                store, name = found
                manifest = name.manifest(store)
            return self._read(repo_id, store, name, manifest)
        except (StoreError, UsageError) as exc:
            return FetchOutcome.error(repo_id, f"{repo_id}: {exc}", self.kind)
        except OSError as exc:
            return FetchOutcome.error(repo_id, f"{repo_id}: {exc.strerror or exc}", self.kind)

    def _read(self, repo_id: str, store: Path, name: OllamaName, manifest: Path) -> FetchOutcome:
        try:
            root = store.resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"the Ollama store {store} cannot be read: {getattr(exc, 'strerror', None) or exc}") \
                from None
        raw, more = read_bounded(contained(root, manifest, "manifest"), MAX_MANIFEST_BYTES, "manifest")
        if more:
            raise StoreError(f"the manifest is larger than {MAX_MANIFEST_BYTES // 1000} KB; not an Ollama manifest")
        try:
            layers = _layers(json.loads(raw.decode("utf-8")))
        except (ValueError, RecursionError):
            raise StoreError("the manifest is not valid JSON") from None
        models = [digest for media, digest, _ in layers if media == "model"]
        if len(models) != 1:
            raise StoreError(f"the manifest has {len(models)} model layers (expected one GGUF)")
        unsupported = sorted({media for media, _, _ in layers if media in ("adapter", "projector")})
        if "adapter" in unsupported:
            # An adapter changes the weights under terms of its own that are not read here.
            raise StoreError("the model has an adapter layer, whose terms are not audited")
        from modelaudit.sources.gguf import gguf_metadata, header_card

        blob = contained(root, store / "blobs" / f"sha256-{models[0]}", "model layer")
        # The header only (bounded; the tensor data is never opened). Not ``read_gguf``: the blob's folder
        # holds every other model's blobs, not this model's README or licence.
        meta = gguf_metadata(blob)
        if isinstance(meta, str):
            raise StoreError(f"model layer {blob.name}: {meta}")
        card = header_card(meta)
        files: dict[str, str] = {}
        status: dict[str, FileStatus] = {}
        what = ", ".join(x for x in (meta.architecture, meta.quantization) if x)
        notes = [f"read from the GGUF header of {blob.name}" + (f": {what}" if what else "")]
        licences = [digest for media, digest, _ in layers if media == "license"]
        for index, digest in enumerate(licences):
            text, too_large = _text_layer(root, digest, MAX_LICENSE_BYTES, "licence layer")
            # A second licence layer (Llama's acceptable use policy) is a licence text too.
            filename = "LICENSE" if index == 0 else ("USE_POLICY" if "acceptable use" in text[:2000].lower()
                                                     else f"LICENSE-{index + 1}.txt")
            files[filename] = text
            status[filename] = FileStatus.TOO_LARGE if too_large else FileStatus.READ
        for media, filename in (("params", "params.json"), ("template", "template")):
            for digest in [d for m, d, _ in layers if m == media][:1]:
                files[filename], too_large = _text_layer(root, digest, MAX_SMALL_LAYER_BYTES, f"{media} layer")
                status[filename] = FileStatus.TOO_LARGE if too_large else FileStatus.READ
        # No README layer exists: established absence (a note), not unread evidence.
        status["README.md"] = FileStatus.MISSING
        if "projector" in unsupported:
            notes.append("has a vision projector layer (its header is not read)")
        notes.append(f"Ollama model {name.node_id[len(PREFIX):]} in the store {store}"
                     + (" (no licence layer)" if not licences else ""))
        hub_id = name.hub_id
        if hub_id is not None:
            bases = card.get("base_model")
            listed = [bases] if isinstance(bases, str) else list(bases) if isinstance(bases, list) else []
            if hub_id.lower() not in {str(b).lower() for b in listed}:
                card["base_model"] = [hub_id, *listed]
            card["base_model_relation"] = "quantized"
            notes.append(f"pulled from the Hub repository {hub_id} (the manifest's registry is {name.registry})")
        record = ModelRecord(
            repo_id=name.node_id, requested_id=repo_id, revision=None, card_data=MappingProxyType(card),
            tags=tuple(dict.fromkeys(("gguf", *meta.tags))), library_name="gguf",
            siblings=(blob.name, *sorted(files)), files=MappingProxyType(files), file_status=MappingProxyType(status),
            source=self.kind, fetched_at=now(), notes=tuple(notes),
        )
        return FetchOutcome.ok(record)


#: The reader's source class, as ``sources/registry.py`` expects it.
Source = OllamaSource

__all__ = ["KIND", "PREFIX", "OllamaName", "OllamaSource", "Source", "claim", "parse_name"]
