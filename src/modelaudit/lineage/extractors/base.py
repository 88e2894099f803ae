"""What a lineage extractor is given, what it returns, and what its module provides."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from modelaudit.evidence import RepoEvidence
from modelaudit.kinds import Evidence, Relation
from modelaudit.lineage.claims import ParentClaim
from modelaudit.lineage.names import Catalogue
from modelaudit.lineage_signals import FileWant, Signal, Stage
from modelaudit.sources.records import FetchOutcome, ModelRecord

#: Fetches another model repository by id (through the walk's source, so memoised): for a signal whose
#: candidate parent must be confirmed to exist before it is claimed.
Probe = Callable[[str], FetchOutcome]


@dataclass(frozen=True)
class Reading:
    """One repository as every extractor reads it: its evidence (parsed once), the catalogue, and the
    relation its looks imply, for evidence that names a parent but not how. ``probe`` is ``None`` when no
    source is at hand (a record analysed on its own): a signal that needs one then claims nothing."""

    evidence: RepoEvidence
    catalogue: Catalogue
    relation: Relation
    probe: Probe | None = None

    @property
    def record(self) -> ModelRecord:
        return self.evidence.record


@dataclass(frozen=True)
class Findings:
    claims: tuple[ParentClaim, ...] = ()
    notes: tuple[str, ...] = ()
    # Parents the evidence declares but that cannot be read into a model: the node is unresolved even if
    # other parents were found (the unreadable one may be the one whose licence binds).
    unresolved: tuple[str, ...] = ()


@dataclass(frozen=True)
class SignalReader:
    """The code of one signal; its module defines ``READER = SignalReader(...)``."""

    read: Callable[[Reading], Findings]
    #: For a signal read when nothing is declared: what it adds to declared parents anyway, because a card
    #: only ever leaves terms out (distillation teachers, the rest of a merge's models). Given those parents.
    supplement: Callable[[Reading, Sequence[ParentClaim]], Sequence[ParentClaim]] | None = None
    #: Why part of its evidence exists but could not be read (asked of every record, whatever is declared):
    #: any reason makes the node incomplete.
    unread: Callable[[Reading], Sequence[str]] | None = None


@dataclass(frozen=True)
class Extractor:
    """A registered lineage signal: its declaration (``lineage_signals.Signal``) bound to its reader."""

    signal: Signal
    reader: SignalReader

    @property
    def name(self) -> str:
        return self.signal.name

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return self.signal.evidence

    @property
    def rank(self) -> int:
        return self.signal.rank

    @property
    def stage(self) -> Stage:
        return self.signal.stage

    @property
    def files(self) -> tuple[FileWant, ...]:
        return self.signal.files
