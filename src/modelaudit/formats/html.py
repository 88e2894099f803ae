"""``check --format html``: the Markdown report's content as one self-contained HTML page.

Self-contained means no request at all when the page is opened: inline CSS, the lineage diagram
as inline SVG laid out here (layers by derivation depth), no scripts, fonts or images. A
Content-Security-Policy meta tag (``default-src 'none'``) makes the browser enforce that, so even
a bug in escaping could not load or run anything.

Card text is untrusted. Every value that is not a literal of this module goes through
:func:`_e` (``html.escape`` with quotes), in element text, attributes and SVG alike; links are
made only from plain http(s) URLs. *What* the page says (sections, order, counts) comes from
:mod:`modelaudit.formats.view`; the diagram is drawn by :mod:`modelaudit.formats.lineage_svg`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from modelaudit.formats.lineage_svg import esc as _e
from modelaudit.formats.lineage_svg import lineage_svg
from modelaudit.formats.view import (
    DISCLAIMER,
    SIGN_OFF,
    SIGN_OFF_FIELDS,
    ModelView,
    ObligationItem,
    Reason,
    ReportView,
    conformance,
    declared_long,
    is_data_edge,
    is_web_url,
    node_flags,
    report_view,
    waiver_text,
)
from modelaudit.kinds import Verdict
from modelaudit.lineage.graph import NodeKind
from modelaudit.results import AuditReport, Finding

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _link(label: str, url: str | None) -> str:
    if url and is_web_url(url):
        return f'<a href="{_e(url)}" rel="noopener noreferrer">{_e(label)}</a>'
    return _e(label if not url else f"{label} ({url})")


def _code(value: object) -> str:
    return f"<code>{_e(value)}</code>"


def _badge(text: str, kind: str) -> str:
    return f'<span class="badge b-{_e(kind)}">{_e(text)}</span>'


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "") -> str:
    """Cells are HTML already (each caller escapes what it puts in)."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


# ---------------------------------------------------------------------------------------------
# Page
# ---------------------------------------------------------------------------------------------

