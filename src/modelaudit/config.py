"""Configuration discovery: ``.modelaudit.yaml`` or ``[tool.modelaudit]`` in ``pyproject.toml``.

Like pip-audit, ruff or reuse, a repository states its settings once instead of repeating flags in
every CI job and hook. The nearest configuration wins: in the working directory, then each parent,
a ``.modelaudit.yaml`` (or ``.modelaudit.yml``) is taken before a ``pyproject.toml`` that has a
``[tool.modelaudit]`` table (a ``pyproject.toml`` without one is passed over). ``MODELAUDIT_CONFIG``
names the file instead (``none`` disables discovery).

The keys are the command-line options without their dashes (``fail-on`` or ``fail_on``). Values are
checked here, once, with one-line errors; file paths are relative to the configuration file, so a
setting means the same thing from any subdirectory. Command-line flags and their environment twins
override the file (the CLI passes these values as defaults, below both).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelaudit.errors import UsageError

CONFIG_NAMES = (".modelaudit.yaml", ".modelaudit.yml")
PYPROJECT = "pyproject.toml"
ENV_VAR = "MODELAUDIT_CONFIG"
#: Values of MODELAUDIT_CONFIG that turn discovery off.
DISABLED = frozenset({"none", "off", "0", "false"})
MAX_CONFIG_BYTES = 1024 * 1024


def _path(value: object, base: Path, key: str) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a file path")
    path = Path(os.path.expanduser(value))
    return path if path.is_absolute() else base / path


def _text(value: object, base: Path, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a non-empty string")
    return value


def _choice(*choices: str) -> Callable[[object, Path, str], str]:
    def check(value: object, base: Path, key: str) -> str:
        if value not in choices:
            raise ValueError("one of " + ", ".join(choices))
        return str(value)

    return check


def _flag(value: object, base: Path, key: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def _number(kind: type[int] | type[float], low: float) -> Callable[[object, Path, str], Any]:
    def check(value: object, base: Path, key: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
            raise ValueError("an integer" if kind is int else "a number")
        if value < low:
            raise ValueError(f"at least {low:g}")
        return kind(value)

    return check


def _patterns(value: object, base: Path, key: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
        raise ValueError("a gitignore-style pattern or a list of them")
    return tuple(items)


#: Every key a configuration may hold (the option's name without dashes) and how its value is read.
KEYS: dict[str, Callable[[object, Path, str], Any]] = {
    "profile": _path,
    "policy": _path,
    "waivers": _path,
    "fail-on": _choice("block", "warn"),
    "format": _text,  # checked against the format registry by the CLI, which knows it
    "exclude": _patterns,
    "no-gitignore": _flag,
    "offline": _flag,
    "refresh": _flag,
    "no-data": _flag,
    "quiet": _flag,
    "cache-dir": _path,
    "cache-ttl": _number(float, 0),
    "endpoint": _text,
    "timeout": _number(float, 0.1),
    "max-nodes": _number(int, 1),
    "max-depth": _number(int, 1),
    "workers": _number(int, 1),
}


@dataclass(frozen=True)
class Config:
    """A configuration file that was found, and its checked values by key (``fail-on`` spelling)."""

    path: Path
    values: Mapping[str, Any] = field(default_factory=dict)
    raw: Mapping[str, Any] = field(default_factory=dict)  # as written, for ``modelaudit config``

    @property
    def base(self) -> Path:
        return self.path.parent


def _candidates(start: Path) -> Iterator[Path]:
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            yield directory / name
        yield directory / PYPROJECT


def _pyproject_table(path: Path) -> dict[str, Any] | None:
    from modelaudit.yamlio import read_user_text

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: the same parser, as a package (a conditional dependency)
        import tomli as tomllib
    text = read_user_text(path, "pyproject file", MAX_CONFIG_BYTES)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: {' '.join(str(exc).split())}") from None
    table = data.get("tool", {}).get("modelaudit") if isinstance(data.get("tool"), dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.modelaudit] must be a table")
    return table


def _yaml_mapping(path: Path) -> dict[str, Any]:
    from modelaudit.yamlio import parse_yaml, read_user_text

    data = parse_yaml(read_user_text(path, "configuration file", MAX_CONFIG_BYTES), str(path))[0]
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"{path}: a configuration file must be a YAML mapping, got {type(data).__name__}")
    return data


def read_config(path: Path) -> Config:
    """The configuration in ``path`` (a ``.modelaudit.yaml`` or a ``pyproject.toml``), checked."""
    path = path.absolute()
    if path.name == PYPROJECT:
        raw = _pyproject_table(path)
        if raw is None:
            raise UsageError(f"{path} has no [tool.modelaudit] table")
    else:
        raw = _yaml_mapping(path)
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = str(key).replace("_", "-")
        check = KEYS.get(name)
        if check is None:
            raise UsageError(f"{path}: unknown key {str(key)!r} (known: {', '.join(KEYS)})")
        try:
            values[name] = check(value, path.parent, name)
        except ValueError as exc:
            raise UsageError(f"{path}: {name} must be {exc}, got {value!r}"[:300]) from None
    return Config(path, values, {str(k).replace("_", "-"): v for k, v in raw.items()})


def discover(start: Path | None = None, environ: Mapping[str, str] | None = None) -> Config | None:
    """The configuration that applies in ``start`` (default: the working directory), or None."""
    env = os.environ if environ is None else environ
    named = env.get(ENV_VAR, "").strip()
    if named.lower() in DISABLED:
        return None
    if named:
        return read_config(Path(named))
    try:
        here = (start or Path.cwd()).absolute()
    except OSError:  # the working directory was removed
        return None
    for candidate in _candidates(here):
        try:
            if not candidate.is_file():
                continue
        except OSError:
            continue
        if candidate.name == PYPROJECT and _pyproject_table(candidate) is None:
            continue  # a pyproject.toml without [tool.modelaudit] says nothing about us
        return read_config(candidate)
    return None
