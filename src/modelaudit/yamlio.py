"""Reading the user's YAML files (profiles, policies, waivers, inventories) with one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from modelaudit.errors import UsageError


def load_yaml(path: Path, what: str) -> Any:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{what} file {path} does not exist") from None
    except IsADirectoryError:
        raise UsageError(f"{what} file {path} is a directory") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {what} file {path}: {exc}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise UsageError(f"{path}{where}: {problem}") from None


def load_yaml_mapping(path: Path, what: str) -> dict[str, Any]:
    data = load_yaml(path, what)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"{path}: a {what} file must be a YAML mapping, got {type(data).__name__}")
    return data
