"""Everything we can say about one record's parents, declared or inferred.

The signals are read from the record's evidence (``modelaudit.evidence``, parsed once) by the extractors
registered in ``lineage.extractors`` (declared in ``modelaudit.lineage_signals``), stage by stage:

* declared — the card's ``base_model`` and the Hub's tags — is always read and, when it names a parent,
  used as it is, with what the other signals add to it (``supplement``: distillation teachers from the
  README and, for a merge, the merged models its README lists that the card leaves out);
* without it, the primary signals (the adapter config, README prose);
* then the fallbacks, one after another while no stronger signal names a specific model: ``config.json``'s
  ``_name_or_path``, a Notice/LICENSE file, and finally the repo name and the names of its GGUF files;
* always, beside them, data lineage (``Stage.DATA``, kept apart in ``RecordAnalysis.data``): the datasets a
  model was trained on and the closed services whose outputs it learned from; for a dataset record (only the
  signals of its repository type are read) its source datasets and the models that generated it.

A model trained on a dataset that is no pretraining corpus, with no base named, is a fine-tune of a base we
do not know: unresolved, never a root.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modelaudit.cards import has_front_matter
from modelaudit.evidence import RepoEvidence
from modelaudit.kinds import Relation, SourceKind
from modelaudit.lineage.claims import ParentClaim, merge_claims
from modelaudit.lineage.extractors import REGISTRY, Extractor, Findings, Reading
from modelaudit.lineage.names import Catalogue, name_of, org_of
from modelaudit.lineage.prose import self_derivation_sentence
from modelaudit.lineage_signals import Stage
from modelaudit.refs import dataset_repo_id
from modelaudit.sources.records import FileStatus, ModelRecord


@dataclass(frozen=True)
class RecordAnalysis:
    claims: tuple[ParentClaim, ...]  # the model's own lineage: bases, teachers, families
    notes: tuple[str, ...]
    derivative_signals: tuple[str, ...]
    modality: str
    unread: tuple[str, ...] = ()  # evidence that exists (or may exist) but could not be read
    # Declared bases that could not be read into a model (the raw value in each reason): the node is
    # unresolved even if other declared bases were used.
    unresolved: tuple[str, ...] = ()
    # Data lineage (``Stage.DATA``): the datasets a model was trained on and the closed services whose outputs it
    # learned from; a dataset's sources and generators. Never what establishes a model's own lineage.
    data: tuple[ParentClaim, ...] = ()


_UNREAD_WHY = {
    FileStatus.GATED: "not read: the repository is gated and no token with access was given (set HF_TOKEN)",
    FileStatus.ERROR: "not read: the Hub kept failing",
    FileStatus.TOO_LARGE: "is larger than the reading limit; what follows the limit was not read",
}
_UNREADABLE_FRONT_MATTER = ("README.md front matter could not be read (not YAML, or not a mapping): the base_model "
                            "and license it may declare are unknown")


def unread_evidence(record: ModelRecord) -> tuple[str, ...]:
    """Why part of a record's lineage evidence is missing. Any reason makes the node incomplete:
    the sentence we could not read may be the one that names a parent (fail closed)."""
    reasons: list[str] = []
    listed = set(record.siblings)
    for name, status in sorted(record.file_status.items()):
        if status in _UNREAD_WHY:
            reasons.append(f"{name} {_UNREAD_WHY[status]}")
        elif status is FileStatus.MISSING and name in listed:
            reasons.append(f"{name} is listed in the repository but the Hub did not serve it")
    if not record.siblings and "README.md" not in record.file_status:
        reasons.append("the Hub listed no files, so the README could not be looked for")
    return tuple(reasons)


def _has_no_readme(record: ModelRecord) -> bool:
    """Established absence: asked for and not there (404) although unlisted, or — for records from
    before the README was always asked for — not in a file list that exists."""
    if "README.md" in record.files or "README.md" in record.siblings:
        return False
    status = record.status_of("README.md")
    return status is FileStatus.MISSING or (status is None and bool(record.siblings))


def derivative_signals(evidence: RepoEvidence, catalogue: Catalogue) -> list[str]:
    """Why this repo looks like a derivative rather than an original model."""
    record = evidence.record
    card = evidence.card
    signals: list[str] = []
    tags = {t.lower() for t in record.tags}
    signals += [f"tag {t}" for t in sorted(tags & catalogue.signal_tags)]
    if record.library_name and record.library_name.lower() in catalogue.signal_libraries:
        signals.append(f"library {record.library_name}")
    signals += [f"file {f}" for f in catalogue.file_signals(record.siblings)]
    signals += [f"name token {t!r}" for t in catalogue.name_signals(name_of(record.repo_id))]
    if card.get("base_model_relation"):
        signals.append(f"card base_model_relation {card.get('base_model_relation')}")
    return signals


def default_relation(signals: list[str], catalogue: Catalogue) -> Relation:
    """The relation implied by how a repo looks, for evidence that names a parent but not how: the first
    group of the catalogue's ``relation_keywords`` found in the signals, else a fine-tune."""
    text = " ".join(signals).lower()
    for relation, keywords in catalogue.relation_keywords:
        if any(k in text for k in keywords):
            return relation
    return Relation.FINETUNE


