"""The one list of report formats: ``check --format`` / ``scan --format`` choices, their help text
and :func:`modelaudit.formats.render` are all generated from :data:`REGISTERED`.

Adding a format touches two files: a new module ``src/modelaudit/formats/<name>.py`` with
``render(report: AuditReport, *, color: bool = False) -> str`` (``-> bytes`` for a binary format,
registered with ``binary=True``), and one ``ReportFormatSpec`` line in ``REGISTERED`` below. Nothing
else: the CLI builds its ``--format`` choices (and the ``MODELAUDIT_FORMAT`` twin) from this module.

This module imports nothing but the standard library, and names each renderer as a
``"module:function"`` string imported on first use: ``modelaudit --help`` lists the formats
without loading rich, spdx-tools or cyclonedx.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelaudit.results import AuditReport

#: A renderer: ``render(report, *, color=False) -> str`` (``bytes`` for a binary format; ``color`` only
#: matters to terminal formats).
Renderer = Callable[..., str | bytes]


@dataclass(frozen=True)
class ReportFormatSpec:
    name: str  # the --format value
    target: str  # "module:function" of the renderer, imported on first use
    description: str  # one line, shown in --help
    extension: str  # default file extension of a report in this format
    media_type: str
    terminal: bool = False  # styled for a terminal: coloured when written to one
    binary: bool = False  # the renderer returns bytes (PDF): never written to a terminal

    def renderer(self) -> Renderer:
        module, _, function = self.target.partition(":")
        render: Renderer = getattr(import_module(module), function)
        return render


# One line per format; the first is the default. Keep descriptions short: --help lists them all.
REGISTERED: tuple[ReportFormatSpec, ...] = (
    ReportFormatSpec("text", "modelaudit.formats.check_text:render", "terminal report (default)",
                     ".txt", "text/plain", terminal=True),
    ReportFormatSpec("json", "modelaudit.formats.json_report:render", "the JSON contract (schema_version 1)",
                     ".json", "application/json"),
    ReportFormatSpec("markdown", "modelaudit.formats.markdown:render", "report for legal review, Mermaid lineage",
                     ".md", "text/markdown"),
    ReportFormatSpec("html", "modelaudit.formats.html:render", "self-contained HTML page, SVG lineage",
                     ".html", "text/html"),
    ReportFormatSpec("sarif", "modelaudit.formats.sarif:render", "SARIF 2.1.0 for code scanning",
                     ".sarif", "application/sarif+json"),
    ReportFormatSpec("junit", "modelaudit.formats.junit:render", "JUnit XML for CI test views",
                     ".xml", "application/xml"),
    ReportFormatSpec("spdx", "modelaudit.formats.spdx:render", "SPDX 2.3 JSON SBOM",
                     ".spdx.json", "application/spdx+json"),
    ReportFormatSpec("cyclonedx", "modelaudit.formats.cyclonedx:render", "CycloneDX 1.6 JSON ML-BOM",
                     ".cdx.json", "application/vnd.cyclonedx+json"),
    ReportFormatSpec("pdf", "modelaudit.formats.pdf:render", "paginated PDF for legal sign-off (needs -o FILE or a pipe)",
                     ".pdf", "application/pdf", binary=True),
)

#: format name -> its registration, in registration order.
FORMATS: Mapping[str, ReportFormatSpec] = MappingProxyType({f.name: f for f in REGISTERED})
DEFAULT_FORMAT = REGISTERED[0].name


def format_names() -> tuple[str, ...]:
    return tuple(FORMATS)


def format_help() -> str:
    """The ``--format`` help text: every format with its one-line description."""
    return "Report format: " + "; ".join(f"{f.name}: {f.description}" for f in REGISTERED) + "."


def get_format(name: str) -> ReportFormatSpec:
    """The registration of ``name``; an unknown name is a one-line usage error listing the choices."""
    spec = FORMATS.get(name)
    if spec is None:
        from modelaudit.errors import UsageError

        raise UsageError(f"unknown report format {name!r}: choose one of {', '.join(FORMATS)}")
    return spec


def render(report: AuditReport, name: str, *, color: bool = False) -> str:
    """``report`` in the text format ``name`` (a binary format is :func:`render_bytes`' job)."""
    out = get_format(name).renderer()(report, color=color)
    if not isinstance(out, str):
        raise TypeError(f"{name} is a binary format: use render_bytes")
    return out


def render_bytes(report: AuditReport, name: str, *, color: bool = False) -> bytes:
    """``report`` in format ``name`` as the bytes to write: a text format UTF-8 encoded, a binary one as is."""
    out = get_format(name).renderer()(report, color=color)
    return out.encode("utf-8") if isinstance(out, str) else out
