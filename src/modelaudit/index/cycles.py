"""Strongly connected components of the (small) part of the graph the level walk could not place.

What the SQL level walk leaves unplaced sits on a declared cycle or below one; only that remainder comes to
Python. Iterative (no recursion limit), linear in its edges.
"""

from __future__ import annotations

from collections.abc import Iterable


def cycle_members(edges: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Nodes on a cycle (a component of two or more nodes), each with its component's number."""
    graph: dict[str, list[str]] = {}
    for parent, child in edges:
        if parent == child:
            continue
        graph.setdefault(parent, []).append(child)
        graph.setdefault(child, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    members: dict[str, int] = {}
    counter = 0
    component = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, int]] = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = graph[node]
            if i < len(children):
                work.append((node, i + 1))
                child = children[i]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                scc: list[str] = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    scc.append(top)
                    if top == node:
                        break
                if len(scc) > 1:
                    component += 1
                    for member in scc:
                        members[member] = component
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return members
