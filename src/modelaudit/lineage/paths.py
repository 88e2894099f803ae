"""Model references written by training scripts: ``base_model_name_or_path`` / ``_name_or_path`` values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from modelaudit.lineage.names import Catalogue, is_repo_id

# A checkpoint directory ("checkpoint-1200", "global_step500", "final"): never the model's name.
_CHECKPOINT_DIR = re.compile(
    r"^(?:(?:checkpoint|ckpt|step|epoch|global[-_]step|iter)[-_]?\d+|final|merged|best|last|latest)$", re.IGNORECASE
)


def path_reference(value: str, catalogue: Catalogue) -> tuple[str | None, str | None]:
    """Read a ``base_model_name_or_path`` / ``_name_or_path`` value: (Hub id, None) for a Hub id,
    (None, catalogue id) for a local path whose directory names a known model
    ("/ckpt/Llama-2-70b-hf"), (None, None) for any other local path ("/home/user/ckpt").

    "outputs/checkpoint-1200" looks like ``org/name`` but is a path on the trainer's disk: a first
    segment the catalogue lists among ``checkpoint_dirs``, or a checkpoint directory second, makes it local."""
    value = value.strip()
    parts = [p for p in value.replace("\\", "/").split("/") if p]
    local = (value.startswith((".", "/", "~")) or re.match(r"^[A-Za-z]:", value) is not None or len(parts) != 2
             or bool(catalogue.checkpoint_dirs.match(parts[0]) or _CHECKPOINT_DIR.match(parts[1])))
    if not local and is_repo_id(value):
        return value, None
    names = [p for p in parts if not _CHECKPOINT_DIR.match(p)]
    return None, (catalogue.match_name(names[-1]) if names else None)


def config_path_target(config: Mapping[str, Any], file: str, key: str, catalogue: Catalogue) -> tuple[str, str] | None:
    """The model a path-valued config key names (``adapter_config.json`` ``base_model_name_or_path``,
    ``config.json`` ``_name_or_path``): (Hub id or catalogue id, the detail quoting the key), or None. A local
    path counts only when a directory names a known model, and the detail then says it was read as one."""
    value = config.get(key)
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    detail = f"{file} {key}: {value}"
    hub_id, match = path_reference(value, catalogue)
    if hub_id:
        return hub_id, detail
    return (match, f"{detail} (local path; read as {match})") if match else None
