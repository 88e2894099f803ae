"""Output formats behind one small interface: ``render(report, color=...) -> str``.

Each format lives in its own module and is imported only when asked for, so ``check`` pays for
spdx-tools or cyclonedx only when it writes SPDX or CycloneDX.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelaudit.results import AuditReport

Renderer = Callable[..., str]

#: format name -> "module:function"; the function takes (report: AuditReport, *, color: bool) -> str
FORMATS: dict[str, str] = {
    "text": "modelaudit.formats.check_text:render",
    "json": "modelaudit.formats.json_report:render",
    "markdown": "modelaudit.formats.markdown:render",
    "html": "modelaudit.formats.html:render",
    "sarif": "modelaudit.formats.sarif:render",
    "junit": "modelaudit.formats.junit:render",
    "spdx": "modelaudit.formats.spdx:render",
    "cyclonedx": "modelaudit.formats.cyclonedx:render",
}


def renderer(name: str) -> Renderer:
    module, _, function = FORMATS[name].partition(":")
    render: Renderer = getattr(import_module(module), function)
    return render


def render(report: AuditReport, name: str, *, color: bool = False) -> str:
    return renderer(name)(report, color=color)
