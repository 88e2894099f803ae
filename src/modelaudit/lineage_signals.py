"""The lineage signals, as data: the ordered registry of what can name a model's parents.

Each ``Signal`` says which ``kinds.Evidence`` its claims cite, how strong that evidence is (``rank``,
strongest first), when it is read (``stage``), which repository files it needs (``files``) and which
module of ``modelaudit.lineage.extractors`` reads it (``extractor``). ``SIGNALS`` is in reading order.

Why here, in the core layer, and not in ``lineage/``: the source that fetches a repository
(``sources/file_plan.py``) must know which files the signals need, and sources may not import
lineage. So the declarative half of the registry lives where both can read it — the file plan asks
``SIGNALS`` what to fetch, ``lineage.extractors`` binds each row to its reading code, and
``lineage.claims.EVIDENCE_RANK`` is derived from the ranks — and a new signal is one module under
``lineage/extractors/`` plus one row here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from modelaudit.kinds import Evidence
from modelaudit.vocabulary import is_license_file, is_notice_file


class Stage(str, Enum):
    """When a signal is read (in registry order within a stage)."""

    #: Always read. When it names a parent, the card is trusted as it is: the other signals may only add
    #: what it leaves out (their extractor's ``supplement``).
    DECLARED = "declared"
    #: Read when nothing is declared.
    PRIMARY = "primary"
    #: Weaker clues, read one after another only while no stronger signal names a specific model (a family
    #: alone does not stop them).
    FALLBACK = "fallback"


class Need(str, Enum):
    """Under which card condition a file is worth a request."""

    ALWAYS = "always"  # asked for even when the Hub's file list does not name it (the list can be incomplete)
    LISTED = "listed"  # when the repository lists it
    #: When listed, the card declares no ``base_model`` and the publisher is not the maker of a model family
    #: (their derivatives state lineage in the README; their configs name their own checkpoints).
    NO_DECLARED_BASE = "no-declared-base"
    #: When listed and the card's ``license`` cannot identify the licence by itself (``other``, ``custom`` ...).
    UNSPECIFIC_LICENSE = "unspecific-license"


@dataclass(frozen=True)
class FileWant:
    """Root-level files of a repository a reader needs: which names, when, and at most how many."""

    label: str  # for documentation and messages: "config.json", "LICENSE files"
    matches: Callable[[str], bool]
    need: Need = Need.LISTED
    limit: int | None = None  # at most this many of the matching files (sorted by name)
    name: str | None = None  # the one file it wants, when it wants one by name (required for ``Need.ALWAYS``)


def named(name: str, need: Need = Need.LISTED) -> FileWant:
    """A want for one exact file name."""
    return FileWant(name, lambda candidate: candidate == name, need, name=name)


README = named("README.md", Need.ALWAYS)
ADAPTER_CONFIG = named("adapter_config.json")
CONFIG = named("config.json", Need.NO_DECLARED_BASE)
NOTICE_FILES = FileWant("NOTICE files", is_notice_file)
#: Licence files are large and usually say what the card already says: two at most, and only when the card's
#: licence is unspecific (licence identification reads them too).
LICENSE_FILES = FileWant("LICENSE files", is_license_file, Need.UNSPECIFIC_LICENSE, limit=2)


@dataclass(frozen=True)
class Signal:
    name: str
    evidence: tuple[Evidence, ...]  # the evidence its claims cite, strongest first
    rank: int  # lower is stronger: where its evidence sits in ``EVIDENCE_RANK`` (gaps leave room)
    stage: Stage
    extractor: str  # the module under ``modelaudit.lineage.extractors`` that reads it
    files: tuple[FileWant, ...] = ()


#: Reading order. Rank and reading order differ on purpose: a Notice names only a family, so it is read after
#: ``config.json`` (which names a specific model and so stops the fallbacks) but ranks above it.
SIGNALS: tuple[Signal, ...] = (
    Signal("declared", (Evidence.CARD, Evidence.TAGS), 10, Stage.DECLARED, "declared"),
    Signal("adapter-config", (Evidence.ADAPTER_CONFIG,), 20, Stage.PRIMARY, "adapter", (ADAPTER_CONFIG,)),
    Signal("readme", (Evidence.README,), 30, Stage.PRIMARY, "readme", (README,)),
    Signal("config", (Evidence.CONFIG,), 50, Stage.FALLBACK, "config", (CONFIG,)),
    Signal("notice", (Evidence.NOTICE,), 40, Stage.FALLBACK, "notice", (NOTICE_FILES, LICENSE_FILES)),
    Signal("name", (Evidence.NAME,), 60, Stage.FALLBACK, "name"),
)


def evidence_rank(signals: tuple[Signal, ...] = SIGNALS) -> tuple[Evidence, ...]:
    """Every evidence kind, strongest first, as the signals' ranks order them."""
    ordered = sorted(signals, key=lambda s: s.rank)
    return tuple(e for s in ordered for e in s.evidence)


__all__ = ["ADAPTER_CONFIG", "CONFIG", "LICENSE_FILES", "NOTICE_FILES", "README", "SIGNALS", "FileWant", "Need",
           "Signal", "Stage", "evidence_rank", "named"]
