"""Where the data that ships with modelaudit lives.

``licenses/`` and ``rules/`` sit at the top of the repository, where legal reviewers find them,
and are copied into the wheel as ``modelaudit/_data/...`` (see ``pyproject.toml``). An editable
install or a plain checkout has no ``_data`` directory, so we fall back to the repository copy.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the directory holding the shipped ``licenses`` or ``rules`` data."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"modelaudit data directory {name!r} is missing from this installation")


def package_file(*parts: str) -> Path:
    """A file shipped inside the package itself (snapshot, family catalogue, ...)."""
    return _PACKAGE_DIR.joinpath(*parts)
