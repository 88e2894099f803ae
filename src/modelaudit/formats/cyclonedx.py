"""``check --format cyclonedx``: a CycloneDX 1.6 JSON BOM written with cyclonedx-python-lib.

- Each audited model is a top-level ``machine-learning-model`` component (group = Hub org,
  name = repo name, version = revision sha, purl ``pkg:huggingface/<org>/<name>@<revision>``).
- Its lineage is ``pedigree.ancestors``: the direct parents, each with its own parents in its own
  pedigree, so the tree survives. A node reached along two paths appears once per path, with a
  bom-ref made from the path (bom-refs must be unique in a BOM).
- Licences carry ``acknowledgement``: ``declared`` for what the card says, ``concluded`` for
  modelaudit's effective licences (own and inherited). SPDX-listed licences go by ``id``; model
  licences not on the SPDX list by ``name`` and canonical ``url`` (CycloneDX has no LicenseRef
  registry like SPDX's extracted licensing info).
- Properties under the ``modelaudit:`` namespace: verdict, lineage status, relation and evidence
  of each ancestor edge, active findings.
- Model-card data: cyclonedx-python-lib 11 does not model ``modelCard`` yet, so the BOM gets a
  ``model-card`` external reference (the Hub README is the card) and, after serialisation, a
  minimal ``modelCard`` (task from the Hub's pipeline tag, architecture from config.json, datasets)
  is added to the JSON. The test suite validates the result against the 1.6 schema with the
  library's strict validator, so the addition cannot drift from the standard.
- Data lineage: every dataset a model of the BOM was trained on is a top-level ``data`` component
  (bom-ref ``data:datasets/<org>/<name>@<revision>``) with the licences its card declares, and the
  model's ``modelCard.modelParameters.datasets`` references it (``{"ref": ...}``). The dataset's own
  lineage is its ``pedigree.ancestors``: the datasets it was derived from and the models whose
  outputs it holds (each with its own ancestry). A closed service that generated data is a BOM
  ``services`` entry (bom-ref ``service:<provider>/<model>``), named by the component that holds its
  outputs in a ``modelaudit:lineage.generated-by`` property. The library does not model a data
  component's ``data`` field either; it is added after serialisation like ``modelCard``. Datasets a
  card lists that are not in the lineage (data lineage skipped) stay inline entries, by name.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from modelaudit.formats.view import DATA_KINDS, SERVICE_TERMS, is_data_edge, is_web_url
from modelaudit.kinds import Relation, SourceKind
from modelaudit.lineage.graph import LineageEdge, LineageNode, NodeKind, NodeStatus
from modelaudit.refs import SERVICE_PREFIX, dataset_repo_id
from modelaudit.results import AuditReport, ModelReport

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis
    from modelaudit.licensing.model import License

HUB_URL = "https://huggingface.co/"
_SERIAL_SEED = uuid.UUID("0d6c0b0e-8d52-4a8e-b6f4-5c86b3e0a7d1")


def _is_hub(node: LineageNode) -> bool:
    return (node.source in (SourceKind.HUB, SourceKind.SNAPSHOT)
            and node.status not in (NodeStatus.MISSING, NodeStatus.FAMILY) and "/" in node.id)


def _group_and_name(node: LineageNode) -> tuple[str | None, str]:
    if node.kind is NodeKind.DATASET:
        org, _, name = dataset_repo_id(node.id).partition("/")
        return (org, name) if name else (None, org)
    if _is_hub(node):
        group, name = node.id.split("/", 1)
        return group, name
    return None, node.id


class _Builder:
    def __init__(self, report: AuditReport) -> None:
        self.report = report
        # bom-ref -> the modelCard JSON to attach once the library has serialised the BOM
        self.model_cards: dict[str, dict[str, Any]] = {}
        # bom-ref -> the ``data`` (componentData) JSON of a data component, attached the same way
        self.component_data: dict[str, list[dict[str, Any]]] = {}
        self.datasets: dict[str, Any] = {}  # top-level data components by bom-ref, in the order met
        self.services: dict[str, Any] = {}  # BOM services by bom-ref (the node id)

    def _license(self, lic: License | None, raw: str, acknowledgement: Any) -> Any:
        from cyclonedx.model import XsUri
        from cyclonedx.model.license import DisjunctiveLicense
        from cyclonedx.spdx import is_supported_id

        if lic is None:
            return DisjunctiveLicense(name=f"unidentified licence: {' '.join(raw.split()) or 'no value'}"[:500],
                                      acknowledgement=acknowledgement)
        url = XsUri(lic.url) if is_web_url(lic.url) else None
        if lic.spdx_id and is_supported_id(lic.spdx_id):
            return DisjunctiveLicense(id=lic.spdx_id, url=url, acknowledgement=acknowledgement)
        return DisjunctiveLicense(name=lic.name, url=url, acknowledgement=acknowledgement)

    def _licenses(self, analysis: ModelAnalysis, node: LineageNode) -> list[Any]:
        from cyclonedx.model.license import LicenseAcknowledgement

        out: list[Any] = []
        declared = analysis.declared(node.id)
        for item in declared.identified if declared is not None else ():
            out.append(self._license(item.license, item.raw, LicenseAcknowledgement.DECLARED))
        if node.kind is NodeKind.DATASET:
            return out  # a dataset's terms are what its card declares; what they mean for a model is policy's
        seen: set[str] = set()
        for e in analysis.propagation.effective_of(node.id):
            key = e.id if e.license is not None else f"unknown:{e.raw}"
            if key not in seen:
                seen.add(key)
                out.append(self._license(e.license, e.raw, LicenseAcknowledgement.CONCLUDED))
        return out

    def _component(self, analysis: ModelAnalysis | None, node: LineageNode, ref: str,
                   extra: list[tuple[str, str]], pedigree: Any = None) -> Any:
        from cyclonedx.model import ExternalReference, ExternalReferenceType, Property, XsUri
        from cyclonedx.model.component import Component, ComponentType
        from cyclonedx.model.contact import OrganizationalEntity
        from packageurl import PackageURL

        hub = _is_hub(node)
        dataset = node.kind is NodeKind.DATASET
        group, name = _group_and_name(node)
        # The purl type ``huggingface`` names model repositories; a dataset has none to claim.
        purl = (PackageURL(type="huggingface", namespace=group, name=name, version=node.revision.lower())
                if hub and node.revision and not dataset else None)
        refs = []
        if hub:
            url = XsUri(HUB_URL + node.id)
            refs = [ExternalReference(type=ExternalReferenceType.WEBSITE, url=url)]
            if not dataset:
                refs.append(ExternalReference(type=ExternalReferenceType.MODEL_CARD, url=url,
                                              comment="the Hub README is the model card"))
        props = [("modelaudit:lineage.status", node.status.value)]
        if node.gated:
            props.append(("modelaudit:gated", node.gated))
        props += [("modelaudit:note", n) for n in node.notes]
        props += extra
        if analysis is not None:
            props += self._services_of(analysis, node)
        record = analysis.graph.record(node.id) if analysis is not None else None
        if dataset:
            self.component_data[ref] = [_component_data(node, hub)]
        elif analysis is not None:
            self._model_card(ref, record, self._training_data(analysis, node))
        return Component(
            type=ComponentType.DATA if dataset else ComponentType.MACHINE_LEARNING_MODEL,
            name=name,
            group=group,
            version=node.revision,
            bom_ref=ref,
            purl=purl,
            licenses=self._licenses(analysis, node) if analysis is not None else None,
            external_references=refs,
            properties=[Property(name=k, value=v) for k, v in props],
            pedigree=pedigree,
            # The Hub organisation that publishes the repo supplies it (``author`` is deprecated in 1.6).
            supplier=OrganizationalEntity(name=record.author) if record is not None and record.author else None,
        )

    def _model_card(self, ref: str, record: Any, training: list[dict[str, str]]) -> None:
        params: dict[str, Any] = {}
        if record is not None and record.pipeline_tag:
            params["task"] = str(record.pipeline_tag)
        config = (record.config if record is not None else None) or {}
        if isinstance(config.get("model_type"), str):
            params["architectureFamily"] = config["model_type"]
        architectures = config.get("architectures")
        if isinstance(architectures, list) and architectures and isinstance(architectures[0], str):
            params["modelArchitecture"] = architectures[0]
        datasets = record.card_data.get("datasets") if record is not None and record.card_data else None
        if isinstance(datasets, str):
            datasets = [datasets]
        named: list[dict[str, Any]] = list(training)
        if isinstance(datasets, list):
            # Listed on the card but not in the lineage (data lineage skipped, or not a Hub id): by name.
            in_lineage = {ref_["ref"].split("@", 1)[0].removeprefix("data:datasets/").lower() for ref_ in training}
            named += [{"type": "dataset", "name": d} for d in datasets
                      if isinstance(d, str) and d.strip() and d.strip().lower() not in in_lineage]
        if named:
            params["datasets"] = named
        card: dict[str, Any] = {"modelParameters": params} if params else {}
        if record is not None and record.library_name:
            card["properties"] = [{"name": "modelaudit:library_name", "value": str(record.library_name)}]
        if card:
            self.model_cards[ref] = card

    # -- data lineage ------------------------------------------------------------------------------

    def _training_data(self, analysis: ModelAnalysis, node: LineageNode) -> list[dict[str, str]]:
        """References to the data components of the datasets ``node`` was trained on (created here)."""
        out = []
        for edge in analysis.graph.parents(node.id):
            parent = analysis.graph.node(edge.parent)
            if edge.relation is Relation.TRAINED_ON and parent.kind is NodeKind.DATASET:
                out.append({"ref": self._dataset(analysis, parent)})
        return out

    def _dataset(self, analysis: ModelAnalysis, node: LineageNode) -> str:
        ref = f"data:{node.id}@{node.revision or 'unknown'}"
        if ref not in self.datasets:
            self.datasets[ref] = None  # reserved first: a dataset of its own lineage must not recurse
            from cyclonedx.model.component import Pedigree

            ancestors = list(self._data_ancestors(analysis, node.id, (node.id,), ref))
            self.datasets[ref] = self._component(analysis, node, ref, [],
                                                 Pedigree(ancestors=ancestors) if ancestors else None)
        return ref

    def _data_ancestors(self, analysis: ModelAnalysis, child: str, trail: tuple[str, ...],
                        prefix: str) -> Iterator[Any]:
        """A dataset's pedigree: the datasets it was derived from and the models whose outputs it
        holds, each with its own lineage (services are named by property, see ``_services_of``)."""
        from cyclonedx.model.component import Pedigree

        for edge in analysis.graph.parents(child):
            parent = analysis.graph.node(edge.parent)
            if edge.parent in trail or parent.kind is NodeKind.SERVICE:
                continue
            ref = f"{prefix}>{edge.parent}@{parent.revision or 'unknown'}"
            if parent.kind is NodeKind.DATASET:
                nested = list(self._data_ancestors(analysis, edge.parent, (*trail, edge.parent), ref))
            else:
                nested = list(self._ancestors(analysis, edge.parent, (*trail, edge.parent), ref))
            yield self._component(analysis, parent, ref, _edge_props(edge), Pedigree(ancestors=nested) if nested else None)

    def _services_of(self, analysis: ModelAnalysis, node: LineageNode) -> list[tuple[str, str]]:
        """``modelaudit:lineage.<relation>`` properties naming the closed services ``node`` holds
        outputs of (or was distilled from), each added to the BOM's services."""
        props = []
        for edge in analysis.graph.parents(node.id):
            parent = analysis.graph.node(edge.parent)
            if parent.kind is NodeKind.SERVICE:
                self._service(parent)
                props.append((f"modelaudit:lineage.{edge.relation.value}", parent.id))
        return props

    def _service(self, node: LineageNode) -> None:
        from cyclonedx.model import Property
        from cyclonedx.model.contact import OrganizationalEntity
        from cyclonedx.model.service import Service

        if node.id in self.services:
            return
        provider, _, name = node.id.removeprefix(SERVICE_PREFIX).partition("/")
        self.services[node.id] = Service(
            name=name or provider, group=provider or None, bom_ref=node.id,
            provider=OrganizationalEntity(name=provider) if provider else None,
            description=f"{SERVICE_TERMS}; named in this lineage as the source of data outputs",
            properties=[Property(name="modelaudit:lineage.status", value=node.status.value)],
        )

    # -- models ------------------------------------------------------------------------------------

    def _ancestors(self, analysis: ModelAnalysis, child: str, trail: tuple[str, ...], prefix: str) -> Iterator[Any]:
        """A model's pedigree: the models it takes weights or a teacher from. The data it learned
        from is in its model card, closed services in properties."""
        from cyclonedx.model.component import Pedigree

        for edge in analysis.graph.parents(child):
            if edge.parent in trail:
                continue  # a declared cycle: the cycle itself is reported as a finding
            parent = analysis.graph.node(edge.parent)
            if is_data_edge(edge) or parent.kind in DATA_KINDS:
                continue
            ref = f"{prefix}>{edge.parent}@{parent.revision or 'unknown'}"
            nested = list(self._ancestors(analysis, edge.parent, (*trail, edge.parent), ref))
            yield self._component(analysis, parent, ref, _edge_props(edge),
                                  Pedigree(ancestors=nested) if nested else None)

    def model(self, model: ModelReport) -> Any:
        from cyclonedx.model.component import Pedigree

        analysis = model.analysis
        ref = f"model:{model.model}@{model.revision or 'unknown'}"
        extra = [("modelaudit:verdict", model.verdict.value), ("modelaudit:reference", model.reference)]
        extra += [("modelaudit:finding", f"{f.severity.value} {f.rule}: {f.message}") for f in model.active()]
        extra += [("modelaudit:waived", f"{f.rule}: {f.waiver.reason} (approved by {f.waiver.approver} until "
                   f"{f.waiver.expires.isoformat()})") for f in model.waived() if f.waiver is not None]
        if analysis is None:
            node = LineageNode(id=model.model, status=NodeStatus.UNAVAILABLE, revision=model.revision)
            return self._component(None, node, ref, extra)
        ancestors = list(self._ancestors(analysis, analysis.subject, (analysis.subject,), ref))
        notes = "; ".join(f"{e.parent} -> {e.child}: {e.relation.value}, inferred from {e.evidence.value}"
                          for e in analysis.graph.inferred_edges())
        pedigree = None
        if ancestors:
            pedigree = Pedigree(ancestors=ancestors, notes=f"inferred lineage: {notes}" if notes else None)
        return self._component(analysis, analysis.graph.root, ref, extra, pedigree)


