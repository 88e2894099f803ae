"""Lineage graphs with dataset and service nodes, built directly (issue 13), and the audit of them.

Records come from the recorded fixtures in the repository: dataset cards copied into
``tests/fixtures/licensing_data/datasets/`` and model records from ``tests/fixtures/hub/``; students are
synthetic. ``audit`` runs identification, propagation and the default policy exactly as ``check`` does.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from modelaudit.analysis import ModelAnalysis
from modelaudit.kinds import Confidence, Evidence, Relation
from modelaudit.licensing.identify import identify_declared
from modelaudit.licensing.knowledge_base import default_knowledge_base
from modelaudit.licensing.propagation import propagate
from modelaudit.lineage.graph import LineageEdge, LineageGraph, LineageNode, NodeKind, NodeStatus
from modelaudit.policy.engine import evaluate_model
from modelaudit.policy.profile import Profile
from modelaudit.policy.rules import default_policy
from modelaudit.policy.waivers import Waivers
from modelaudit.refs import SERVICE_PREFIX, is_dataset_node_id
from modelaudit.results import ModelReport
from modelaudit.sources.records import FileStatus, ModelRecord

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATASETS = FIXTURES / "licensing_data" / "datasets"
HUB = FIXTURES / "hub"
TODAY = dt.date(2026, 12, 1)


def _record(repo_id: str, info: Mapping[str, Any], readme: str | None, files: Mapping[str, str] = ()) -> ModelRecord:  # type: ignore[assignment]
    all_files = {**({"README.md": readme} if readme is not None else {}), **dict(files)}
    return ModelRecord(repo_id=repo_id, requested_id=repo_id, revision=info.get("sha") or "0" * 40,
                       card_data=dict(info.get("cardData") or {}), tags=tuple(info.get("tags") or ()),
                       siblings=tuple(all_files), files=all_files,
                       file_status={name: FileStatus.READ for name in all_files})


def _from_dir(directory: Path, repo_id: str) -> ModelRecord:
    info = json.loads((directory / "info.json").read_text(encoding="utf-8"))
    readme = directory / "README.md"
    return _record(repo_id, info, readme.read_text(encoding="utf-8") if readme.is_file() else None)


def dataset(repo_id: str) -> ModelRecord:
    """A recorded dataset (``org/name``) as the record a source returns for ``datasets/org/name``."""
    return _from_dir(DATASETS / repo_id.replace("/", "__"), f"datasets/{repo_id}")


def hub_model(repo_id: str) -> ModelRecord:
    return _from_dir(HUB / repo_id.replace("/", "__"), repo_id)


def synthetic(repo_id: str, card: Mapping[str, Any] | None = None, body: str = "", *,
              files: Mapping[str, str] | None = None) -> ModelRecord:
    """A repository whose card is ``card`` (a dataset when ``repo_id`` starts with ``datasets/``)."""
    card = dict(card or {})
    tags = [f"license:{v}" for v in (card["license"] if isinstance(card.get("license"), list)
                                       else [card["license"]] if card.get("license") else [])]
    return _record(repo_id, {"cardData": card, "tags": tags}, f"# {repo_id}\n\n{body}\n", files or {})


Edge = tuple[str, str, Relation] | tuple[str, str, Relation, bool]


def graph(subject: str, records: Sequence[ModelRecord], edges: Iterable[Edge],
          status: Mapping[str, NodeStatus] | None = None) -> LineageGraph:
    """The graph of ``records`` plus a node for every other id the edges name (services, unread datasets).
    An edge is (parent, child, relation[, inferred])."""
    by_id = {r.repo_id: r for r in records}
    edge_list = list(edges)
    ids = list(dict.fromkeys([subject, *by_id, *(e[0] for e in edge_list), *(e[1] for e in edge_list)]))
    nodes = []
    for node_id in ids:
        kind = (NodeKind.DATASET if is_dataset_node_id(node_id) else
                NodeKind.SERVICE if node_id.startswith(SERVICE_PREFIX) else NodeKind.MODEL)
        default = NodeStatus.RESOLVED if node_id in by_id or kind is NodeKind.SERVICE else NodeStatus.UNAVAILABLE
        nodes.append(LineageNode(node_id, (status or {}).get(node_id, default), kind))
    lineage_edges = [
        LineageEdge(e[0], e[1], e[2], Evidence.README if len(e) > 3 and e[3] else Evidence.CARD,
                    Confidence.INFERRED if len(e) > 3 and e[3] else Confidence.DECLARED,
                    (f"{e[1]} names {e[0]} ({e[2].value})",))
        for e in edge_list
    ]
    return LineageGraph(subject, subject, nodes, lineage_edges, records=by_id)


def analyse(lineage: LineageGraph) -> ModelAnalysis:
    kb = default_knowledge_base()
    declared = {node_id: identify_declared(evidence, kb) for node_id in lineage.records
                if (evidence := lineage.evidence(node_id)) is not None}
    return ModelAnalysis(lineage.subject, lineage, propagate(lineage, declared, kb))


def audit(lineage: LineageGraph, **profile: Any) -> ModelReport:
    """The default policy's report on the graph's subject; ``profile`` fields as keyword arguments."""
    profile.setdefault("uses", ("commercial",))
    return evaluate_model(analyse(lineage), profile=Profile(**profile), policy=default_policy(),
                          waivers=Waivers(), today=TODAY)


def by_rule(report: ModelReport, rule: str) -> list[Any]:
    return [f for f in report.findings if f.rule == rule]