STYLE = """
:root { --ink:#1f2933; --muted:#5f6b7a; --line:#d9dee5; --bg:#f4f6f8; --card:#fff; --accent:#1d4e89;
  --pass:#1e7a46; --warn:#a45f00; --block:#b42318; --unknown:#7a2e8e; --info:#2563a8; }
* { box-sizing:border-box; }
body { margin:0; background:var(--bg); color:var(--ink); line-height:1.5;
  font:14px/1.5 "Liberation Sans", Arial, "Helvetica Neue", "DejaVu Sans", sans-serif; }
main { max-width:1180px; margin:0 auto; padding:24px 28px 48px; }
header.top { background:#14263d; color:#fff; padding:28px 0 24px; }
header.top .inner { max-width:1180px; margin:0 auto; padding:0 28px; }
header.top h1 { margin:0 0 6px; font-size:26px; font-weight:700; letter-spacing:.2px; }
header.top .sub { color:#c5d1df; margin:0 0 18px; }
.verdict-line { display:flex; align-items:center; gap:14px; flex-wrap:wrap; }
.verdict-big { font-size:18px; font-weight:700; padding:6px 16px; border-radius:6px; letter-spacing:1px; }
.meta { display:grid; grid-template-columns:repeat(auto-fit,minmax(250px,1fr)); gap:10px 28px; margin-top:18px; }
.meta div { font-size:13px; color:#dfe7f0; overflow-wrap:anywhere; }
.meta b { display:block; color:#9fb3c8; font-size:11px; text-transform:uppercase; letter-spacing:.8px; font-weight:600; }
.disclaimer { font-size:12.5px; color:var(--muted); border-left:3px solid var(--line); padding:2px 12px; margin:18px 0 4px; }
section.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:20px 24px; margin:20px 0; }
h2 { font-size:20px; margin:0 0 14px; display:flex; align-items:center; gap:12px; flex-wrap:wrap; overflow-wrap:anywhere; }
h3 { font-size:15px; margin:26px 0 10px; color:var(--accent); text-transform:uppercase; letter-spacing:.6px; }
table { border-collapse:collapse; width:100%; font-size:13px; margin:6px 0; }
th { text-align:left; background:#eef1f5; color:#3b4754; font-weight:600; white-space:nowrap; }
th, td { border:1px solid var(--line); padding:6px 9px; vertical-align:top; overflow-wrap:anywhere; }
tbody tr:nth-child(even) td { background:#fafbfc; }
table.kv td:first-child { width:210px; color:var(--muted); font-weight:600; }
code { font:12px/1.4 "DejaVu Sans Mono", "Liberation Mono", monospace; background:#f1f3f6; padding:1px 4px;
  border-radius:4px; overflow-wrap:anywhere; }
pre { background:#14263d; color:#e6edf5; padding:12px 14px; border-radius:8px; white-space:pre-wrap;
  overflow-wrap:anywhere; font:12.5px/1.5 "DejaVu Sans Mono", "Liberation Mono", monospace; }
a { color:var(--accent); }
.nw { white-space:nowrap; }
.badge { display:inline-block; white-space:nowrap; font-size:11px; font-weight:700; letter-spacing:.6px; padding:2px 8px;
  border-radius:999px; color:#fff; text-transform:uppercase; vertical-align:middle; }
.b-pass { background:var(--pass); } .b-warn { background:var(--warn); } .b-block { background:var(--block); }
.b-unknown { background:var(--unknown); } .b-info { background:var(--info); } .b-waived { background:#7b8794; }
.b-inferred { background:#fff4e0; color:#8a4b00; border:1px solid #e8b96b; }
.verdict-big.b-pass, .verdict-big.b-warn, .verdict-big.b-block, .verdict-big.b-unknown { color:#fff; }
.finding { border:1px solid var(--line); border-left:5px solid var(--muted); border-radius:6px; padding:10px 14px;
  margin:10px 0; background:#fff; }
.finding.s-block { border-left-color:var(--block); } .finding.s-unknown { border-left-color:var(--unknown); }
.finding.s-warn { border-left-color:var(--warn); } .finding.s-info { border-left-color:var(--info); }
.finding.waived { border-left-color:#7b8794; background:#fafbfc; }
.finding .head { display:flex; gap:8px; align-items:center; flex-wrap:wrap; font-size:13px; }
.finding .msg { margin:6px 0 4px; }
.finding dl { display:grid; grid-template-columns:130px 1fr; gap:3px 12px; margin:6px 0 0; font-size:12.5px; }
.finding dt { color:var(--muted); font-weight:600; } .finding dd { margin:0; overflow-wrap:anywhere; }
.finding ul { margin:0; padding-left:18px; }
ul.checklist { list-style:none; padding:0; margin:0; }
ul.checklist > li { padding:7px 0 7px 30px; border-bottom:1px solid #edf0f3; position:relative; }
ul.checklist ul { margin:2px 0; padding-left:18px; }
ul.checklist > li::before { content:""; position:absolute; left:4px; top:10px; width:14px; height:14px;
  border:2px solid #7b8794; border-radius:3px; }
.clause { font-weight:700; color:var(--accent); }
.muted { color:var(--muted); font-size:12.5px; }
.diagram { overflow-x:auto; border:1px solid var(--line); border-radius:8px; background:#fbfcfd; padding:8px; }
svg.lineage { display:block; margin:0 auto; max-width:100%; height:auto;
  font-family:"Liberation Sans", Arial, "DejaVu Sans", sans-serif; font-size:12px; }
svg .node .shape { stroke-width:1.4; }
svg .n-ok .shape { fill:#f5f8fc; stroke:#8da2b8; }
svg .n-subject .shape { fill:#e8f0fb; stroke:#14263d; stroke-width:2.6; }
svg .n-unknown .shape { fill:#fdf3ff; stroke:var(--unknown); }
svg .n-problem .shape { fill:#fff4ec; stroke:#c2410c; stroke-dasharray:6 3; }
svg .dashed .shape { stroke-dasharray:6 3; }
svg .k-dataset .shape { fill:#eef8f0; } svg .k-dataset.n-ok .shape { stroke:#2f855a; }
svg .k-service .shape { fill:#f3effa; } svg .k-service.n-ok .shape { stroke:#6b46c1; }
svg .t-org { fill:#6b7785; font-size:11px; } svg .t-name { fill:#14263d; font-weight:700; font-size:12.5px; }
svg .t-meta { fill:#33414f; font-size:11.5px; } svg .t-extra { fill:#8a4b00; font-size:11px; }
svg .edge { fill:none; stroke:#51606f; stroke-width:1.6; }
svg .edge.inferred { stroke:#b26b00; stroke-dasharray:6 4; }
svg .edge.data { stroke:#2f855a; }
svg .arrowhead { fill:#51606f; }
svg .elabel rect { fill:#fff; stroke:#cfd6de; } svg .elabel text { fill:#33414f; font-size:10.5px; }
.legend { display:flex; gap:18px; flex-wrap:wrap; font-size:12px; color:var(--muted); margin:8px 2px 0; }
.legend span::before { content:""; display:inline-block; width:26px; height:0; margin-right:6px; vertical-align:middle;
  border-top:2px solid #51606f; }
.legend span.l-inf::before { border-top:2px dashed #b26b00; }
.legend span.l-sub::before { width:14px; height:10px; border:2.6px solid #14263d; background:#e8f0fb; }
.legend span.l-unk::before { width:14px; height:10px; border:1.4px solid var(--unknown); background:#fdf3ff; }
.legend span.l-prob::before { width:14px; height:10px; border:1.4px dashed #c2410c; background:#fff4ec; }
.legend span.l-data::before { border-top:2px solid #2f855a; }
.legend span.l-ds::before { width:14px; height:10px; border:1.4px solid #2f855a; border-radius:7px / 3px;
  background:#eef8f0; }
.legend span.l-svc::before { width:14px; height:10px; border:1.4px solid #6b46c1; background:#f3effa;
  clip-path:polygon(25% 0, 75% 0, 100% 50%, 75% 100%, 25% 100%, 0 50%); }
ol.reasons { padding-left:22px; margin:6px 0 14px; } ol.reasons > li { margin:6px 0; }
h3.reason-head { text-transform:none; letter-spacing:0; color:var(--ink); }
ul.facts { padding-left:18px; margin:6px 0; } ul.facts > li { padding:4px 0; }
table.sign-off td { height:38px; } table.sign-off td:first-child { width:140px; }
footer { color:var(--muted); font-size:12px; text-align:center; margin-top:30px; }
@media print {
  body { background:#fff; font-size:11.5px; } header.top { background:#fff; color:#000; border-bottom:2px solid #000; }
  header.top .sub, .meta div, .meta b { color:#000; } section.card { border:none; padding:0; break-inside:auto; }
  .finding, tr, svg { break-inside:avoid; } .diagram { overflow:visible; } a { color:#000; }
}
"""


