"""Text from outside shown safely: card text, README sentences, licence values as written, notes,
evidence, file paths and every message built from them.

Such text can carry terminal control sequences (a screen clear ``ESC[2J``, an OSC 8 hyperlink, an
OSC 52 clipboard write, SGR 8 hiding the verdict line, a bare CR that overwrites a line) and
Unicode bidi overrides that make a reviewer read text in another order than it is stored
("Trojan Source"). At the output boundary (the text reports, Markdown, stderr notices and errors)
every C0/C1 control character except the newline and tab a format needs, and every bidi override
or isolate, is shown as a visible escape (``\\x1b``, ``\\u202e``) instead. Machine formats (JSON,
SARIF, SPDX, CycloneDX, JUnit, HTML) keep the data as it is and rely on their own escaping.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

# LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI.
_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
_CONTROLS = (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@lru_cache(maxsize=4)
def _table(keep: str) -> dict[int, str]:
    kept = {ord(c) for c in keep}
    return {code: _escape(code) for code in (*_CONTROLS, *_BIDI) if code not in kept}


def safe_text(text: str, *, keep: str = "\n\t") -> str:
    """``text`` with control characters (other than those in ``keep``) and bidi controls escaped."""
    return text.translate(_table(keep))


def safe_line(text: str) -> str:
    """One line for stderr: a newline inside is escaped too, so an error stays one line."""
    return safe_text(text, keep="")


def print_safe(console: Console, renderable: RenderableType = "") -> None:
    """``console.print(renderable)`` with the text of every segment made safe after layout and
    before styling, so rich's own colour codes survive and nothing else reaches the terminal."""
    from rich.segment import Segment, Segments

    segments = [segment if segment.control else Segment(safe_text(segment.text), segment.style)
                for segment in console.render(renderable, console.options)]
    console.print(Segments(segments))
