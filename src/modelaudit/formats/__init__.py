"""Output formats behind one small interface: ``render(report, name, color=...) -> str``.

Every format is registered once, in :mod:`modelaudit.formats.registry` (name, renderer, description,
file extension, media type); the CLI's ``--format`` choices are generated from it. Each format lives
in its own module and is imported only when asked for, so ``check`` pays for spdx-tools or cyclonedx
only when it writes SPDX or CycloneDX. The human formats (text, markdown, html, junit) read one
shared :class:`modelaudit.formats.view.ReportView`, so they show the same sections and counts.
"""

from __future__ import annotations

from modelaudit.formats.registry import (
    DEFAULT_FORMAT,
    FORMATS,
    Renderer,
    ReportFormatSpec,
    format_names,
    get_format,
    render,
    render_bytes,
)


def renderer(name: str) -> Renderer:
    return get_format(name).renderer()


__all__ = ["DEFAULT_FORMAT", "FORMATS", "Renderer", "ReportFormatSpec", "format_names", "get_format", "render",
           "render_bytes", "renderer"]
