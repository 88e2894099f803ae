"""``check --format markdown``: a self-contained report legal can read, file and diff.

Everything the audit rests on is in the document: verdict, profile and policy, the lineage as a
Mermaid diagram (models as boxes, datasets as cylinders, closed services as hexagons, data edges in
green) plus the evidence of every edge, effective licences with their inheritance path,
each finding with clause, canonical URL and evidence, the obligations checklist, waivers, the
openness assessment, data sources and the revision of every lineage node (so the audit can be
re-run against the same commits).

Card text is untrusted: model ids of local directories, licence values, README sentences and
notes can contain Markdown or HTML. Every such string goes through :func:`md_text` or
:func:`md_code`; only structure this module writes itself is left unescaped.

*What* the report says (sections, order, counts, the reproduce command) comes from
:mod:`modelaudit.formats.view`, shared with the text, HTML and JUnit reports; this module only
writes it as Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from modelaudit.formats.view import (
    DATA_KINDS,
    DISCLAIMER,
    SIGN_OFF,
    SIGN_OFF_FIELDS,
    ModelView,
    ObligationItem,
    Reason,
    ReportView,
    conformance,
    declared_long,
    inherited_short,
    is_data_edge,
    is_web_url,
    lineage_edges,
    lineage_nodes,
    node_flags,
    report_view,
    revision_and_licence,
    waiver_text,
)
from modelaudit.lineage.graph import NodeKind, NodeStatus
from modelaudit.results import AuditReport, Finding
from modelaudit.safetext import safe_text

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis

# ---------------------------------------------------------------------------------------------
# Markdown escaping
# ---------------------------------------------------------------------------------------------

# Characters with inline meaning in CommonMark / GitHub Flavored Markdown wherever they stand:
# emphasis, code, links and images (``[``), raw HTML and autolinks (``<``), entities (``&``), table
# cells (``|``), strike-through (``~``) and GitHub math (``$``). A backslash before any ASCII
# punctuation is a literal in CommonMark; escaping ``(``, ``-`` or ``.`` everywhere as well would
# only make the Markdown source unreadable, and they mean nothing once ``[`` is escaped.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
# Block syntax (lists, headings, setext underlines) only counts at the start of a line.
_LINE_START = re.compile(r"^(\d+(?=[.)])|)([-=+#.)])")


def md_text(value: object, *, line_start: bool = True) -> str:
    """Untrusted text as inert Markdown: one line, every significant character escaped.

    ``line_start=False`` for text that can never begin a line or list item (a table cell, the
    middle of a sentence): block syntax means nothing there, and ``0\\.1.0`` would only be noise.
    """
    text = _CONTROL.sub("\ufffd", " ".join(str(value).split()))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # A list marker, heading or setext underline only means something at the start of a line.
    return _LINE_START.sub(r"\1\\\2", text) if line_start else text


def md_code(value: object) -> str:
    """Untrusted text as an inline code span (rendered literally), safe inside table cells too."""
    text = _CONTROL.sub("\ufffd", " ".join(str(value).split())).replace("|", "\\|")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}" if text else "—"


def md_fence(text: str, info: str = "") -> list[str]:
    """A fenced code block whose fence is longer than any backtick run in ``text``, so untrusted
    content (a local path in the reproduce command) cannot close it."""
    fence = "`" * max(3, max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return [fence + info, *text.splitlines(), fence]


def md_link(label: str, url: str | None) -> str:
    """A link only for a plain web URL; anything else is shown as escaped text."""
    if url and is_web_url(url):
        return f"[{md_text(label)}](<{url}>)"
    return md_text(label if not url else f"{label} ({url})")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    out += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return out


# ---------------------------------------------------------------------------------------------
# Mermaid
# ---------------------------------------------------------------------------------------------


def mermaid_id(node_id: str, index: int) -> str:
    """A Mermaid node id: ``n<index>_`` plus the model id reduced to word characters, so it is
    unique, never a Mermaid keyword (``end``, ``graph``) and still readable in the source."""
    return f"n{index}_" + re.sub(r"[^A-Za-z0-9]+", "_", node_id).strip("_")[:40]


def mermaid_text(value: object) -> str:
    """Text inside a quoted Mermaid label: quotes, angle brackets, ``#`` and ``&`` as Mermaid entity
    codes, so card text can neither close the label nor inject HTML into the rendered diagram."""
    text = _CONTROL.sub("\ufffd", " ".join(str(value).split()))
    return "".join(f"#{ord(c)};" if c in "\"<>#&`[]{}|\\" else c for c in text)


# Node shapes by kind: models are rectangles, datasets cylinders, closed services hexagons.
_SHAPE = {NodeKind.DATASET: ("[(", ")]"), NodeKind.SERVICE: ("{{", "}}")}
_KIND_STYLE = {NodeKind.DATASET: "fill:#eef8f0,stroke:#2f855a", NodeKind.SERVICE: "fill:#f3effa,stroke:#6b46c1"}
_DATA_EDGE_STYLE = "stroke:#2f855a,color:#2f855a"


def mermaid_lineage(analysis: ModelAnalysis) -> list[str]:
    nodes = lineage_nodes(analysis)
    ids = {node.id: mermaid_id(node.id, k) for k, node in enumerate(nodes)}
    lines = ["```mermaid", "graph BT"]
    for node in nodes:
        label = [mermaid_text(node.id), mermaid_text(revision_and_licence(analysis, node))]
        inherited = inherited_short(analysis, node)
        if inherited:
            label.append(mermaid_text(f"inherits {inherited}"))
        flags = node_flags(node)
        if flags:
            label.append(mermaid_text(", ".join(flags)))
        start, end = _SHAPE.get(node.kind, ("[", "]"))
        lines.append(f'    {ids[node.id]}{start}"{"<br/>".join(label)}"{end}')
    data_links: list[str] = []  # linkStyle addresses links by their position, from 0
    links = 0
    for edge in lineage_edges(analysis):
        if edge.parent not in ids or edge.child not in ids:
            continue
        arrow = "-.->" if edge.inferred else "-->"
        edge_label = mermaid_text(f"{edge.relation.value} (inferred)" if edge.inferred else edge.relation.value)
        if is_data_edge(edge):
            data_links.append(str(links))
        links += 1
        lines.append(f'    {ids[edge.parent]} {arrow}|"{edge_label}"| {ids[edge.child]}')
    lines.append("    classDef subject stroke-width:3px")
    lines.append("    classDef problem stroke-dasharray:5 3")
    lines.append(f"    class {ids[analysis.graph.subject]} subject")
    problems = [ids[n.id] for n in nodes if n.status is not NodeStatus.RESOLVED]
    if problems:
        lines.append(f"    class {','.join(problems)} problem")
    for kind, style in _KIND_STYLE.items():
        members = [ids[n.id] for n in nodes if n.kind is kind]
        if members:
            lines.append(f"    classDef {kind.value} {style}")
            lines.append(f"    class {','.join(members)} {kind.value}")
    if data_links:
        # Data lineage (trained on, generated by, derived from) in green; dashes still mean inferred.
        lines.append(f"    linkStyle {','.join(data_links)} {_DATA_EDGE_STYLE}")
    lines.append("```")
    return lines


# ---------------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------------



def _header(view: ReportView) -> list[str]:
    report = view.report
    verdict = view.verdict
    lines = [
        f"# Model licence audit: {verdict.value.upper()}",
        "",
        f"> {DISCLAIMER}",
        "",
        *_verdict(view),
        "## Summary",
        "",
    ]
    rows = [
        ["Overall verdict",
         f"**{verdict.value.upper()}**: {md_text(view.meaning)} ({md_text(view.verdict_counts)})"],
        ["Report id", md_code(report.report_id)],
        ["Generated", md_text(report.generated_at, line_start=False)],
        ["Tool", f"modelaudit {md_text(report.tool_version, line_start=False)}"],
        ["Policy", f"{md_text(report.policy.name)} ({md_code(report.policy.source)}), {len(report.policy.rules)} rules"],
        ["Waivers", md_code(report.waivers_source) if report.waivers_source else "none"],
        ["Data sources", "; ".join(md_text(s) for s in report.data_sources) or "none recorded"],
    ]
    lines += _table(["Item", "Value"], rows)
    lines += ["", "## Organisation profile", ""]
    lines += _table(["Field", "Value"], [[md_text(k), md_text(v)] for k, v in view.profile])
    lines += ["", "## Models audited", ""]
    lines += _table(
        ["#", "Model", "Revision", "Verdict", "Counts", "Effective licences"],
        [[str(m.index), md_code(m.model.model), md_code(m.model.revision or "unknown"),
          f"**{m.verdict.value.upper()}**", md_text(m.counts.summary(), line_start=False), md_text(m.effective_ids)]
         for m in view.models],
    )
    return lines


def _reason(number: int, reason: Reason) -> list[str]:
    about = f" · {md_text(reason.about, line_start=False)}" if reason.about else ""
    lines = [f"{number}. **{reason.severity.value.upper()}** · {md_code(reason.rule)}{about}: {md_text(reason.message)}"]
    if reason.path:
        lines.append(f"   - Path: {md_text(reason.path)}")
    if reason.basis:
        basis = md_text(reason.basis)
        lines.append(f"   - Lineage: {basis.replace('inferred', '**inferred**', 1) if reason.inferred else basis}")
    return lines


def _verdict(view: ReportView) -> list[str]:
    """Page one: the verdict and, per model, the findings that decide it, before any table."""
    lines = ["## Verdict", "",
             f"**{view.verdict.value.upper()}**: {md_text(view.meaning, line_start=False)} "
             f"({md_text(view.verdict_counts, line_start=False)}; {md_text(view.counts.summary(), line_start=False)}).",
             ""]
    for mv in view.models:
        lines.append(f"**{mv.index}. {md_text(mv.model.model, line_start=False)}: {mv.verdict.value.upper()}** "
                     f"({md_text(mv.counts.summary(), line_start=False)})")
        lines.append("")
        if not mv.reasons:
            lines += ["No finding of warn severity or worse.", ""]
            continue
        noun = "finding decides" if len(mv.reasons) == 1 else "findings decide"
        lines += [f"{len(mv.reasons)} {noun} it:", ""]
        for k, reason in enumerate(mv.reasons_detail, 1):
            lines += _reason(k, reason)
        lines.append("")
    return lines


def _finding(number: int, finding: Finding, seen_evidence: dict[tuple[str, ...], int]) -> list[str]:
    label = "WAIVED" if finding.waived else finding.severity.value.upper()
    head = f"{number}. **{label}** · {md_code(finding.rule)}"
    if finding.license:
        head += f" · {md_code(finding.license)}"
    if finding.clause:
        head += f" · clause {md_text(finding.clause)}"
    lines = [head, f"   {md_text(finding.message)}"]
    details: list[str] = []
    if finding.url:
        details.append(f"Licence text: {md_link(finding.url, finding.url)}")
    if finding.origin:
        details.append(f"From: {md_code(finding.origin)}")
    if finding.path and len(finding.path) > 1:
        details.append("Path: " + " → ".join(md_code(p) for p in finding.path))
    if finding.inferred:
        details.append("Rests on **inferred** lineage (see the lineage evidence)")
    if finding.undecided and finding.missing:
        details.append("Undecided: the profile does not state " + ", ".join(md_code(m) for m in finding.missing))
    if finding.remediation:
        details.append(f"Remediation: {md_text(finding.remediation)}")
    if finding.waiver is not None:
        details.append(f"Waiver: {md_text(waiver_text(finding.waiver))}")
    lines += [f"   - {d}" for d in details]
    if finding.evidence and finding.evidence in seen_evidence:
        # Findings from one licence share their evidence; repeating it verbatim buries the differences.
        lines.append(f"   - Evidence: as for finding {seen_evidence[finding.evidence]}")
    elif finding.evidence:
        seen_evidence[finding.evidence] = number
        lines.append("   - Evidence:")
        lines += [f"     - {md_text(e)}" for e in finding.evidence]
    return lines


def _obligation(mv: ModelView, item: ObligationItem, seen_evidence: dict[tuple[str, ...], str]) -> list[str]:
    o = item.obligation
    source = f" (from {md_code(o.origin)})" if o.origin and o.origin != mv.model.model else ""
    link = f" {md_link('licence text', o.url)}" if o.url else ""
    lines = [f"- [ ] **{md_text(f'{o.license} {o.clause}')}**: {md_text(o.summary or o.value)}{source}{link}"]
    severities = ", ".join(dict.fromkeys(f.severity.value for f in item.findings))
    rules = ", ".join(md_code(r) for r in dict.fromkeys(f.rule for f in item.findings))
    if rules:
        lines.append(f"  - Recorded by {rules} ({md_text(severities, line_start=False)})")
    if item.inferred:
        lines.append("  - Rests on **inferred** lineage (see the lineage evidence)")
    evidence = item.evidence
    if evidence and evidence in seen_evidence:
        lines.append(f"  - Evidence: as for {md_text(seen_evidence[evidence], line_start=False)}")
    elif evidence:
        seen_evidence[evidence] = f"{o.license} {o.clause}"
        lines.append("  - Evidence:")
        lines += [f"    - {md_text(e)}" for e in evidence]
    return lines


def _model(mv: ModelView) -> list[str]:
    model = mv.model
    lines = [f"## {mv.index}. {md_text(model.model)}: {mv.verdict.value.upper()}", ""]
    facts = [
        ["Verdict", f"**{mv.verdict.value.upper()}**: {md_text(mv.meaning)}"],
        ["Decided by", md_text(mv.reasons_text)],
        ["Counts", md_text(mv.counts.summary())],
        ["Requested as", md_code(model.reference)],
        ["Revision", md_code(model.revision or "unknown")],
        ["Declared licence", md_text(", ".join(model.declared) or "none")],
    ]
    for loc in model.locations:
        facts.append(["Named at", md_code(loc.shown)])
    if model.note:
        facts.append(["Note", md_text(model.note)])
    lines += _table(["Item", "Value"], facts)

    lines += ["", "### Lineage", ""]
    analysis = mv.analysis
    if analysis is None:
        lines.append("The model could not be analysed; see the findings.")
    else:
        lines.append("Arrows run from a parent to the model derived from it; dashed arrows are inferred "
                     "(README prose, files or the repo name) rather than declared in card metadata.")
        if any(n.kind in DATA_KINDS for n in mv.nodes):
            lines[-1] += (" Datasets are drawn as cylinders and closed services as hexagons; green arrows are data "
                          "lineage (a model trained on a dataset, a dataset generated by a model or service or "
                          "derived from another dataset).")
        lines += ["", *mermaid_lineage(analysis), ""]
        if mv.edges:
            lines += ["Evidence for each edge:", ""]
            for edge in mv.edges:
                how = "inferred" if edge.inferred else "declared"
                lines.append(f"- {md_code(edge.parent)} → {md_code(edge.child)}: {md_text(edge.relation.value)}, "
                             f"{how} from {md_text(edge.evidence.value)}")
                lines += [f"  - {md_text(d)}" for d in edge.details]
            lines.append("")
        cuts = analysis.propagation.cuts.get(analysis.subject, ())
        for cut in cuts:
            lines.append(f"- Not inherited: {md_code(cut.license_id)} of {md_code(cut.origin)}: {md_text(cut.reason)}")
        if cuts:
            lines.append("")

    lines += ["### Effective licences", ""]
    if mv.effective:
        lines += _table(
            ["Licence", "Name", "Basis", "Inheritance path", "Canonical text"],
            [[md_code(b.id) + (" ≈ inferred" if b.inferred else ""), md_text(b.name), md_text(b.basis),
              md_text(b.path), md_link(b.url, b.url) if b.url else "—"] for b in mv.effective],
        )
    else:
        lines.append("**None established**: the verdict fails closed.")

    lines += ["", f"### Findings ({mv.counts.findings})", ""]
    if not mv.findings:
        lines.append("No finding beyond the obligations below." if mv.obligations else "No finding.")
    seen: dict[tuple[str, ...], int] = {}
    for k, finding in enumerate(mv.findings, 1):
        lines += _finding(k, finding, seen)

    lines += ["", f"### Obligations checklist ({mv.counts.obligations})", ""]
    if not mv.obligations:
        lines.append("No obligation recorded.")
    seen_obligation: dict[tuple[str, ...], str] = {}
    for item in mv.obligations:
        lines += _obligation(mv, item, seen_obligation)

    lines += ["", f"### Facts to know ({mv.counts.facts})", ""]
    if not mv.facts:
        lines.append("None recorded.")
    else:
        lines += ["Nothing to do, but legal must know them: which law governs, whether the licensor may change "
                  "the terms.", ""]
    seen_fact: dict[tuple[str, ...], str] = {}
    for item in mv.facts:
        lines += [line.replace("- [ ] ", "- ", 1) for line in _obligation(mv, item, seen_fact)]

    lines += ["", f"### Waivers applied ({mv.counts.waived})", ""]
    if not mv.waived:
        lines.append("None.")
    for k, finding in enumerate(mv.waived, 1):
        lines += _finding(k, finding, {})

    lines += ["", "### Openness", ""]
    lines += _openness(mv.openness) if mv.openness is not None else ["Not assessed."]

    lines += ["", "### Reproducibility: every lineage node", ""]
    if analysis is None:
        lines.append("No lineage was built.")
    else:
        lines += _table(
            ["Node", "Revision", "Status", "Source", "Fetched", "Declares", "Effective"],
            [[md_code(n.id), md_code(n.revision or "unknown"),
              md_text(", ".join([n.status.value, *(f for f in node_flags(n) if f != n.status.value)])),
              md_text(n.source.value if n.source else "—"), md_text(n.fetched_at or "—"),
              md_text(declared_long(analysis, n)), md_text(", ".join(analysis.propagation.effective_ids(n.id)) or "—")]
             for n in mv.nodes],
        )
        notes = [(n.id, note) for n in mv.nodes for note in n.notes]
        if notes:
            lines += ["", "Notes:", ""]
            lines += [f"- {md_code(node_id)}: {md_text(note)}" for node_id, note in notes]
    lines.append("")
    return lines


def _openness(data: Mapping[str, Any]) -> list[str]:
    lines = [f"- OSI Open Source AI Definition 1.0: **{md_text(data.get('osaid') or 'not assessed')}**",
             f"- Model Openness Framework class: **{md_text(data.get('mof_class') or 'none established')}**"]
    if data.get("inherited_from"):
        lines.append(f"- Because of ancestor {md_code(data['inherited_from'])}")
    published = data.get("published")
    if isinstance(published, dict) and published:
        lines.append(f"- Published assessment: {md_text(published.get('assessor', ''))} "
                     f"({md_text(published.get('date', ''))}): {md_text(published.get('outcome', ''))} "
                     f"{md_link('source', published.get('url'))}")
    for reason in data.get("reasons") or ():
        lines.append(f"- {md_text(reason)}")
    components = data.get("components") or ()
    if components:
        lines += ["", *_table(["Component", "Status", "Terms", "OSD-conformant"],
                              [[md_text(c.get("name", "")), md_text(c.get("status", "")), md_text(c.get("terms") or "—"),
                                md_text(conformance(c.get("osd_conformant")))]
                               for c in components if isinstance(c, dict)])]
    return lines


def _policy(report: AuditReport) -> list[str]:
    lines = ["## Policy rules in force", "",
             f"Policy {md_text(report.policy.name)} ({md_code(report.policy.source)}). Built-in rules fail closed "
             "and cannot be disabled by an organisation's policy.", ""]
    lines += _table(
        ["Rule", "Severity", "Description"],
        [[md_code(r.id) + (" (built-in)" if r.builtin else ""), md_text(r.severity.value), md_text(r.description)]
         for r in report.policy.rules],
    )
    return lines


def _reproducibility(view: ReportView) -> list[str]:
    rows = [(label, value) for label, value in view.reproducibility("markdown") if label != "Command"]
    lines = ["## Reproducibility", "",
             "What this audit was made from. The report id is a hash of the tool version, these inputs and every "
             "result (not of the time): a re-run on the same data gives the same id. Ancestors are fetched at "
             "their current revision: compare them with the per-model tables above.", ""]
    lines += _table(["Item", "Value"], [[md_text(k), md_code(v) if k == "Report id" else md_text(v, line_start=False)]
                                        for k, v in rows])
    lines += ["", "Re-run it with:", "", *md_fence(view.reproduce("markdown"), "sh")]
    return lines


def _sign_off() -> list[str]:
    blank = "\\_" * 12
    lines = ["## Review and approval", ""]
    lines += _table(["", *SIGN_OFF_FIELDS], [[f"**{who}**", *(blank for _ in SIGN_OFF_FIELDS)] for who in SIGN_OFF])
    return [*lines, ""]


def render(report: AuditReport, *, color: bool = False) -> str:
    view = report_view(report)
    lines = _header(view)
    for mv in view.models:
        lines += ["", *_model(mv)]
    lines += ["", *_policy(report), "", *_reproducibility(view), "", *_sign_off(),
              f"*Generated by modelaudit {md_text(report.tool_version, line_start=False)} at "
              f"{md_text(report.generated_at, line_start=False)}.*", ""]
    # Last, over the whole document: bidi overrides from card text shown as \u202e (a reviewer must
    # read text in the order it is stored), and any control character md_text did not see escaped.
    return safe_text("\n".join(lines))
