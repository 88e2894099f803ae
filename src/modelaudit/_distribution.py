"""Refuse to run beside the other ``modelaudit``.

This project is distributed as ``modelaudit-license``; ``modelaudit`` on PyPI is another project
that installs the same import package (``modelaudit``) and the same command. pip lets both be
installed into one environment, and whichever came second silently overwrote files of the first:
the result is a mixture neither project tested. We cannot stop pip, so we refuse to run when the
other distribution's metadata is present, with a one-line error that says how to repair it.

Why a directory listing and not ``importlib.metadata``: it answers the same question (a
``modelaudit-<version>.dist-info`` or ``.egg-info`` on ``sys.path``) in about a millisecond, where
importing ``importlib.metadata`` alone costs tens of them on every start of the command.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable

OUR_DISTRIBUTION = "modelaudit-license"
#: Metadata directories of a distribution named exactly "modelaudit" (names are normalised: "-", "_"
#: and "." are the same, case is ignored); ours is ``modelaudit_license-<version>.dist-info``.
_FOREIGN = re.compile(r"^modelaudit-(?P<version>[0-9][^-]*?)(?:-py[0-9.]+)?\.(?:dist|egg)-info$", re.IGNORECASE)


def foreign_distribution(path: Iterable[str] | None = None) -> tuple[str, str] | None:
    """(version, directory) of an installed distribution named ``modelaudit`` that is not us, or None."""
    for entry in sys.path if path is None else path:
        try:
            with os.scandir(entry or ".") as listing:
                for item in listing:
                    match = _FOREIGN.match(item.name)
                    if match:
                        return match.group("version"), entry or "."
        except OSError:  # not a directory (a zip), or unreadable: nothing of ours to compare
            continue
    return None


def conflict_message(found: tuple[str, str]) -> str:
    version, where = found
    return (f"another distribution named 'modelaudit' ({version}, in {where}) is installed beside "
            f"{OUR_DISTRIBUTION}: both install the 'modelaudit' package and command, so one has overwritten the "
            f"other; repair with: pip uninstall -y modelaudit {OUR_DISTRIBUTION} && pip install {OUR_DISTRIBUTION}")