def _kv(rows: Iterable[tuple[str, str]]) -> str:
    return _table(["Item", "Value"], ([_e(k), v] for k, v in rows), "kv")


def _verdict_badge(verdict: Verdict, big: bool = False) -> str:
    cls = f"verdict-big b-{verdict.value}" if big else f"badge b-{verdict.value}"
    return f'<span class="{cls}">{_e(verdict.value.upper())}</span>'


def _finding(number: int, finding: Finding, seen_evidence: dict[tuple[str, ...], int]) -> str:
    sev = finding.severity.value
    head = [f'<span class="muted">#{number}</span>',
            _badge("waived", "waived") if finding.waived else _badge(sev, sev), _code(finding.rule)]
    if finding.license:
        head.append(_code(finding.license))
    if finding.clause:
        head.append(f'<span class="clause">{_e(finding.clause)}</span>')
    if finding.inferred:
        head.append(_badge("rests on inferred lineage", "inferred"))
    rows: list[tuple[str, str]] = []
    if finding.url:
        rows.append(("Licence text", _link(finding.url, finding.url)))
    if finding.origin:
        rows.append(("From", _code(finding.origin)))
    if finding.path and len(finding.path) > 1:
        rows.append(("Path", " → ".join(_code(p) for p in finding.path)))
    if finding.undecided and finding.missing:
        rows.append(("Undecided", "the profile does not state " + ", ".join(_code(m) for m in finding.missing)))
    if finding.remediation:
        rows.append(("Remediation", _e(finding.remediation)))
    if finding.waiver is not None:
        rows.append(("Waiver", _e(waiver_text(finding.waiver))))
    if finding.evidence and finding.evidence in seen_evidence:
        rows.append(("Evidence", f"as for finding #{seen_evidence[finding.evidence]}"))
    elif finding.evidence:
        seen_evidence[finding.evidence] = number
        rows.append(("Evidence", "<ul>" + "".join(f"<li>{_e(e)}</li>" for e in finding.evidence) + "</ul>"))
    details = "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in rows)
    cls = "finding waived" if finding.waived else f"finding s-{sev}"
    return (f'<div class="{cls}"><div class="head">{"".join(head)}</div>'
            f'<div class="msg">{_e(finding.message)}</div><dl>{details}</dl></div>')