def _component_data(node: LineageNode, hub: bool) -> dict[str, Any]:
    """The ``data`` entry of a dataset's component (CycloneDX 1.6 ``componentData``)."""
    data: dict[str, Any] = {"type": "dataset", "name": node.id}
    if hub and is_web_url(HUB_URL + node.id):
        data["contents"] = {"url": HUB_URL + node.id}
    return data


def _edge_props(edge: LineageEdge) -> list[tuple[str, str]]:
    props = [("modelaudit:lineage.relation", edge.relation.value), ("modelaudit:lineage.confidence", edge.confidence.value),
             ("modelaudit:lineage.evidence", edge.evidence.value), ("modelaudit:lineage.child", edge.child)]
    props += [("modelaudit:lineage.detail", d) for d in edge.details]
    return props


@dataclass(frozen=True)
class _Attachments:
    """What the library cannot write, by bom-ref: modelCard objects and data components' ``data``."""

    model_cards: dict[str, dict[str, Any]]
    component_data: dict[str, list[dict[str, Any]]]


def cyclonedx_bom(report: AuditReport) -> tuple[Any, _Attachments]:
    """The BOM, and what to attach to its components by bom-ref after serialisation."""
    from cyclonedx.model import Property
    from cyclonedx.model.bom import Bom, BomMetaData
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.tool import ToolRepository

    builder = _Builder(report)
    components = [builder.model(m) for m in report.results]
    components += [c for c in builder.datasets.values() if c is not None]
    tool = Component(type=ComponentType.APPLICATION, name="modelaudit", version=report.tool_version,
                     bom_ref=f"tool:modelaudit@{report.tool_version}")
    created = dt.datetime.fromisoformat(report.generated_at)
    meta_props = [("modelaudit:verdict", report.verdict.value), ("modelaudit:policy", report.policy.source),
                  ("modelaudit:policy_name", report.policy.name), ("modelaudit:profile", report.profile.source or "none"),
                  ("modelaudit:waivers", report.waivers_source or "none")]
    meta_props += [("modelaudit:data_source", s) for s in report.data_sources]
    metadata = BomMetaData(tools=ToolRepository(components=[tool]), timestamp=created,
                           properties=[Property(name=k, value=v) for k, v in meta_props])
    seed = "|".join([report.tool_version, report.generated_at, *(f"{m.model}@{m.revision}" for m in report.results)])
    # Derived, not random: unique per audit run (generated_at), identical when the same audit is rendered twice.
    serial = uuid.uuid5(_SERIAL_SEED, seed)
    bom = Bom(components=components, services=list(builder.services.values()), metadata=metadata,
              serial_number=serial)
    return bom, _Attachments(builder.model_cards, builder.component_data)


def _attach(node: Any, extra: _Attachments) -> None:
    if isinstance(node, dict):
        ref = node.get("bom-ref", "")
        card = extra.model_cards.get(ref) if node.get("type") == "machine-learning-model" else None
        if card:
            node["modelCard"] = {"bom-ref": f"{ref}#model-card", **card}
        data = extra.component_data.get(ref) if node.get("type") == "data" else None
        if data:
            node["data"] = data
        for value in node.values():
            _attach(value, extra)
    elif isinstance(node, list):
        for value in node:
            _attach(value, extra)


def render(report: AuditReport, *, color: bool = False) -> str:
    from cyclonedx.output import make_outputter
    from cyclonedx.schema import OutputFormat, SchemaVersion

    bom, extra = cyclonedx_bom(report)
    text = make_outputter(bom, OutputFormat.JSON, SchemaVersion.V1_6).output_as_string(indent=2)
    data = json.loads(text)
    _attach(data.get("components", []), extra)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
