"""``modelaudit config``: which configuration file applies here, what it says, and the settings
``check`` and ``scan`` would run with (each with where its value comes from)."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from modelaudit.cli.options import Output


class ConfigFormat(str, Enum):
    text = "text"
    json = "json"


#: How click names where a value came from, in words.
_SOURCES = {"COMMANDLINE": "command line", "ENVIRONMENT": "environment", "DEFAULT_MAP": "configuration file",
            "DEFAULT": "default", "PROMPT": "prompt"}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _effective(root: Any, defaults: dict[str, Any]) -> list[dict[str, Any]]:
    """The settings ``check`` and ``scan`` would use here: parsed the way a run parses them."""
    from modelaudit.config import KEYS

    rows: dict[str, dict[str, Any]] = {}
    group_ctx = root.context_class(root, info_name="modelaudit", default_map=defaults or None)
    for name, args in (("check", []), ("scan", ["."])):
        command = root.get_command(group_ctx, name)
        ctx = command.make_context(name, list(args), parent=group_ctx)
        for param in command.params:
            key = (param.name or "").replace("_", "-")
            if key not in KEYS or key in rows:
                continue
            source = ctx.get_parameter_source(param.name)
            where = _SOURCES.get(getattr(source, "name", ""), "default")
            if where == "environment" and param.envvar:
                where = f"environment {param.envvar}"
            rows[key] = {"key": key, "value": _plain(ctx.params.get(param.name)), "source": where}
    return [rows[key] for key in KEYS if key in rows]


def config(
    format: Annotated[ConfigFormat, typer.Option("--format", "-f", help="Output format.")] = ConfigFormat.text,
    output: Output = None,
) -> None:
    """Show the configuration file that applies here (.modelaudit.yaml or [tool.modelaudit] in
    pyproject.toml, in this directory or a parent; MODELAUDIT_CONFIG names one), its keys, and the
    effective settings of check and scan. Flags and MODELAUDIT_* variables override the file."""
    from modelaudit.cli import cli_command
    from modelaudit.cli.common import write_output
    from modelaudit.cli.configuration import default_map
    from modelaudit.config import CONFIG_NAMES, PYPROJECT, discover

    found = discover()
    root = cli_command()
    defaults = default_map(found, root) if found is not None else {}
    effective = _effective(root, defaults)
    doc = {
        "config_file": str(found.path) if found else None,
        "keys": {k: _plain(v) for k, v in found.raw.items()} if found else {},
        "values": {k: _plain(v) for k, v in found.values.items()} if found else {},
        "effective": effective,
    }
    if format is ConfigFormat.json:
        write_output(json.dumps(doc, indent=2, ensure_ascii=False), output)
        return
    from modelaudit.safetext import safe_line

    searched = ", ".join(CONFIG_NAMES) + f", {PYPROJECT} [tool.modelaudit]"
    lines = [f"configuration file: {found.path}" if found else
             f"configuration file: none (looked for {searched} here and in every parent directory)"]
    if found:
        lines.append("keys:" if found.raw else "keys: none")
        lines += [f"  {key}: {found.raw[key]!r} -> {_plain(found.values[key])!r}" for key in found.raw]
    lines.append("effective settings of check and scan (flags and MODELAUDIT_* variables override the file):")
    width = max(len(row["key"]) for row in effective)
    lines += [f"  {row['key']:<{width}}  {row['value']!r}  ({row['source']})" for row in effective]
    write_output("\n".join(safe_line(line) for line in lines), output)
