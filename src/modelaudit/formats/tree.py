"""The lineage tree as terminal text (rich), shared by ``lineage`` and ``check`` reports."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from rich.tree import Tree

from modelaudit.lineage.graph import LineageEdge, LineageGraph, LineageNode, NodeStatus

NodeLabeller = Callable[[LineageNode], str]

_STATUS_STYLE = {
    NodeStatus.RESOLVED: "dim",
    NodeStatus.UNRESOLVED: "bold yellow",
    NodeStatus.MISSING: "bold red",
    NodeStatus.UNAVAILABLE: "bold red",
    NodeStatus.FAMILY: "yellow",
    NodeStatus.NOT_EXPLORED: "yellow",
    NodeStatus.CYCLE: "bold red",
    NodeStatus.INCOMPLETE: "bold yellow",
}


def _node_text(node: LineageNode, labeller: NodeLabeller, edge: LineageEdge | None) -> Text:
    text = Text()
    if edge is not None:
        marker = "≈ " if edge.inferred else ""
        text.append(f"{marker}{edge.relation.value} of ", style="yellow" if edge.inferred else "cyan")
    text.append(node.id, style="bold")
    if node.revision:
        text.append(f" @{node.revision[:10]}", style="dim")
    label = labeller(node)
    if label:
        text.append(f"  {label}", style="magenta")
    extras: list[str] = []
    if node.status is not NodeStatus.RESOLVED:
        extras.append(node.status.value.upper())
    if node.gated:
        extras.append("gated")
    if node.modality != "text":
        extras.append(node.modality)
    if node.source is not None:
        extras.append(node.source.value)
    if node.aliases:
        extras.append("also known as " + ", ".join(node.aliases))
    if extras:
        text.append("  [" + ", ".join(extras) + "]", style=_STATUS_STYLE[node.status])
    return text


def _annotate(branch: Tree, node: LineageNode, edge: LineageEdge | None) -> None:
    if edge is not None:
        how = "inferred" if edge.inferred else "declared"
        for detail in edge.details[:2]:
            branch.add(Text(f"{how} from {edge.evidence.value}: {detail}", style="dim italic"))
    for note in node.notes:
        branch.add(Text(f"note: {note}", style="dim"))


def lineage_tree(graph: LineageGraph, labeller: NodeLabeller) -> Tree:
    """The subject at the top, its parents below it, theirs below them; a node reached twice is
    expanded once."""
    root = graph.root
    tree = Tree(_node_text(root, labeller, None), guide_style="dim")
    _annotate(tree, root, None)
    expanded: set[str] = {root.id}

    def grow(branch: Tree, node_id: str, trail: frozenset[str]) -> None:
        for edge in graph.parents(node_id):
            parent = graph.node(edge.parent)
            sub = branch.add(_node_text(parent, labeller, edge))
            _annotate(sub, parent, edge)
            if edge.parent in trail:
                sub.add(Text("(cycle: already on this path)", style="red"))
            elif edge.parent in expanded and graph.parents(edge.parent):
                sub.add(Text("(its ancestors are shown above)", style="dim"))
            else:
                expanded.add(edge.parent)
                grow(sub, edge.parent, trail | {edge.parent})

    grow(tree, root.id, frozenset({root.id}))
    return tree
