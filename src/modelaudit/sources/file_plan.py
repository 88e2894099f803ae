"""Which files of a repository are worth a request.

Every request costs time (and the benchmark counts them), so a record only carries the files
that can change a conclusion. What the lineage signals need is declared with them, in
``modelaudit.lineage_signals.SIGNALS`` (the core layer: sources may not import lineage); this
module turns those wants, and the README and licence files every other reader needs, into the
list of files to fetch. Today that is: the README always (prose lineage, licence sections), the
adapter config of an adapter, ``config.json`` only when the card names no base model (its
``_name_or_path`` is a weak clue), Notice files, and licence files only when the card's own
licence field cannot identify the licence by itself or names a generic licence whose text is checked
whole (see ``modelaudit.vocabulary``). A dataset
repo gets the README and, under the same condition, its licence files (``DATASET_WANTS``).

The README is asked for even when the Hub's file list does not name it (or there is no list):
the list can be incomplete, and a README nobody asked for would otherwise read as "no README",
an established fact. A 404 then means the repo really has none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from modelaudit.lineage_signals import LICENSE_FILES, SIGNALS, FileWant, Need, Signal
from modelaudit.lineage_signals import README as README_WANT
from modelaudit.vocabulary import is_license_file, is_notice_file, is_text_checked_license, is_unspecific_license

__all__ = ["DATASET_WANTS", "MAX_LICENSE_FILES", "README", "WANTS", "card_license_is_specific", "is_license_file",
           "is_notice_file", "is_planned_file", "plan_files", "wants_for", "wants_of"]

README = "README.md"
MAX_LICENSE_FILES = LICENSE_FILES.limit or 0


def wants_of(signals: Sequence[Signal]) -> tuple[FileWant, ...]:
    """The file wants of a registry, in fetch order: the README first (every reader needs it), then what each
    signal needs in registry order, then the licence files licence identification needs even if no signal
    asked for them. A want listed twice counts once."""
    out: list[FileWant] = []
    for want in (README_WANT, *(w for s in signals for w in s.files), LICENSE_FILES):
        if want not in out:
            out.append(want)
    return tuple(out)


#: Every file want of the lineage signals and the other readers, in the order their files are fetched.
WANTS: tuple[FileWant, ...] = wants_of(SIGNALS)

#: A dataset repo: its README (the card's licence, per-subset licence tables, the sources and generators its
#: prose names) and, when the card's licence field is unspecific, its licence files. The model signals' files
#: (``config.json``, ``adapter_config.json``) say nothing about a dataset; no request is spent on them.
DATASET_WANTS: tuple[FileWant, ...] = (README_WANT, LICENSE_FILES)


def wants_for(repo_type: str) -> tuple[FileWant, ...]:
    """The file wants of a repo type (``model`` or ``dataset``, as ``ModelRecord.repo_type`` says)."""
    return DATASET_WANTS if repo_type == "dataset" else WANTS


def card_license_is_specific(card_data: Mapping[str, Any]) -> bool:
    """Whether the card's licence field identifies the licence by itself. Not when it is unspecific
    (``other``), nor when it names a generic licence whose text is often modified (``mit``): the licence file
    decides then (a Modified MIT with a revenue cut-off must not pass as MIT)."""
    value = card_data.get("license")
    values = value if isinstance(value, list) else [value]
    names = [v for v in values if v is not None]
    return bool(names) and not any(is_unspecific_license(n) or is_text_checked_license(n) for n in names)


def _applies(need: Need, card_data: Mapping[str, Any], publisher: bool) -> bool:
    if need is Need.NO_DECLARED_BASE:
        return not card_data.get("base_model") and not publisher
    if need is Need.UNSPECIFIC_LICENSE:
        return not card_license_is_specific(card_data)
    return True


def plan_files(card_data: Mapping[str, Any], siblings: Sequence[str], *, publisher: bool = False,
               wants: Sequence[FileWant] = WANTS) -> list[str]:
    """The files to read for one repo, in order of usefulness. Only root-level files are considered.

    ``publisher``: the repo belongs to an organisation that publishes a model family of its own
    (meta-llama, google, Qwen, deepseek-ai ...). Their ``config.json`` ``_name_or_path`` names
    their own checkpoints, and their derivatives state lineage in the README, so the request is
    not worth its cost (cold runs stay at about two requests per node)."""
    root_files = [s for s in siblings if "/" not in s]
    wanted: list[str] = []
    for want in wants:
        if not _applies(want.need, card_data, publisher):
            continue
        if want.need is Need.ALWAYS and want.name is not None:
            names = [want.name]
        else:
            names = sorted(n for n in root_files if want.matches(n))[: want.limit]
        wanted.extend(n for n in names if n not in wanted)
    return wanted


def is_planned_file(name: str) -> bool:
    """Whether some reader wants a root-level file of this name (a local directory reads them all: no request
    costs anything there)."""
    return any(want.matches(name) for want in WANTS)
