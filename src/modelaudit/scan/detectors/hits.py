"""What every detector shares: the text it reads (:class:`Source`), what it finds (:class:`Hit`), and the
turning of hits into located, de-duplicated :class:`~modelaudit.scan.references.ModelReference` values."""

from __future__ import annotations

import ast
import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..references import ModelReference, wildcard_follows

__all__ = ["Hit", "LineIndex", "Placed", "Source", "dedupe", "drop_wildcards", "snippet", "stripped", "to_references"]

SNIPPET_MAX = 200


@dataclass(frozen=True)
class Placed:
    """Where a hit was found when that is not in the text being scanned: a notebook cell's hit lies on a line
    of the ``.ipynb`` file, and its snippet is the cell's line (not that line's JSON encoding)."""

    line: int
    column: int
    snippet: str


@dataclass(frozen=True)
class Hit:
    offset: int  # character offset of the id's first character in the detector's text
    repo_id: str
    revision: str | None
    kind: str
    placed: Placed | None = None  # set only when the position is not ``offset`` in the scanned text


class Source:
    """One text being scanned, as every detector receives it."""

    __slots__ = ("_lower", "ftype", "python", "scan_part", "text")

    def __init__(
        self, text: str, ftype: str, scan_part: Callable[[str, str], list[Hit]], python: ast.Module | None = None
    ) -> None:
        self.text = text
        self.ftype = ftype  # a kind from filetypes.py
        #: Runs the whole registry over text embedded in this one (a notebook's cells) as kind ``ftype``.
        self.scan_part = scan_part
        #: The parsed module of Python text (kind ``python``); ``None`` when it holds no literal worth parsing.
        self.python = python
        self._lower: str | None = None

    @property
    def lower(self) -> str:
        """The text lower-cased, computed once for the detectors that search it case-insensitively."""
        if self._lower is None:
            self._lower = self.text.lower()
        return self._lower


class LineIndex:
    """Maps character offsets to 1-based (line, column) and returns the line's text."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Lines end at "\n" only: that is what the Python tokenizer and editors count, and "\r\n" then
        # leaves a harmless "\r" at the end of a line, which strip() removes from snippets.
        self.starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return self.text[start:end]

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1


def snippet(line_text: str, column: int, stripped_line: tuple[str, int] | None = None) -> str:
    """The line around ``column``; ``stripped_line`` is ``stripped(line_text)`` when already known (a long
    line with thousands of hits is stripped once, not once per hit)."""
    stripped_text, indent = stripped_line or stripped(line_text)
    if len(stripped_text) <= SNIPPET_MAX:
        return stripped_text
    # Minified JSON and long shell lines: keep a window around the id rather than the start of the line.
    pos = max(0, column - 1 - indent)
    start = max(0, min(pos - 60, len(stripped_text) - SNIPPET_MAX))
    return stripped_text[start : start + SNIPPET_MAX]


def stripped(line_text: str) -> tuple[str, int]:
    return line_text.strip(), len(line_text) - len(line_text.lstrip())


def dedupe(hits: Iterable[Hit]) -> list[Hit]:
    # Several detectors can see the same literal (the AST and the URL scan both see a Hub URL inside
    # from_pretrained); the first, most specific one wins, so the registry runs detectors in order.
    seen: set[tuple[int, str]] = set()
    out: list[Hit] = []
    for hit in hits:
        key = (hit.offset, hit.repo_id.casefold())
        if key not in seen:
            seen.add(key)
            out.append(hit)
    return out


def drop_wildcards(hits: list[Hit], text: str) -> list[Hit]:
    """Hits that are not the head of a glob pattern (``org/Llama-3.1-*``): a detector's value or a link
    stops at the wildcard and would otherwise report the pattern's prefix as a model."""
    kept = []
    for hit in hits:
        end = hit.offset + len(hit.repo_id)
        if (
            hit.placed is None
            and text[hit.offset : end].casefold() == hit.repo_id.casefold()
            and wildcard_follows(text, hit.offset, end)
        ):
            continue
        kept.append(hit)
    return kept


def to_references(hits: Iterable[Hit], text: str, path: str) -> list[ModelReference]:
    """References for ``hits`` in ``text`` (the file at ``path``), de-duplicated and sorted by position."""
    hits = list(hits)
    unique = dedupe(hit for hit in hits if hit.placed is None)
    refs = [
        ModelReference(hit.repo_id, hit.revision, path, hit.placed.line, hit.placed.column, hit.kind,
                       hit.placed.snippet)
        for hit in hits
        if hit.placed is not None
    ]
    if unique:
        index = LineIndex(text)
        lines: dict[int, tuple[str, int]] = {}
        for hit in unique:
            line, column = index.locate(hit.offset)
            if line not in lines:
                lines[line] = stripped(index.line_text(line))
            refs.append(ModelReference(hit.repo_id, hit.revision, path, line, column, hit.kind,
                                       snippet("", column, lines[line])))
    refs.sort(key=lambda r: (r.line, r.column))
    return refs
