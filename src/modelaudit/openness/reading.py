"""What one repository's card says about its openness, read from its evidence before any judgement.

The datasets a model was trained on are read once, by the lineage walk: :func:`read_datasets` takes
the dataset nodes the graph already holds (their status, their card's declared licences) instead of
re-deriving anything from the card's ``datasets:`` list.

The README is the repository's ``RepoEvidence``: its sentences come from the one splitter every
reader uses, its sections from the one heading grammar, its card metadata from the source (or the
README's own front matter). Code and paper links are found here: the evidence's links are Hub links
only, and a training codebase lives on GitHub, GitLab, Codeberg or Bitbucket.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from modelaudit.evidence import RepoEvidence
from modelaudit.kinds import Relation
from modelaudit.lineage.graph import NodeKind, NodeStatus
from modelaudit.openness.terms import combined, open_for_mof, osd_conformant
from modelaudit.sources.records import FileStatus, ModelRecord

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis

_CODE_LINK = re.compile(r"https?://(?:www\.)?(?:github\.com|gitlab\.com|codeberg\.org|bitbucket\.org)/[\w.-]+/[\w.-]+", re.I)
_TRAINING_CODE = re.compile(
    r"\b(?:pre-?training|training|train|fine-?tuning)\s+(?:code|scripts?|recipes?|codebase|framework|pipeline|repo(?:sitory)?)\b"
    r"|\bcode\s+(?:used\s+)?(?:to|for)\s+(?:pre-?)?train",
    re.I,
)
_DATA_HEADING = re.compile(
    r"^\s{0,3}#{1,6}[^\n]*\b(?:pre-?training|training|fine-?tuning)\s+(?:data|datasets?|corpus|corpora|mixture)\b"
    r"|^\s{0,3}#{1,6}\s*(?:data|datasets?|data\s+card)\s*$",
    re.I | re.M,
)
_DATA_RELEASED = re.compile(
    r"\b(?:data(?:sets?)?|corpus|corpora|data\s+sequence|data\s+mixture)\b[^.\n]{0,60}"
    r"\b(?:released|open[- ]sourced|publicly\s+available|available\s+(?:at|on|from|under))\b",
    re.I,
)
_DATA_WITHHELD = re.compile(
    r"\b(?:proprietary|undisclosed|internal|private|closed)\s+(?:training\s+)?(?:data|datasets?|corpus|corpora)\b"
    r"|\b(?:data|datasets?|corpus|corpora)\b[^.\n]{0,60}\bnot\s+(?:be\s+)?(?:publicly\s+)?"
    r"(?:released|disclosed|available|shared|published)\b",
    re.I,
)
_DATA_MENTION = re.compile(r"\btrained\s+on\b[^.\n]{0,120}\b(?:tokens|data|datasets?|corpus|corpora|text)\b", re.I)
_EVAL_HEADING = re.compile(r"^\s{0,3}#{1,6}[^\n]*\b(?:evaluation|benchmarks?|results)\b", re.I | re.M)
_EVAL_DATA_HEADING = re.compile(r"^\s{0,3}#{1,6}[^\n]*\bevaluation\s+(?:data|datasets?)\b", re.I | re.M)
_EVAL_CODE = re.compile(r"lm-evaluation-harness|\beval(?:uation)?\s+(?:code|scripts?|harness|suite)\b", re.I)
_PREPROCESSING_CODE = re.compile(
    r"\b(?:data\s+(?:pre-?)?processing|pre-?processing|data\s+preparation|data\s+cleaning|data\s+filtering"
    r"|de-?duplication|data\s+curation)\s+(?:code|scripts?|pipeline|toolkit|tools?|tooling)\b",
    re.I,
)
_INTERMEDIATE = re.compile(r"\b(?:intermediate|training)\s+checkpoints\b|\bstep\d{3,}\b", re.I)
# "\b\d[\d,]*\s+(?:intermediate\s+)?checkpoints\b" tried from every digit after a comma rescans the rest
# of "1,1,1,...": each run of digits and commas is read once instead (whether any start in it is valid).
_NUMBER_RUN = re.compile(r"(?<![\d,])[\d,]+")
_NUMBER_START = re.compile(r"\b\d|[\d,]*?,\d")
_CHECKPOINTS_AFTER = re.compile(r"\s+(?:intermediate\s+)?checkpoints\b", re.I)


_PAPER_LINK = re.compile(r"arxiv\.org/(?:abs|pdf)/|\bdoi\.org/", re.I)
_REPORT = re.compile(r"\btechnical\s+report\b|\bresearch\s+paper\b|\bour\s+paper\b|\bthe\s+paper\b", re.I)
_INFERENCE_CODE = re.compile(r"\binference\s+(?:code|scripts?|examples?)\b", re.I)
_MODELING_FILE = re.compile(r"(?:^|/)modeling_\w+\.py$")


def _intermediate(body: str) -> bool:
    if _INTERMEDIATE.search(body):
        return True
    return any(_NUMBER_START.match(body, m.start(), m.end()) and _CHECKPOINTS_AFTER.match(body, m.end())
               for m in _NUMBER_RUN.finditer(body))


@dataclass(frozen=True)
class DatasetReading:
    """One dataset a node was trained on, as the lineage walk read it (a ``trained-on`` edge)."""

    id: str  # the node id, ``datasets/org/name``
    status: NodeStatus
    read: bool  # its record was fetched: the card's licence is what the dataset's publisher declares
    licences: tuple[str, ...] = ()  # declared licence ids ("unknown (raw)" for one not identified)
    osd_conformant: bool | None = None  # all declared licences OSD-conformant; None: not established
    open_for_mof: bool | None = None  # all declared licences open data licences (MOF's "datasets")
    inferred: bool = False  # the edge rests on README prose or links, not the card's ``datasets:``

    def describe(self) -> str:
        if self.status is NodeStatus.MISSING:
            return f"training dataset {self.id} does not exist on the Hub"
        if not self.read:
            return f"training dataset {self.id} could not be read ({self.status.value})"
        if not self.licences:
            return f"training dataset {self.id} was read on the Hub; its card declares no licence"
        terms = {True: "OSD-conformant", False: "not OSD-conformant", None: "conformance not established"}
        return (f"training dataset {self.id} was read on the Hub; its card declares {', '.join(self.licences)} "
                f"({terms[self.osd_conformant]})")


@dataclass(frozen=True)
class CardReading:
    """What one node's record says about its openness, before any judgement."""

    has_record: bool = False
    card_read: bool = False  # the README was read (or the repo has none): absence of evidence is evidence
    card_present: bool = False
    gated: str | None = None
    datasets: tuple[str, ...] = ()
    data_sections: bool = False
    data_released: tuple[str, ...] = ()  # sentences saying the data is released
    data_withheld: tuple[str, ...] = ()  # sentences saying it is not
    data_mentioned: tuple[str, ...] = ()  # "trained on ..." with no detail
    training_code: tuple[str, ...] = ()  # sentences naming training code
    code_links: tuple[str, ...] = ()
    training_code_links: tuple[str, ...] = ()  # links given *as* the training code (same sentence or section)
    architecture: tuple[str, ...] = ()
    library: str | None = None
    eval_results: bool = False
    eval_data: bool = False
    eval_code: bool = False
    preprocessing_code: bool = False
    intermediate: bool = False
    papers: tuple[str, ...] = ()
    report: bool = False
    inference_code: bool = False
    # The dataset nodes of the lineage this node was trained on (empty when data lineage was not walked).
    dataset_nodes: tuple[DatasetReading, ...] = ()

    @property
    def datasets_read(self) -> tuple[DatasetReading, ...]:
        return tuple(d for d in self.dataset_nodes if d.read)


