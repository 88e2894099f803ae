"""A Hugging Face cache on disk: ``models--org--name`` folders, each a Hub model pinned at what it holds.

The cache (``~/.cache/huggingface/hub``, ``HF_HUB_CACHE``) keeps each model as ``models--<org>--<name>`` with
``refs/main`` naming a commit and ``snapshots/<sha>/`` holding the files downloaded at that commit. Such a
folder is the Hub model ``org/name`` at that commit: it is read through the Hub chain (live, cached or the
bundled snapshot), and the files of the local snapshot are added where that record lacks them (a LICENSE the
card did not need, a README the Hub would not give). Offline with no record at that commit, the local
snapshot alone is the record. A cache root (a folder of ``models--*`` folders) is one subject per model.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from modelaudit.errors import UsageError
from modelaudit.kinds import SourceKind
from modelaudit.refs import InvalidRepoId, ModelRef, check_repo_id, looks_like_path
from modelaudit.sources.base import ModelSource
from modelaudit.sources.local import card_metadata, now, read_folder
from modelaudit.sources.records import FetchOutcome, FetchStatus, FileStatus, ModelRecord

__all__ = ["HF_CACHE", "HfCacheSource", "cache_models", "claim_hf_cache", "expand_hf_cache", "pinned_model"]

HF_CACHE = "hf-cache"
_FOLDER = re.compile(r"^models--(?P<org>[^/\\]+?)--(?P<name>[^/\\]+)$")
_SHA = re.compile(r"^[0-9a-f]{40}$")
_MAX_MODELS = 10_000  # folders of one cache root read as models


def _is_model_folder(path: Path) -> bool:
    return bool(_FOLDER.match(path.name)) and ((path / "snapshots").is_dir() or (path / "refs").is_dir())


def cache_models(root: Path) -> list[Path]:
    """The ``models--*`` folders of a cache root, sorted by name."""
    try:
        found = sorted(p for p in root.iterdir() if p.name.startswith("models--") and _is_model_folder(p))
    except OSError:
        return []
    return found[:_MAX_MODELS]


def claim_hf_cache(value: str) -> ModelRef | None:
    """A ``models--org--name`` folder, or a cache root holding some, when ``value`` names one."""
    if not looks_like_path(value) and not value.rstrip("/").split("/")[-1].startswith("models--"):
        return None
    path = Path(value).expanduser()
    try:
        if not path.is_dir():
            return None
        if _is_model_folder(path) or cache_models(path):
            return ModelRef(HF_CACHE, value)
    except OSError:
        return None
    return None


def expand_hf_cache(ref: ModelRef) -> tuple[ModelRef, ...]:
    """One reference per model of a cache root; a model folder stays itself."""
    path = Path(ref.id).expanduser()
    if _is_model_folder(path):
        return (ref,)
    models = cache_models(path)
    if not models:
        raise UsageError(f"{ref.id!r}: no models--org--name folders in this Hugging Face cache")
    return tuple(ModelRef(HF_CACHE, str(Path(ref.id) / p.name)) for p in models)


def pinned_model(folder: Path) -> tuple[str, str, Path] | str:
    """(Hub id, commit, snapshot folder) of a ``models--org--name`` folder, or a one-line reason."""
    match = _FOLDER.match(folder.name)
    if match is None:
        return f"{folder.name} is not a models--org--name folder"
    repo_id = f"{match.group('org')}/{match.group('name')}"
    try:
        repo_id = check_repo_id(repo_id)
    except InvalidRepoId as exc:
        return f"{folder.name}: {exc}"
    try:
        with (folder / "refs" / "main").open("rb") as stream:
            sha = stream.read(100).decode("ascii", errors="replace").strip()
    except OSError:
        sha = ""
    if not _SHA.match(sha):
        # No (readable) refs/main: the one snapshot folder there is, if only one.
        try:
            shas = [p.name for p in (folder / "snapshots").iterdir() if _SHA.match(p.name)]
        except OSError:
            shas = []
        if len(shas) != 1:
            return f"{folder.name}: refs/main names no commit and the snapshots do not say which one is current"
        sha = shas[0]
    snapshot = folder / "snapshots" / sha
    if not snapshot.is_dir():
        return f"{folder.name}: refs/main names {sha[:12]} but snapshots/{sha[:12]}... is not there"
    return repo_id, sha, snapshot


class HfCacheSource:
    """Reads a ``models--org--name`` folder through the Hub chain at its pinned commit, plus its local files."""

    kind = SourceKind.LOCAL

    def __init__(self, hub: ModelSource) -> None:
        self._hub = hub

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        folder = Path(repo_id).expanduser()
        if not folder.is_dir():
            return FetchOutcome.missing(repo_id, f"{repo_id} is not a directory", self.kind)
        pinned = pinned_model(folder)
        if isinstance(pinned, str):
            return FetchOutcome.missing(repo_id, pinned, self.kind)
        hub_id, sha, snapshot = pinned
        local = read_folder(snapshot)
        outcome = self._hub.fetch(hub_id, sha)
        where = f"the Hugging Face cache folder {folder.name} (commit {sha[:12]})"
        if outcome.status is FetchStatus.OK and outcome.record is not None:
            record = outcome.record
            files, statuses = dict(record.files), dict(record.file_status)
            added = [n for n in local.files if statuses.get(n) is not FileStatus.READ
                     and local.statuses.get(n) is FileStatus.READ]
            for name in added:
                files[name], statuses[name] = local.files[name], FileStatus.READ
            note = f"{hub_id} at {sha[:12]}, as held in {where}"
            if added:
                note += f"; {', '.join(added)} read from the local copy"
            siblings = tuple(dict.fromkeys((*record.siblings, *local.names)))
            return FetchOutcome.ok(replace(record, requested_id=repo_id, files=files, file_status=statuses,
                                           siblings=siblings, notes=(*record.notes, note)))
        if not local.files:
            return replace(outcome, requested_id=repo_id)
        # The Hub chain has no record at this commit (offline, a private repo): the local copy is the record.
        card, config = local.card, local.config
        statuses = dict(local.statuses)
        if "README.md" not in local.files:
            # A cache holds what was downloaded: a README never fetched is unread, not absent.
            statuses["README.md"] = FileStatus.ERROR
        record = ModelRecord(
            repo_id=hub_id, requested_id=repo_id, revision=sha, card_data=card,
            **card_metadata(card),
            config=config, siblings=local.names, files=local.files, file_status=statuses,
            source=self.kind, fetched_at=now(),
            notes=(f"{hub_id} read from {where} only: {outcome.message or outcome.status.value}",),
        )
        return FetchOutcome.ok(record)
