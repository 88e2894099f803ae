"""The shapes of a README body every reader needs: sentences (one splitter), tables, sections.

One splitter for the whole tool: lineage prose, licence identification and openness all read the
same sentences, so a README sentence means the same thing to each of them. Every function is
linear in the text (hostile cards are read up to the 1 MB cap).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line's list / quote / heading marker ("- ", "> ", "## ", "1. ").
_LINE_MARK = re.compile(r"^(?:#+|[-*+>]|\d+[.)])\s*")
# Sentence ends, but not inside version numbers ("v0.1", "3.3"): the next sentence starts with a
# capital, a bracket or a quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[(\"'*])")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a README body, with the line it is on (1-based) and whether the line is
    markup (a table row, an HTML line, a code fence) rather than prose."""

    text: str
    line: int
    markup: bool = False


@dataclass(frozen=True)
class Table:
    """A Markdown table: its header cells (lower-cased, emphasis stripped), its rows' cells, and the
    raw text of each row (for evidence)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    raw_rows: tuple[str, ...]
    line: int  # of the header


@dataclass(frozen=True)
class Section:
    """A heading and the body text under it (up to the next heading of any level)."""

    heading: str
    level: int
    text: str
    line: int


def sentences(body: str) -> tuple[Sentence, ...]:
    """Every sentence of ``body``; list markers and heading hashes are removed, empty lines skipped."""
    out: list[Sentence] = []
    for number, raw in enumerate(body.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        markup = line.startswith(("|", "```", "<"))
        if not markup:
            line = _LINE_MARK.sub("", line)
        out.extend(Sentence(s, number, markup) for s in _SENTENCE_END.split(line) if s)
    return tuple(out)


def tables(body: str) -> tuple[Table, ...]:
    """Markdown tables (a ``|`` header line followed by a ``|---|`` rule line)."""
    lines = body.splitlines()
    out: list[Table] = []
    i = 0
    while i < len(lines) - 1:
        header, rule = lines[i].strip(), lines[i + 1].strip()
        if not (header.startswith("|") and _TABLE_RULE.match(rule)):
            i += 1
            continue
        cols = tuple(c.strip().strip("*_ ").lower() for c in header.strip("|").split("|"))
        rows: list[tuple[str, ...]] = []
        raw_rows: list[str] = []
        j = i + 2
        while j < len(lines) and lines[j].strip().startswith("|"):
            raw_rows.append(lines[j].strip())
            rows.append(tuple(c.strip() for c in lines[j].strip().strip("|").split("|")))
            j += 1
        out.append(Table(cols, tuple(rows), tuple(raw_rows), i + 1))
        i = j
    return tuple(out)


def sections(body: str) -> tuple[Section, ...]:
    """The body cut at its Markdown headings (text before the first heading is a section with no heading)."""
    lines = body.splitlines()
    out: list[Section] = []
    heading, level, start, first = "", 0, 0, 1
    for number, raw in enumerate(lines):
        match = _HEADING.match(raw)
        if match is None:
            continue
        if number > start or heading:
            out.append(Section(heading, level, "\n".join(lines[start:number]), first))
        heading, level, start, first = match.group(2), len(match.group(1)), number + 1, number + 1
    if start < len(lines) or heading:
        out.append(Section(heading, level, "\n".join(lines[start:]), first))
    return tuple(out)
