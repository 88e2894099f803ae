"""Helpers shared by commands: input validation, the source stack, writing output."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from modelaudit.errors import ModelauditError, UsageError

if TYPE_CHECKING:

    from modelaudit.cli.options import FetchSettings
    from modelaudit.sources.chain import MemoSource


def validate_reference(value: str) -> str:
    """A Hub id ``org/name[@revision]`` or a local model directory; one-line error otherwise."""
    from modelaudit.lineage.names import InvalidRepoId, check_repo_id, split_reference
    from modelaudit.sources.local import is_local_reference

    try:
        local = is_local_reference(value)
        if local and not Path(value).expanduser().is_dir():
            raise UsageError(f"{value!r} is not a directory")
    except OSError as exc:
        # Path.is_dir raises for a name the filesystem cannot hold (a 300-character owner: too
        # long for one path component). A path is then not usable; a Hub id is checked below.
        if value.startswith(("./", "../", "/", "~", ".\\")):
            raise UsageError(f"{value!r}: {exc.strerror or exc}") from None
        local = False
    if local:
        return value
    repo, revision = split_reference(value)
    if "@" in value and not revision:
        raise UsageError(f"{value!r}: empty revision after '@'")
    if revision is not None and (len(revision) > 100 or any(c.isspace() for c in revision)):
        raise UsageError(f"{value!r}: invalid revision")
    try:
        check_repo_id(repo)
    except InvalidRepoId as exc:
        raise UsageError(str(exc)) from None
    return value


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
