"""Where each kind of model reference is read: the one registry of readers.

A reader claims the references it understands (a model directory; later a GGUF file, an Ollama
name, a Hugging Face cache) and builds the source that reads them; whatever no reader claims is a
Hub id and goes to the Hub chain (cache, Hub, snapshot). ``parse_reference`` (for arguments,
inventories, snapshot lists) and the routing of fetches (``RoutingSource``) both ask this
registry, so a reference means the same thing everywhere.

Adding a reader: write its module under ``sources/`` (a ``claim`` function and a source class)
and add one ``Reader(...)`` line to ``READERS`` below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from modelaudit.refs import ModelRef, is_dataset_node_id, parse_hub_reference, parse_local_reference
from modelaudit.sources import lmstudio, ollama
from modelaudit.sources.base import ModelSource
from modelaudit.sources.local import LocalSource
from modelaudit.sources.records import FetchOutcome


@dataclass(frozen=True)
class Reader:
    """A kind of reference and the source that reads it."""

    kind: str
    #: The reference this text names, if it is of this kind (``UsageError`` when it is of this kind
    #: but unusable, e.g. a path that does not exist); ``None`` when it is not of this kind.
    claim: Callable[[str], ModelRef | None]
    source: Callable[[], ModelSource]


#: In order: the first reader that claims a text reads it. Hub ids are the default.
READERS: tuple[Reader, ...] = (
    Reader("ollama", ollama.claim, ollama.Source),
    Reader("lmstudio", lmstudio.claim, lmstudio.Source),
    Reader("local", parse_local_reference, LocalSource),
)


def parse_reference(value: str) -> ModelRef:
    """What a user, an inventory line or a snapshot list names: a registered kind, else a Hub id."""
    from modelaudit.errors import UsageError

    if not isinstance(value, str):
        raise UsageError(f"a model reference must be text, got {type(value).__name__}")
    for reader in READERS:
        ref = reader.claim(value)
        if ref is not None:
            return ref
    return parse_hub_reference(value)


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
            return self._hub.fetch(repo_id, revision)
        source = self._sources.get(reader.kind)
        if source is None:
            source = self._sources[reader.kind] = reader.source()
        return source.fetch(repo_id, revision)


__all__ = ["READERS", "Reader", "RoutingSource", "parse_reference", "reader_for"]
