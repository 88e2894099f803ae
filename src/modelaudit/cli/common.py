"""Helpers shared by commands: writing output."""

from __future__ import annotations

from pathlib import Path

from modelaudit.errors import ModelauditError


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
