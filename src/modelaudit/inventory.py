"""Model inventories for ``check --from-file``: a plain list or a YAML inventory with notes.

Plain list: one model per line, ``#`` starts a comment, ``org/name@revision`` pins a revision.
YAML (``.yaml``/``.yml``): ``models:`` a list of ids or of mappings ``{id, revision, note}``.
Every entry keeps its file and line, so reports (SARIF included) can point back at it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from modelaudit.audit import Target
from modelaudit.errors import UsageError
from modelaudit.refs import ModelRef
from modelaudit.results import Location
from modelaudit.sources.registry import parse_reference
from modelaudit.yamlio import parse_yaml, read_user_text

if TYPE_CHECKING:
    import yaml

_ENTRY_KEYS = {"id", "revision", "note", "owner"}
# What each optional key may hold: text, or a number YAML read from digits (a revision such as
# 1234567, a note such as 2024). A list or mapping is an error, never turned into text: an alias
# bomb in a note would expand to gigabytes in str().
_SCALAR = (str, int, float)


def _validated(reference: str, where: str) -> ModelRef:
    try:
        return parse_reference(reference)
    except UsageError as exc:
        raise UsageError(f"{where}: {exc}") from None


def read_inventory(path: Path) -> list[Target]:
    text = read_user_text(path, "model list")
    if path.suffix.lower() in (".yaml", ".yml"):
        return _yaml_inventory(path, text)
    targets: list[Target] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        word = line.split()[0]
        reference = _validated(word, f"{path}:{number}")
        column = raw.find(word) + 1
        targets.append(Target(reference, (Location(str(path), number, max(column, 1), raw.strip()),)))
    return targets


def _entry_nodes(root: yaml.Node | None) -> list[yaml.Node]:
    """The YAML nodes of the ``models`` entries, for their line numbers."""
    import yaml

    node = root
    if isinstance(root, yaml.MappingNode):
        node = next((v for k, v in reversed(root.value) if isinstance(k, yaml.ScalarNode) and k.value == "models"), None)
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _line(nodes: list[yaml.Node], index: int) -> int:
    import yaml

    if index >= len(nodes):
        return 1
    node = nodes[index]
    if isinstance(node, yaml.MappingNode):
        node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "id"), node)
    return int(node.start_mark.line) + 1


def _yaml_inventory(path: Path, text: str) -> list[Target]:
    data, root = parse_yaml(text, str(path))
    entries = data.get("models") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise UsageError(f"{path}: expected a 'models' list")
    nodes = _entry_nodes(root)
    targets: list[Target] = []
    for k, entry in enumerate(entries):
        where = f"{path}: models[{k}]"
        if isinstance(entry, str):
            entry = {"id": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise UsageError(f"{where}: expected a model id or a mapping with an 'id'")
        extra = sorted(set(entry) - _ENTRY_KEYS, key=str)
        if extra:
            raise UsageError(f"{where}.{extra[0]}: unknown key (allowed: {', '.join(sorted(_ENTRY_KEYS))})")
        for key in ("revision", "note", "owner"):
            value = entry.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, _SCALAR)):
                raise UsageError(f"{where}.{key}: expected text, got {type(value).__name__}")
        reference = entry["id"].strip()
        if entry.get("revision"):
            if "@" in reference:
                raise UsageError(f"{where}: revision given twice")
            reference = f"{reference}@{str(entry['revision']).strip()}"
        ref = _validated(reference, where)
        note = " ".join(str(entry.get("note") or "").split())
        targets.append(Target(ref, (Location(str(path), _line(nodes, k), 1, entry["id"].strip()),), note))
    return targets
