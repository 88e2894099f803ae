"""The width of the text reports: the terminal's, not a fixed one.

``COLUMNS`` wins (the convention shells, ``shutil`` and rich follow, and what a user sets to choose);
then the terminal standard output is, when it is one; otherwise (a pipe, a file, CI logs) a fixed
width, so that saved reports and diffs do not change with the window they were made in.
"""

from __future__ import annotations

import os
import sys

#: Narrower than this, rich's tables and trees turn into one word per line; wider gains nothing.
MIN_WIDTH, MAX_WIDTH = 40, 500


def text_width(default: int = 120) -> int:
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return max(MIN_WIDTH, min(MAX_WIDTH, int(columns)))
    try:
        if sys.stdout.isatty():
            return max(MIN_WIDTH, min(MAX_WIDTH, os.get_terminal_size(sys.stdout.fileno()).columns))
    except (AttributeError, OSError, ValueError):  # no real stream (captured, closed, replaced)
        pass
    return default
