"""modelaudit: may we use this open-weight model, and why?

The package is layered like pip-audit: a thin CLI (``modelaudit.cli``) over the public Python API
(``modelaudit.check``, ``modelaudit.lineage_of``; see ``modelaudit.api``), a pure, typed engine
(``lineage``, ``licensing``, ``policy``, ``openness``) fed by pluggable sources (``sources``) and
rendered by pluggable formats (``formats``). The layers are declared in ``pyproject.toml``
(import-linter) and CI enforces them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from modelaudit._version import __version__

if TYPE_CHECKING:
    from modelaudit.api import Report, check, lineage_of

__all__ = ["Report", "__version__", "check", "lineage_of"]


def __getattr__(name: str) -> Any:
    # The API pulls in the engine; ``modelaudit --help`` and ``import modelaudit`` stay fast.
    if name in ("Report", "check", "lineage_of"):
        from modelaudit import api

        return getattr(api, name)
    raise AttributeError(f"module 'modelaudit' has no attribute {name!r}")
