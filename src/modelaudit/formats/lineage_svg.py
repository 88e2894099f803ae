"""The lineage diagram of the HTML report: a layered layout (subject on top, every parent below
its children) drawn as inline SVG, so the page needs no script, font or image to show it.

Node ids, licence values and edge details are card text: every one goes through :func:`esc`
(``html.escape`` with quotes, control characters replaced, bidi overrides shown) before it
reaches an element or attribute.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from modelaudit.formats.view import declared_short, inherited_short, lineage_edges, lineage_nodes, node_flags, short_rev
from modelaudit.lineage.graph import LineageNode, NodeStatus
from modelaudit.safetext import safe_text

if TYPE_CHECKING:
    from modelaudit.analysis import ModelAnalysis

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def esc(value: object) -> str:
    """Escaped text; C0/C1 control characters (parse errors in HTML) become U+FFFD, bidi overrides
    and isolates are shown as \u202e etc. (they would reorder what the reader sees)."""
    return html.escape(safe_text(_CONTROL.sub("\ufffd", str(value)), keep="\n\t\r"), quote=True)


CHAR_W = 7.0  # estimated advance of one character at the diagram's 12px font (wide fonts included)
LINE_H = 16
BOX_PAD = 10
GAP_X = 36
GAP_Y = 64
MARGIN = 16
MIN_BOX_W = 200
MAX_BOX_W = 330


@dataclass(frozen=True)
class Box:
    node: LineageNode
    x: float
    y: float
    w: float
    h: float
    lines: tuple[tuple[str, str], ...]  # (css class, text)


@dataclass(frozen=True)
class Layout:
    boxes: dict[str, Box]
    width: float
    height: float


def layers(analysis: ModelAnalysis) -> dict[str, int]:
    """Depth of every node: the subject is 0 and a parent sits below all of its children, so
    every arrow points up (see ``LineageGraph.display_layers``)."""
    return analysis.graph.display_layers()


def _fit(text: str, width: float) -> str:
    limit = max(8, int((width - 2 * BOX_PAD) / CHAR_W))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _box_lines(analysis: ModelAnalysis, node: LineageNode) -> list[tuple[str, str]]:
    if "/" in node.id and node.status is not NodeStatus.FAMILY and not node.id.startswith(("/", ".", "~")):
        org, name = node.id.split("/", 1)
    elif node.status is NodeStatus.FAMILY:
        org, name = "model family", node.id
    else:
        org, name = "local directory", node.id.rstrip("/").rsplit("/", 1)[-1]
    lines = [("org", org), ("name", name), ("meta", f"@{short_rev(node.revision)} · {declared_short(analysis, node)}")]
    inherited = inherited_short(analysis, node)
    flags = node_flags(node)
    extra = "; ".join(p for p in (f"inherits {inherited}" if inherited else "", ", ".join(flags)) if p)
    if extra:
        lines.append(("extra", extra))
    return lines


def layout_lineage(analysis: ModelAnalysis) -> Layout:
    graph = analysis.graph
    depth = layers(analysis)
    content = {n.id: _box_lines(analysis, n) for n in lineage_nodes(analysis)}
    longest = max((len(t) for lines in content.values() for _, t in lines), default=10)
    box_w = min(MAX_BOX_W, max(MIN_BOX_W, longest * CHAR_W + 2 * BOX_PAD))
    box_h = 2 * BOX_PAD + LINE_H * max(len(lines) for lines in content.values()) if content else 60

    rows: dict[int, list[str]] = {}
    for node in lineage_nodes(analysis):
        rows.setdefault(depth[node.id], []).append(node.id)
    # Barycentre placement, top row first: each parent wants to sit centred under the children it
    # feeds, which keeps edges short and rarely crossing for the shallow graphs lineage produces;
    # a sweep then pushes boxes apart, and the row shifts back so it stays centred on its children.
    step = box_w + GAP_X
    centre: dict[str, float] = {}
    for level in sorted(rows):
        wanted: dict[str, float] = {}
        for node_id in rows[level]:
            kids = [centre[e.child] for e in graph.children(node_id) if e.child in centre]
            wanted[node_id] = sum(kids) / len(kids) if kids else math.inf
        ids = sorted(rows[level], key=lambda n: (wanted[n], n))
        placed: list[float] = []
        for node_id in ids:
            target = wanted[node_id] if math.isfinite(wanted[node_id]) else (placed[-1] + step if placed else 0.0)
            placed.append(max(target, placed[-1] + step) if placed else target)
        finite = [p - wanted[n] for n, p in zip(ids, placed, strict=True) if math.isfinite(wanted[n])]
        shift = sum(finite) / len(finite) if finite else (placed[-1] + placed[0]) / 2
        for node_id, x in zip(ids, placed, strict=True):
            centre[node_id] = x - shift
        rows[level] = ids

    left_edge = min(centre.values(), default=0.0) - box_w / 2
    right_edge = max(centre.values(), default=0.0) + box_w / 2
    width = 2 * MARGIN + (right_edge - left_edge)
    boxes: dict[str, Box] = {}
    for level, ids in rows.items():
        for node_id in ids:
            node = analysis.graph.node(node_id)
            lines = tuple((cls, _fit(text, box_w)) for cls, text in content[node_id])
            x = MARGIN + centre[node_id] - box_w / 2 - left_edge
            boxes[node_id] = Box(node, x, MARGIN + level * (box_h + GAP_Y), box_w, box_h, lines)
    levels = max(rows, default=0) + 1
    height = 2 * MARGIN + levels * box_h + (levels - 1) * GAP_Y
    return Layout(boxes, width, height)


def _node_class(analysis: ModelAnalysis, node: LineageNode) -> str:
    if node.id == analysis.graph.subject:
        return "n-subject" if node.status is NodeStatus.RESOLVED else "n-subject dashed"
    if node.status is not NodeStatus.RESOLVED:
        return "n-problem"
    if "unknown" in analysis.propagation.effective_ids(node.id):
        return "n-unknown"
    return "n-ok"


def lineage_svg(analysis: ModelAnalysis) -> str:
    layout = layout_lineage(analysis)
    boxes = layout.boxes
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lineage" role="img" width="{layout.width:.0f}" '
        f'height="{layout.height:.0f}" viewBox="0 0 {layout.width:.0f} {layout.height:.0f}">',
        f"<title>Lineage of {esc(analysis.graph.subject)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>',
    ]
    edges = [e for e in lineage_edges(analysis) if e.parent in boxes and e.child in boxes]
    # Spread the ends of several edges meeting one box so arrows and labels do not sit on each other.
    into: dict[str, list[str]] = {}
    out_of: dict[str, list[str]] = {}
    for e in edges:
        into.setdefault(e.child, []).append(e.parent)
        out_of.setdefault(e.parent, []).append(e.child)

    def slot(box: Box, others: list[str], other: str) -> float:
        ordered = sorted(others, key=lambda o: boxes[o].x)
        k, n = ordered.index(other), len(ordered)
        return box.x + box.w * (k + 1) / (n + 1)

    labels: list[str] = []
    for e in edges:
        child, parent = boxes[e.child], boxes[e.parent]
        x1, y1 = slot(parent, out_of[e.parent], e.child), parent.y
        x2, y2 = slot(child, into[e.child], e.parent), child.y + child.h
        mid = (y1 + y2) / 2
        cls = "edge inferred" if e.inferred else "edge"
        tip = esc(f"{e.parent} → {e.child}: {e.relation.value}, {e.confidence.value}")
        curve = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{mid:.1f} {x2:.1f},{mid:.1f} {x2:.1f},{y2 + 2:.1f}"
        parts.append(f'<path class="{cls}" d="{curve}" marker-end="url(#arrow)"><title>{tip}</title></path>')
        text = f"{e.relation.value} (inferred)" if e.inferred else e.relation.value
        lx, ly = (x1 + x2) / 2, mid
        tw = len(text) * 6.2 + 10
        labels.append(f'<g class="elabel"><rect x="{lx - tw / 2:.1f}" y="{ly - 9:.1f}" width="{tw:.1f}" height="17" rx="8"/>'
                      f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="middle">{esc(text)}</text></g>')
    for node_id, box in boxes.items():
        cls = _node_class(analysis, box.node)
        parts.append(f'<g class="node {cls}"><title>{esc(node_id)} @ {esc(box.node.revision or "unknown revision")}</title>'
                     f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" rx="8"/>')
        for k, (line_cls, text) in enumerate(box.lines):
            y = box.y + BOX_PAD + LINE_H * (k + 1) - 4
            parts.append(f'<text class="t-{line_cls}" x="{box.x + BOX_PAD:.1f}" y="{y:.1f}">{esc(text)}</text>')
        parts.append("</g>")
    parts += labels
    parts.append("</svg>")
    return "".join(parts)
