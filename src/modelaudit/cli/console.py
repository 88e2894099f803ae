"""Where the CLI writes: results to stdout (or --output), notices and errors to stderr."""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@lru_cache(maxsize=1)
def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def notice(message: str) -> None:
    """A one-line notice on stderr (fallbacks, stale cache): never mixed into machine output.
    Messages quote card text and file names: control characters are shown escaped (safetext)."""
    from modelaudit.safetext import safe_line

    stderr().print(f"modelaudit: {safe_line(message)}", markup=False, highlight=False)


def error_line(message: str) -> None:
    from modelaudit.safetext import safe_line

    # Plain write: an error must reach the terminal even if rich cannot render.
    sys.stderr.write(f"modelaudit: error: {safe_line(message)}\n")
    sys.stderr.flush()
