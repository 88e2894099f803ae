"""A dump on the Hub (``hf://datasets/…@REV``): its Parquet files, pinned to one commit, through huggingface_hub.

``HfFileSystem`` is how DuckDB reads Hub Parquet, and huggingface_hub is the one way modelaudit talks to the Hub.
A branch (``@main``, or no ``@`` at all) is resolved to its commit first and every file is named at that commit:
the dump is rewritten daily, and a build that listed ``main`` before one rewrite and read a shard after it would
mix two dumps. Before the engine reads anything, the first shard's footer is read (one 8-byte range request), so
a gated or private dump, or files that are not Parquet, are one clear line rather than an engine's error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from modelaudit.errors import UsageError

#: What a Parquet file ends with (its footer's magic).
PARQUET_MAGIC = b"PAR1"


@dataclass(frozen=True)
class HubDump:
    paths: tuple[str, ...]  # hf:// paths, each at ``commit``
    commit: str
    pinned: bool  # the user named the revision (``@REV``)


def resolve_hub_dump(source: str) -> HubDump:
    """The Parquet files under ``source`` at the commit its revision names; ``UsageError`` (one line) otherwise."""
    from huggingface_hub import HfApi, HfFileSystem, constants

    fs = HfFileSystem()
    try:
        # Any: the resolved path's class differs across huggingface_hub releases (2.x adds buckets).
        resolved: Any = fs.resolve_path(source)
        repo_id, repo_type = getattr(resolved, "repo_id", None), getattr(resolved, "repo_type", None)
        if not repo_id or not repo_type:  # a bucket: no commits to pin
            raise UsageError(f"--from-parquet: {source} is not a dataset repo (name hf://datasets/ORG/NAME@REV)")
        commit = HfApi().repo_info(repo_id, repo_type=repo_type, revision=resolved.revision).sha
        if not commit:
            raise UsageError(f"--from-parquet: the Hub names no commit for {source}")
        root = f"hf://{constants.REPO_TYPES_URL_PREFIXES.get(repo_type, '')}{repo_id}@{commit}"
        if resolved.path_in_repo:
            root += "/" + resolved.path_in_repo.strip("/")
        files = [root] if root.endswith(".parquet") else sorted(fs.glob(root + "/**/*.parquet"))
        paths = tuple(f if f.startswith("hf://") else "hf://" + f for f in files)
        if paths:
            _check_footer(fs, paths[0])
    except UsageError:
        raise
    except Exception as exc:  # the client's errors (not found, gated, offline, refused): one line
        raise UsageError(f"--from-parquet: cannot read {source}: {hub_error(exc)}") from None
    if not paths:
        raise UsageError(f"--from-parquet: no Parquet file in {source} (at commit {commit})")
    return HubDump(paths, commit, "@" in source.split("://", 1)[-1])


def _check_footer(fs: Any, path: str) -> None:
    size = int(fs.info(path)["size"])
    tail = fs.cat_file(path, start=max(0, size - len(PARQUET_MAGIC))) if size >= 2 * len(PARQUET_MAGIC) else b""
    if tail != PARQUET_MAGIC:
        raise UsageError(f"--from-parquet: {path} is not a Parquet file")


#: The last line of a Python traceback that an engine quotes in its own error (DuckDB does, for a file system's).
_RAISED = re.compile(r"^\s*([A-Za-z_][\w.]*(?:Error|Exception)): (.*)$")
GATED = "the dataset is gated: accept its conditions on the Hub and set HF_TOKEN to a token of that account"
REVISION = "revision not found"
REPOSITORY = "dataset not found (or private: set HF_TOKEN to a token that can read it)"
_QUOTED = {"GatedRepoError": GATED, "RevisionNotFoundError": REVISION, "RepositoryNotFoundError": REPOSITORY}


def hub_read_error(exc: BaseException) -> str | None:
    """One line for an error the Hub client raised while an engine read the dump (the engine wraps it in its own
    error, with the client's traceback as text); ``None`` for anything else (a bug stays an internal error)."""
    text = str(exc)
    if "huggingface_hub" not in text and "hf_file_system" not in text:
        return None
    raised = [m for m in (_RAISED.match(line) for line in text.splitlines()) if m]
    if not raised:
        return None
    name, message = raised[-1].group(1).rsplit(".", 1)[-1], raised[-1].group(2).strip()
    return _QUOTED.get(name) or _clip(f"{name}: {message}")


def _clip(text: str) -> str:
    return text if len(text) <= 300 else text[:299] + "…"


def hub_error(exc: BaseException) -> str:
    """What went wrong, in one line: huggingface_hub's errors by kind, anything else by its first line."""
    from huggingface_hub.errors import GatedRepoError, RepositoryNotFoundError, RevisionNotFoundError

    cause: BaseException | None = exc
    while cause is not None:  # HfFileSystem raises FileNotFoundError from the client's error
        if isinstance(cause, GatedRepoError):
            return GATED
        if isinstance(cause, RevisionNotFoundError):
            return REVISION
        if isinstance(cause, RepositoryNotFoundError):
            return REPOSITORY
        cause = cause.__cause__ or cause.__context__
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return _clip(lines[0] if lines else type(exc).__name__)
