"""``check --format spdx``: an SPDX 2.3 JSON document written and validated by spdx-tools.

- One package per lineage node of every audited model (a node shared by several lineages is one
  package), named by its Hub id, versioned by its revision sha, downloadable from
  ``https://huggingface.co/<id>`` (NOASSERTION for local directories, model families and repos
  that do not exist), with a ``pkg:huggingface`` purl when the revision is known.
- ``primaryPackagePurpose`` is OTHER: SPDX 2.3 has no purpose for model weights (SPDX 3.0's AI
  profile has), and SOURCE or LIBRARY would claim something weights are not.
- ``licenseDeclared`` is what the card declares: the SPDX id when the licence has one, else a
  ``LicenseRef-…`` explained by an ExtractedLicensingInfo (name, canonical URL and a summary in
  modelaudit's own words: the licence text itself is not reproduced). A declaration nothing
  identifies is NOASSERTION with the raw value in ``licenseComments``; a card that declares
  nothing is NONE. Several licences on one card are joined with AND: both bind until legal decides.
- ``licenseConcluded`` is modelaudit's conclusion: the AND of the node's effective licences (own
  and inherited through the lineage), NOASSERTION when any of them is unknown or none is known.
- Relationships: the document DESCRIBES each audited model; a child is DESCENDANT_OF each parent
  it was fine-tuned, distilled, merged or adapted from, and VARIANT_OF a parent it quantizes
  (same weights in another encoding). Each relationship's comment says whether the edge is declared
  or inferred, and from what evidence.
- Data lineage: every dataset node is a package too (``datasets/<org>/<name>``, downloadable from
  its Hub page, purpose OTHER with a comment saying it is a dataset: SPDX 2.3 has no dataset
  purpose, SPDX 3.0's Dataset profile has), its ``licenseDeclared`` what the dataset's card
  declares, read the same way as a model's. A closed service (``service:<provider>/<model>``) is a
  package with NOASSERTION licences: its outputs come under terms of use, not a licence. A model is
  GENERATED_FROM each dataset it was trained on (weights are produced from the data), a dataset
  GENERATED_FROM the model or service whose outputs it holds, and DESCENDANT_OF each dataset it was
  derived from; every relationship's comment names the lineage relation (``trained-on``,
  ``generated-by``, ``derived-from``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from modelaudit.formats.view import is_web_url
from modelaudit.kinds import Relation, SourceKind
from modelaudit.lineage.graph import LineageNode, NodeKind, NodeStatus
from modelaudit.refs import SERVICE_PREFIX
from modelaudit.results import AuditReport, ModelReport

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis
    from modelaudit.licensing.model import License

HUB_URL = "https://huggingface.co/"
DOCUMENT_NAMESPACE_BASE = "https://spdx.org/spdxdocs/modelaudit-"
# Fixed namespace for uuid5: the document namespace is derived from the audit itself, so it is
# unique per audit (generated_at and the revisions differ) yet the same audit renders identically.
_NAMESPACE_SEED = uuid.UUID("5b1f3c52-7f0e-4a57-9a0e-7f3a4a0c2d11")
_ID_CHARS = re.compile(r"[^A-Za-z0-9.-]+")


@dataclass
class _PackageFacts:
    """What the document says about one (node, revision), gathered over every audited lineage."""

    spdx_id: str
    node: LineageNode
    analysis: ModelAnalysis | None
    comments: list[str] = field(default_factory=list)


def _sanitise(value: str) -> str:
    return _ID_CHARS.sub("-", value).strip("-") or "x"


def _license_ref(lic: License, licensing: Any) -> str:
    """The licence's SPDX id if spdx-tools knows it, else a LicenseRef (explained by extracted
    licensing info): a knowledge-base id SPDX has retired or never listed must not make the whole
    document invalid."""
    expression_id = lic.spdx_expression_id
    if not expression_id.startswith("LicenseRef-") and licensing.validate(expression_id).errors:
        expression_id = "LicenseRef-modelaudit-" + lic.id
    if expression_id.startswith("LicenseRef-"):
        return "LicenseRef-" + _sanitise(expression_id.removeprefix("LicenseRef-"))
    return expression_id


def _hub_node(node: LineageNode) -> bool:
    return (node.source in (SourceKind.HUB, SourceKind.SNAPSHOT)
            and node.status not in (NodeStatus.MISSING, NodeStatus.FAMILY) and "/" in node.id)


def _relationship_type(relation: Relation) -> Any:
    from spdx_tools.spdx.model.relationship import RelationshipType

    # Quantization re-encodes the same weights: a variant. Training on a dataset, or filling a
    # dataset with a model's outputs, generates the child from the parent (as a binary from its
    # sources). Everything else trains or combines new weights from the parent's, or filters and
    # extends a dataset: a descendant (unknown relations are read the cautious way).
    if relation is Relation.QUANTIZED:
        return RelationshipType.VARIANT_OF
    if relation in (Relation.TRAINED_ON, Relation.GENERATED_BY):
        return RelationshipType.GENERATED_FROM
    return RelationshipType.DESCENDANT_OF


# What each data relation means, in a relationship's comment (the SPDX type alone cannot say it).
_RELATION_MEANING = {
    Relation.TRAINED_ON: "the model was trained on this dataset",
    Relation.GENERATED_BY: "the dataset holds outputs of this model or service",
    Relation.DERIVED_FROM: "the dataset was derived from this dataset",
    Relation.DISTILLATION: "the model was distilled from this teacher",
}
# Why a package's purpose is OTHER, by kind of node.
_PURPOSE_NOTE = {
    NodeKind.DATASET: "Dataset (a Hugging Face Hub dataset repository). Purpose OTHER: SPDX 2.3 has no package "
                      "purpose for datasets.",
    NodeKind.SERVICE: "Closed model behind an API (an external service), named by the evidence as the generator of "
                      "data in this lineage. Purpose OTHER: SPDX 2.3 has no package purpose for services.",
}
_MODEL_PURPOSE = "Purpose OTHER: SPDX 2.3 has no package purpose for AI models."


class _Builder:
    def __init__(self, report: AuditReport) -> None:
        from license_expression import get_spdx_licensing  # type: ignore[import-untyped]  # ships no type information

        self.report = report
        self.licensing = get_spdx_licensing()
        self.packages: dict[tuple[str, str | None], _PackageFacts] = {}
        self.used_ids: set[str] = set()
        self.license_refs: dict[str, License] = {}
        self.relationships: list[Any] = []
        self.seen_edges: set[tuple[str, str, str]] = set()

    # -- ids and licences --------------------------------------------------------------------------

    def _new_id(self, node: LineageNode) -> str:
        """``SPDXRef-Model-<id>-<revision>`` reduced to the characters SPDX allows ([A-Za-z0-9.-]):
        a revision may be a user's ``v1.0+local`` or a branch ``refs/pr/1``, not only a sha. Two
        nodes that reduce to the same id get -2, -3... in the (deterministic) order they are met."""
        revision = _sanitise(node.revision[:12]) if node.revision else ""
        kind = {NodeKind.DATASET: "Dataset", NodeKind.SERVICE: "Service"}.get(node.kind, "Model")
        name = node.id.removeprefix("datasets/") if node.kind is NodeKind.DATASET else node.id.removeprefix(SERVICE_PREFIX)
        base = f"SPDXRef-{kind}-" + _sanitise(name) + (f"-{revision}" if revision else "")
        candidate, n = base, 2
        while candidate in self.used_ids:
            candidate, n = f"{base}-{n}", n + 1
        self.used_ids.add(candidate)
        return candidate

    def _expression(self, licences: list[License]) -> Any:
        ids: list[str] = []
        for lic in licences:
            ref = _license_ref(lic, self.licensing)
            if ref.startswith("LicenseRef-"):
                self.license_refs.setdefault(ref, lic)
            if ref not in ids:
                ids.append(ref)
        return self.licensing.parse(" AND ".join(ids))

    def _declared(self, analysis: ModelAnalysis | None, node: LineageNode) -> tuple[Any, list[str]]:
        from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion
        from spdx_tools.spdx.model.spdx_none import SpdxNone

        declared = analysis.declared(node.id) if analysis is not None else None
        if declared is None and node.kind is NodeKind.SERVICE:
            return SpdxNoAssertion(), ["Declared: NOASSERTION: a closed service has no licence; its outputs come under "
                                       "the provider's terms of use."]
        if declared is None:
            reason = "no card was read for this node"
            if node.family_license:
                reason += f"; the model family is known to share the licence {node.family_license}"
            return SpdxNoAssertion(), [f"Declared: NOASSERTION ({reason})."]
        if declared.declared_nothing:
            return SpdxNone(), ["Declared: the card declares no licence."]
        unknown = [i for i in declared.identified if i.license is None]
        if unknown:
            raw = "; ".join(f"{i.raw!r} ({i.evidence})" for i in unknown)
            return SpdxNoAssertion(), [f"Declared: NOASSERTION: modelaudit could not identify the declared licence {raw}."]
        known = [i.license for i in declared.identified if i.license is not None]
        evidence = "; ".join(f"{i.id} from {i.evidence}" for i in declared.identified)
        return self._expression(known), [f"Declared: {evidence}."]

    def _concluded(self, analysis: ModelAnalysis | None, node: LineageNode) -> tuple[Any, list[str]]:
        from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion

        effective = analysis.propagation.effective_of(node.id) if analysis is not None else ()
        if not effective:
            return SpdxNoAssertion(), ["Concluded: NOASSERTION: no licence could be established."]
        lines = []
        for e in effective:
            how = "its own declaration" if e.own else (
                f"inherited from {e.origin} via {' -> '.join(e.path)}" + (" (inferred lineage)" if e.inferred else ""))
            lines.append(f"{e.id}: {how}" + (f" (unidentified: {e.raw!r})" if e.license is None else ""))
        text = "Concluded by modelaudit from the lineage: " + "; ".join(lines) + "."
        if any(e.license is None for e in effective):
            return SpdxNoAssertion(), [text + " NOASSERTION because a licence in the set is unknown."]
        return self._expression([e.license for e in effective if e.license is not None]), [text]

    # -- packages and relationships ----------------------------------------------------------------

    def add_model(self, model: ModelReport) -> str:
        analysis = model.analysis
        if analysis is None:
            node = LineageNode(id=model.model, status=NodeStatus.UNAVAILABLE, revision=model.revision)
            facts = self._facts(node, None)
        else:
            for node in analysis.graph.nodes():
                self._facts(node, analysis)
            facts = self._facts(analysis.graph.root, analysis)
            for edge in analysis.graph.edges():
                self._edge(analysis, edge.parent, edge.child)
        findings = ", ".join(sorted({f.rule for f in model.active()})) or "none"
        facts.comments.insert(0, f"Audited model. modelaudit verdict: {model.verdict.value.upper()} under policy "
                                 f"{self.report.policy.name}, profile {self.report.profile.source or 'none'}; "
                                 f"active findings: {findings}.")
        return facts.spdx_id

    def _facts(self, node: LineageNode, analysis: ModelAnalysis | None) -> _PackageFacts:
        key = (node.id, node.revision)
        if key not in self.packages:
            facts = _PackageFacts(self._new_id(node), node, analysis)
            facts.comments.append(f"Lineage node status: {node.status.value}" + (", gated on the Hub" if node.gated else "")
                                  + (f"; record from {node.source.value}" if node.source else "") + ".")
            facts.comments += [f"Note: {n}" for n in node.notes]
            self.packages[key] = facts
        return self.packages[key]

    def _edge(self, analysis: ModelAnalysis, parent_id: str, child_id: str) -> None:
        from spdx_tools.spdx.model.relationship import Relationship

        graph = analysis.graph
        edge = graph.edge(parent_id, child_id)
        assert edge is not None  # called for the graph's own edges
        child = self.packages[(child_id, graph.node(child_id).revision)]
        parent = self.packages[(parent_id, graph.node(parent_id).revision)]
        rel = _relationship_type(edge.relation)
        marker = (child.spdx_id, rel.name, parent.spdx_id)
        if marker in self.seen_edges:
            return
        self.seen_edges.add(marker)
        how = "inferred" if edge.inferred else "declared"
        detail = (": " + "; ".join(edge.details)) if edge.details else ""
        meaning = _RELATION_MEANING.get(edge.relation)
        relation = f"lineage relation {edge.relation.value} ({meaning})" if meaning else edge.relation.value
        self.relationships.append(Relationship(
            child.spdx_id, rel, parent.spdx_id,
            comment=f"{relation}, {how} from {edge.evidence.value}{detail}",
        ))
        if edge.inferred:
            child.comments.append(f"Rests on inferred lineage: {edge.relation.value} {parent_id} "
                                  f"according to the {edge.evidence.value}.")

    def package(self, facts: _PackageFacts) -> Any:
        from packageurl import PackageURL
        from spdx_tools.spdx.model.actor import Actor, ActorType
        from spdx_tools.spdx.model.package import ExternalPackageRef, ExternalPackageRefCategory, Package, PackagePurpose
        from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion

        node = facts.node
        declared, declared_notes = self._declared(facts.analysis, node)
        concluded, concluded_notes = self._concluded(facts.analysis, node)
        hub = _hub_node(node)
        refs = []
        # The purl type ``huggingface`` names model repositories; a dataset has none to claim.
        if hub and node.revision and node.kind is NodeKind.MODEL:
            org, name = node.id.split("/", 1)
            purl = PackageURL(type="huggingface", namespace=org, name=name, version=node.revision.lower())
            refs.append(ExternalPackageRef(ExternalPackageRefCategory.PACKAGE_MANAGER, "purl", purl.to_string()))
        record = facts.analysis.graph.record(node.id) if facts.analysis is not None else None
        author = record.author if record is not None and record.author else None
        if node.kind is NodeKind.SERVICE and "/" in node.id:
            author = node.id.removeprefix(SERVICE_PREFIX).split("/", 1)[0]  # the provider supplies the service
        return Package(
            spdx_id=facts.spdx_id,
            name=node.id,
            download_location=HUB_URL + node.id if hub else SpdxNoAssertion(),
            version=node.revision,
            supplier=Actor(ActorType.ORGANIZATION, author) if author else SpdxNoAssertion(),
            files_analyzed=False,  # weights are not listed file by file; no verification code is claimed
            homepage=HUB_URL + node.id if hub else None,
            license_concluded=concluded,
            license_declared=declared,
            license_comment=" ".join(declared_notes + concluded_notes),
            copyright_text=SpdxNoAssertion(),
            comment=" ".join([*facts.comments, _PURPOSE_NOTE.get(node.kind, _MODEL_PURPOSE)]),
            external_references=refs,
            primary_package_purpose=PackagePurpose.OTHER,
        )

    def extracted(self) -> list[Any]:
        from spdx_tools.spdx.model.extracted_licensing_info import ExtractedLicensingInfo

        out = []
        for ref, lic in sorted(self.license_refs.items()):
            urls = [u for u in dict.fromkeys([lic.url, *lic.related_urls.values()]) if is_web_url(u)]
            summary = " ".join(lic.summary.split())
            text = (f"{lic.name} ({lic.licensor}). The licence text is not reproduced here; its canonical text is at "
                    f"{lic.url}. Summary in modelaudit's own words, not the licence: {summary}")
            out.append(ExtractedLicensingInfo(
                license_id=ref, extracted_text=text, license_name=lic.name, cross_references=urls,
                comment=f"modelaudit knowledge-base id {lic.id}; category {lic.category}.",
            ))
        return out


def _document_comment(builder: _Builder) -> str:
    kinds = {facts.node.kind for facts in builder.packages.values()}
    data = ""
    if NodeKind.DATASET in kinds or NodeKind.SERVICE in kinds:
        data = (" Data lineage: packages whose comment says Dataset are the datasets the models were trained on (and "
                "their sources); Service packages are closed models whose outputs a dataset holds.")
    return "Packages are AI models and their ancestors; versions are Hub revision shas." + data


def _namespace(report: AuditReport) -> str:
    seed = "|".join([report.tool_version, report.generated_at, report.policy.source, report.profile.source or "",
                     *(f"{m.model}@{m.revision}" for m in report.results)])
    return DOCUMENT_NAMESPACE_BASE + str(uuid.uuid5(_NAMESPACE_SEED, seed))


def spdx_document(report: AuditReport) -> Any:
    from spdx_tools.spdx.model.actor import Actor, ActorType
    from spdx_tools.spdx.model.document import CreationInfo, Document
    from spdx_tools.spdx.model.relationship import Relationship, RelationshipType

    builder = _Builder(report)
    described = [builder.add_model(model) for model in report.results]
    packages = [builder.package(facts) for facts in builder.packages.values()]
    creators = [Actor(ActorType.TOOL, f"modelaudit-{report.tool_version}")]
    if report.profile.organization:
        creators.append(Actor(ActorType.ORGANIZATION, report.profile.organization))
    names = ", ".join(m.model for m in report.results)
    created = dt.datetime.fromisoformat(report.generated_at)
    info = CreationInfo(
        spdx_version="SPDX-2.3",
        spdx_id="SPDXRef-DOCUMENT",
        name=f"modelaudit licence audit of {names}"[:200],
        document_namespace=_namespace(report),
        creators=creators,
        created=created if created.tzinfo else created.replace(tzinfo=dt.timezone.utc),
        creator_comment=(f"Lineage and licence audit by modelaudit {report.tool_version}; policy "
                         f"{report.policy.name} ({report.policy.source}); profile {report.profile.source or 'none'}; "
                         f"overall verdict {report.verdict.value.upper()}; "
                         f"data: {'; '.join(report.data_sources) or 'n/a'}."),
        document_comment=_document_comment(builder),
    )
    describes = [Relationship("SPDXRef-DOCUMENT", RelationshipType.DESCRIBES, spdx_id)
                 for spdx_id in dict.fromkeys(described)]
    return Document(info, packages=packages, relationships=describes + builder.relationships,
                    extracted_licensing_info=builder.extracted())


def render(report: AuditReport, *, color: bool = False) -> str:
    from spdx_tools.spdx.writer.json.json_writer import write_document_to_stream

    stream = io.StringIO()
    # validate=True: spdx-tools refuses to write a document its own validator rejects.
    write_document_to_stream(spdx_document(report), stream, validate=True)
    return stream.getvalue().rstrip("\n") + "\n"
