"""Where each kind of model reference is read: the one registry of readers.

A reader claims the references it understands (a model directory; later a GGUF file, an Ollama
name, a Hugging Face cache) and builds the source that reads them; whatever no reader claims is a
Hub id and goes to the Hub chain (cache, Hub, snapshot). ``parse_reference`` (for arguments,
inventories, snapshot lists) and the routing of fetches (``RoutingSource``) both ask this
registry, so a reference means the same thing everywhere.

Adding a reader: write its module under ``sources/`` (a ``claim`` function and a source class)
and add one ``Reader(...)`` line to ``READERS`` below. A source is built from the Hub chain (a
Hugging Face cache folder is a Hub model at a commit: it reads through it); a reader whose one
reference stands for several models (a cache root) says so with ``expand``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from modelaudit.refs import (
    ModelRef,
    is_dataset_node_id,
    local_folder_hint,
    looks_like_path,
    parse_forced_local_reference,
    parse_hub_reference,
    parse_local_reference,
)
from modelaudit.sources import lmstudio, ollama
from modelaudit.sources.base import ModelSource
from modelaudit.sources.gguf import GgufSource
from modelaudit.sources.hfcache import HF_CACHE, HfCacheSource, claim_hf_cache, expand_hf_cache
from modelaudit.sources.local import LocalSource
from modelaudit.sources.records import FetchOutcome, FetchStatus
from modelaudit.sources.safetensors import SafetensorsSource


@dataclass(frozen=True)
class Reader:
    """A kind of reference and the source that reads it."""

    kind: str
    #: The reference this text names, if it is of this kind (``UsageError`` when it is of this kind
    #: but unusable, e.g. a path that does not exist); ``None`` when it is not of this kind.
    claim: Callable[[str], ModelRef | None]
    #: The source, given the Hub chain (cache, Hub, snapshot) for readers that read through it.
    source: Callable[[ModelSource], ModelSource]
    #: The models one reference of this kind stands for (a cache root: each of its models); default: itself.
    expand: Callable[[ModelRef], tuple[ModelRef, ...]] | None = None


def claim_file(suffix: str, kind: str) -> Callable[[str], ModelRef | None]:
    """A claim for weights files named ``*<suffix>``: an existing path of that name (a directory of that name too:
    its reader says in one line that it is no such file), or one written as a path that does not exist (an
    error). A bare name of that kind that does not exist (``model.gguf``) is an error too: a Hub repository is
    not named like a weights file, and "not in the snapshot" would hide the typo in the file name."""

    def claim(value: str) -> ModelRef | None:
        text = value.strip()
        if not text.lower().endswith(suffix):
            return None
        try:
            exists = Path(text).expanduser().exists()
        except (OSError, ValueError):
            exists = False
        if exists:
            return ModelRef(kind, text)
        from modelaudit.errors import UsageError

        raise UsageError(f"{value!r}: no such file")

    return claim


#: In order: the first reader that claims a text reads it. Hub ids are the default.
READERS: tuple[Reader, ...] = (
    Reader("ollama", ollama.claim, lambda _hub: ollama.Source()),
    Reader("lmstudio", lmstudio.claim, lambda _hub: lmstudio.Source()),  # before "gguf": its files are GGUF files
    Reader("gguf", claim_file(".gguf", "gguf"), lambda _hub: GgufSource()),
    Reader("safetensors", claim_file(".safetensors", "safetensors"), lambda _hub: SafetensorsSource()),
    Reader(HF_CACHE, claim_hf_cache, HfCacheSource, expand_hf_cache),
    Reader("local", parse_local_reference, lambda _hub: LocalSource()),
)


def parse_reference(value: str, *, local: bool = False) -> ModelRef:
    """What a user, an inventory line or a snapshot list names: a registered kind, else a Hub id.
    ``local`` (``--local``): a local folder, whatever it looks like (``org/name`` is ``./org/name``)."""
    from modelaudit.errors import UsageError

    if not isinstance(value, str):
        raise UsageError(f"a model reference must be text, got {type(value).__name__}")
    if local:
        # Written as a path, a file (a GGUF, a safetensors file) is still read by its own reader.
        path = value.strip() if looks_like_path(value.strip()) or Path(value.strip()).is_absolute() else f"./{value.strip()}"
        if value.strip() and Path(path).expanduser().is_file():
            return parse_reference(path)
        return parse_forced_local_reference(value)
    for reader in READERS:
        ref = reader.claim(value)
        if ref is not None:
            return ref
    return parse_hub_reference(value)


def expand_references(refs: Iterable[ModelRef]) -> list[ModelRef]:
    """Each reference as the models it stands for (a Hugging Face cache root: one per model folder)."""
    out: list[ModelRef] = []
    readers = {r.kind: r for r in READERS}
    for ref in refs:
        reader = readers.get(ref.kind)
        out.extend(reader.expand(ref) if reader is not None and reader.expand is not None else (ref,))
    return out


def reader_for(value: str) -> Reader | None:
    """The reader that claims ``value`` (``None``: a Hub id). Never raises: a fetch of an unusable
    reference is that reader's to answer (missing), not an exception in the walk."""
    from modelaudit.errors import UsageError

    for reader in READERS:
        try:
            if reader.claim(value) is not None:
                return reader
        except UsageError:
            return reader
    return None


class RoutingSource:
    """Each fetch goes to the reader that claims the id (local directories, ...), else to the Hub chain;
    dataset node ids always go to the Hub chain."""

    def __init__(self, hub: ModelSource) -> None:
        self._hub = hub
        self._sources: dict[str, ModelSource] = {}

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        if is_dataset_node_id(repo_id):
            # A dataset node (``datasets/org/name``) is a Hub dataset, never a path: a directory of that
            # name in the working directory must not stand in for it.
            return self._hub.fetch(repo_id, revision)
        reader = reader_for(repo_id)
        if reader is None:
            return _with_local_hint(self._hub.fetch(repo_id, revision), repo_id)
        source = self._sources.get(reader.kind)
        if source is None:
            source = self._sources[reader.kind] = reader.source(self._hub)
        return source.fetch(repo_id, revision)


def _with_local_hint(outcome: FetchOutcome, repo_id: str) -> FetchOutcome:
    """A Hub id that could not be fetched, named like a folder in the working directory: say so (a folder
    never shadows a Hub id, so the user may have meant the folder). Added here, not cached with the answer:
    it depends on where the run is."""
    if outcome.status is FetchStatus.OK:
        return outcome
    hint = local_folder_hint(repo_id)
    return replace(outcome, message=f"{outcome.message}; {hint}") if hint else outcome


__all__ = ["READERS", "Reader", "RoutingSource", "claim_file", "expand_references", "parse_reference", "reader_for"]
