"""What the readers of local model stores share: where the stores are, bounded reads, containment.

A store on disk (an Ollama store, an LM Studio models folder, a Hugging Face cache) is read as hostile
input like a Hub answer: every read is bounded, and a symlink that leads out of the store is refused
(the store's manifest must not make us read, and report as a model, ``/etc/shadow`` or a file on
another user's share).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


class StoreError(Exception):
    """A store entry cannot be read; ``str(exc)`` is the one-line reason (the artefact is then unknown)."""


def read_bounded(path: Path, limit: int, what: str) -> tuple[bytes, bool]:
    """At most ``limit`` bytes of ``path`` and whether there was more. Opened without following a FIFO's
    wait for a writer (a named pipe planted in a store must not hang the run) and never more than
    ``limit + 1`` bytes read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise StoreError(f"{what}: cannot read {path}: {exc.strerror or exc}") from None
    try:
        import stat

        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StoreError(f"{what}: {path} is not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise StoreError(f"{what}: cannot read {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return data[:limit], len(data) > limit


def contained(root: Path, path: Path, what: str) -> Path:
    """``path`` with its symlinks resolved, when that stays inside ``root`` (itself resolved);
    ``StoreError`` when it leads out of the store or does not exist."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise StoreError(f"{what}: {path} does not exist") from None
    except (OSError, RuntimeError) as exc:  # a symlink loop is a RuntimeError before Python 3.13
        raise StoreError(f"{what}: cannot resolve {path}: {getattr(exc, 'strerror', None) or exc}") from None
    if not real.is_relative_to(root):
        raise StoreError(f"{what}: {path} leads out of the store (to {real}); refused")
    return real


def _home() -> Path:
    return Path(os.environ.get("HOME") or Path.home())


def ollama_store() -> Path:
    """The Ollama store this machine uses: ``OLLAMA_MODELS``, else ``~/.ollama/models``."""
    configured = os.environ.get("OLLAMA_MODELS")
    return Path(configured).expanduser() if configured else _home() / ".ollama" / "models"


def lmstudio_roots() -> tuple[Path, ...]:
    """LM Studio's models folders: ``~/.lmstudio/models`` and the older ``~/.cache/lm-studio/models``."""
    home = _home()
    return home / ".lmstudio" / "models", home / ".cache" / "lm-studio" / "models"


def hf_hub_cache() -> Path:
    """The Hugging Face cache: ``HF_HUB_CACHE``, else ``HF_HOME/hub``, else ``~/.cache/huggingface/hub``
    (the rules of huggingface_hub's constants, read here so that listing locations imports nothing)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else _home() / ".cache") / "huggingface" / "hub"


@dataclass(frozen=True)
class Location:
    """A place where this machine keeps models."""

    label: str  # "Hugging Face cache", "Ollama store", "LM Studio models"
    path: Path


def installed_locations() -> tuple[Location, ...]:
    """The default model locations of this machine, whether or not they exist (the caller says which
    are missing)."""
    return (
        Location("Hugging Face cache", hf_hub_cache()),
        Location("Ollama store", ollama_store()),
        *(Location("LM Studio models", root) for root in lmstudio_roots()),
    )


__all__ = ["Location", "StoreError", "contained", "hf_hub_cache", "installed_locations", "lmstudio_roots",
           "ollama_store", "read_bounded"]