def modality(record: ModelRecord, catalogue: Catalogue) -> str:
    model_type = str(record.config.get("model_type") or "").lower()
    tags = {t.lower() for t in record.tags}
    if (
        (record.pipeline_tag or "") in catalogue.multimodal_pipelines
        or model_type in catalogue.multimodal_model_types
        or tags & catalogue.multimodal_tags
        or tags & catalogue.multimodal_pipelines
    ):
        return "multimodal"
    return "text"


def _unreadable_front_matter(evidence: RepoEvidence) -> tuple[str, ...]:
    """A local README whose front matter is there but cannot be read: its card metadata (base_model,
    license) is missing, not absent. (A Hub record's metadata is the Hub's own reading of the card.)"""
    record = evidence.record
    local = record.source in (SourceKind.LOCAL, SourceKind.LOCAL_FILE)
    if local and evidence.front_matter is None and has_front_matter(record.readme):
        return (_UNREADABLE_FRONT_MATTER,)
    return ()


def _read(extractor_findings: list[Findings], notes: list[str], unresolved: list[str]) -> list[ParentClaim]:
    claims: list[ParentClaim] = []
    for findings in extractor_findings:
        claims += findings.claims
        notes += findings.notes
        unresolved += findings.unresolved
    return claims


def analyse_record(evidence: RepoEvidence, catalogue: Catalogue, *,
                   registry: Sequence[Extractor] = REGISTRY) -> RecordAnalysis:
    """What ``evidence`` says about the record's parents, read by the extractors of ``registry`` that read its
    repository type (a model's base and teachers, the datasets it was trained on; a dataset's sources and
    generators)."""
    record = evidence.record
    registry = [x for x in registry if record.repo_type in x.signal.repo_types]
    notes: list[str] = []
    unresolved: list[str] = []
    unread = unread_evidence(record) + _unreadable_front_matter(evidence)
    if record.repo_type != "model":
        reading = Reading(evidence, catalogue, Relation.UNKNOWN)
        unread += tuple(reason for x in registry if x.reader.unread for reason in x.reader.unread(reading))
        if _has_no_readme(record):
            notes.append("no README in the repository")
        notes += record.notes
        data = _read([x.reader.read(reading) for x in registry if x.stage is Stage.DATA], notes, unresolved)
        return RecordAnalysis((), tuple(notes), (), "text", unread, tuple(unresolved), tuple(merge_claims(data)))

    signals = derivative_signals(evidence, catalogue)
    relation = default_relation(signals, catalogue)
    reading = Reading(evidence, catalogue, relation)
    unread += tuple(reason for x in registry if x.reader.unread for reason in x.reader.unread(reading))
    if _has_no_readme(record):
        notes.append("no README in the repository")
    notes += record.notes
    modality_ = modality(record, catalogue)
    data = merge_claims(_read([x.reader.read(reading) for x in registry if x.stage is Stage.DATA], notes, unresolved))

    staged = {stage: [x for x in registry if x.stage is stage] for stage in Stage}
    declared = _read([x.reader.read(reading) for x in staged[Stage.DECLARED]], notes, unresolved)
    if declared:
        # The card is trusted as it is, but what it leaves out can only add terms.
        extra = [c for x in registry if x.stage not in (Stage.DECLARED, Stage.DATA) and x.reader.supplement
                 for c in x.reader.supplement(reading, declared)]
        named = {d.target.lower() for d in declared}
        claims = declared + [t for t in extra if t.target.lower() not in named]
        return RecordAnalysis(tuple(merge_claims(claims)), tuple(notes), tuple(signals), modality_, unread,
                              tuple(unresolved), tuple(data))

    candidates = _read([x.reader.read(reading) for x in staged[Stage.PRIMARY]], notes, unresolved)
    # Weaker evidence is read when the stronger names no parent, or only a family ("fine-tune
    # Llama 3.2 faster with Unsloth" in a repo named after Meta-Llama-3.1-8B-Instruct).
    for weaker in staged[Stage.FALLBACK]:
        if candidates and any(not c.is_family for c in candidates):
            break
        candidates = candidates + _read([weaker.reader.read(reading)], notes, unresolved)
    claims = merge_claims(candidates)
    if any(not c.is_family for c in claims):
        claims = [c for c in claims if not c.is_family]
    if not claims and evidence.body:
        publisher = (org_of(record.repo_id) or "").lower() in catalogue.publisher_orgs()
        said = self_derivation_sentence(evidence, () if publisher else catalogue.attribution_phrases)
        if said:
            signals.append(f'README: "{said}"')
    if not claims:
        signals += _fine_tuning_data(evidence, data, catalogue)
    if not claims and signals:
        notes.append("looks derived (" + "; ".join(signals[:4]) + ") but no base model could be established")
    return RecordAnalysis(tuple(claims), tuple(notes), tuple(signals), modality_, unread, tuple(unresolved),
                          tuple(data))


def _fine_tuning_data(evidence: RepoEvidence, data: Sequence[ParentClaim], catalogue: Catalogue) -> list[str]:
    """A model trained on a dataset that is no pretraining corpus, naming no base, is a fine-tune of a base we
    do not know — never a root — unless its README says it was trained from scratch."""
    trained_on = [dataset_repo_id(c.target) for c in data if c.relation is Relation.TRAINED_ON]
    tuning = [d for d in trained_on if not catalogue.data.is_pretraining_corpus(d)]
    if not tuning or catalogue.data.original.search(evidence.body):
        return []
    return [f"trained on dataset {d}" for d in tuning[:2]]