def _card_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list):
        return tuple(str(v) for v in value if isinstance(v, (str, int, float)) and str(v).strip())
    return ()


def _short(sentence: str, limit: int = 160) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def _card_read(record: ModelRecord) -> bool:
    if record.readme is not None:
        return True
    status = record.status_of("README.md")
    if status is FileStatus.MISSING:
        return True  # the repo has no model card at all: nothing more to find
    # Not fetched, gated, too large or failed: what it would say is unknown.
    return status is None and "README.md" not in record.siblings and bool(record.siblings)


def _links(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.group(0).rstrip(".") for m in _CODE_LINK.finditer(text)))


def _training_code_links(repo: RepoEvidence, sentences: list[str]) -> tuple[str, ...]:
    """Code links the card presents as its training code: in a sentence that says so, or in a section
    whose heading does. A link elsewhere on the card may be inference code or a dependency."""
    found = [link for s in sentences if _TRAINING_CODE.search(s) for link in _links(s)]
    for section in repo.sections:
        if _TRAINING_CODE.search(section.heading):
            found += _links(section.heading) + _links(section.text)
    return tuple(dict.fromkeys(found))


def _architecture(record: ModelRecord, library: str | None) -> tuple[str, ...]:
    out: list[str] = []
    config = record.config  # the Hub's summary of config.json
    if config.get("architectures") or config.get("model_type"):
        names = ", ".join(str(a) for a in config.get("architectures") or [config.get("model_type")])
        out.append(f"config.json names the architecture ({names})")
    modeling = [s for s in record.siblings if _MODELING_FILE.search(s)]
    if modeling:
        out.append(f"the repo ships modelling code ({', '.join(modeling[:3])})")
    if library:
        out.append(f"the architecture is implemented in the {library} library")
    return tuple(out)