def _data_legend(mv: ModelView) -> list[str]:
    """Legend entries for data lineage, only where the diagram has some."""
    kinds = {n.kind for n in mv.nodes}
    out = []
    if NodeKind.DATASET in kinds:
        out.append('<span class="l-ds">dataset</span>')
    if NodeKind.SERVICE in kinds:
        out.append('<span class="l-svc">closed service (API)</span>')
    if any(is_data_edge(e) for e in mv.edges):
        out.append('<span class="l-data">data edge (trained on, generated by, derived from)</span>')
    return out


def _lineage(mv: ModelView, analysis: ModelAnalysis) -> str:
    out = ['<div class="diagram">', lineage_svg(analysis), "</div>",
           '<div class="legend"><span>declared edge (card metadata)</span>'
           '<span class="l-inf">inferred edge (README prose, files, repo name)</span>'
           '<span class="l-sub">audited model</span><span class="l-unk">unidentified licence</span>'
           '<span class="l-prob">not resolved</span>', *_data_legend(mv), '</div>']
    if mv.edges:
        rows = []
        for e in mv.edges:
            details = "<br>".join(_e(d) for d in e.details) or "—"
            rows.append([_code(e.parent), _code(e.child), f'<span class="nw">{_e(e.relation.value)}</span>',
                         _badge("inferred", "inferred") if e.inferred else "declared",
                         f'<span class="nw">{_e(e.evidence.value)}</span>', details])
        out += ["<h3>Lineage evidence</h3>",
                _table(["Parent", "Child", "Relation", "Confidence", "Source", "What it rests on"], rows)]
    cuts = analysis.propagation.cuts.get(analysis.subject, ())
    if cuts:
        out.append("<ul>" + "".join(f"<li>Not inherited: {_code(c.license_id)} of {_code(c.origin)}: {_e(c.reason)}</li>"
                                    for c in cuts) + "</ul>")
    return "".join(out)


