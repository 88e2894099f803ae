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
    #: Always read, beside the stages above: data lineage (the datasets a model was trained on, a dataset's
    #: sources and generators, the closed services whose outputs were used). Its claims never stand for a
    #: model's base: they neither stop the fallbacks nor establish a node.
    DATA = "data"


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
    #: The repository types it reads (``ModelRecord.repo_type``): model cards and dataset cards say different things.
    repo_types: frozenset[str] = frozenset({"model"})


#: Reading order. Rank and reading order differ on purpose: a Notice names only a family, so it is read after
#: ``config.json`` (which names a specific model and so stops the fallbacks) but ranks above it.
SIGNALS: tuple[Signal, ...] = (
    Signal("declared", (Evidence.CARD, Evidence.TAGS), 10, Stage.DECLARED, "declared"),
    Signal("adapter-config", (Evidence.ADAPTER_CONFIG,), 20, Stage.PRIMARY, "adapter", (ADAPTER_CONFIG,)),
    Signal("readme", (Evidence.README,), 30, Stage.PRIMARY, "readme", (README,)),
    # Issue 14: a repo named like another repo of its org plus a format suffix ("-GGUF", "-GPTQ-Int4") is its
    # quantization, once a fetch confirms that repo exists. The first fallback (see its module).
    Signal("quant-sibling", (Evidence.NAME,), 61, Stage.FALLBACK, "quant_sibling"),
    Signal("config", (Evidence.CONFIG,), 50, Stage.FALLBACK, "config", (CONFIG,)),
    Signal("notice", (Evidence.NOTICE,), 40, Stage.FALLBACK, "notice", (NOTICE_FILES, LICENSE_FILES)),
    # Issue 14: a GGUF file's header names what it was converted from ("general.name: Llama 3.3 70B Instruct");
    # read before the file name, which says the same less reliably.
    Signal("gguf-name", (Evidence.NAME,), 59, Stage.FALLBACK, "gguf_name"),
    Signal("name", (Evidence.NAME,), 60, Stage.FALLBACK, "name"),
    # Issue 14: a local copy's folder names the Hub repo it was downloaded from (LM Studio). Read when nothing is
    # declared, and added to declared bases (a GGUF header names the original, the folder the quant repo).
    Signal("local-origin", (Evidence.LOCATION,), 45, Stage.PRIMARY, "local_origin"),
    # Issue 13, data lineage. A quoted bare id followed by "model finetuned with/on ..." names the base.
    Signal("quoted-base", (Evidence.README,), 31, Stage.PRIMARY, "quoted_base", (README,)),
    # The datasets a model was trained on: the card's ``datasets:`` (and the Hub's ``dataset:`` tags), then
    # README links, ids and labelled fields.
    Signal("card-datasets", (Evidence.CARD, Evidence.TAGS), 11, Stage.DATA, "card_datasets"),
    Signal("readme-datasets", (Evidence.README,), 32, Stage.DATA, "readme_datasets", (README,)),
    # Closed services (GPT-4, Claude, Gemini...) whose outputs a model was trained on: its teachers.
    Signal("service-teachers", (Evidence.README,), 33, Stage.DATA, "service_teachers", (README,)),
    # A dataset's sources (``source_datasets``, README derivation cues) and the models that generated it.
    Signal("source-datasets", (Evidence.CARD, Evidence.TAGS), 12, Stage.DATA, "source_datasets",
           repo_types=frozenset({"dataset"})),
    Signal("readme-sources", (Evidence.README,), 34, Stage.DATA, "readme_sources", (README,),
           repo_types=frozenset({"dataset"})),
    Signal("generators", (Evidence.README, Evidence.TAGS), 35, Stage.DATA, "generators", (README,),
           repo_types=frozenset({"dataset"})),
)


def evidence_rank(signals: tuple[Signal, ...] = SIGNALS) -> tuple[Evidence, ...]:
    """Every evidence kind, strongest first, as the signals' ranks order them."""
    ordered = sorted(signals, key=lambda s: s.rank)
    return tuple(dict.fromkeys(e for s in ordered for e in s.evidence))  # each kind once, where it first ranks


__all__ = ["ADAPTER_CONFIG", "CONFIG", "LICENSE_FILES", "NOTICE_FILES", "README", "SIGNALS", "FileWant", "Need",
           "Signal", "Stage", "evidence_rank", "named"]
