"""Which files of a repository are worth a request.

Every request costs time (and the benchmark counts them), so a record only carries the files
that can change a conclusion: the README always (prose lineage, licence sections), the adapter
config of an adapter, ``config.json`` only when the card names no base model (its
``_name_or_path`` is a weak clue), and licence / notice files only when the card's own licence
field cannot identify the licence by itself (see ``modelaudit.vocabulary``).

The README is asked for even when the Hub's file list does not name it (or there is no list):
the list can be incomplete, and a README nobody asked for would otherwise read as "no README",
an established fact. A 404 then means the repo really has none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from modelaudit.vocabulary import is_license_file, is_notice_file, is_unspecific_license

__all__ = ["MAX_LICENSE_FILES", "README", "card_license_is_specific", "is_license_file", "is_notice_file",
           "plan_files"]

README = "README.md"
MAX_LICENSE_FILES = 2


def card_license_is_specific(card_data: Mapping[str, Any]) -> bool:
    value = card_data.get("license")
    values = value if isinstance(value, list) else [value]
    names = [v for v in values if v is not None]
    return bool(names) and not any(is_unspecific_license(n) for n in names)


def plan_files(card_data: Mapping[str, Any], siblings: Sequence[str], *, publisher: bool = False) -> list[str]:
    """The files to read for one repo, in order of usefulness. Only root-level files are considered.

    ``publisher``: the repo belongs to an organisation that publishes a model family of its own
    (meta-llama, google, Qwen, deepseek-ai ...). Their ``config.json`` ``_name_or_path`` names
    their own checkpoints, and their derivatives state lineage in the README, so the request is
    not worth its cost (cold runs stay at about two requests per node)."""
    root_files = [s for s in siblings if "/" not in s]
    present = set(root_files)
    wanted = [README]
    if "adapter_config.json" in present:
        wanted.append("adapter_config.json")
    if "config.json" in present and not card_data.get("base_model") and not publisher:
        wanted.append("config.json")
    wanted.extend(sorted(n for n in root_files if is_notice_file(n)))
    if not card_license_is_specific(card_data):
        wanted.extend(sorted(n for n in root_files if is_license_file(n))[:MAX_LICENSE_FILES])
    return wanted
