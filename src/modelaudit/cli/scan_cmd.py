"""``modelaudit scan PATH``: find the Hub models a code base uses and audit each like ``check``;
findings point back at file:line (text and SARIF). Exit codes as ``check``."""

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


def scan(
    path: Annotated[Path, typer.Argument(help="Directory (or single file) to scan for Hub model references.")],
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", "-e", help="Gitignore-style pattern of paths to skip (repeatable).",
                     show_default=False),
    ] = None,
    no_gitignore: Annotated[
        bool, typer.Option("--no-gitignore", help="Also scan files that .gitignore excludes.")
    ] = False,
    list_only: Annotated[
        bool, typer.Option("--list", help="Only list the model references found (file:line), do not audit.")
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
    workers: WorkersOpt = 16,
    as_of: AsOfOpt = None,
    quiet: Quiet = False,
) -> None:
    """Find the Hugging Face models a code base uses — from_pretrained / pipeline / hf_hub_download /
    snapshot_download calls, `vllm serve` and `--model` flags, model keys in YAML / TOML / JSON / .env /
    Dockerfiles — and audit each one like `check`. Respects .gitignore."""
    from modelaudit.audit import Target
    from modelaudit.cli.common import write_output
    from modelaudit.cli.console import notice
    from modelaudit.cli.run import run_check
    from modelaudit.errors import UsageError
    from modelaudit.results import Location
    from modelaudit.scan import scan_path
    from modelaudit.sources.registry import parse_reference

    try:
        exists = path.exists()
    except OSError as exc:  # a name too long for the filesystem, say
        raise UsageError(f"cannot scan {path}: {exc.strerror or exc}") from None
    if not exists:
        raise UsageError(f"{path} does not exist")
    result = scan_path(path, respect_gitignore=not no_gitignore, exclude=tuple(exclude or ()))
    if not quiet:
        for error in result.errors[:5]:
            notice(f"scan: {error}")
        if len(result.errors) > 5:
            notice(f"scan: … and {len(result.errors) - 5} more file(s) that could not be read or applied")
    targets = [
        Target(parse_reference(model),
               tuple(Location(ref.path, ref.line, ref.column, ref.snippet) for ref in result.locations(model)))
        for model in result.models()
    ]
    if list_only:
        from modelaudit.safetext import safe_line

        # File names come from the code base: a newline or escape sequence in one must not forge lines.
        lines = [safe_line(f"{loc.path}:{loc.line}:{loc.column}: {t.reference}") for t in targets for loc in t.locations]
        write_output("\n".join(lines) if lines else "no Hub model references found", output)
        raise typer.Exit(0)
    if not quiet:
        notice(f"scanned {result.files_scanned} files in {path}: {len(targets)} model(s) referenced")
    settings = FetchSettings(offline, refresh, cache_dir, cache_ttl, endpoint, max_nodes, max_depth, quiet, timeout,
                             data=not no_data)
    code = run_check(targets, settings, profile_path=profile, policy_path=policy, waivers_path=waivers,
                     format=format.value, output=output, fail_on_warn=fail_on is FailOn.warn, workers=workers,
                     as_of=as_of)
    raise typer.Exit(code)