def _obligation(mv: ModelView, item: ObligationItem, seen_evidence: dict[tuple[str, ...], str]) -> str:
    o = item.obligation
    source = f' <span class="muted">from {_code(o.origin)}</span>' if o.origin and o.origin != mv.model.model else ""
    link = f' <span class="muted">{_link("licence text", o.url)}</span>' if o.url else ""
    extra = ""
    if item.findings:
        rules = ", ".join(_code(r) for r in dict.fromkeys(f.rule for f in item.findings))
        severities = ", ".join(dict.fromkeys(f.severity.value for f in item.findings))
        inferred = " " + _badge("rests on inferred lineage", "inferred") if item.inferred else ""
        extra += f'<div class="muted">recorded by {rules} ({_e(severities)}){inferred}</div>'
    if item.evidence and item.evidence in seen_evidence:
        # Duties of one licence share their evidence; repeating it verbatim buries the differences.
        extra += f'<div class="muted">evidence: as for {_e(seen_evidence[item.evidence])}</div>'
    elif item.evidence:
        seen_evidence[item.evidence] = f"{o.license} {o.clause}"
        extra += ('<div class="muted">evidence:<ul>' + "".join(f"<li>{_e(e)}</li>" for e in item.evidence)
                  + "</ul></div>")
    return (f'<li><span class="clause">{_e(o.license)} {_e(o.clause)}</span>: {_e(o.summary or o.value)}'
            f"{source}{link}{extra}</li>")


def _openness(data: Mapping[str, Any]) -> str:
    rows = [("OSI Open Source AI Definition 1.0", f"<b>{_e(data.get('osaid') or 'not assessed')}</b>"),
            ("Model Openness Framework class", f"<b>{_e(data.get('mof_class') or 'none established')}</b>")]
    if data.get("inherited_from"):
        rows.append(("Because of ancestor", _code(data["inherited_from"])))
    published = data.get("published")
    if isinstance(published, dict) and published:
        rows.append(("Published assessment",
                     f"{_e(published.get('assessor', ''))} ({_e(published.get('date', ''))}): "
                     f"{_e(published.get('outcome', ''))} {_link('source', published.get('url'))}"))
    reasons = data.get("reasons") or ()
    if reasons:
        rows.append(("Reasons", "<ul>" + "".join(f"<li>{_e(r)}</li>" for r in reasons) + "</ul>"))
    out = _kv(rows)
    components = [c for c in data.get("components") or () if isinstance(c, dict)]
    if components:
        out += _table(["Component", "Status", "Terms", "OSD-conformant"],
                      [[_e(c.get("name", "")), _e(c.get("status", "")), _e(c.get("terms") or "—"),
                        _e(conformance(c.get("osd_conformant")))] for c in components])
    return out


