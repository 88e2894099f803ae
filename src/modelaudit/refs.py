"""Typed model references: what a user, an inventory, a snapshot list or a scan hit names.

Every way into the tool names models as text — ``org/name@rev`` on the command line, a line of an
inventory, an entry of ``scripts/snapshot-models.txt``, a ``from_pretrained("…")`` found by
``scan``. That text is parsed here, once, into a ``ModelRef`` that says what kind of thing it is
(a Hub repository, a model directory on disk, …) and carries its revision. Sources are chosen by
``ModelRef.kind``; nothing downstream re-guesses from the spelling.

Hub-id syntax is judged by ``huggingface_hub.utils.validate_repo_id`` (what the Hub client
accepts, this accepts: single-character names, ``_`` first); the checks here only choose a
one-line message for the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from modelaudit.errors import UsageError


class InvalidRepoId(ValueError):
    """The text cannot be a Hub repository id; the message says why in one line."""


#: Longer input is refused before any other check: no part of an id may exceed 96 characters.
_MAX_ID_LENGTH = 200
_MAX_REVISION_LENGTH = 100
#: A path, not a Hub id: how a user writes one on purpose.
_PATH_PREFIXES = ("./", "../", "/", "~", ".\\")
#: A directory holding one of these is a model directory.
_MODEL_DIR_FILES = ("README.md", "config.json", "adapter_config.json")


# A strict subset of huggingface_hub's REPO_ID_REGEX (word characters at both ends of each part, at
# most 96 characters): ids it matches are valid for the library too.
_ID_PART = r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?"
_CERTAINLY_VALID = re.compile(rf"^(?:{_ID_PART}/)?{_ID_PART}$")


def _shown(value: str) -> str:
    return repr(value if len(value) <= 80 else value[:77] + "...")


def check_repo_id(value: str) -> str:
    """Validate a user-supplied model id (``org/name``); return it stripped or raise ``InvalidRepoId``."""
    value = value.strip()
    if not value:
        raise InvalidRepoId("empty model id")
    if len(value) > _MAX_ID_LENGTH:
        raise InvalidRepoId(f"model id is too long ({len(value)} characters; the Hub allows 96 per part)")
    if _CERTAINLY_VALID.match(value) and ".." not in value and "--" not in value and not value.endswith(".git"):
        # Inside what validate_repo_id accepts, so the answer is the library's without importing it
        # (huggingface_hub pulls in its HTTP stack: ~75 ms on a warm, offline run).
        return value
    from huggingface_hub.errors import HFValidationError
    from huggingface_hub.utils import validate_repo_id  # type: ignore[attr-defined]

    try:
        validate_repo_id(value)
    except HFValidationError:
        pass
    else:
        return value
    if value.count("/") > 1:
        raise InvalidRepoId(f"{_shown(value)} has too many '/' (expected owner/name)")
    if any(len(part) > 96 for part in value.split("/")):
        raise InvalidRepoId(f"{_shown(value)} is not a valid Hub model id (at most 96 characters per part)")
    if ".." in value or "--" in value or value.startswith(("/", ".")) or value.endswith(".git"):
        raise InvalidRepoId(f"{_shown(value)} is not a valid Hub model id")
    raise InvalidRepoId(f"{_shown(value)} is not a valid Hub model id (letters, digits, '-', '_', '.' only)")


def is_repo_id(value: str) -> bool:
    """A valid ``owner/name`` Hub id (single-segment legacy ids do not count here)."""
    try:
        check_repo_id(value)
    except InvalidRepoId:
        return False
    return "/" in value


def split_reference(value: str) -> tuple[str, str | None]:
    """``org/name@revision`` -> (``org/name``, ``revision``)."""
    value = value.strip()
    if "@" in value:
        repo, _, revision = value.rpartition("@")
        return repo, (revision or None)
    return value, None


#: Lineage node ids of datasets and closed services: a dataset and a model may share an id on the
#: Hub, so datasets are ``datasets/<org>/<name>`` (as in Hub URLs and ``hf://`` URIs), services
#: ``service:<provider>/<model>``.
DATASET_PREFIX = "datasets/"
SERVICE_PREFIX = "service:"


def dataset_node_id(repo_id: str) -> str:
    return repo_id if repo_id.startswith(DATASET_PREFIX) else DATASET_PREFIX + repo_id


def is_dataset_node_id(node_id: str) -> bool:
    return node_id.startswith(DATASET_PREFIX)


def dataset_repo_id(node_id: str) -> str:
    """The Hub dataset id of a dataset node id (``datasets/org/name`` -> ``org/name``)."""
    return node_id[len(DATASET_PREFIX):] if node_id.startswith(DATASET_PREFIX) else node_id


def service_node_id(provider: str, model: str) -> str:
    return f"{SERVICE_PREFIX}{provider}/{model}"


def org_of(repo_id: str) -> str | None:
    return repo_id.split("/", 1)[0] if "/" in repo_id else None


def name_of(repo_id: str) -> str:
    return repo_id.rsplit("/", 1)[-1]


def looks_like_path(value: str) -> bool:
    """Written as a path on purpose (``./x``, ``/x``, ``~/x``, ``.``)."""
    return value.startswith(_PATH_PREFIXES) or value in {".", ".."}


def is_local_reference(value: str) -> bool:
    """A path, not a Hub id: written like a path (``./x``, ``/x``, ``~/x``), or an existing model
    directory whose name cannot be a Hub id ("my model"). A directory named like a Hub id in the
    working directory never shadows the Hub model silently: write ``./org/name`` to mean it."""
    if not value.strip():
        return False  # Path("") is the current directory; an empty id is an error, not "."
    if looks_like_path(value):
        return True
    path = Path(value)
    try:
        if not (path.is_dir() and any((path / n).is_file() for n in _MODEL_DIR_FILES)):
            return False
    except (OSError, ValueError):
        # A name too long for the file system, or with a NUL byte, is no directory of ours: it is
        # left to the Hub-id check, which rejects it in one line.
        return False
    try:
        check_repo_id(split_reference(value)[0])
    except InvalidRepoId:
        return True
    return False


class RefKind(str, Enum):
    """Kinds of reference the core knows; sources may register more (``sources/registry.py``)."""

    HUB = "hub"  # a Hub model repository, optionally pinned to a revision
    LOCAL = "local"  # a model directory on disk


@dataclass(frozen=True)
class ModelRef:
    """One model to audit, as parsed from what the user wrote. ``kind`` names the source that reads
    it (``hub``, ``local``, or a kind a source registered)."""

    kind: str
    id: str  # Hub id, or the path / name as written
    revision: str | None = None

    def __str__(self) -> str:
        return f"{self.id}@{self.revision}" if self.revision else self.id

    @property
    def text(self) -> str:
        return str(self)


_REVISION_OK = re.compile(rf"^\S{{1,{_MAX_REVISION_LENGTH}}}$")


def parse_hub_reference(value: str) -> ModelRef:
    """A Hub id ``org/name[@revision]``; ``UsageError`` (one line) otherwise."""
    repo, revision = split_reference(value)
    if "@" in value and not revision:
        raise UsageError(f"{value!r}: empty revision after '@'")
    if revision is not None and not _REVISION_OK.match(revision):
        raise UsageError(f"{value!r}: invalid revision")
    try:
        repo = check_repo_id(repo)
    except InvalidRepoId as exc:
        raise UsageError(str(exc)) from None
    return ModelRef(RefKind.HUB, repo, revision)


def parse_local_reference(value: str) -> ModelRef | None:
    """A model directory, when ``value`` is one (see ``is_local_reference``); ``None`` when it is not
    written as a path; ``UsageError`` when it is written as a path that is no directory."""
    try:
        local = is_local_reference(value)
        if local and not Path(value).expanduser().is_dir():
            raise UsageError(f"{value!r} is not a directory")
    except OSError as exc:
        # Path.is_dir raises for a name the filesystem cannot hold (a 300-character owner: too
        # long for one path component). A path is then not usable; a Hub id is checked instead.
        if looks_like_path(value):
            raise UsageError(f"{value!r}: {exc.strerror or exc}") from None
        return None
    return ModelRef(RefKind.LOCAL, value) if local else None


def parse_forced_local_reference(value: str) -> ModelRef:
    """``value`` read as a model directory whatever it looks like (``--local``): ``org/name`` is the folder
    ``./org/name``, never the Hub model. ``UsageError`` when it is no directory."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise UsageError("--local: empty path")
    path = text if looks_like_path(text) or Path(text).is_absolute() else f"./{text}"
    try:
        is_dir = Path(path).expanduser().is_dir()
    except (OSError, ValueError) as exc:
        raise UsageError(f"{value!r}: {getattr(exc, 'strerror', None) or exc}") from None
    if not is_dir:
        raise UsageError(f"{value!r} is not a directory (--local reads every model argument as a local folder)")
    # Written as a path, so every later reading (the routing of fetches, the report) sees a local folder.
    return ModelRef(RefKind.LOCAL, path)


def local_folder_hint(repo_id: str) -> str | None:
    """For a Hub id that could not be fetched: the hint that a folder of that name exists in the working
    directory (since a folder never shadows a Hub id, the user may have meant it)."""
    try:
        exists = not looks_like_path(repo_id) and Path(repo_id).is_dir()
    except (OSError, ValueError):
        return None
    return f"a local folder {repo_id!r} exists; use ./{repo_id} or --local" if exists else None


def parse_reference(value: str) -> ModelRef:
    """The core's reading of a reference: a local model directory, else a Hub id. The full reading,
    with the kinds sources register, is ``modelaudit.sources.registry.parse_reference``."""
    if not isinstance(value, str):
        raise UsageError(f"a model reference must be text, got {type(value).__name__}")
    return parse_local_reference(value) or parse_hub_reference(value)


def as_ref(value: str | ModelRef) -> ModelRef:
    return value if isinstance(value, ModelRef) else parse_reference(value)
