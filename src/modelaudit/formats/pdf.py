"""``check --format pdf``: the legal report as a paginated PDF to file, print and sign.

Drawn with ReportLab's page-layout engine (platypus), a pure-Python dependency imported only here,
so ``--help`` and every other format never load it. Page one states the verdict and the findings
that decide it before any table; every page carries the report id and "Page N of M"; headings are
kept with the content that follows them (``keepWithNext``) and tables repeat their header row
when they break across pages. It ends with the reproducibility block and the review-and-approval
block to sign.

Card text is untrusted. Every string goes through :func:`_t`: control and bidi characters are made
visible (``safe_text``), ReportLab's paragraph mark-up characters are escaped, and characters the
standard PDF fonts cannot show are spelt out (``→`` as ``->``), so nothing a card says can change
the layout or vanish silently. *What* the report says comes from :mod:`modelaudit.formats.view`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from modelaudit.formats.view import (
    DISCLAIMER,
    SIGN_OFF,
    SIGN_OFF_FIELDS,
    ModelView,
    ObligationItem,
    ReportView,
    declared_long,
    node_flags,
    report_view,
    waiver_text,
)
from modelaudit.results import AuditReport, Finding
from modelaudit.safetext import safe_text

# Characters outside the standard fonts' encoding (WinAnsi) that reports use, spelt out.
_SPELT = {"→": "->", "←": "<-", "≈": "~", "✂": "cut:", "⚠": "!", "≤": "<=", "≥": ">=", "≠": "!=", "−": "-",
          "✓": "yes", "✗": "no", "…": "...", "‑": "-", "\u00a0": " "}


def _plain(value: object) -> str:
    """Text the standard PDF fonts can show: visible escapes for control and bidi characters, the
    characters above spelt out, anything else outside WinAnsi as ``\\uXXXX``."""
    out: list[str] = []
    for char in safe_text(" ".join(str(value).split())):
        if char in _SPELT:
            out.append(_SPELT[char])
            continue
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
    return "".join(out)


def _t(value: object) -> str:
    """Untrusted text as inert paragraph mark-up."""
    return escape(_plain(value))


class _Doc:
    """The styles and flowables of one document, so the section writers stay short."""

    def __init__(self) -> None:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

        base = getSampleStyleSheet()
        self.colors = colors
        body = ParagraphStyle("body", parent=base["BodyText"], fontName="Helvetica", fontSize=9, leading=11.5,
                              spaceAfter=3)
        self.styles: dict[str, Any] = {
            "title": ParagraphStyle("title", parent=base["Title"], fontSize=17, leading=21, alignment=0, spaceAfter=6,
                                    keepWithNext=1),
            "h1": ParagraphStyle("h1", parent=base["Heading1"], fontSize=13.5, leading=17, spaceBefore=10, spaceAfter=5,
                                 keepWithNext=1),
            "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=11, leading=14, spaceBefore=8, spaceAfter=3,
                                 keepWithNext=1, textColor=colors.HexColor("#1d4e89")),
            "body": body,
            "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#5f6b7a")),
            "cell": ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9, spaceAfter=0),
            "item": ParagraphStyle("item", parent=body, leftIndent=12, bulletIndent=2),
            "detail": ParagraphStyle("detail", parent=body, fontSize=8, leading=10, leftIndent=24, spaceAfter=1,
                                     textColor=colors.HexColor("#33414f")),
            "code": ParagraphStyle("code", parent=body, fontName="Courier", fontSize=7.5, leading=9.5, leftIndent=6),
        }
        self.story: list[Any] = []

    def p(self, markup: str, style: str = "body", bullet: str | None = None) -> None:
        from reportlab.platypus import Paragraph

        self.story.append(Paragraph(markup, self.styles[style], bulletText=bullet))

    def heading(self, text: str, level: str = "h1") -> None:
        self.p(_t(text), level)

    def table(self, header: Sequence[str], rows: Iterable[Sequence[str]], widths: Sequence[float]) -> None:
        """A table of paragraph cells (mark-up already escaped) that breaks across pages, header repeated."""
        from reportlab.platypus import Paragraph, Table, TableStyle

        cell = self.styles["cell"]
        data = [[Paragraph(f"<b>{h}</b>", cell) for h in header]]
        data += [[Paragraph(c or " ", cell) for c in row] for row in rows]
        total = sum(widths)
        table = Table(data, colWidths=[self.width * w / total for w in widths], repeatRows=1, hAlign="LEFT")
        grey = self.colors.HexColor("#d9dee5")
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, grey), ("BACKGROUND", (0, 0), (-1, 0), self.colors.HexColor("#eef1f5")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]))
        self.story.append(table)

    def space(self, height: float = 4) -> None:
        from reportlab.platypus import Spacer

        self.story.append(Spacer(1, height))

    width: float = 0.0


# ---------------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------------


def _verdict(doc: _Doc, view: ReportView) -> None:
    """Page one: the verdict and, per model, the findings that decide it, before any table."""
    doc.heading("Verdict")
    doc.p(f"<b>{_t(view.verdict.value.upper())}</b>: {_t(view.meaning)} ({_t(view.verdict_counts)}; "
          f"{_t(view.counts.summary())}).")
    for mv in view.models:
        doc.heading(f"{mv.index}. {mv.model.model}: {mv.verdict.value.upper()} ({mv.counts.summary()})", "h2")
        if not mv.reasons:
            doc.p("No finding of warn severity or worse.")
            continue
        noun = "finding decides" if len(mv.reasons) == 1 else "findings decide"
        doc.p(f"{len(mv.reasons)} {noun} it:")
        for k, reason in enumerate(mv.reasons_detail, 1):
            about = f" · {_t(reason.about)}" if reason.about else ""
            doc.p(f"<b>{_t(reason.severity.value.upper())}</b> · <font name='Courier'>{_t(reason.rule)}</font>{about}: "
                  f"{_t(reason.message)}", "item", bullet=f"{k}.")
            if reason.path:
                doc.p(f"Path: {_t(reason.path)}", "detail")
            if reason.basis:
                doc.p(f"Lineage: {'<b>inferred</b>: ' if reason.inferred else ''}{_t(reason.basis)}", "detail")


def _summary(doc: _Doc, view: ReportView) -> None:
    report = view.report
    doc.heading("Summary")
    rows = [("Report id", report.report_id), ("Generated", report.generated_at),
            ("Tool", f"modelaudit {report.tool_version}"),
            ("Policy", f"{report.policy.name} ({report.policy.source}), {len(report.policy.rules)} rules"),
            ("Waivers", report.waivers_source or "none"), ("Data sources", view.data_sources)]
    doc.table(["Item", "Value"], [[_t(k), _t(v)] for k, v in rows], [1, 3])
    doc.heading("Organisation profile", "h2")
    doc.table(["Field", "Value"], [[_t(k), _t(v)] for k, v in view.profile], [1, 3])
    doc.heading("Models audited", "h2")
    doc.table(["#", "Model", "Revision", "Verdict", "Counts", "Effective licences"],
              [[str(m.index), _t(m.model.model), _t((m.model.revision or "unknown")[:12]), _t(m.verdict.value.upper()),
                _t(m.counts.summary()), _t(m.effective_ids)] for m in view.models], [0.3, 2.2, 1, 0.8, 1.6, 1.2])


def _finding(doc: _Doc, number: int, finding: Finding, seen: dict[tuple[str, ...], int]) -> None:
    label = "WAIVED" if finding.waived else finding.severity.value.upper()
    about = " · ".join(_t(p) for p in (finding.license, finding.clause and f"clause {finding.clause}") if p)
    doc.p(f"<b>{label}</b> · <font name='Courier'>{_t(finding.rule)}</font>{' · ' + about if about else ''}: "
          f"{_t(finding.message)}", "item", bullet=f"{number}.")
    details: list[str] = []
    if finding.origin:
        details.append(f"From: {_t(finding.origin)}")
    if len(finding.path) > 1:
        details.append(f"Path: {_t(' → '.join(finding.path))}")
    if finding.inferred:
        details.append("Rests on <b>inferred</b> lineage (see the lineage evidence)")
    if finding.url:
        details.append(f"Licence text: {_t(finding.url)}")
    if finding.undecided and finding.missing:
        details.append(f"Undecided: the profile does not state {_t(', '.join(finding.missing))}")
    if finding.remediation:
        details.append(f"Remediation: {_t(finding.remediation)}")
    if finding.waiver is not None:
        details.append(f"Waiver: {_t(waiver_text(finding.waiver))}")
    if finding.evidence and finding.evidence in seen:
        details.append(f"Evidence: as for finding {seen[finding.evidence]}")
    elif finding.evidence:
        seen[finding.evidence] = number
        details += [f"Evidence: {_t(e)}" for e in finding.evidence]
    for line in details:
        doc.p(line, "detail")


def _items(doc: _Doc, mv: ModelView, items: Sequence[ObligationItem], box: str) -> None:
    for item in items:
        o = item.obligation
        source = f" (from {_t(o.origin)})" if o.origin and o.origin != mv.model.model else ""
        doc.p(f"<b>{_t(o.license)} {_t(o.clause)}</b>: {_t(o.summary or o.value)}{source}", "item", bullet=box)
        rules = ", ".join(dict.fromkeys(f.rule for f in item.findings))
        if rules:
            inferred = "; rests on <b>inferred</b> lineage" if item.inferred else ""
            doc.p(f"Recorded by {_t(rules)}{inferred}", "detail")
        if o.url:
            doc.p(f"Licence text: {_t(o.url)}", "detail")


def _model(doc: _Doc, mv: ModelView) -> None:
    model = mv.model
    doc.heading(f"{mv.index}. {model.model}: {mv.verdict.value.upper()}")
    rows = [("Verdict", f"{mv.verdict.value.upper()}: {mv.meaning}"), ("Decided by", mv.reasons_text),
            ("Counts", mv.counts.summary()), ("Requested as", model.reference), ("Revision", model.revision or "unknown"),
            ("Declared licence", ", ".join(model.declared) or "none")]
    rows += [("Named at", loc.shown) for loc in model.locations]
    if model.note:
        rows.append(("Note", model.note))
    doc.table(["Item", "Value"], [[_t(k), _t(v)] for k, v in rows], [1, 3])

    doc.heading("Lineage", "h2")
    analysis = mv.analysis
    if analysis is None:
        doc.p("The model could not be analysed; see the findings.")
    elif not mv.edges:
        doc.p("No parent: the model is a root of its lineage.")
    else:
        doc.table(["Parent", "Child", "Relation", "Confidence", "What it rests on"],
                  [[_t(e.parent), _t(e.child), _t(e.relation.value), "inferred" if e.inferred else "declared",
                    _t(f"{e.evidence.value}: {'; '.join(e.details)}" if e.details else e.evidence.value)]
                   for e in mv.edges], [1.6, 1.6, 0.8, 0.7, 2.6])

    doc.heading("Effective licences", "h2")
    if not mv.effective:
        doc.p("<b>None established</b>: the verdict fails closed.")
    else:
        doc.table(["Licence", "Name", "Basis", "Inheritance path"],
                  [[_t(b.id + (" (inferred)" if b.inferred else "")), _t(b.name), _t(b.basis), _t(b.path)]
                   for b in mv.effective], [0.8, 1.5, 1.4, 2.6])

    doc.heading(f"Findings ({mv.counts.findings})", "h2")
    if not mv.findings:
        doc.p("No finding beyond the obligations and facts below." if mv.obligations or mv.facts else "No finding.")
    seen: dict[tuple[str, ...], int] = {}
    for k, finding in enumerate(mv.findings, 1):
        _finding(doc, k, finding, seen)

    doc.heading(f"Obligations checklist ({mv.counts.obligations})", "h2")
    if not mv.obligations:
        doc.p("No obligation recorded.")
    _items(doc, mv, mv.obligations, "[  ]")

    doc.heading(f"Facts to know ({mv.counts.facts})", "h2")
    if mv.facts:
        doc.p("Nothing to do, but legal must know them: which law governs, whether the licensor may change the terms.")
    else:
        doc.p("None recorded.")
    _items(doc, mv, mv.facts, "\u2022")

    doc.heading(f"Waivers applied ({mv.counts.waived})", "h2")
    if not mv.waived:
        doc.p("None.")
    for k, finding in enumerate(mv.waived, 1):
        _finding(doc, k, finding, {})

    if mv.openness is not None:
        doc.heading("Openness", "h2")
        doc.p(f"OSI Open Source AI Definition 1.0: <b>{_t(mv.openness.get('osaid') or 'not assessed')}</b>; "
              f"Model Openness Framework class: <b>{_t(mv.openness.get('mof_class') or 'none established')}</b>")

    if analysis is not None:
        doc.heading("Every lineage node at its revision", "h2")
        doc.table(["Node", "Revision", "Status", "Source", "Fetched", "Declares"],
                  [[_t(n.id), _t(n.revision or "unknown"),
                    _t(", ".join([n.status.value, *(f for f in node_flags(n) if f != n.status.value)])),
                    _t(n.source.value if n.source else "—"), _t(n.fetched_at or "—"), _t(declared_long(analysis, n))]
                   for n in mv.nodes], [1.8, 1.7, 0.9, 0.7, 1.1, 0.9])


def _reproducibility(doc: _Doc, view: ReportView) -> None:
    doc.heading("Reproducibility")
    doc.p("What this audit was made from. The report id is a hash of the tool version, these inputs and every result "
          "(not of the time): a re-run on the same data gives the same id.", "small")
    doc.table(["Item", "Value"], [[_t(k), _t(v)] for k, v in view.reproducibility("pdf")], [1, 4])


def _sign_off(doc: _Doc) -> None:
    from reportlab.platypus import KeepTogether, Paragraph, Table, TableStyle

    cell = doc.styles["cell"]
    data: list[list[Any]] = [[Paragraph("", cell), *(Paragraph(f"<b>{_t(f)}</b>", cell) for f in SIGN_OFF_FIELDS)]]
    data += [[Paragraph(f"<b>{_t(who)}</b>", cell), *("" for _ in SIGN_OFF_FIELDS)] for who in SIGN_OFF]
    table = Table(data, colWidths=[doc.width * w for w in (0.16, 0.24, 0.2, 0.14, 0.26)],
                  rowHeights=[14] + [34] * len(SIGN_OFF), hAlign="LEFT")
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, doc.colors.HexColor("#7b8794")),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    heading = Paragraph("Review and approval", doc.styles["h1"])
    doc.story.append(KeepTogether([heading, table]))  # never a heading on one page and the lines on the next


def render(report: AuditReport, *, color: bool = False) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import SimpleDocTemplate

    view = report_view(report)
    doc = _Doc()
    margin = 16 * mm
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin + 4 * mm,
        title=_plain(f"Model licence audit: {view.verdict.value.upper()}"), author=f"modelaudit {report.tool_version}",
        subject=_plain(", ".join(m.model.model for m in view.models)), creator=f"modelaudit {report.tool_version}",
        invariant=1,  # the same report gives the same bytes (no creation time or random document id)
    )
    doc.width = template.width
    doc.p(_t(f"Model licence audit: {view.verdict.value.upper()}"), "title")
    doc.p(_t(DISCLAIMER), "small")
    doc.space()
    _verdict(doc, view)
    _summary(doc, view)
    for mv in view.models:
        _model(doc, mv)
    _reproducibility(doc, view)
    _sign_off(doc)

    footer = _plain(f"modelaudit report {report.report_id} · {view.verdict.value.upper()} · generated {report.generated_at}")

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Holds every page back until the last is laid out, so each can say "Page N of M"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self.setFont("Helvetica", 7.5)
                self.setFillColorRGB(0.37, 0.42, 0.48)
                self.drawString(margin, 9 * mm, footer)
                self.drawRightString(A4[0] - margin, 9 * mm, f"Page {number} of {total}")
                super().showPage()
            super().save()

    template.build(doc.story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
