"""What :class:`fakehub.FakeHub` serves: model and dataset repos, renames, and the recorded fixtures.

Plain data (standard library only, like ``fakehub``) so benchmarks can build thousands of repos in memory.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "EXPANDABLE_DATASET_PROPERTIES",
    "EXPANDABLE_MODEL_PROPERTIES",
    "FIXTURES_DIR",
    "FakeRepo",
    "HubData",
    "default_fixtures",
    "fixture_repo_dirs",
    "load_fixture_dir",
    "make_dataset",
    "make_repo",
]

#: Fixture directory shipped with the tests (a byte-for-byte copy of recorded Hub answers).
FIXTURES_DIR = Path(__file__).parent / "fixtures" / "hub"

#: The values the real Hub accepts for ``?expand=`` on ``/api/models/...`` (mirrors huggingface_hub's
#: ``ExpandModelProperty_T``).  The real Hub answers 400 on anything else, so a typo in our code shows up as a
#: ``BadRequestError`` in tests instead of silently returning less data.
EXPANDABLE_MODEL_PROPERTIES: frozenset[str] = frozenset(
    {
        "author",
        "baseModels",
        "cardData",
        "childrenModelCount",
        "config",
        "createdAt",
        "disabled",
        "downloads",
        "downloadsAllTime",
        "evalResults",
        "gated",
        "gguf",
        "inference",
        "inferenceProviderMapping",
        "lastModified",
        "library_name",
        "likes",
        "mask_token",
        "model-index",
        "pipeline_tag",
        "private",
        "resourceGroup",
        "safetensors",
        "sha",
        "siblings",
        "spaces",
        "tags",
        "transformersInfo",
        "trendingScore",
        "usedStorage",
        "widgetData",
    }
)

#: The values the real Hub accepts for ``?expand=`` on ``/api/datasets/...`` (mirrors huggingface_hub's
#: ``ExpandDatasetProperty_T``): no ``config``, ``library_name`` or ``pipeline_tag``, which only models have.
EXPANDABLE_DATASET_PROPERTIES: frozenset[str] = frozenset(
    {
        "author",
        "cardData",
        "citation",
        "createdAt",
        "description",
        "disabled",
        "downloads",
        "downloadsAllTime",
        "gated",
        "lastModified",
        "likes",
        "mainSize",
        "paperswithcode_id",
        "private",
        "resourceGroup",
        "sha",
        "siblings",
        "tags",
        "trendingScore",
        "usedStorage",
    }
)


@dataclass
class FakeRepo:
    """One repo: the ``/api/models`` (or ``/api/datasets``) metadata plus the files served under ``/resolve/``.

    ``info`` is kept as the raw JSON dict (not a typed model) because the point of the fake is to hand the
    client the same shape the Hub sends, including keys our code does not know about yet.
    """

    info: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def sha(self) -> str:
        """The commit sha the repo is at.

        Falls back to a sha derived from the id so that hand-built repos without ``"sha"`` still produce a
        stable ``X-Repo-Commit`` (``hf_hub_download`` refuses to work without one).
        """
        sha = self.info.get("sha")
        if isinstance(sha, str) and sha:
            return sha
        return hashlib.sha1(f"fakehub:{self.info.get('id', '')}".encode()).hexdigest()

    @property
    def is_gated(self) -> bool:
        """Whether file downloads need a token.

        The Hub sends ``false``, ``"auto"`` or ``"manual"``; hand-built data may also use ``True``.
        """
        gated = self.info.get("gated", False)
        return gated not in (False, None, "", "false", "False")


@dataclass
class HubData:
    """Everything the fake Hub serves.  Plain data so benchmarks can build thousands of repos in memory."""

    repos: dict[str, FakeRepo] = field(default_factory=dict)
    renames: dict[str, str] = field(default_factory=dict)
    #: Dataset repos (``/api/datasets/...``, ``/datasets/.../resolve/...``), keyed by their Hub id ``org/name``:
    #: a dataset and a model may have the same id.
    datasets: dict[str, FakeRepo] = field(default_factory=dict)
    dataset_renames: dict[str, str] = field(default_factory=dict)

    def add(self, repo: FakeRepo) -> FakeRepo:
        """Register ``repo`` under the id found in its ``info`` and return it (handy for one-liners)."""
        self.repos[str(repo.info["id"])] = repo
        return repo

    def add_dataset(self, repo: FakeRepo) -> FakeRepo:
        """Register a dataset repo under the id found in its ``info`` and return it."""
        self.datasets[str(repo.info["id"])] = repo
        return repo


def make_repo(
    repo_id: str,
    *,
    sha: str | None = None,
    license: str | None = None,
    gated: bool | str = False,
    tags: Iterable[str] = (),
    files: dict[str, bytes] | None = None,
    **extra_info: Any,
) -> FakeRepo:
    """Build a plausible :class:`FakeRepo` without touching disk.

    Exists so that benchmarks and ad-hoc tests get the same required keys (``id``, ``sha``, ``cardData``,
    ``tags``, ``gated``) the recorded fixtures have, instead of each caller inventing a different shape.
    ``extra_info`` is merged last and may override anything.
    """
    card: dict[str, Any] = {}
    all_tags = list(tags)
    if license is not None:
        card["license"] = license
        if f"license:{license}" not in all_tags:
            all_tags.append(f"license:{license}")
    info: dict[str, Any] = {
        "id": repo_id,
        "author": repo_id.split("/")[0] if "/" in repo_id else None,
        "sha": sha or hashlib.sha1(f"fakehub:{repo_id}".encode()).hexdigest(),
        "cardData": card,
        "tags": all_tags,
        "gated": gated,
        "createdAt": "2025-01-20T00:00:00.000Z",
        "lastModified": "2025-02-01T00:00:00.000Z",
    }
    info.update(extra_info)
    if files is None:
        front_matter = f"---\nlicense: {license}\n---\n" if license is not None else ""
        files = {"README.md": f"{front_matter}# {repo_id}\n".encode()}
    return FakeRepo(info=info, files=dict(files))


def make_dataset(
    repo_id: str,
    *,
    license: str | list[str] | None = None,
    card: dict[str, Any] | None = None,
    gated: bool | str = False,
    readme_body: str = "",
    files: dict[str, bytes] | None = None,
    **extra_info: Any,
) -> FakeRepo:
    """Build a plausible dataset :class:`FakeRepo` whose README front matter and ``cardData`` agree (as on
    the Hub). ``card`` adds card keys (``source_datasets``, ``license_name``...)."""
    card_data: dict[str, Any] = dict(card or {})
    tags: list[str] = []
    if license is not None:
        card_data["license"] = license
        tags += [f"license:{v}" for v in ([license] if isinstance(license, str) else license)]
    if files is None:
        front = "".join(f"{k}: {json.dumps(v)}\n" for k, v in card_data.items())
        files = {"README.md": (f"---\n{front}---\n" if front else "").encode() + f"# {repo_id}\n{readme_body}".encode()}
    info: dict[str, Any] = {
        "id": repo_id,
        "author": repo_id.split("/")[0] if "/" in repo_id else None,
        "sha": hashlib.sha1(f"fakehub-dataset:{repo_id}".encode()).hexdigest(),
        "cardData": card_data,
        "tags": tags,
        "gated": gated,
        "createdAt": "2025-01-20T00:00:00.000Z",
        "lastModified": "2025-02-01T00:00:00.000Z",
    }
    info.update(extra_info)
    return FakeRepo(info=info, files=dict(files))


def _load_repos(path: Path, skip: Iterable[str] = ()) -> tuple[list[FakeRepo], dict[str, str]]:
    """The repo sub-directories of ``path`` (``<org>__<name>/info.json`` + files) and its ``_renames.json``."""
    renames: dict[str, str] = {}
    renames_file = path / "_renames.json"
    if renames_file.is_file():
        raw = json.loads(renames_file.read_text(encoding="utf-8"))
        renames = {str(old): str(new) for old, new in raw.items()}
    skipped = set(skip)
    repos: list[FakeRepo] = []
    for repo_dir in sorted(p for p in path.iterdir()
                           if p.is_dir() and not p.name.startswith((".", "_")) and p.name not in skipped):
        info_file = repo_dir / "info.json"
        if not info_file.is_file():
            raise ValueError(f"fixture repo directory {repo_dir} has no info.json")
        info = json.loads(info_file.read_text(encoding="utf-8"))
        if not isinstance(info, dict):
            raise ValueError(f"{info_file} must contain a JSON object")
        info.setdefault("id", repo_dir.name.replace("__", "/", 1))
        files = {
            f.relative_to(repo_dir).as_posix(): f.read_bytes()
            for f in sorted(repo_dir.rglob("*"))
            if f.is_file() and f != info_file
        }
        repos.append(FakeRepo(info=info, files=files))
    return repos, renames


#: The sub-directory of a fixture directory that holds dataset repos (same layout as the models).
DATASETS_SUBDIR = "datasets"


def load_fixture_dir(path: Path) -> HubData:
    """Load the ``tests/fixtures/hub`` layout.

    Each sub-directory ``<org>__<name>`` holds ``info.json`` plus the repo files (any depth; nested paths
    become ``a/b.json`` filenames).  ``_renames.json`` maps old ids to new ids.  ``datasets/`` holds dataset
    repos in the same layout (with its own ``_renames.json``).  The id inside ``info.json`` wins over the
    directory name because directory names cannot represent every id faithfully.  Everything is read into
    memory up front so that request handling never touches the file system.
    """
    path = Path(path)
    data = HubData()
    models, data.renames = _load_repos(path, skip=(DATASETS_SUBDIR,))
    for repo in models:
        data.add(repo)
    if (path / DATASETS_SUBDIR).is_dir():
        datasets, data.dataset_renames = _load_repos(path / DATASETS_SUBDIR)
        for repo in datasets:
            data.add_dataset(repo)
    return data


def fixture_repo_dirs(kind: str = "model", root: Path = FIXTURES_DIR) -> list[Path]:
    """The repo directories of a fixture directory: ``model`` repos at the top, ``dataset`` repos under
    ``datasets/``."""
    base = root / DATASETS_SUBDIR if kind == "dataset" else root
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir()
                  if p.is_dir() and not p.name.startswith((".", "_")) and (kind == "dataset" or p.name != DATASETS_SUBDIR))


def default_fixtures() -> HubData:
    """A fresh copy of the recorded fixtures, models and datasets (fresh so tests may mutate it freely)."""
    return load_fixture_dir(FIXTURES_DIR)