def _model(mv: ModelView) -> str:
    model = mv.model
    out = [f'<section class="card" id="model-{mv.index}">',
           f"<h2>{_verdict_badge(mv.verdict)} <span>{_e(model.model)}</span></h2>"]
    facts = [("Verdict", f"<b>{_e(mv.verdict.value.upper())}</b>: {_e(mv.meaning)}"),
             ("Decided by", _e(mv.reasons_text)), ("Counts", _e(mv.counts.summary())),
             ("Requested as", _code(model.reference)), ("Revision", _code(model.revision or "unknown")),
             ("Declared licence", _e(", ".join(model.declared) or "none"))]
    facts += [("Named at", _code(loc.shown)) for loc in model.locations]
    if model.note:
        facts.append(("Note", _e(model.note)))
    out.append(_kv(facts))

    out.append("<h3>Lineage</h3>")
    analysis = mv.analysis
    out.append(_lineage(mv, analysis) if analysis is not None
               else "<p>The model could not be analysed; see the findings.</p>")

    out.append("<h3>Effective licences</h3>")
    if mv.effective:
        out.append(_table(
            ["Licence", "Name", "Basis", "Inheritance path", "Canonical text"],
            [[f'<code class="nw">{_e(b.id)}</code>' + (" " + _badge("inferred", "inferred") if b.inferred else ""),
              _e(b.name), _e(b.basis), _e(b.path), _link(b.url, b.url) if b.url else "—"] for b in mv.effective]))
    else:
        out.append("<p><b>None established</b>: the verdict fails closed.</p>")

    out.append(f"<h3>Findings ({mv.counts.findings})</h3>")
    seen: dict[tuple[str, ...], int] = {}
    none = "<p>No finding beyond the obligations below.</p>" if mv.obligations else "<p>No finding.</p>"
    out += [_finding(k, f, seen) for k, f in enumerate(mv.findings, 1)] or [none]

    out.append(f"<h3>Obligations checklist ({mv.counts.obligations})</h3>")
    if mv.obligations:
        seen_duty: dict[tuple[str, ...], str] = {}
        items = "".join(_obligation(mv, item, seen_duty) for item in mv.obligations)
        out.append(f'<ul class="checklist">{items}</ul>')
    else:
        out.append("<p>No obligation recorded.</p>")

    out.append(f"<h3>Facts to know ({mv.counts.facts})</h3>")
    if mv.facts:
        seen_fact: dict[tuple[str, ...], str] = {}
        items = "".join(_obligation(mv, item, seen_fact) for item in mv.facts)
        out.append('<p class="muted">Nothing to do, but legal must know them: which law governs, whether the '
                   f'licensor may change the terms.</p><ul class="facts">{items}</ul>')
    else:
        out.append("<p>None recorded.</p>")

    out.append(f"<h3>Waivers applied ({mv.counts.waived})</h3>")
    out += [_finding(k, f, {}) for k, f in enumerate(mv.waived, 1)] or ["<p>None.</p>"]

    out.append("<h3>Openness</h3>")
    out.append(_openness(mv.openness) if mv.openness is not None else "<p>Not assessed.</p>")

    out.append("<h3>Reproducibility: every lineage node</h3>")
    if analysis is None:
        out.append("<p>No lineage was built.</p>")
    else:
        rows = []
        for n in mv.nodes:
            status = ", ".join([n.status.value, *(f for f in node_flags(n) if f != n.status.value)])
            notes = "".join(f'<div class="muted">{_e(note)}</div>' for note in n.notes)
            origin = f'{_e(n.source.value if n.source else "no source")}<div class="muted">{_e(n.fetched_at or "")}</div>'
            licences = (f"declares {_e(declared_long(analysis, n))}<div class=\"muted\">effective: "
                        f"{_e(', '.join(analysis.propagation.effective_ids(n.id)) or 'none')}</div>")
            rows.append([_code(n.id) + notes, f'<code class="nw">{_e(n.revision or "unknown")}</code>', _e(status),
                         origin, licences])
        out.append(_table(["Node", "Revision", "Status", "Record from", "Licences"], rows))
    out.append("</section>")
    return "".join(out)


def _reason(reason: Reason) -> str:
    sev = reason.severity.value
    about = f' <span class="clause">{_e(reason.about)}</span>' if reason.about else ""
    extra = ""
    if reason.path:
        extra += f'<div class="muted">path: {_e(reason.path)}</div>'
    if reason.basis:
        badge = _badge("inferred lineage", "inferred") + " " if reason.inferred else ""
        extra += f'<div class="muted">lineage: {badge}{_e(reason.basis)}</div>'
    return f"<li>{_badge(sev, sev)} {_code(reason.rule)}{about}: {_e(reason.message)}{extra}</li>"


def _verdict(view: ReportView) -> str:
    """Page one: the verdict and, per model, the findings that decide it, before any table."""
    out = ['<section class="card verdict" id="verdict"><h2>Verdict</h2>',
           f"<p>{_verdict_badge(view.verdict)} {_e(view.meaning)} ({_e(view.verdict_counts)}; "
           f"{_e(view.counts.summary())}).</p>"]
    for mv in view.models:
        out.append(f'<h3 class="reason-head">{mv.index}. {_e(mv.model.model)}: {_e(mv.verdict.value.upper())} '
                   f'<span class="muted">({_e(mv.counts.summary())})</span></h3>')
        if not mv.reasons:
            out.append("<p>No finding of warn severity or worse.</p>")
            continue
        noun = "finding decides" if len(mv.reasons) == 1 else "findings decide"
        out.append(f"<p>{len(mv.reasons)} {noun} it:</p>")
        out.append('<ol class="reasons">' + "".join(_reason(r) for r in mv.reasons_detail) + "</ol>")
    out.append("</section>")
    return "".join(out)


