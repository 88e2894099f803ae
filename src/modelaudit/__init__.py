"""modelaudit: may we use this open-weight model, and why?

The package is layered like pip-audit: a thin CLI (``modelaudit.cli``) over a pure, typed engine
(``lineage``, ``licensing``, ``policy``, ``openness``) fed by pluggable sources (``sources``) and
rendered by pluggable formats (``formats``).
"""

__version__ = "0.1.0"
