"""``modelaudit check``: the verdict for an organisation, with the evidence legal needs and the
exit code CI needs (0 pass/warn, 1 block, 2 usage error, 3 unknown)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from modelaudit.cli.options import (
    DEFAULT_REPORT_FORMAT,
    AsOfOpt,
    CacheDir,
    CacheTtl,
    Endpoint,
    FailOn,
    FailOnOpt,
    FetchSettings,
    FormatOpt,
    IndexOpt,
    MaxDepth,
    MaxNodes,
    NoData,
    Offline,
    Output,
    PolicyOpt,
    ProfileOpt,
    Quiet,
    Refresh,
    Timeout,
    WaiversOpt,
    WorkersOpt,
)


def check(
    models: Annotated[
        list[str] | None,
        typer.Argument(help="Hub model ids (org/name, optionally @revision) or local model directories.",
                       show_default=False),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option("--from-file", dir_okay=False,
                     help="Read models from a file: one id per line (# comments, @revision) or a YAML inventory."),
    ] = None,
    profile: ProfileOpt = None,
    policy: PolicyOpt = None,
    waivers: WaiversOpt = None,
    format: FormatOpt = DEFAULT_REPORT_FORMAT,
    output: Output = None,
    fail_on: FailOnOpt = FailOn.block,
    offline: Offline = False,
    refresh: Refresh = False,
    cache_dir: CacheDir = None,
    cache_ttl: CacheTtl = 24 * 3600,
    endpoint: Endpoint = None,
    timeout: Timeout = 600.0,
    max_nodes: MaxNodes = 500,
    max_depth: MaxDepth = 64,
    no_data: NoData = False,
    workers: WorkersOpt = 16,
    as_of: AsOfOpt = None,
    index: IndexOpt = None,
    quiet: Quiet = False,
) -> None:
    """May we use these models? Walks each model's lineage, propagates upstream licence terms, applies
    the policy to the organisation profile and answers pass / warn / block / unknown with the evidence.

    Exit status: 0 pass or warn, 1 block (or warn with --fail-on warn), 2 usage error, 3 unknown."""
    from modelaudit.audit import Target
    from modelaudit.cli.run import run_check
    from modelaudit.errors import UsageError
    from modelaudit.inventory import read_inventory
    from modelaudit.sources.registry import parse_reference

    targets = [Target(parse_reference(m)) for m in models or []]
    if from_file is not None:
        targets.extend(read_inventory(from_file))
    if not targets:
        raise UsageError("no model given: name one or more models, or use --from-file")
    settings = FetchSettings(offline, refresh, cache_dir, cache_ttl, endpoint, max_nodes, max_depth, quiet, timeout,
                             data=not no_data, index=index)
    code = run_check(targets, settings, profile_path=profile, policy_path=policy, waivers_path=waivers,
                     format=format.value, output=output, fail_on_warn=fail_on is FailOn.warn, workers=workers,
                     as_of=as_of)
    raise typer.Exit(code)
