"""What ``check`` and ``scan`` share once they know their targets: run the audit through the
public API with a progress bar and notices, render, write, and map the verdict to an exit status."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

from modelaudit.audit import Target
from modelaudit.cli.options import FetchSettings

PROGRESS_THRESHOLD = 4  # below this many models a progress bar is noise


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
    from modelaudit.api import check, unfetched_summary
    from modelaudit.cli.common import write_binary, write_output
    from modelaudit.cli.console import error_line, notice
    from modelaudit.cli.progress import progress_reporter
    from modelaudit.errors import UsageError
    from modelaudit.exit_codes import exit_code_for
    from modelaudit.formats import get_format, render, render_bytes

    def quiet_notice(message: str) -> None:
        if not settings.quiet:
            notice(message)

    spec = get_format(format)
    if spec.binary and output is None and sys.stdout.isatty():
        # Said before the audit runs, not after it: a PDF is never written to a terminal.
        raise UsageError(f"--format {format} is a binary format: write it with -o FILE (or redirect standard output)")
    show_progress = not settings.quiet and len(targets) >= PROGRESS_THRESHOLD
    try:
        with progress_reporter(len(targets), enabled=show_progress) as tick:
            audit = check(
                targets, profile=profile_path, policy=policy_path, waivers=waivers_path, workers=workers,
                as_of=as_of, notify=quiet_notice, on_result=tick, **settings.api_options(),
            )
    except UsageError as exc:
        if str(exc).startswith("as_of:"):
            raise UsageError("--" + str(exc).replace("as_of", "as-of", 1)) from None
        raise
    # The exit decision travels with the report so that formats counting failures (JUnit) agree with it.
    audit = dataclasses.replace(audit, fail_on_warn=fail_on_warn)
    summary = unfetched_summary(audit)
    if summary:
        error_line(summary)
    if spec.binary:
        write_binary(render_bytes(audit, format), output, f"--format {format}")
        return exit_code_for(audit.verdict, fail_on_warn=fail_on_warn)
    color = output is None and spec.terminal and sys.stdout.isatty()
    write_output(render(audit, format, color=color), output)
    return exit_code_for(audit.verdict, fail_on_warn=fail_on_warn)
