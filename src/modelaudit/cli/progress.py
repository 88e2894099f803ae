"""A progress bar on stderr for long runs; nothing when stderr is not a terminal or with --quiet."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def progress_reporter(total: int, *, enabled: bool, label: str = "auditing") -> Iterator[Callable[[Any], None]]:
    """``tick(item)`` advances the bar and shows the item (a report's model, or a text)."""
    if not enabled or not sys.stderr.isatty():
        yield lambda _report: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from modelaudit.cli.console import stderr

    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=stderr(), transient=True) as progress:
        task = progress.add_task("", total=total)

        def tick(report: Any) -> None:
            progress.update(task, advance=1, description=report if isinstance(report, str) else getattr(report, "model", ""))

        yield tick
