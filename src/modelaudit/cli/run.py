"""What ``check`` and ``scan`` share once they know their targets: load the profile, policy and
waivers, audit with a progress bar, render, write, and map the verdict to an exit status."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from modelaudit.audit import AuditSettings, Target, run_audit
from modelaudit.cli.options import FetchSettings
from modelaudit.errors import UsageError
from modelaudit.results import AuditReport, ModelReport

PROGRESS_THRESHOLD = 4  # below this many models a progress bar is noise


def _today(as_of: str | None) -> dt.date:
    if as_of is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(as_of)
    except ValueError:
        raise UsageError(f"--as-of: {as_of!r} is not a date (YYYY-MM-DD)") from None


def data_sources(reports: Sequence[ModelReport], endpoint: str | None = None) -> tuple[str, ...]:
    """Where the records came from, so an audit can be reproduced: Hub fetch times, snapshot date.

    ``endpoint`` is the Hub the run asked (default: ``HF_ENDPOINT``); it is named without userinfo."""
    from modelaudit.kinds import SourceKind

    kinds: dict[SourceKind, list[str]] = {}
    for report in reports:
        if report.analysis is None:
            continue
        for node in report.analysis.graph.nodes():
            if node.source is not None:
                kinds.setdefault(node.source, []).append(node.fetched_at or "")
    out: list[str] = []
    if SourceKind.HUB in kinds:
        from modelaudit.sources.hub import configured_endpoint, public_endpoint

        times = sorted(t for t in kinds[SourceKind.HUB] if t)
        span = f" fetched {times[0]}" + (f" to {times[-1]}" if times[-1] != times[0] else "") if times else ""
        out.append(f"Hugging Face Hub {public_endpoint((endpoint or configured_endpoint()).rstrip('/'))}{span}")
    if SourceKind.SNAPSHOT in kinds:
        from modelaudit.sources.snapshot import SnapshotSource

        try:
            date = SnapshotSource().date
        except (OSError, ValueError):
            date = "unknown date"
        out.append(f"bundled Hub snapshot of {date}")
    if SourceKind.LOCAL in kinds:
        out.append("local model directories")
    return tuple(out)


def run_check(
    targets: Sequence[Target],
    settings: FetchSettings,
    *,
    profile_path: Path | None,
    policy_path: Path | None,
    waivers_path: Path | None,
    format: str,
    output: Path | None,
    fail_on_warn: bool,
    workers: int,
    as_of: str | None,
) -> int:
    from modelaudit import __version__
    from modelaudit.cli.common import open_source, write_output
    from modelaudit.cli.console import error_line
    from modelaudit.cli.progress import progress_reporter
    from modelaudit.exit_codes import exit_code_for
    from modelaudit.formats import render
    from modelaudit.lineage.graph import NodeStatus
    from modelaudit.policy.profile import Profile, load_profile
    from modelaudit.policy.rules import load_policy
    from modelaudit.policy.waivers import load_waivers

    # Every input file is read and validated before the first Hub request: a typo fails in
    # milliseconds with exit 2, not after a long audit.
    profile = load_profile(profile_path) if profile_path else Profile()
    policy = load_policy(policy_path)
    waivers = load_waivers(waivers_path)
    audit_settings = AuditSettings(profile=profile, policy=policy, waivers=waivers, today=_today(as_of),
                                   limits=settings.limits(), workers=workers)
    source = open_source(settings)
    with progress_reporter(len(targets), enabled=not settings.quiet and len(targets) >= PROGRESS_THRESHOLD) as tick:
        reports = run_audit(targets, source, audit_settings, on_done=tick)
    unfetched = [r for r in reports if r.analysis is not None
                 and r.analysis.graph.root.status in (NodeStatus.MISSING, NodeStatus.UNAVAILABLE)]
    if len(unfetched) == 1:
        root = unfetched[0].analysis.graph.root  # type: ignore[union-attr]
        error_line(root.notes[0] if root.notes else f"{unfetched[0].reference}: {root.status.value}")
    elif unfetched:
        names = ", ".join(r.reference for r in unfetched[:3]) + (", ..." if len(unfetched) > 3 else "")
        error_line(f"{len(unfetched)} models could not be fetched (verdict unknown): {names}")
    audit = AuditReport(
        tool_version=__version__,
        generated_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        profile=profile, policy=policy, results=reports, waivers_source=waivers.source,
        data_sources=data_sources(reports, settings.endpoint),
    )
    color = output is None and format == "text" and sys.stdout.isatty()
    write_output(render(audit, format, color=color), output)
    return exit_code_for(audit.verdict, fail_on_warn=fail_on_warn)
