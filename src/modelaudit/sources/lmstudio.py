"""A GGUF file in an LM Studio models folder, read with the Hub repository its folder names.

LM Studio keeps a download of the Hub repository ``org/repo`` as ``<models>/org/repo/<file>.gguf``, where
``<models>`` is ``~/.lmstudio/models`` (older versions: ``~/.cache/lm-studio/models``). The file's header is
its card (``gguf.read_gguf``); the folder gives the repository as ``ModelRecord.origin``, which lineage reads
as an inferred parent: the repo's licence and lineage then bind the file, and because the edge is inferred
(anyone can copy a file into that folder) the verdict is at best a warning, and unknown when the repository
cannot be read.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from modelaudit.kinds import SourceKind
from modelaudit.refs import ModelRef, is_repo_id, looks_like_path
from modelaudit.sources.localstore import lmstudio_roots
from modelaudit.sources.records import FetchOutcome

KIND = "lmstudio"
#: ``<parent>/models`` folders LM Studio writes, by the parent's name (wherever the home directory is).
_ROOT_PARENTS = frozenset({".lmstudio", "lm-studio"})


def hub_hint(path: Path) -> str | None:
    """``org/repo`` when ``path`` is ``<LM Studio models>/org/repo/<file>.gguf``; ``None`` otherwise."""
    parts = path.parts
    if len(parts) < 5 or not parts[-1].lower().endswith(".gguf"):
        return None
    models = Path(*parts[:-3])
    in_root = (parts[-4] == "models" and parts[-5] in _ROOT_PARENTS) or models in lmstudio_roots()
    repo_id = f"{parts[-3]}/{parts[-2]}"
    return repo_id if in_root and is_repo_id(repo_id) else None


def claim(text: str) -> ModelRef | None:
    if not looks_like_path(text):
        return None
    path = Path(text).expanduser()
    try:
        is_file = path.is_file()
    except OSError:
        return None
    return ModelRef(KIND, text) if is_file and hub_hint(path) is not None else None


class LmStudioSource:
    kind = SourceKind.LOCAL_FILE

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        from modelaudit.sources.gguf import read_gguf

        path = Path(repo_id).expanduser()
        origin = hub_hint(path)
        outcome = read_gguf(path, display_id=repo_id)
        if outcome.record is None or origin is None:
            return outcome
        record = outcome.record
        note = f"LM Studio download of the Hub repository {origin} (by its folder)"
        return FetchOutcome.ok(replace(record, origin=origin, notes=(*record.notes, note)))


Source = LmStudioSource

__all__ = ["KIND", "LmStudioSource", "Source", "claim", "hub_hint"]
