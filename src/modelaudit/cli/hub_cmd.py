"""``modelaudit hub``: questions about the whole Hub, answered from the index (``modelaudit index build``)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from modelaudit.cli.index_cmd import IndexFile, index_path

if TYPE_CHECKING:
    from modelaudit.index.store import Rows

app = typer.Typer(help="Questions about the whole Hub, answered from the Hub index (no Hub request).",
                  no_args_is_help=True)


class TableFormat(str, Enum):
    markdown = "markdown"
    json = "json"
    csv = "csv"
    parquet = "parquet"


FormatOption = Annotated[TableFormat, typer.Option("--format", "-f", help="markdown, json, csv or parquet (needs -o).")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", dir_okay=False, help="Write to this file.")]


def _emit(rows: Rows, fmt: TableFormat, output: Path | None, hub_path: Path) -> None:
    from modelaudit.cli.common import write_output
    from modelaudit.errors import UsageError
    from modelaudit.index.store import HubIndex

    if fmt in (TableFormat.parquet, TableFormat.csv) and output is not None:
        with HubIndex(hub_path) as hub:
            hub.export(rows, output, fmt.value)
        return
    if fmt is TableFormat.parquet:
        raise UsageError("--format parquet writes a file: name it with -o FILE")
    write_output(render_rows(rows, fmt.value), output)


def render_rows(rows: Rows, fmt: str) -> str:
    import csv
    import io
    import json

    from modelaudit.safetext import safe_line

    if fmt == "json":
        return json.dumps(rows.dicts(), indent=1, default=str)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(rows.columns)
        writer.writerows(rows.rows)
        return buffer.getvalue()

    def cell(value: object) -> str:
        return "" if value is None else safe_line(str(value)).replace("|", "\\|")

    lines = ["| " + " | ".join(rows.columns) + " |", "|" + "---|" * len(rows.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows.rows]
    return "\n".join(lines)


@app.command("mismatches")
def mismatches(
    inherited: Annotated[str | None, typer.Option("--inherited", help="Only licences matching this glob "
                                                                       "(llama*, gemma, qwen*).")] = None,
    format: FormatOption = TableFormat.markdown,
    output: OutputOption = None,
    index: IndexFile = None,
) -> None:
    """Models whose declared licence does not match their lineage: one row per model, kind (no-license,
    drops-inherited, differs-from-base), licence and origin."""
    from modelaudit.index.store import HubIndex

    path = index_path(index)
    with HubIndex(path) as hub:
        if format in (TableFormat.parquet, TableFormat.csv) and output is not None:
            hub.export_mismatches(inherited, output, format.value)
            return
        rows = hub.mismatches(inherited)
    _emit(rows, format, output, path)


@app.command("descendants")
def descendants(
    pattern: Annotated[str, typer.Argument(help="Models whose derivatives to list: an id or a glob (meta-llama/*).")],
    format: FormatOption = TableFormat.markdown,
    output: OutputOption = None,
    index: IndexFile = None,
) -> None:
    """Every derivative of the matching models, with its depth, declared and effective licences."""
    from modelaudit.index.store import HubIndex

    path = index_path(index)
    with HubIndex(path) as hub:
        rows = hub.descendants(pattern)
    _emit(rows, format, output, path)


@app.command("stats")
def stats(
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="markdown or json.")] = TableFormat.markdown,
    output: OutputOption = None,
    index: IndexFile = None,
) -> None:
    """Licence distribution (declared, effective) and drift (what derivatives declare instead of their parents'
    licence; mismatches by kind and licence)."""
    import json

    from modelaudit.cli.common import write_output
    from modelaudit.errors import UsageError
    from modelaudit.index.store import HubIndex

    if format not in (TableFormat.markdown, TableFormat.json):
        raise UsageError("hub stats: --format is markdown or json")
    with HubIndex(index_path(index)) as hub:
        sections = hub.stats()
        head = hub.described
    if format is TableFormat.json:
        write_output(json.dumps({"index": head, **{k: v.dicts() for k, v in sections.items()}}, indent=1,
                                default=str), output)
        return
    parts = [f"# Hub licences ({head})"]
    for name, rows in sections.items():
        parts += ["", f"## {name}", "", render_rows(rows, "markdown")]
    write_output("\n".join(parts), output)
