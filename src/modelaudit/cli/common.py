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


def write_binary(data: bytes, output: Path | None, what: str) -> None:
    """Write a binary report (PDF) atomically to ``output``, or to stdout when stdout is a pipe or a
    file; a terminal would only show garbage (and could be sent escape sequences), so that is an error."""
    import sys

    if output is None:
        if sys.stdout.isatty():
            from modelaudit.errors import UsageError

            raise UsageError(f"{what} is a binary format: write it with -o FILE (or redirect standard output)")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from modelaudit.fileio import atomic_write_bytes

    try:
        atomic_write_bytes(output, data)
    except OSError as exc:
        raise ModelauditError(f"cannot write {output}: {exc.strerror or exc}") from None
