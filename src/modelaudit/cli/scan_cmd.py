"""``modelaudit scan PATH``: find the Hub models a code base uses, and the model artefacts on disk (GGUF /
safetensors files, model folders, Hugging Face caches, Ollama stores), and audit each like ``check``; findings
point back at file:line, or at the artefact's path (text and SARIF). ``--installed`` inventories this machine's
default model locations. Exit codes as ``check``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    from modelaudit.scan.references import ScanResult


def scan(
    path: Annotated[
        Path | None,
        typer.Argument(help="Directory (or single file) to scan for Hub model references and model files.",
                       show_default=False),
    ] = None,
    installed: Annotated[
        bool,
        typer.Option("--installed", help="Inventory this machine's model locations: the Hugging Face cache "
                     "(HF_HUB_CACHE / HF_HOME), the Ollama store (OLLAMA_MODELS) and LM Studio's models folders."),
    ] = False,
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
    Dockerfiles — and the model files on disk (GGUF, safetensors, model folders, Hugging Face caches, Ollama
    stores), and audit each one like `check`. Respects .gitignore. `--installed` inventories this machine."""
    from modelaudit.audit import Target
    from modelaudit.cli.common import write_output
    from modelaudit.cli.console import notice
    from modelaudit.cli.run import run_check
    from modelaudit.errors import UsageError
    from modelaudit.results import Location
    from modelaudit.sources.registry import parse_reference

    if path is None and not installed:
        raise UsageError("give a PATH to scan, or --installed")
    results: list[tuple[str, ScanResult]] = []  # (prefix of locations, result)
    if path is not None:
        results.append(("", _scan_one(path, no_gitignore, exclude)))
    if installed:
        results += _scan_installed(no_gitignore, exclude, quiet)
    if not quiet:
        errors = [error for _, result in results for error in result.errors]
        for error in errors[:5]:
            notice(f"scan: {error}")
        if len(errors) > 5:
            notice(f"scan: … and {len(errors) - 5} more file(s) that could not be read or applied")
    result = _joined(results)
    targets = [
        Target(parse_reference(model),
               tuple(Location(ref.path, ref.line, ref.column, ref.snippet) for ref in result.locations(model)))
        for model in result.models()
    ]
    if list_only:
        from modelaudit.safetext import safe_line

        # File names come from the code base: a newline or escape sequence in one must not forge lines.
        lines = [safe_line(f"{loc.shown}: {t.reference}") for t in targets for loc in t.locations]
        write_output("\n".join(lines) if lines else "no Hub model references or model files found", output)
        raise typer.Exit(0)
    if not quiet:
        where = str(path) if path is not None else "the installed model locations"
        found = f", {result.artefacts} model artefact(s)" if result.artefacts else ""
        notice(f"scanned {result.files_scanned} files in {where}: {len(targets)} model(s) referenced{found}")
    settings = FetchSettings(offline, refresh, cache_dir, cache_ttl, endpoint, max_nodes, max_depth, quiet, timeout,
                             data=not no_data)
    code = run_check(targets, settings, profile_path=profile, policy_path=policy, waivers_path=waivers,
                     format=format.value, output=output, fail_on_warn=fail_on is FailOn.warn, workers=workers,
                     as_of=as_of)
    raise typer.Exit(code)


def _scan_one(path: Path, no_gitignore: bool, exclude: list[str] | None) -> ScanResult:
    from modelaudit.errors import UsageError
    from modelaudit.scan import scan_path

    try:
        exists = path.exists()
    except OSError as exc:  # a name too long for the filesystem, say
        raise UsageError(f"cannot scan {path}: {exc.strerror or exc}") from None
    if not exists:
        raise UsageError(f"{path} does not exist")
    return scan_path(path, respect_gitignore=not no_gitignore, exclude=tuple(exclude or ()))


def _scan_installed(no_gitignore: bool, exclude: list[str] | None, quiet: bool) -> list[tuple[str, ScanResult]]:
    """Every default model location of this machine that exists, with a progress bar on a terminal; a
    missing one is skipped with a note. Locations are reported as absolute paths."""
    from modelaudit.cli.console import notice
    from modelaudit.cli.progress import progress_reporter
    from modelaudit.scan import scan_path
    from modelaudit.sources.localstore import installed_locations

    present = []
    for location in installed_locations():
        try:
            exists = location.path.is_dir()
        except OSError:
            exists = False
        if exists:
            present.append(location)
        elif not quiet:
            notice(f"scan --installed: no {location.label} at {location.path}; skipped")
    results: list[tuple[str, ScanResult]] = []
    with progress_reporter(len(present), enabled=not quiet, label="inventorying") as tick:
        for location in present:
            result = scan_path(location.path, respect_gitignore=not no_gitignore, exclude=tuple(exclude or ()))
            results.append((str(location.path), result))
            tick(f"{location.label}: {result.artefacts} model(s)")
    return results


def _joined(results: list[tuple[str, ScanResult]]) -> ScanResult:
    """One result for several scanned roots; locations under a prefix become ``<prefix>/<path>``."""
    from dataclasses import replace

    from modelaudit.scan import ScanResult

    if len(results) == 1 and not results[0][0]:
        return results[0][1]
    references = tuple(
        replace(ref, path=f"{prefix.rstrip('/')}/{ref.path}" if prefix and ref.path != "." else (prefix or ref.path))
        for prefix, result in results for ref in result.references
    )
    return ScanResult(
        root=", ".join(result.root for _, result in results),
        references=references,
        files_scanned=sum(r.files_scanned for _, r in results),
        files_skipped=sum(r.files_skipped for _, r in results),
        errors=tuple(e for _, r in results for e in r.errors),
        artefacts=sum(r.artefacts for _, r in results),
    )
