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
  minimal ``modelCard`` (task from the Hub's pipeline tag, architecture from config.json, datasets
  named by the card) is added to the JSON. The test suite validates the result against the 1.6
  schema with the library's strict validator, so the addition cannot drift from the standard.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from modelaudit.formats.view import is_web_url
from modelaudit.kinds import SourceKind
from modelaudit.lineage.graph import LineageEdge, LineageNode, NodeStatus
from modelaudit.results import AuditReport, ModelReport

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis
    from modelaudit.licensing.model import License

HUB_URL = "https://huggingface.co/"
_SERIAL_SEED = uuid.UUID("0d6c0b0e-8d52-4a8e-b6f4-5c86b3e0a7d1")


def _is_hub(node: LineageNode) -> bool:
    return (node.source in (SourceKind.HUB, SourceKind.SNAPSHOT)
            and node.status not in (NodeStatus.MISSING, NodeStatus.FAMILY) and "/" in node.id)


class _Builder:
    def __init__(self, report: AuditReport) -> None:
        self.report = report
        # bom-ref -> the modelCard JSON to attach once the library has serialised the BOM
        self.model_cards: dict[str, dict[str, Any]] = {}

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
        if hub:
            group, name = node.id.split("/", 1)
        else:
            group, name = None, node.id
        purl = (PackageURL(type="huggingface", namespace=group, name=name, version=node.revision.lower())
                if hub and node.revision else None)
        refs = []
        if hub:
            url = XsUri(HUB_URL + node.id)
            refs = [ExternalReference(type=ExternalReferenceType.WEBSITE, url=url),
                    ExternalReference(type=ExternalReferenceType.MODEL_CARD, url=url,
                                      comment="the Hub README is the model card")]
        props = [("modelaudit:lineage.status", node.status.value)]
        if node.gated:
            props.append(("modelaudit:gated", node.gated))
        props += [("modelaudit:note", n) for n in node.notes]
        props += extra
        record = analysis.graph.record(node.id) if analysis is not None else None
        if record is not None:
            self._model_card(ref, record)
        return Component(
            type=ComponentType.MACHINE_LEARNING_MODEL,
            name=name,
            group=group,
            version=node.revision,
            bom_ref=ref,
            purl=purl,
            licenses=self._licenses(analysis, node) if analysis is not None else None,
            external_references=refs,
            properties=[Property(name=k, value=v) for k, v in props],
            pedigree=pedigree,
            # The Hub organisation that publishes the repo supplies the model (``author`` is deprecated in 1.6).
            supplier=OrganizationalEntity(name=record.author) if record is not None and record.author else None,
        )

    def _model_card(self, ref: str, record: Any) -> None:
        params: dict[str, Any] = {}
        if record.pipeline_tag:
            params["task"] = str(record.pipeline_tag)
        config = record.config or {}
        if isinstance(config.get("model_type"), str):
            params["architectureFamily"] = config["model_type"]
        architectures = config.get("architectures")
        if isinstance(architectures, list) and architectures and isinstance(architectures[0], str):
            params["modelArchitecture"] = architectures[0]
        datasets = record.card_data.get("datasets") if record.card_data else None
        if isinstance(datasets, str):
            datasets = [datasets]
        if isinstance(datasets, list):
            named = [{"type": "dataset", "name": d} for d in datasets if isinstance(d, str) and d.strip()]
            if named:
                params["datasets"] = named
        card: dict[str, Any] = {"modelParameters": params} if params else {}
        if record.library_name:
            card["properties"] = [{"name": "modelaudit:library_name", "value": str(record.library_name)}]
        if card:
            self.model_cards[ref] = card

    def _ancestors(self, analysis: ModelAnalysis, child: str, trail: tuple[str, ...], prefix: str) -> Iterator[Any]:
        from cyclonedx.model.component import Pedigree

        for edge in analysis.graph.parents(child):
            if edge.parent in trail:
                continue  # a declared cycle: the cycle itself is reported as a finding
            parent = analysis.graph.node(edge.parent)
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


def _edge_props(edge: LineageEdge) -> list[tuple[str, str]]:
    props = [("modelaudit:lineage.relation", edge.relation.value), ("modelaudit:lineage.confidence", edge.confidence.value),
             ("modelaudit:lineage.evidence", edge.evidence.value), ("modelaudit:lineage.child", edge.child)]
    props += [("modelaudit:lineage.detail", d) for d in edge.details]
    return props


def cyclonedx_bom(report: AuditReport) -> tuple[Any, dict[str, dict[str, Any]]]:
    """The BOM, and the modelCard objects to attach to components by bom-ref after serialisation."""
    from cyclonedx.model import Property
    from cyclonedx.model.bom import Bom, BomMetaData
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.tool import ToolRepository

    builder = _Builder(report)
    components = [builder.model(m) for m in report.results]
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
    return Bom(components=components, metadata=metadata, serial_number=serial), builder.model_cards


def _attach_model_cards(node: Any, cards: dict[str, dict[str, Any]]) -> None:
    if isinstance(node, dict):
        card = cards.get(node.get("bom-ref", "")) if node.get("type") == "machine-learning-model" else None
        if card:
            node["modelCard"] = {"bom-ref": f"{node['bom-ref']}#model-card", **card}
        for value in node.values():
            _attach_model_cards(value, cards)
    elif isinstance(node, list):
        for value in node:
            _attach_model_cards(value, cards)


def render(report: AuditReport, *, color: bool = False) -> str:
    from cyclonedx.output import make_outputter
    from cyclonedx.schema import OutputFormat, SchemaVersion

    bom, cards = cyclonedx_bom(report)
    text = make_outputter(bom, OutputFormat.JSON, SchemaVersion.V1_6).output_as_string(indent=2)
    data = json.loads(text)
    _attach_model_cards(data.get("components", []), cards)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
