"""The discovered configuration (``modelaudit.config``) as click's ``default_map``.

Why ``default_map``: click takes a value from the command line first, then from the option's
environment variable, then from ``default_map``, then the declared default. Handing the file's values
over as ``default_map`` therefore gives exactly "flags and MODELAUDIT_* variables override the file",
with click's own type conversion and checks for every value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from modelaudit.config import Config
from modelaudit.errors import UsageError

#: Keys that only mean something to the commands that audit (``format``: the report formats of
#: ``check`` and ``scan``; ``lineage`` and ``licenses`` have formats of their own).
AUDIT_ONLY = frozenset({"format"})
AUDIT_COMMANDS = frozenset({("check",), ("scan",)})


def walk(command: Any, path: tuple[str, ...] = (), parent: Any = None) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every (sub)command below ``command`` with its path of names."""
    yield path, command
    if hasattr(command, "list_commands"):  # a group (typer may vendor its own click: no isinstance)
        ctx = command.context_class(command, info_name=path[-1] if path else "modelaudit", parent=parent)
        for name in command.list_commands(ctx):
            yield from walk(command.get_command(ctx, name), (*path, name), ctx)


def _value(value: Any) -> Any:
    if isinstance(value, tuple):
        return [str(v) for v in value]
    return str(value) if not isinstance(value, (bool, int, float)) else value


def check_format(config: Config) -> None:
    from modelaudit.formats.registry import format_names

    fmt = config.values.get("format")
    if fmt is not None and fmt not in format_names():
        raise UsageError(f"{config.path}: format must be one of {', '.join(format_names())}, got {fmt!r}")


def default_map(config: Config, root: Any) -> dict[str, Any]:
    """The nested ``default_map`` for the command tree under ``root``: each key goes to every
    command that has the option of that name."""
    check_format(config)
    tree: dict[str, Any] = {}
    for path, command in walk(root):
        names = {getattr(p, "name", None) for p in command.params}
        values = {}
        for key, value in config.values.items():
            name = key.replace("-", "_")
            if name in names and (key not in AUDIT_ONLY or path in AUDIT_COMMANDS):
                values[name] = _value(value)
        if not values:
            continue
        node = tree
        for part in path:
            node = node.setdefault(part, {})
        node.update(values)
    return tree
