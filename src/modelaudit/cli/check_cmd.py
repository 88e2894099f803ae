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
    Local,
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
        typer.Argument(help="Hub model ids (org/name, optionally @revision) or local model directories (./path, or "
                            "any name with --local).",
                       show_default=False),
    ] = None,
    from_file: Annotated[
        list[Path] | None,
        typer.Option("--from-file", dir_okay=False, show_default=False,
                     help="Read models from a file: one id per line (# comments, @revision) or a YAML inventory "
                          "(repeatable)."),
    ] = None,
    from_files: Annotated[
        bool,
        typer.Option("--from-files",
                     help="Every argument is such a file, not a model id (what pre-commit passes: the changed "
                          "inventory files)."),
    ] = False,
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
    local: Local = False,
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
    from modelaudit.sources.registry import expand_references, parse_reference

    files = [*(from_file or []), *(Path(m) for m in (models or []) if from_files)]
    targets = [] if from_files else [
        Target(ref) for ref in expand_references(parse_reference(m, local=local) for m in models or [])]
    for path in files:
        targets.extend(read_inventory(path))
    if not targets:
        raise UsageError("no model given: name one or more models, or use --from-file"
                         if not files else f"no model in {', '.join(map(str, files))}")
    settings = FetchSettings(offline, refresh, cache_dir, cache_ttl, endpoint, max_nodes, max_depth, quiet, timeout,
                             data=not no_data, index=index)
    code = run_check(targets, settings, profile_path=profile, policy_path=policy, waivers_path=waivers,
                     format=format.value, output=output, fail_on_warn=fail_on is FailOn.warn, workers=workers,
                     as_of=as_of)
    raise typer.Exit(code)
