"""``modelaudit lineage``: a model's ancestry, with how each parent is known and its licences."""

from __future__ import annotations

from typing import Annotated

import typer

from modelaudit.cli.options import (
    CacheDir,
    CacheTtl,
    Endpoint,
    FetchSettings,
    IndexOpt,
    LineageFormat,
    MaxDepth,
    MaxNodes,
    NoData,
    Offline,
    Output,
    Quiet,
    Refresh,
    Timeout,
)


def lineage(
    model: Annotated[str, typer.Argument(help="Hub model id (org/name, optionally @revision) or a local model directory.")],
    format: Annotated[
        LineageFormat, typer.Option("--format", "-f", envvar="MODELAUDIT_LINEAGE_FORMAT", help="Output format.")
    ] = LineageFormat.text,
    output: Output = None,
    offline: Offline = False,
    refresh: Refresh = False,
    cache_dir: CacheDir = None,
    cache_ttl: CacheTtl = 24 * 3600,
    endpoint: Endpoint = None,
    timeout: Timeout = 600.0,
    max_nodes: MaxNodes = 500,
    max_depth: MaxDepth = 64,
    no_data: NoData = False,
    index: IndexOpt = None,
    quiet: Quiet = False,
) -> None:
    """Show a model's derivation tree: every ancestor, the relation and evidence of each edge
    (inferred edges marked ≈), and declared and effective licences per node."""
    from modelaudit.api import lineage_of
    from modelaudit.cli.common import write_output
    from modelaudit.cli.console import notice
    from modelaudit.errors import ModelauditError
    from modelaudit.formats.lineage_report import lineage_json_text, lineage_text
    from modelaudit.lineage.graph import NodeStatus
    from modelaudit.sources.registry import parse_reference

    def quiet_notice(message: str) -> None:
        if not quiet:
            notice(message)

    settings = FetchSettings(offline, refresh, cache_dir, cache_ttl, endpoint, max_nodes, max_depth, quiet, timeout,
                             data=not no_data, index=index)
    analysis = lineage_of(parse_reference(model), notify=quiet_notice, **settings.api_options())
    root = analysis.graph.root
    if root.status in (NodeStatus.MISSING, NodeStatus.UNAVAILABLE):
        raise ModelauditError(f"{model}: {root.notes[0] if root.notes else root.status.value}")
    if format is LineageFormat.json:
        write_output(lineage_json_text(analysis), output)
    else:
        write_output(lineage_text(analysis, color=output is None), output)
