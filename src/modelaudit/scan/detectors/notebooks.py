"""Jupyter notebooks: each cell is scanned with the whole registry (code cells as Python, Markdown cells as
markup, ``%%bash``-style cells as plain text, IPython ``!`` / ``%`` lines as command lines), and every hit
is located on the lines of the ``.ipynb`` file itself. Outputs are ignored: download logs and widget state
name models the notebook merely printed. A file that is not notebook JSON is read as plain text."""

from __future__ import annotations

import json
import re

from .filetypes import IPYTHON_MAGIC, MARKUP, OTHER, PYTHON
from .hits import Hit, LineIndex, Placed, Source, dedupe, snippet, stripped

__all__ = ["find"]

_MAGIC_RE = re.compile(r"^([ \t]*)[!%].*$", re.MULTILINE)


def find(source: Source) -> list[Hit]:
    """Hits in the cells, placed on the notebook's own lines; the text's hits when it is not notebook JSON."""
    try:
        document = json.loads(source.text)
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep ("[[[[...")
        return source.scan_part(source.text, OTHER)
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        return source.scan_part(source.text, OTHER)
    locator = _RawLocator(source.text.split("\n"))
    hits: list[Hit] = []
    for cell in cells:
        cell_text = _cell_source(cell)
        if not cell_text:
            continue
        cell_type = str(cell.get("cell_type", "code")) if isinstance(cell, dict) else "code"
        cell_index = LineIndex(cell_text)
        cell_lines = cell_text.split("\n")
        locator.anchor(cell_lines)
        stripped_lines: dict[int, tuple[str, int]] = {}
        for hit in sorted(dedupe(_cell_hits(source, cell_text, cell_type)), key=lambda h: h.offset):
            line, column = cell_index.locate(hit.offset)
            cell_line = cell_lines[line - 1]
            raw_line, raw_column = locator.find(cell_line, column)
            if line not in stripped_lines:
                stripped_lines[line] = stripped(cell_line)
            placed = Placed(raw_line, raw_column, snippet(cell_line, column, stripped_lines[line]))
            hits.append(Hit(hit.offset, hit.repo_id, hit.revision, hit.kind, placed))
    return hits


def _cell_source(cell: object) -> str | None:
    if not isinstance(cell, dict):
        return None
    text = cell.get("source")
    if isinstance(text, list):
        return "".join(part for part in text if isinstance(part, str))
    return text if isinstance(text, str) else None


def _cell_hits(source: Source, text: str, cell_type: str) -> list[Hit]:
    if cell_type != "code":
        return source.scan_part(text, MARKUP)
    if text.lstrip().startswith("%%"):  # %%bash, %%writefile ...: not Python
        return source.scan_part(text, OTHER)
    # IPython shell escapes and magics are not Python; blank them out (keeping the indentation and a
    # statement so blocks stay valid) and let the command-line detectors read the original lines.
    cleaned = _MAGIC_RE.sub(lambda m: m.group(1) + "pass", text)
    hits = source.scan_part(cleaned, PYTHON)
    if cleaned != text:
        hits = _relocate(hits, cleaned, text)
        hits.extend(source.scan_part(text, IPYTHON_MAGIC))
    return hits


def _relocate(hits: list[Hit], old: str, new: str) -> list[Hit]:
    # Magic lines changed length; every other line is identical, so (line, column) carries over.
    old_index, new_index = LineIndex(old), LineIndex(new)
    out = []
    for hit in hits:
        line, column = old_index.locate(hit.offset)
        out.append(Hit(new_index.offset(line, column), hit.repo_id, hit.revision, hit.kind))
    return out


class _RawLocator:
    """Finds where a cell's source line sits in the raw ``.ipynb`` text.

    nbformat writes each source line as one JSON string on its own line, so searching for the JSON
    encoding of the line (after the previous cell's position) finds it.  Only lines that carry a hit are
    searched, each cell advances a cursor (line and column, for notebooks written on one line), and a
    cell's hits (taken in order) are searched from where the previous one was found, so the cost stays
    linear in the file size; a hostile file whose lines are never found spends at most a fixed multiple of
    its size searching.  When a line cannot be found (unusual writers, or that budget spent) the cell's
    anchor line is used: approximate, but still inside the right cell.
    """

    def __init__(self, raw_lines: list[str]) -> None:
        self.raw_lines = raw_lines
        self.cursor = (0, 0)  # where the current cell starts
        self.mark = (0, 0)  # where the cell's previous hit was found
        self.after = (0, 0)  # past everything found so far: the next cell starts after it
        self.budget = 8 * sum(len(line) + 1 for line in raw_lines) + 100_000  # characters searching may read

    def _search(self, line: str, start: tuple[int, int]) -> tuple[int, bool, int] | None:
        for ascii_only in (False, True):
            encoded = json.dumps(line, ensure_ascii=ascii_only)[1:-1]
            i, column = start
            while i < len(self.raw_lines) and self.budget > 0:
                raw = self.raw_lines[i]
                col = raw.find(encoded, column)
                self.budget -= (col + len(encoded) if col >= 0 else len(raw) + 1) - column
                if col >= 0:
                    self.after = max(self.after, (i, col + len(encoded)))
                    return i, ascii_only, col
                i, column = i + 1, 0
        return None

    def anchor(self, cell_lines: list[str]) -> None:
        first = next((line for line in cell_lines if line.strip()), None)
        found = self._search(first, self.after) if first is not None else None
        if found is not None:
            self.cursor = (found[0], found[2])
        self.mark = self.cursor

    def find(self, cell_line: str, column: int) -> tuple[int, int]:
        """1-based (line, column) in the raw file for ``column`` of ``cell_line`` (hits of a cell in order)."""
        found = self._search(cell_line, self.mark)
        if found is None and self.mark != self.cursor:
            found = self._search(cell_line, self.cursor)  # out of order: from the cell's start, as for its first hit
        if found is None:
            return self.cursor[0] + 1, column
        index, ascii_only, col = found
        self.mark = (index, col)
        prefix = json.dumps(cell_line[: column - 1], ensure_ascii=ascii_only)[1:-1]
        return index + 1, col + len(prefix) + 1
