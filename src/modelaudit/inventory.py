"""Model inventories for ``check --from-file``: a plain list or a YAML inventory with notes.

Plain list: one model per line, ``#`` starts a comment, ``org/name@revision`` pins a revision.
YAML (``.yaml``/``.yml``): ``models:`` a list of ids or of mappings ``{id, revision, note}``.
Every entry keeps its file and line, so reports (SARIF included) can point back at it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from modelaudit.audit import Target
from modelaudit.errors import UsageError
from modelaudit.results import Location

_ENTRY_KEYS = {"id", "revision", "note", "owner"}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"model list {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read model list {path}: {exc}") from None


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return 1


def _validated(reference: str, where: str) -> str:
    from modelaudit.cli.common import validate_reference

    try:
        return validate_reference(reference)
    except UsageError as exc:
        raise UsageError(f"{where}: {exc}") from None


def read_inventory(path: Path) -> list[Target]:
    text = _read(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return _yaml_inventory(path, text)
    targets: list[Target] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        reference = _validated(line.split()[0], f"{path}:{number}")
        column = raw.find(reference) + 1
        targets.append(Target(reference, (Location(str(path), number, max(column, 1), raw.strip()),)))
    return targets


def _yaml_inventory(path: Path, text: str) -> list[Target]:
    import yaml

    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise UsageError(f"{path}{f' (line {mark.line + 1})' if mark else ''}: invalid YAML") from None
    entries = data.get("models") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise UsageError(f"{path}: expected a 'models' list")
    targets: list[Target] = []
    for k, entry in enumerate(entries):
        where = f"{path}: models[{k}]"
        if isinstance(entry, str):
            entry = {"id": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise UsageError(f"{where}: expected a model id or a mapping with an 'id'")
        extra = sorted(set(entry) - _ENTRY_KEYS)
        if extra:
            raise UsageError(f"{where}.{extra[0]}: unknown key (allowed: {', '.join(sorted(_ENTRY_KEYS))})")
        reference = entry["id"].strip()
        if entry.get("revision"):
            if "@" in reference:
                raise UsageError(f"{where}: revision given twice")
            reference = f"{reference}@{str(entry['revision']).strip()}"
        reference = _validated(reference, where)
        line = _line_of(text, entry["id"].strip())
        note = " ".join(str(entry.get("note") or "").split())
        targets.append(Target(reference, (Location(str(path), line, 1, entry["id"].strip()),), note))
    return targets
