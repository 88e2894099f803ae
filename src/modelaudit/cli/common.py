"""Helpers shared by commands: input validation, the source stack, writing output."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from modelaudit.errors import ModelauditError

if TYPE_CHECKING:

    from modelaudit.cli.options import FetchSettings
    from modelaudit.sources.chain import MemoSource


def open_source(settings: FetchSettings) -> MemoSource:
    from modelaudit.cli.console import notice
    from modelaudit.sources.factory import build_source

    def quiet_notice(message: str) -> None:
        if not settings.quiet:
            notice(message)

    return build_source(settings.source_options(), quiet_notice)


def write_output(text: str, output: Path | None) -> None:
    """Write a report atomically to ``output`` or print it to stdout."""
    if output is None:
        import sys

        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return
    from modelaudit.fileio import atomic_write_text

    try:
        atomic_write_text(output, text if text.endswith("\n") else text + "\n")
    except OSError as exc:
        raise ModelauditError(f"cannot write {output}: {exc.strerror or exc}") from None