def _reproducibility(view: ReportView) -> str:
    rows = [(k, _code(v) if k in ("Report id", "Command") else _e(v)) for k, v in view.reproducibility("html")]
    return ('<section class="card" id="reproducibility"><h2>Reproducibility</h2><p class="muted">What this audit was '
            "made from. The report id is a hash of the tool version, these inputs and every result (not of the time): "
            "a re-run on the same data gives the same id. Ancestors are fetched at their current revision: compare "
            "them with the per-model tables above.</p>" + _kv(rows) + "</section>")


def _sign_off() -> str:
    rows = [[f"<b>{_e(who)}</b>", *('<div class="sign"></div>' for _ in SIGN_OFF_FIELDS)] for who in SIGN_OFF]
    return ('<section class="card" id="sign-off"><h2>Review and approval</h2>'
            + _table(["", *(_e(f) for f in SIGN_OFF_FIELDS)], rows, "sign-off") + "</section>")


def _page(view: ReportView) -> list[str]:
    report = view.report
    verdict = view.verdict
    meta = [("Report id", _e(report.report_id)), ("Generated", _e(report.generated_at)),
            ("Tool", f"modelaudit {_e(report.tool_version)}"),
            ("Policy", f"{_e(report.policy.name)} ({_e(report.policy.source)}), {len(report.policy.rules)} rules"),
            ("Profile", _e(report.profile.source or "none")), ("Waivers", _e(report.waivers_source or "none")),
            ("Data sources", _e(view.data_sources))]
    summary_rows = [[str(m.index), f'<a href="#model-{m.index}">{_e(m.model.model)}</a>',
                     _code(m.model.revision or "unknown"), _verdict_badge(m.verdict), _e(m.counts.summary()),
                     _e(m.effective_ids)] for m in view.models]
    rules = [[_code(r.id) + (' <span class="muted">built-in</span>' if r.builtin else ""),
              _badge(r.severity.value, r.severity.value), _e(r.description)] for r in report.policy.rules]
    title = f"Model licence audit: {verdict.value.upper()} · " + ", ".join(m.model.model for m in view.models)
    page = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="modelaudit {_e(report.tool_version)}">',
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>",
        '<header class="top"><div class="inner"><h1>Model licence audit</h1>',
        f'<p class="sub">{_e(view.verdict_counts)} · generated {_e(report.generated_at)}</p>',
        f'<div class="verdict-line">{_verdict_badge(verdict, big=True)}<span>{_e(view.meaning)}</span></div>',
        '<div class="meta">' + "".join(f"<div><b>{_e(k)}</b>{v}</div>" for k, v in meta) + "</div></div></header>",
        "<main>",
        f'<p class="disclaimer">{_e(DISCLAIMER)}</p>',
        _verdict(view),
        '<section class="card"><h2>Models audited</h2>',
        _table(["#", "Model", "Revision", "Verdict", "Counts", "Effective licences"], summary_rows),
        "<h3>Organisation profile</h3>", _kv((k, _e(v)) for k, v in view.profile), "</section>",
    ]
    page += [_model(m) for m in view.models]
    page += [
        f'<section class="card"><h2>Policy rules in force</h2><p class="muted">Policy {_e(report.policy.name)} '
        f"({_e(report.policy.source)}). Built-in rules fail closed and cannot be disabled by an organisation's policy.</p>",
        _table(["Rule", "Severity", "Description"], rules), "</section>",
        _reproducibility(view),
        _sign_off(),
        f"<footer>Generated by modelaudit {_e(report.tool_version)} at {_e(report.generated_at)}.</footer>",
        "</main></body></html>",
    ]
    return page


def render(report: AuditReport, *, color: bool = False) -> str:
    return "\n".join(_page(report_view(report))) + "\n"