def read_card(repo: RepoEvidence | None) -> CardReading:
    """What a node's evidence says about its openness (``None``: the node has no record)."""
    if repo is None:
        return CardReading(has_record=False)
    record = repo.record
    body = repo.body
    card = repo.card
    sentences = [s.text for s in repo.sentences]
    withheld = tuple(_short(s) for s in sentences if _DATA_WITHHELD.search(s))
    released = tuple(_short(s) for s in sentences if _DATA_RELEASED.search(s) and not _DATA_WITHHELD.search(s))
    mentioned = tuple(_short(s) for s in sentences if _DATA_MENTION.search(s))
    training_code = tuple(_short(s) for s in sentences if _TRAINING_CODE.search(s))
    model_index = card.get("model-index")
    eval_data = _EVAL_DATA_HEADING.search(body) is not None or (
        isinstance(model_index, list) and "dataset" in repr(model_index)
    )
    library = record.library_name or (card.get("library_name") if isinstance(card.get("library_name"), str) else None)
    papers = tuple(t.split(":", 1)[1] for t in record.tags if t.lower().startswith("arxiv:"))
    if not papers and _PAPER_LINK.search(body):
        papers = ("linked from the model card",)
    return CardReading(
        has_record=True,
        card_read=_card_read(record),
        card_present=bool(record.readme and record.readme.strip()),
        gated=record.gated,
        datasets=_card_list(card.get("datasets")),
        data_sections=_DATA_HEADING.search(body) is not None,
        data_released=released,
        data_withheld=withheld,
        data_mentioned=mentioned,
        training_code=training_code,
        code_links=_links(body),
        training_code_links=_training_code_links(repo, sentences),
        architecture=_architecture(record, library),
        library=library,
        eval_results=bool(model_index) or _EVAL_HEADING.search(body) is not None,
        eval_data=eval_data,
        eval_code=_EVAL_CODE.search(body) is not None,
        preprocessing_code=_PREPROCESSING_CODE.search(body) is not None,
        intermediate=_intermediate(body) or any(re.search(r"step\d{3,}", s) for s in record.siblings),
        papers=papers,
        report=_REPORT.search(body) is not None,
        inference_code=_INFERENCE_CODE.search(body) is not None,
    )


def read_datasets(analysis: ModelAnalysis, node_id: str) -> tuple[DatasetReading, ...]:
    """The datasets ``node_id`` was trained on, from the lineage's dataset nodes and their declared
    licences (``analysis.declared``: identified once, from the card the walk fetched)."""
    graph = analysis.graph
    out: list[DatasetReading] = []
    for edge in graph.parents(node_id):
        node = graph.node(edge.parent)
        if edge.relation is not Relation.TRAINED_ON or node.kind is not NodeKind.DATASET:
            continue
        declared = analysis.declared(node.id)
        read = graph.record(node.id) is not None and node.status not in (NodeStatus.MISSING, NodeStatus.UNAVAILABLE)
        identified = declared.identified if declared is not None and read else ()
        licences = tuple(i.id if i.known else f"unknown ({i.raw})" for i in identified)
        found = [i.license for i in identified]
        out.append(DatasetReading(
            id=node.id, status=node.status, read=read, licences=licences,
            osd_conformant=combined(osd_conformant(lic) for lic in found) if found else None,
            open_for_mof=combined(open_for_mof(lic) for lic in found) if found else None,
            inferred=edge.inferred,
        ))
    return tuple(out)


__all__ = ["CardReading", "DatasetReading", "read_card", "read_datasets"]
